"""The packaged VS Code extension (.vsix): what it ships, what it declares, and its server.

The .vsix carries the extension as one bundled file (no node_modules) and
the featuredoc server of this repository with its Python dependencies under
``bundled/``; that server must run on any CPython 3.10 or newer without
anything installed in the interpreter and without compiled modules.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from editor_support import EDITORS, FD201_MESSAGE, REPO, missing, python_interpreters

from robustness.lsp_client import LspClient, supperted_document

pytestmark = pytest.mark.editors

VSCODE = EDITORS / "vscode"
LAUNCHER = "extension/bundled/tool/server.py"
LIBS = "extension/bundled/libs/"
NODE_BUILTINS = {"child_process", "crypto", "fs", "net", "os", "path", "util", "events", "stream"}


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


@pytest.fixture(scope="module")
def bundled(vsix: zipfile.ZipFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .vsix's bundled/ folder, extracted (the extension's folder as installed)."""
    root = tmp_path_factory.mktemp("vsix")
    for name in vsix.namelist():
        if name.startswith("extension/bundled/"):
            vsix.extract(name, root)
    return root / "extension" / "bundled"


def _manifest(vsix: zipfile.ZipFile) -> dict:
    return json.loads(vsix.read("extension/package.json"))


def test_ships_one_bundled_extension_file_and_no_node_modules(vsix: zipfile.ZipFile) -> None:
    names = set(vsix.namelist())
    scripts = {n for n in names if n.endswith((".js", ".cjs", ".mjs"))}
    assert scripts == {"extension/dist/extension.js"}
    assert [n for n in names if "node_modules" in n] == []
    for needed in (
        "extension/dist/THIRD_PARTY_NOTICES.txt",
        "extension/syntaxes/featuredoc.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/LICENSE.txt",
    ):
        assert needed in names, needed
    # Everything but VS Code itself and Node's own modules is inside the bundle.
    bundle = vsix.read("extension/dist/extension.js").decode("utf-8")
    required = set(re.findall(r"""require\(["']([^"']+)["']\)""", bundle))
    assert "vscode" in required
    assert required - {"vscode"} <= NODE_BUILTINS, required
    notices = vsix.read("extension/dist/THIRD_PARTY_NOTICES.txt").decode("utf-8")
    assert "vscode-languageclient" in notices and "MIT License" in notices


def test_ships_the_server_of_this_repository_with_its_dependencies(vsix: zipfile.ZipFile) -> None:
    names = set(vsix.namelist())
    assert LAUNCHER in names
    version = re.search(
        r'(?m)^version = "([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8")
    ).group(1)
    for package in ("featuredoc", "pygls", "lsprotocol", "cattrs", "attrs", "mistune", "yaml"):
        assert f"{LIBS}{package}/__init__.py" in names, package
    # A backport that only Python 3.10 needs (cattrs requires it there).
    assert f"{LIBS}exceptiongroup/__init__.py" in names
    assert f"{LIBS}featuredoc-{version}.dist-info/METADATA" in names
    # The licences of the bundled Python packages travel with them.
    licences = [n for n in names if n.startswith(LIBS) and "/licenses/" in n.lower()]
    assert any("pygls" in n for n in licences) and any("pyyaml" in n.lower() for n in licences)
    # The very modules of this tree: a stale .vsix is caught here.
    package = REPO / "server" / "featuredoc"
    stale = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if "__pycache__" not in p.parts
        and vsix.read(f"{LIBS}featuredoc/{p.relative_to(package).as_posix()}") != p.read_bytes()
    ]
    assert stale == [], f"the .vsix carries another server than this tree (rebuild it): {stale}"


def test_the_bundle_is_pure_python(vsix: zipfile.ZipFile) -> None:
    names = vsix.namelist()
    compiled = [n for n in names if n.endswith((".so", ".pyd", ".dylib", ".dll", ".pyc"))]
    assert compiled == []
    assert [n for n in names if "__pycache__" in n or n.startswith(f"{LIBS}bin/")] == []


def test_leaves_sources_tests_and_tooling_out(vsix: zipfile.ZipFile) -> None:
    names = vsix.namelist()
    unwanted = [
        n
        for n in names
        if n.startswith(
            (
                "extension/src/",
                "extension/out/",
                "extension/test/",
                "extension/scripts/",
                "extension/node_modules/",
            )
        )
        or n.endswith((".ts", ".map", ".vsix", "tsconfig.json", "build.sh", "package-lock.json"))
    ]
    assert unwanted == []
    assert sum(info.file_size for info in vsix.infolist()) < 6 * 1024 * 1024


