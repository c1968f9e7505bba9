"""Neovim 0.11 (headless, the shipped set-up in editors/vim): definition, references,
workspace symbols, code lenses and rename between a feature document and SUPPORT.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from editor_support import EDITORS, HERE, editor_env, run_editor
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
