#!/usr/bin/env bash
# Builds the VS Code extension from a clean tree: installs the locked
# dependencies, compiles, runs the unit tests and packages the .vsix
# (editors/vscode/featuredoc-<version>.vsix). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

command -v npm >/dev/null || { echo "build.sh: npm is not installed" >&2; exit 1; }

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

rm -rf out
npm ci --no-audit --no-fund
npm run compile
node --test out/test/unit/
# --no-dependencies would drop vscode-languageclient; vsce reads the
# production tree from node_modules. The README's relative links stay as they are.
npx --no-install vsce package --allow-missing-repository --no-rewrite-relative-links --out "$partial"
test -s "$partial"
mv -f "$partial" "$vsix"
echo "build.sh: built editors/vscode/$vsix"
