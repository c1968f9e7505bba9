"""``--fix`` and ``--diff``: safe fixes applied in place, atomically, idempotently."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from cli_support import BROKEN, FIXED, Runner, feature_doc, run_process

from featuredoc.cli import runner as parallel
from featuredoc.cli.runner import write_atomically
from featuredoc.engine import analyse
from featuredoc.model.config import Config


def features(workspace: Path) -> Path:
    return workspace / "docs" / "features"


def test_fix_rewrites_and_reports_what_remains(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert doc.read_text(encoding="utf-8") == FIXED
    assert result.code == 0
    assert "Fixed 2 findings in 1 file (0 findings remaining)." in result.out
    assert "No findings in 1 file." in result.out


def test_fix_keeps_unfixable_findings_and_fails(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    # FD202 (two tiers in one value) has no fix; FD402 has one
    doc.write_text(feature_doc("Tech Preview/Experimental", "2025-3-04"), encoding="utf-8")
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 1
    assert "2025-03-04" in doc.read_text(encoding="utf-8")
    assert "error FD202" in result.out
    assert "FD402" not in result.out
    assert "Fixed 1 finding in 1 file (2 findings remaining)." in result.out


def test_fix_respects_select(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    run("check", "--fix", "--select", "FD4", "docs/features", cwd=workspace)
    text = doc.read_text(encoding="utf-8")
    assert "Supperted" in text and "2025-03-04" in text


def test_fix_never_touches_an_unchanged_file(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(feature_doc("Tech Preview/Experimental"), encoding="utf-8")  # nothing fixable
    os.utime(doc, ns=(1_000_000_000, 1_000_000_000))
    before = doc.stat()
    result = run("check", "--fix", "docs/features", cwd=workspace)
    after = doc.stat()
    assert result.code == 1
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert "Nothing to fix" in result.out


def test_fix_keeps_mode_and_leaves_no_temporary_files(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    doc.chmod(0o640)
    run("check", "--fix", "docs/features", cwd=workspace)
    assert stat.S_IMODE(doc.stat().st_mode) == 0o640
    assert sorted(p.name for p in features(workspace).iterdir()) == ["x.pandoc"]


def test_fix_follows_a_symbolic_link(workspace: Path, run: Runner) -> None:
    real = workspace / "real.pandoc"
    real.write_text(BROKEN, encoding="utf-8")
    link = features(workspace) / "x.pandoc"
    link.symlink_to(real)
    run("check", "--fix", "docs/features/x.pandoc", cwd=workspace)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == FIXED


def test_fix_keeps_crlf_bom_and_non_ascii(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    text = BROKEN.replace("Grant Table v3", "Grant Table v3 \u2014 \u00e9t\u00e9 \U0001f600")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    doc.write_bytes(data)
    run("check", "--fix", "docs/features", cwd=workspace)
    fixed = doc.read_bytes()
    assert fixed.startswith(b"\xef\xbb\xbf")
    expected = FIXED.replace("Grant Table v3", "Grant Table v3 \u2014 \u00e9t\u00e9 \U0001f600")
    assert fixed == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_interrupted_write_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.pandoc"
    target.write_text("original", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel.os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    assert target.read_text(encoding="utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pandoc"]


def test_unwritable_file_is_reported(
    workspace: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (features(workspace) / "x.pandoc").write_text(BROKEN, encoding="utf-8")

    def refuse(path: Path, data: bytes, **_: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(parallel, "write_atomically", refuse)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 2
    assert result.err == (
        "featuredoc: error: docs/features/x.pandoc: cannot write the fixes (Permission denied)\n"
    )
    assert (features(workspace) / "x.pandoc").read_text(encoding="utf-8") == BROKEN
    assert "error FD201" in result.out  # reported as it still is
    assert "Fixed" not in result.out


# ---- --diff ---------------------------------------------------------------------


def test_diff_shows_and_does_not_write(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    result = run("check", "--diff", "docs/features", cwd=workspace)
    assert result.code == 1
    assert doc.read_text(encoding="utf-8") == BROKEN
    assert result.out.startswith("--- a/docs/features/x.pandoc\n+++ b/docs/features/x.pandoc\n")
    assert "-         Status: **Supperted**\n+         Status: **Supported**\n" in result.out
    assert "Would fix 2 findings in 1 file" in result.err


def test_diff_applies_with_git_apply(workspace: Path, run: Runner) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    patch = run("check", "--diff", "docs/features", cwd=workspace).out
    subprocess.run(["git", "apply", "-"], input=patch.encode(), cwd=workspace, check=True)
    assert doc.read_text(encoding="utf-8") == FIXED


def test_diff_exits_0_when_nothing_to_fix(workspace: Path, run: Runner) -> None:
    (features(workspace) / "x.pandoc").write_text(feature_doc("Tech Preview/Experimental"))
    result = run("check", "--diff", "docs/features", cwd=workspace)
    assert result.code == 0
    assert result.out == ""


def test_diff_marks_a_missing_final_newline() -> None:
    diff = parallel.unified_diff("a\nb", "a\nc", "x")
    assert diff.endswith("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")


# ---- stdin ----------------------------------------------------------------------


def test_fix_on_stdin_writes_the_document_to_stdout(workspace: Path, run: Runner) -> None:
    result = run(
        "check",
        "--fix",
        "-",
        "--stdin-filename",
        "docs/features/x.pandoc",
        cwd=workspace,
        stdin=BROKEN.replace("Supperted", "Tech Preview/Experimental").encode(),
    )
    assert result.out == FIXED.replace("Supported", "Tech Preview/Experimental")
    assert "docs/features/x.pandoc:6:20: error FD202" in result.err
    assert result.code == 1


def test_diff_on_stdin(workspace: Path) -> None:
    proc = run_process(
        "check",
        "--diff",
        "-",
        "--stdin-filename",
        "docs/features/x.pandoc",
        cwd=workspace,
        stdin=BROKEN.encode(),
    )
    assert proc.returncode == 1
    assert b"+++ b/docs/features/x.pandoc" in proc.stdout


# ---- the whole corpus -------------------------------------------------------------


def test_fix_every_corpus_document(corpus: Path, tmp_path: Path, run: Runner) -> None:
    """--fix on every real document: idempotent, still parses, CRLF and non-ASCII kept."""
    (tmp_path / ".git").mkdir()
    lf = tmp_path / "lf"
    crlf = tmp_path / "crlf"
    for folder in (lf, crlf):
        folder.mkdir()
    originals: dict[str, bytes] = {}
    for source in sorted(corpus.iterdir()):
        if source.suffix not in (".pandoc", ".md"):
            continue
        data = source.read_bytes()
        originals[source.name] = data
        (lf / source.name).write_bytes(data)
        (crlf / source.name).write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    files = [str(p) for folder in (lf, crlf) for p in sorted(folder.iterdir())]

    first = run("check", "--fix", "--fail-on", "never", *files, cwd=tmp_path)
    assert first.code == 0, first.err
    assert "Fixed " in first.out  # the corpus has fixable findings

    snapshot = {p: Path(p).read_bytes() for p in files}
    mtimes = {p: Path(p).stat().st_mtime_ns for p in files}
    second = run("check", "--fix", "--fail-on", "never", *files, cwd=tmp_path)
    assert second.code == 0
    assert "Nothing to fix" in second.out
    assert {p: Path(p).read_bytes() for p in files} == snapshot
    assert {p: Path(p).stat().st_mtime_ns for p in files} == mtimes
    assert run("check", "--diff", *files, cwd=tmp_path).code == 0

    config = Config()
    for name, original in originals.items():
        fixed_lf = (lf / name).read_bytes()
        fixed_crlf = (crlf / name).read_bytes()
        # the CRLF copy was fixed exactly like the LF one, every line end kept
        assert fixed_crlf == fixed_lf.replace(b"\n", b"\r\n"), name
        assert b"\n" not in fixed_crlf.replace(b"\r\n", b""), name
        text = fixed_lf.decode("utf-8")
        # non-ASCII text is kept, character for character
        before = Counter(ch for ch in original.decode("utf-8") if ord(ch) > 127)
        after = Counter(ch for ch in text if ord(ch) > 127)
        assert not before - after, name
        analysis = analyse(text, f"docs/features/{name}", config)
        assert analysis.document is not None, name
        assert not [f for f in analysis.findings if f.code == "FD902"], name