def test_declares_the_settings_commands_and_file_types(vsix: zipfile.ZipFile) -> None:
    manifest = _manifest(vsix)
    contributes = manifest["contributes"]
    settings = contributes["configuration"]["properties"]
    assert {
        "featuredoc.path",
        "featuredoc.interpreter",
        "featuredoc.importStrategy",
        "featuredoc.include",
        "featuredoc.rules",
        "featuredoc.base",
        "featuredoc.workspaceDiagnostics",
        "featuredoc.trace.server",
    } <= set(settings)
    assert settings["featuredoc.include"]["default"] == [
        "docs/features/*.pandoc",
        "docs/features/*.md",
        "docs/features/*.markdown",
    ]
    assert settings["featuredoc.importStrategy"]["enum"] == ["fromEnvironment", "useBundled"]
    assert settings["featuredoc.importStrategy"]["default"] == "fromEnvironment"
    assert {c["command"] for c in contributes["commands"]} >= {
        "featuredoc.restart",
        "featuredoc.showLog",
    }
    languages = {lang["id"]: lang for lang in contributes["languages"]}
    assert languages["featuredoc"]["extensions"] == [".pandoc"]
    assert manifest["main"] == "./dist/extension.js"
    assert manifest["engines"]["vscode"] == "^1.91.0"


def test_contributes_the_configuration_files_schema(vsix: zipfile.ZipFile) -> None:
    """yamlValidation names the schema the bundled server carries, as the package ships it."""
    (entry,) = _manifest(vsix)["contributes"]["yamlValidation"]
    assert entry["fileMatch"] == ".featuredoc.yaml"
    shipped = vsix.read("extension/" + entry["url"].removeprefix("./"))
    assert (
        shipped == (REPO / "server" / "featuredoc" / "data" / "featuredoc.schema.json").read_bytes()
    )


def test_activates_only_where_there_are_feature_documents(vsix: zipfile.ZipFile) -> None:
    events = _manifest(vsix)["activationEvents"]
    assert "onLanguage:markdown" not in events
    assert set(events) == {
        "onLanguage:featuredoc",
        "workspaceContains:.featuredoc.yaml",
        "workspaceContains:SUPPORT.md",
        "workspaceContains:docs/features/*.pandoc",
        "workspaceContains:docs/features/*.md",
        "workspaceContains:docs/features/*.markdown",
    }


def test_declares_what_it_does_in_an_untrusted_workspace(vsix: zipfile.ZipFile) -> None:
    trust = _manifest(vsix)["capabilities"]["untrustedWorkspaces"]
    assert trust["supported"] == "limited"
    assert trust["description"].strip()
    # Workspace values that would name a program to run, or run git, are ignored.
    assert set(trust["restrictedConfigurations"]) >= {
        "featuredoc.path",
        "featuredoc.interpreter",
        "featuredoc.base",
    }
    settings = _manifest(vsix)["contributes"]["configuration"]["properties"]
    assert set(trust["restrictedConfigurations"]) <= set(settings)


# ---- the bundled server, run as the extension runs it ----------------------------


@pytest.mark.parametrize("python", python_interpreters(), ids=lambda p: p.version)
def test_bundled_server_runs_on_each_python(bundled: Path, python, tmp_path: Path) -> None:
    """-S: no site-packages at all, so only the bundle can provide the server."""
    launcher = bundled / "tool" / "server.py"
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    shown = subprocess.run(
        [python.path, "-S", str(launcher), "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("featuredoc ")
    pure = subprocess.run(
        [
            python.path,
            "-S",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import yaml; print(yaml.__with_libyaml__)",
            str(bundled / "libs"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert pure.stdout.strip() == "False", pure.stderr

    # A workspace whose .featuredoc.yaml (read with the pure-Python YAML)
    # turns FD201 into a warning; a document with non-ASCII text.
    (tmp_path / ".featuredoc.yaml").write_text("rules:\n  FD201: warning\n", encoding="utf-8")
    doc, text, line, start = supperted_document(tmp_path, "ünïcode.pandoc")

    client = LspClient(cwd=tmp_path, command=[python.path, "-S", str(launcher)], env=env)
    try:
        client.initialize(tmp_path)
        client.open(doc.as_uri(), text, language="featuredoc")
        published = client.wait_for_version(doc.as_uri(), 1)
        fd201 = [d for d in published["diagnostics"] if d.get("code") == "FD201"]
        assert [(d["message"], d["severity"]) for d in fd201] == [(FD201_MESSAGE, 2)]
        assert fd201[0]["range"]["start"] == {"line": line, "character": start}
        assert client.shutdown_and_exit() == 0
    finally:
        client.kill()


def test_bundled_launcher_refuses_an_old_python_with_a_clear_message(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict = {
        "__name__": "featuredoc_bundled_launcher",
        "__file__": str(bundled / "tool" / "server.py"),
    }
    exec(compile((bundled / "tool" / "server.py").read_text(), "server.py", "exec"), namespace)
    monkeypatch.setattr(sys, "version_info", (3, 9, 18, "final", 0))
    assert namespace["main"]() == 2
    err = capsys.readouterr().err
    assert "needs Python 3.10 or newer" in err and "is 3.9.18" in err
