#!/usr/bin/env bash
# Runs the end-to-end scenarios of the packaged extension inside code-server
# (VS Code in headless Chromium): installs the .vsix into a fresh profile,
# starts code-server on 127.0.0.1 on a free port with a copy of workspace/,
# drives it with e2e.js, and always stops code-server at the end.
#
#   run.sh VSIX ARTIFACTS_DIR
#
#   FEATUREDOC_E2E_SERVER   how the extension finds its server:
#                           "bundled" (default): code-server sees no featuredoc at
#                             all (its PATH has a fresh venv's python3, made without
#                             pip, and no featuredoc-ls; PYTHONPATH is unset; no
#                             featuredoc settings), so the extension must start the
#                             server bundled in the .vsix;
#                           "interpreter": featuredoc.interpreter is FEATUREDOC_PYTHON;
#                           "path": featuredoc.path is FEATUREDOC_SERVER_PATH
#   FEATUREDOC_PYTHON       a Python 3.10+ (default: python3); with "interpreter",
#                           one that has featuredoc installed
#   FEATUREDOC_SERVER_PATH  a featuredoc-ls, for "path"
#   FEATUREDOC_E2E_CACHE    where install.sh put code-server and playwright-core
#   FEATUREDOC_E2E_TRACE    if set, featuredoc.trace.server is "verbose" (the
#                           LSP messages land in logs/ under ARTIFACTS_DIR)
#
# Screenshots, results.json, the code-server log and VS Code's logs (with
# the featuredoc output channel) are written to ARTIFACTS_DIR.
# Exit status: 0 all scenarios passed, 3 code-server is not installed, else failed.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 VSIX ARTIFACTS_DIR" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
vsix="$(realpath "$1")"
mkdir -p "$2"
artifacts="$(realpath "$2")"
[ -f "$vsix" ] || { echo "run.sh: no such .vsix: $vsix" >&2; exit 2; }

CS_VERSION=4.100.3
PW_VERSION=1.65.1
CACHE="${FEATUREDOC_E2E_CACHE:-$HOME/.cache/featuredoc-e2e}"
CS="$CACHE/code-server-$CS_VERSION/node_modules/.bin/code-server"
PW_MODULES="$CACHE/playwright-core-$PW_VERSION/node_modules"
if [ ! -x "$CS" ] || [ ! -d "$PW_MODULES/playwright-core" ]; then
    echo "run.sh: code-server or playwright-core is not in $CACHE; run install.sh first" >&2
    exit 3
fi

python="${FEATUREDOC_PYTHON:-python3}"
mode="${FEATUREDOC_E2E_SERVER:-bundled}"
case "$mode" in
    bundled|interpreter|path) ;;
    *) echo "run.sh: FEATUREDOC_E2E_SERVER must be bundled, interpreter or path, not $mode" >&2; exit 2 ;;
esac
work="$(mktemp -d "${TMPDIR:-/tmp}/featuredoc-e2e.XXXXXX")"
cs_pid=""

stop_code_server() {
    [ -n "$cs_pid" ] || return 0
    # code-server runs in its own session: stop the whole process group
    # (the extension host and the language server included).
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 -- "-$cs_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
    wait "$cs_pid" 2>/dev/null || true
    cs_pid=""
}

