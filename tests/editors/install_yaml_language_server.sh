#!/usr/bin/env bash
# Installs yaml-language-server (from the npm registry) into a cache folder
# for the test of the configuration file's JSON Schema. A finished install is
# reused.
#
#   FEATUREDOC_E2E_CACHE   cache folder (default: ~/.cache/featuredoc-e2e)
#
# Prints the path of the server's entry point (the last line of stdout).
# Exit status: 0 installed (or already there), 3 a prerequisite is missing
# (the caller may skip), anything else: the install failed.
set -euo pipefail

YLS_VERSION=1.19.2   # runs on Node.js 20 (2.x needs Node.js 22)

CACHE="${FEATUREDOC_E2E_CACHE:-$HOME/.cache/featuredoc-e2e}"
DIR="$CACHE/yaml-language-server-$YLS_VERSION"
ENTRY="$DIR/node_modules/yaml-language-server/bin/yaml-language-server"

missing() {
    echo "install_yaml_language_server.sh: $*" >&2
    exit 3
}

command -v node >/dev/null || missing "node is not installed"
command -v npm >/dev/null || missing "npm is not installed"
command -v flock >/dev/null || missing "no flock (apt-get install util-linux)"

mkdir -p "$CACHE"
# One install at a time per cache (test runs may start together).
exec 9>"$CACHE/.lock"
flock 9

if [ -f "$DIR/.complete" ] && [ -f "$ENTRY" ]; then
    echo "$ENTRY"
    exit 0
fi
stage="$CACHE/.yaml-language-server-stage.$$"
rm -rf "$stage"
mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
(
    cd "$stage"
    echo '{"name": "featuredoc-yaml-language-server", "private": true}' > package.json
    npm install --no-audit --no-fund "yaml-language-server@$YLS_VERSION" >&2
)
[ -f "$stage/node_modules/yaml-language-server/bin/yaml-language-server" ] \
    || { echo "install_yaml_language_server.sh: no entry point after install" >&2; exit 1; }
rm -rf "$DIR"
mv "$stage" "$DIR"
touch "$DIR/.complete"
trap - EXIT
echo "$ENTRY"
