#!/usr/bin/env bash
# Builds the VS Code extension from a clean tree: installs the locked
# dependencies, type-checks and runs the unit tests, bundles the extension
# into dist/extension.js, installs the featuredoc server of this repository
# (pure Python, for Python 3.10 and newer) into bundled/libs, checks that it
# starts, and packages the .vsix (editors/vscode/featuredoc-<version>.vsix).
# Exits non-zero on any failure.
#
#   PYTHON   the Python that installs the bundled server (default: python3)
set -euo pipefail
cd "$(dirname "$0")"

command -v npm >/dev/null || { echo "build.sh: npm is not installed" >&2; exit 1; }
python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "build.sh: $python is not installed" >&2; exit 1; }

version="$(node -p 'require("./package.json").version')"
vsix="featuredoc-$version.vsix"

# One build at a time in this tree (npm ci empties node_modules); the .vsix
# is replaced only once the new one is complete.
if command -v flock >/dev/null; then
    exec 9>"${TMPDIR:-/tmp}/featuredoc-vscode-build.$(id -u).lock"
    flock 9
fi
partial="featuredoc-$version.partial-$$.vsix"
trap 'rm -f "$partial"' EXIT

rm -rf out dist
npm ci --no-audit --no-fund
# Type-check and compile for the unit tests (out/), then bundle (dist/).
npm run compile
node --test out/test/unit/
npm run bundle

# The server, from this repository, with its dependencies.
"$python" scripts/bundle_server.py ../.. bundled/libs
# It must start from the bundle alone: no site-packages, no PYTHONPATH.
server_version="$(cd bundled/libs && ls -d featuredoc-*.dist-info | sed 's/^featuredoc-\(.*\)\.dist-info$/\1/')"
bundled_version="$("$python" -B -I -S bundled/tool/server.py --version)"
[ "$bundled_version" = "featuredoc $server_version" ] \
    || { echo "build.sh: the bundled server says '$bundled_version', not 'featuredoc $server_version'" >&2; exit 1; }

# The extension is one bundled file: vsce needs no node_modules from it.
npx --no-install vsce package --allow-missing-repository --no-rewrite-relative-links --out "$partial"
test -s "$partial"
mv -f "$partial" "$vsix"
echo "build.sh: built editors/vscode/$vsix"