cleanup() {
    local rc=$?
    stop_code_server
    if [ -d "$work/data/logs" ]; then
        rm -rf "$artifacts/logs"
        cp -r "$work/data/logs" "$artifacts/logs" || true
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export HOME="$work/home"
mkdir -p "$HOME" "$work/data/User" "$work/ext"
cp -r "$here/workspace" "$work/ws"
mkdir -p "$work/ws/.vscode"

# The workspace tells the extension which server to start (with "bundled",
# nothing: the extension has to find it by itself).
node -e '
const [file, mode, python, serverPath, trace] = process.argv.slice(1);
const s = {};
if (mode === "path") s["featuredoc.path"] = serverPath;
if (mode === "interpreter") s["featuredoc.interpreter"] = python;
if (trace) s["featuredoc.trace.server"] = "verbose";
require("fs").writeFileSync(file, JSON.stringify(s, null, 2) + "\n");
' "$work/ws/.vscode/settings.json" "$mode" "$python" "${FEATUREDOC_SERVER_PATH:-}" "${FEATUREDOC_E2E_TRACE:-}"

# code-server's environment. With "bundled": a Python that cannot import
# featuredoc (a fresh venv without pip) first on PATH, no featuredoc-ls.
cs_path="$PATH"
if [ "$mode" = bundled ]; then
    "$python" -m venv --without-pip "$work/py"
    if env -u PYTHONPATH -u PYTHONHOME "$work/py/bin/python3" -c 'import featuredoc' 2>/dev/null; then
        echo "run.sh: the venv's Python can import featuredoc; it must not" >&2
        exit 1
    fi
    cs_path="$work/py/bin:$(dirname "$(command -v node)"):/usr/sbin:/usr/bin:/sbin:/bin"
    if PATH="$cs_path" command -v featuredoc-ls >/dev/null; then
        echo "run.sh: featuredoc-ls is on code-server's PATH ($(PATH="$cs_path" command -v featuredoc-ls)); it must not be" >&2
        exit 1
    fi
fi
echo "$mode" > "$artifacts/server-mode.txt"
if [ "$mode" = bundled ]; then
    echo "$work/py/bin/python3" > "$artifacts/python.txt"
    "$work/py/bin/python3" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))' \
        > "$artifacts/python-version.txt"
fi

# A featuredoc-ls that cannot start (for the failure scenario): it says why on
# stderr, exits 3, and counts its runs.
mkdir -p "$work/broken"
cat > "$work/broken/featuredoc-ls" <<'SH'
#!/bin/sh
echo run >> "$(dirname "$0")/runs"
echo "Traceback (most recent call last):" >&2
echo "ModuleNotFoundError: No module named 'lsprotocol'" >&2
exit 3
SH
chmod +x "$work/broken/featuredoc-ls"

# A quiet profile: no welcome page, no trust prompt, no update checks.
cat > "$work/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.editor.enablePreview": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "editor.minimap.enabled": false,
  "editor.hover.delay": 300,
  "editor.lightbulb.enabled": "on",
  "files.autoSave": "off",
  "chat.commandCenter.enabled": false,
  "workbench.colorTheme": "Default Light Modern"
}
JSON

"$CS" --user-data-dir "$work/data" --extensions-dir "$work/ext" \
    --install-extension "$vsix" > "$artifacts/install-extension.log" 2>&1
if ! ls -d "$work/ext"/featuredoc.featuredoc-* >/dev/null 2>&1; then
    echo "run.sh: installing $vsix failed:" >&2
    cat "$artifacts/install-extension.log" >&2
    exit 1
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
: > "$work/config.yaml"
# VSCODE_CLI=1: the extension host keeps this environment instead of taking
# PATH from a login shell.
env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV PATH="$cs_path" VSCODE_CLI=1 \
    setsid "$CS" --bind-addr "127.0.0.1:$port" --auth none --config "$work/config.yaml" \
    --user-data-dir "$work/data" --extensions-dir "$work/ext" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override \
    "$work/ws" > "$artifacts/code-server.log" 2>&1 &
cs_pid=$!

up=""
for _ in $(seq 300); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "http://127.0.0.1:$port/healthz" 2>/dev/null; then
        up=1
        break
    fi
    kill -0 "$cs_pid" 2>/dev/null || break
    sleep 0.2
done
if [ -z "$up" ]; then
    echo "run.sh: code-server did not come up; its log:" >&2
    cat "$artifacts/code-server.log" >&2
    exit 1
fi

NODE_PATH="$PW_MODULES" CS_URL="http://127.0.0.1:$port/?folder=$work/ws" \
    WORKSPACE="$work/ws" ARTIFACTS="$artifacts" SERVER_MODE="$mode" EXT_DIR="$work/ext" \
    BROKEN_SERVER="$work/broken/featuredoc-ls" BROKEN_RUNS="$work/broken/runs" \
    timeout 420 node "$here/e2e.js"
