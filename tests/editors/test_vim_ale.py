"""Vim + ALE with the shipped vimrc and ALE linter against featuredoc-ls."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from editor_support import (
    EDITORS,
    FD201_MESSAGE,
    HERE,
    TIERS,
    editor_env,
    missing,
    run_editor,
)

pytestmark = pytest.mark.editors

ALE = Path("/usr/share/vim-ale/plugin/ale.vim")


def test_vim_ale(feature_doc, server_cmd, tmp_path):
    vim = shutil.which("vim")
    if not vim:
        missing("Vim")
    if not ALE.exists():
        missing("ALE (Debian package vim-ale)")
    out = tmp_path / "vim.json"
    setup = (
        f"let g:ale_featuredoc_ls_executable = {json.dumps(server_cmd[0])}"
        f" | let g:ale_featuredoc_ls_options = {json.dumps(shlex.join(server_cmd[1:]))}"
    )
    cmd = [
        vim,
        "-N",
        "-u",
        str(EDITORS / "vim" / "vimrc"),
        "-i",
        "NONE",
        "-es",
        "--cmd",
        setup,
        "-S",
        str(HERE / "vim_ale_driver.vim"),
    ]
    env = editor_env(
        tmp_path, FD_OUT=str(out), FD_FILE=str(feature_doc.path), FD_TIMEOUT_MS="30000"
    )
    report = run_editor(cmd, feature_doc.root, env, out, "Vim")

    assert report["errors"] == []
    assert report["filetype"] == "featuredoc"
    assert report["linters"] == ["featuredoc"]

    assert report["diagnostics_arrived"] is True
    fd201 = [d for d in report["diagnostics"] if d["code"] == "FD201"]
    assert len(fd201) == 1, report["diagnostics"]
    d = fd201[0]
    # ALE keeps 1-based lines and columns, end column inclusive.
    assert (d["lnum"] - 1, d["col"] - 1, d["end_lnum"] - 1, d["end_col"]) == (
        feature_doc.line,
        feature_doc.start,
        feature_doc.line,
        feature_doc.end,
    )
    assert d["type"] == "E"
    assert d["linter_name"] == "featuredoc"
    assert d["text"] == FD201_MESSAGE

    assert report["omnifunc"] == "ale#completion#OmniFunc"
    assert report["completion_position"] == [feature_doc.line, feature_doc.start]
    labels = [c["label"] for c in report["completion"]]
    assert set(TIERS) <= set(labels), labels
    assert all(c["has_documentation"] for c in report["completion"] if c["label"] in TIERS)

    # :ALECodeAction listed the quick fix and applied it.
    assert any("Replace with 'Supported'" in p for p in report["code_action_prompts"])
    assert report["line_after_fix"] == "         Status: **Supported**"
    assert report["cleared"] == 1
    assert not [d for d in report["diagnostics_after_fix"] if d["code"] == "FD201"]
