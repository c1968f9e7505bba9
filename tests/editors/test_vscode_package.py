"""The packaged VS Code extension (.vsix): what it ships and what it declares."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest
from editor_support import EDITORS, missing

pytestmark = pytest.mark.editors

VSCODE = EDITORS / "vscode"


@pytest.fixture(scope="module")
def vsix() -> zipfile.ZipFile:
    version = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))["version"]
    path = VSCODE / f"featuredoc-{version}.vsix"
    if not path.is_file():
        if shutil.which("npm") is None:
            missing("npm")
        build = subprocess.run(
            ["bash", str(VSCODE / "build.sh")], capture_output=True, text=True, timeout=900
        )
        assert build.returncode == 0, f"build.sh failed:\n{build.stdout[-4000:]}{build.stderr}"
    return zipfile.ZipFile(path)


def _manifest(vsix: zipfile.ZipFile) -> dict:
    return json.loads(vsix.read("extension/package.json"))


def test_ships_the_compiled_extension_and_its_runtime_dependency(vsix: zipfile.ZipFile) -> None:
    names = set(vsix.namelist())
    for needed in (
        "extension/out/extension.js",
        "extension/out/common/launch.js",
        "extension/out/common/server.js",
        "extension/node_modules/vscode-languageclient/package.json",
        "extension/node_modules/vscode-languageclient/lib/node/main.js",
        "extension/syntaxes/featuredoc.tmLanguage.json",
        "extension/language-configuration.json",
    ):
        assert needed in names, needed


def test_leaves_sources_tests_and_tooling_out(vsix: zipfile.ZipFile) -> None:
    names = vsix.namelist()
    unwanted = [
        n
        for n in names
        if n.startswith(("extension/src/", "extension/out/test/", "extension/test/"))
        or n.endswith((".ts", ".map", ".vsix", "tsconfig.json", "build.sh"))
        or "/node_modules/typescript/" in n
        or "/node_modules/@vscode/vsce" in n
        or "/node_modules/@types/" in n
    ]
    assert unwanted == []
    assert sum(info.file_size for info in vsix.infolist()) < 3 * 1024 * 1024


def test_declares_the_settings_commands_and_file_types(vsix: zipfile.ZipFile) -> None:
    manifest = _manifest(vsix)
    contributes = manifest["contributes"]
    settings = contributes["configuration"]["properties"]
    assert {
        "featuredoc.path",
        "featuredoc.interpreter",
        "featuredoc.include",
        "featuredoc.rules",
        "featuredoc.trace.server",
    } <= set(settings)
    assert settings["featuredoc.include"]["default"] == [
        "docs/features/*.pandoc",
        "docs/features/*.md",
    ]
    assert {c["command"] for c in contributes["commands"]} >= {"featuredoc.restart"}
    languages = {lang["id"]: lang for lang in contributes["languages"]}
    assert languages["featuredoc"]["extensions"] == [".pandoc"]
    assert "onLanguage:markdown" in manifest["activationEvents"]
    assert manifest["main"] == "./out/extension.js"
    assert manifest["engines"]["vscode"] == "^1.91.0"
