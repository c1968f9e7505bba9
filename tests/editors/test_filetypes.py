"""Which files the shipped set-ups treat as feature documents."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from editor_support import EDITORS, editor_env, missing

pytestmark = pytest.mark.editors

FEATURE_DOCS = ["docs/features/sched.pandoc", "docs/features/sched.md", "SUPPORT.md", "x.pandoc"]
OTHERS = ["README.md", "docs/other/notes.md", "NOT_SUPPORT.md"]


def _paths(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / "project" / p for p in FEATURE_DOCS + OTHERS]
    for p in paths:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("% Title\n", encoding="utf-8")
    return paths


def _vim_script(paths: list[Path], out: Path) -> list[str]:
    cmds = ["let g:fts = []"]
    for p in paths:
        cmds.append(f"execute 'edit' fnameescape({json.dumps(str(p))})")
        cmds.append("call add(g:fts, &filetype)")
    cmds += [f"call writefile([json_encode(g:fts)], {json.dumps(str(out))})", "qa!"]
    return cmds


@pytest.mark.parametrize("editor", ["nvim", "vim"])
def test_vim_ftdetect(editor, tmp_path):
    exe = shutil.which(editor)
    if not exe:
        missing("Neovim" if editor == "nvim" else "Vim")
    paths = _paths(tmp_path)
    out = tmp_path / "fts.json"
    script = tmp_path / "fts.vim"
    script.write_text("\n".join(_vim_script(paths, out)) + "\n", encoding="utf-8")
    start = ["--headless"] if editor == "nvim" else ["-N", "-es"]
    cmd = [
        exe,
        *start,
        "-u",
        "NONE",
        "-i",
        "NONE",
        "--cmd",
        f"set runtimepath^={EDITORS / 'vim'}",
        "-c",
        "filetype plugin on",
        "-S",
        str(script),
    ]
    proc = subprocess.run(
        cmd,
        env=editor_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    fts = json.loads(out.read_text(encoding="utf-8"))
    assert fts[: len(FEATURE_DOCS)] == ["featuredoc"] * len(FEATURE_DOCS)
    assert fts[len(FEATURE_DOCS) :] == ["markdown"] * len(OTHERS)


def test_emacs_auto_mode(tmp_path):
    emacs = shutil.which("emacs")
    if not emacs:
        missing("Emacs")
    paths = _paths(tmp_path)
    out = tmp_path / "modes.json"
    files = " ".join(json.dumps(str(p)) for p in paths)
    form = (
        f"(progn (add-to-list (quote load-path) {json.dumps(str(EDITORS / 'emacs'))})"
        " (require (quote featuredoc)) (require (quote json))"
        f" (let ((modes (mapcar (lambda (f) (with-current-buffer (find-file-noselect f)"
        f" (symbol-name major-mode))) (list {files}))))"
        f" (with-temp-file {json.dumps(str(out))} (insert (json-encode (vconcat modes))))))"
    )
    proc = subprocess.run(
        [emacs, "--batch", "-Q", "--eval", form],
        env=editor_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    modes = json.loads(out.read_text(encoding="utf-8"))
    assert modes[: len(FEATURE_DOCS)] == ["featuredoc-mode"] * len(FEATURE_DOCS)
    assert "featuredoc-mode" not in modes[len(FEATURE_DOCS) :]
