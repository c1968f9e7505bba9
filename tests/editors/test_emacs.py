"""Emacs (batch) + Eglot with editors/emacs/featuredoc.el against featuredoc-ls."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from editor_support import (
    EDITORS,
    FD201_MESSAGE,
    HERE,
    TIERS,
    FeatureDoc,
    editor_env,
    fixture_text,
    missing,
    run_editor,
)

pytestmark = pytest.mark.editors

ELPA = "/usr/share/emacs/site-lisp/elpa"


def _emacs_with_eglot() -> str:
    emacs = shutil.which("emacs")
    if not emacs:
        missing("Emacs")
    probe = (
        f'(progn (dolist (d (file-expand-wildcards "{ELPA}/*")) (add-to-list (quote load-path) d))'
        " (kill-emacs (if (require (quote eglot) nil t) 0 3)))"
    )
    proc = subprocess.run(
        [emacs, "--batch", "-Q", "--eval", probe],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        missing("Eglot (Debian package elpa-eglot)")
    return emacs


def run_emacs(
    doc: FeatureDoc, server_cmd: list[str], tmp_path: Path, dir_locals: Path | None = None
) -> dict:
    emacs = _emacs_with_eglot()
    out = tmp_path / "emacs.json"
    env = editor_env(
        tmp_path,
        FD_OUT=str(out),
        FD_FILE=str(doc.path),
        FD_SERVER=json.dumps(server_cmd),
        FD_EDITORS_EMACS=str(EDITORS / "emacs"),
        FD_DIR_LOCALS=str(dir_locals or ""),
        FD_TIMEOUT_MS="30000",
    )
    cmd = [emacs, "--batch", "-Q", "-l", str(HERE / "emacs_driver.el")]
    return run_editor(cmd, doc.root, env, out, "Emacs")


def test_emacs_eglot(feature_doc, server_cmd, tmp_path):
    report = run_emacs(feature_doc, server_cmd, tmp_path)

    assert report["errors"] == []
    assert report["major_mode"] == "featuredoc-mode"
    assert report["contact"] == server_cmd

    assert report["diagnostics_arrived"] is True
    fd201 = [d for d in report["diagnostics"] if d["code"] == "FD201"]
    assert len(fd201) == 1, report["diagnostics"]
    d = fd201[0]
    assert (d["line"], d["column"], d["end_line"], d["end_column"]) == (
        feature_doc.line,
        feature_doc.start,
        feature_doc.line,
        feature_doc.end,
    )
    assert d["type"] == "eglot-error"
    assert d["source"] == "featuredoc"
    # What Flymake shows the user.
    assert d["text"] == f"featuredoc [FD201]: {FD201_MESSAGE}"

    assert report["completion_position"] == [feature_doc.line, feature_doc.start]
    labels = [c["label"] for c in report["completion"]]
    assert set(TIERS) <= set(labels), labels
    assert all(c["has_documentation"] for c in report["completion"] if c["label"] in TIERS)

    assert report["line_after_fix"] == "Status: **Supported**"
    assert report["cleared"] is True
    assert not [d for d in report["diagnostics_after_fix"] if d["code"] == "FD201"]


def test_emacs_byte_compiles_without_warnings(tmp_path):
    emacs = shutil.which("emacs")
    if not emacs:
        missing("Emacs")
    src = tmp_path / "featuredoc.el"
    shutil.copy(EDITORS / "emacs" / "featuredoc.el", src)
    form = (
        "(progn (setq byte-compile-error-on-warn t)"
        f' (kill-emacs (if (byte-compile-file "{src}") 0 1)))'
    )
    proc = subprocess.run(
        [emacs, "--batch", "-Q", "--eval", form],
        capture_output=True,
        text=True,
        timeout=120,
        env=editor_env(tmp_path),
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "featuredoc.elc").exists()
    assert "Warning" not in proc.stderr, proc.stderr


def _fd105_types(diagnostics: list[dict]) -> list[str]:
    return [d["type"] for d in diagnostics if d["code"] == "FD105"]


@pytest.mark.parametrize("with_dir_locals", [False, True], ids=["defaults", "dir-locals"])
def test_emacs_dir_locals_example_reaches_the_server(server_cmd, tmp_path, with_dir_locals):
    """editors/emacs/dir-locals.el.example raises FD105 (empty section) to an error."""
    text = fixture_text()
    section = "# Limitations\n\nSoft affinity is honoured only on a best-effort basis.\n"
    assert section in text
    doc = FeatureDoc(tmp_path / "project", text=text.replace(section, "# Limitations\n"))
    example = EDITORS / "emacs" / "dir-locals.el.example"
    report = run_emacs(doc, server_cmd, tmp_path, dir_locals=example if with_dir_locals else None)

    assert report["errors"] == []
    assert report["cleared"] is True
    expected = "eglot-error" if with_dir_locals else "eglot-warning"
    # After the quick fix round trip the settings have certainly been applied.
    assert _fd105_types(report["diagnostics_after_fix"]) == [expected]
    if with_dir_locals:
        config = json.loads(report["workspace_configuration"])
        assert config == {"featuredoc": {"rules": {"FD203": "off", "FD105": "error"}}}
