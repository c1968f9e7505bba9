#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs into a cache folder:
# code-server (VS Code in a browser, from the npm registry) and playwright-core
# (drives Debian's Chromium). A finished install is reused.
#
#   FEATUREDOC_E2E_CACHE   cache folder (default: ~/.cache/featuredoc-e2e)
#
# Exit status: 0 installed (or already there), 3 a prerequisite is missing
# (the caller may skip), anything else: the install failed.
set -euo pipefail

CS_VERSION=4.100.3          # the newest code-server that runs on Node.js 20
PW_VERSION=1.65.1
RG_PACKAGE_VERSION=1.15.11  # @vscode/ripgrep version pulled in by CS_VERSION
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

CACHE="${FEATUREDOC_E2E_CACHE:-$HOME/.cache/featuredoc-e2e}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
PW_DIR="$CACHE/playwright-core-$PW_VERSION"

missing() {
    echo "install.sh: $*" >&2
    exit 3
}

command -v node >/dev/null || missing "node is not installed"
command -v npm >/dev/null || missing "npm is not installed"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || missing "code-server $CS_VERSION needs Node.js 20 (found $(node --version))"
[ "$(uname -m)" = x86_64 ] || missing "only x86_64 is supported (found $(uname -m))"
[ -x /usr/bin/chromium ] || missing "no /usr/bin/chromium (apt-get install chromium)"
command -v rg >/dev/null || missing "no rg (apt-get install ripgrep)"
command -v flock >/dev/null || missing "no flock (apt-get install util-linux)"
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] \
    || missing "no Kerberos headers for code-server's native modules (apt-get install libkrb5-dev)"

mkdir -p "$CACHE"
# One install at a time per cache (test runs may start together).
exec 9>"$CACHE/.lock"
flock 9

if [ -f "$CS_DIR/.complete" ] && [ -x "$CS_DIR/node_modules/.bin/code-server" ]; then
    echo "install.sh: code-server $CS_VERSION already in $CS_DIR"
else
    stage="$CACHE/.code-server-stage.$$"
    rm -rf "$stage"
    mkdir -p "$stage/tmp" "$stage/rg"
    trap 'rm -rf "$stage"' EXIT
    # @vscode/ripgrep's postinstall downloads rg from outside the registry;
    # give it Debian's rg through the download cache it looks in first.
    mkdir -p "$stage/tmp/vscode-ripgrep-cache-$RG_PACKAGE_VERSION"
    cp "$(command -v rg)" "$stage/rg/rg"
    tar czf "$stage/tmp/vscode-ripgrep-cache-$RG_PACKAGE_VERSION/$RG_ASSET" -C "$stage/rg" rg
    mkdir -p "$stage/pkg"
    (
        cd "$stage/pkg"
        echo '{"name": "featuredoc-e2e-code-server", "private": true}' > package.json
        # unsafe_perm: code-server's postinstall refuses to run as root without it;
        # yes: its postinstall runs `npx node-gyp`, which a global yes=false blocks.
        TMPDIR="$stage/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
            npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION"
    )
    [ -x "$stage/pkg/node_modules/.bin/code-server" ] || { echo "install.sh: code-server binary missing after install" >&2; exit 1; }
    rm -rf "$CS_DIR"
    mv "$stage/pkg" "$CS_DIR"
    touch "$CS_DIR/.complete"
    rm -rf "$stage"
    trap - EXIT
    echo "install.sh: installed code-server $CS_VERSION in $CS_DIR"
fi

if [ -f "$PW_DIR/.complete" ] && [ -d "$PW_DIR/node_modules/playwright-core" ]; then
    echo "install.sh: playwright-core $PW_VERSION already in $PW_DIR"
else
    rm -rf "$PW_DIR"
    mkdir -p "$PW_DIR"
    (
        cd "$PW_DIR"
        echo '{"name": "featuredoc-e2e-playwright", "private": true}' > package.json
        # playwright-core never downloads a browser; Debian's Chromium is used.
        npm install --no-audit --no-fund "playwright-core@$PW_VERSION"
    )
    touch "$PW_DIR/.complete"
    echo "install.sh: installed playwright-core $PW_VERSION in $PW_DIR"
fi
