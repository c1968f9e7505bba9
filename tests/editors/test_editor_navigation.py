"""Real editors going between a feature document and SUPPORT.md: Neovim 0.11 (definition,
references, workspace symbols, code lenses, rename) and Emacs Eglot (definition, references)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from editor_support import EDITORS, HERE, editor_env, missing, run_editor
from test_neovim import _pick

pytestmark = pytest.mark.editors

ENTRY = "Crédit2 🚀 Scheduler"
SUPPORT = f"""\
# Support statement

## Definition of Status labels

### Tech Preview

    Security supported: No

## Features

### {ENTRY}

    Status: Tech Preview

### Other

    Status: Supported
"""
DOC = (
    f"% {ENTRY}\n% Revision 1\n\n# Basics\n"
    "---------------- ----------------------------------------------------\n"
    "         Status: **Tech Preview**\n\n"
    "      Component: Hypervisor\n"
    "---------------- ----------------------------------------------------\n"
)


def units(text: str, encoding: str) -> int:
    """The length of *text* in the position units agreed with the client."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def test_neovim_navigation(server_cmd: list[str], tmp_path: Path) -> None:
    exe, _ = _pick(legacy=False)
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    doc = root / "docs" / "features" / "credit2.pandoc"
    doc.parent.mkdir(parents=True)
    doc.write_bytes(DOC.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "nvim.json"
    cmd = [
        exe,
        "--headless",
        "-i",
        "NONE",
        "--cmd",
        f"let g:featuredoc_ls_cmd = {json.dumps(server_cmd)}",
        "-u",
        str(EDITORS / "vim" / "init.lua"),
        "-c",
        f"luafile {HERE / 'nvim_nav_driver.lua'}",
        str(doc),
    ]
    env = editor_env(tmp_path, FD_OUT=str(out), FD_TIMEOUT_MS="30000")
    report = run_editor(cmd, root, env, out, "Neovim")
    assert report["errors"] == []
    heading = SUPPORT.splitlines().index(f"### {ENTRY}")
    assert report["definition"][0] == {
        "file": "SUPPORT.md",
        "line": heading,
        "character": 4,
        "end_character": 4 + units(ENTRY, report["encoding"]),
    }
    assert [(r["file"], r["line"]) for r in report["references"]] == [
        ("SUPPORT.md", heading),
        ("credit2.pandoc", 0),
    ]
    symbols = {(s["name"], s["file"], s["container"]) for s in report["symbols"]}
    assert (ENTRY, "SUPPORT.md", "SUPPORT.md entry · Tech Preview") in symbols
    assert (ENTRY, "credit2.pandoc", "feature document · Tech Preview") in symbols
    assert report["lenses"] == [
        {"line": 5, "title": f"SUPPORT.md '{ENTRY}': Tech Preview — agrees"}
    ]
    assert "### Crédit3 🛸 Scheduler" in report["support_after_rename"]
    assert "  Support entry: Crédit3 🛸 Scheduler" in report["doc_after_rename"]


def nav_project(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    doc = root / "docs" / "features" / "credit2.pandoc"
    doc.parent.mkdir(parents=True)
    doc.write_bytes(DOC.replace("\n", "\r\n").encode("utf-8"))
    return root, doc


def test_emacs_eglot_navigation(server_cmd: list[str], tmp_path: Path) -> None:
    """M-. and M-? (xref through Eglot) on a feature document's title."""
    from test_emacs import _emacs_with_eglot

    emacs = _emacs_with_eglot()
    root, doc = nav_project(tmp_path)
    out = tmp_path / "emacs.json"
    env = editor_env(
        tmp_path,
        FD_OUT=str(out),
        FD_FILE=str(doc),
        FD_SERVER=json.dumps(server_cmd),
        FD_EDITORS_EMACS=str(EDITORS / "emacs"),
        FD_TIMEOUT_MS="30000",
    )
    cmd = [emacs, "--batch", "-Q", "-l", str(HERE / "emacs_nav_driver.el")]
    report = run_editor(cmd, root, env, out, "Emacs")
    assert report["errors"] == []
    heading = SUPPORT.splitlines().index(f"### {ENTRY}")
    assert report["definitions"][0] == {"file": "SUPPORT.md", "line": heading}
    references = {(r["file"], r["line"]) for r in report["references"]}
    assert references == {("SUPPORT.md", heading), ("credit2.pandoc", 0)}


def test_vim_ale_navigation(server_cmd: list[str], tmp_path: Path) -> None:
    """:ALEGoToDefinition and :ALEFindReferences on a feature document's title."""
    import shlex
    import shutil

    from test_vim_ale import ALE

    vim = shutil.which("vim")
    if not vim:
        missing("Vim")
    if not ALE.exists():
        missing("ALE (Debian package vim-ale)")
    root, doc = nav_project(tmp_path)
    out = tmp_path / "vim.json"
    setup = (
        f"let g:ale_featuredoc_ls_executable = {json.dumps(server_cmd[0])}"
        f" | let g:ale_featuredoc_ls_options = {json.dumps(shlex.join(server_cmd[1:]))}"
    )
    cmd = [vim, "-N", "-u", str(EDITORS / "vim" / "vimrc"), "-i", "NONE", "-es"]
    cmd += ["--cmd", setup, "-S", str(HERE / "vim_ale_nav_driver.vim")]
    env = editor_env(tmp_path, FD_OUT=str(out), FD_FILE=str(doc), FD_TIMEOUT_MS="30000")
    report = run_editor(cmd, root, env, out, "Vim")
    assert report["errors"] == []
    heading = SUPPORT.splitlines().index(f"### {ENTRY}")
    assert report["definition"] == {
        "file": "SUPPORT.md",
        "line": heading,
        "text": f"### {ENTRY}",
    }
    # ALE asks without the declaration: the document naming the entry, not the heading
    assert [(r["file"], r["line"]) for r in report["references"]] == [("credit2.pandoc", 0)]
