"""A document with bytes that are not UTF-8 is checked, located (FD904) and never rewritten."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import BROKEN, Runner, feature_doc, run_process


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "docs" / "features" / name
    path.write_text(text, encoding="utf-8")
    return path


#: Saved by an editor set to Latin-1: the "®" of the title is the single byte 0xAE,
#: and the status is misspelled (FD201, which --fix could fix).
LATIN1 = (
    feature_doc("Supperted")
    .replace("% Grant Table v3", "% Intel\u00ae Grant Table v3")
    .encode("latin-1")
)
#: Mostly UTF-8 (an emoji: two UTF-16 code units), with one Latin-1 byte after it.
MIXED = (
    feature_doc()
    .replace("Grant tables let domains", "Grant tables \U0001f600 Caf\u00e9 let domains")
    .encode("utf-8")
    .replace("Caf\u00e9".encode(), b"Caf\xe9")
)


def test_latin1_document_is_checked_with_its_bad_byte_located(workspace: Path, run: Runner) -> None:
    (workspace / "docs" / "features" / "intel.pandoc").write_bytes(LATIN1)
    write(workspace, "good.pandoc", BROKEN)
    result = run("check", "docs/features", cwd=workspace)
    assert result.code == 1, result.err
    assert result.err == ""
    lines = result.out.splitlines()
    assert (
        "docs/features/intel.pandoc:1:8: error FD904 Byte 0xAE is not valid UTF-8 "
        "(in Latin-1/Windows-1252: '\u00ae'); save the file as UTF-8"
    ) in lines
    # the rest of the document is checked as usual, and so is the other file
    assert any(line.startswith("docs/features/intel.pandoc:6:20: error FD201") for line in lines)
    assert any(line.startswith("docs/features/good.pandoc:6:20: error FD201") for line in lines)


def test_json_range_is_in_utf16_code_units(workspace: Path, run: Runner) -> None:
    (workspace / "docs" / "features" / "mixed.pandoc").write_bytes(MIXED)
    result = run("check", "docs/features/mixed.pandoc", "--format", "json", cwd=workspace)
    (finding,) = [f for f in json.loads(result.out) if f["code"] == "FD904"]
    # "Grant tables 😀 Caf" is 18 code points and 19 UTF-16 code units
    assert finding["range"] == {
        "start": {"line": 14, "character": 19},
        "end": {"line": 14, "character": 20},
    }
    assert "0xE9" in finding["message"] and "'\u00e9'" in finding["message"]
    text = run("check", "docs/features/mixed.pandoc", cwd=workspace).out
    assert "docs/features/mixed.pandoc:15:19: error FD904" in text  # 1-based code points


def test_fix_never_writes_a_file_with_bad_bytes(workspace: Path, run: Runner) -> None:
    intel = workspace / "docs" / "features" / "intel.pandoc"
    intel.write_bytes(LATIN1)
    good = write(workspace, "good.pandoc", BROKEN)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert intel.read_bytes() == LATIN1
    assert "Supperted" not in good.read_text(encoding="utf-8")  # the UTF-8 file was fixed
    assert result.code == 1  # FD904 and the FD201 that was left alone
    assert (
        "featuredoc: warning: docs/features/intel.pandoc: not fixed: it holds bytes that are "
        "not valid UTF-8 (FD904)"
    ) in result.err
    assert "error:" not in result.err
    assert "intel.pandoc:6:20: error FD201" in result.out


def test_diff_shows_nothing_for_a_file_with_bad_bytes(workspace: Path, run: Runner) -> None:
    (workspace / "docs" / "features" / "intel.pandoc").write_bytes(LATIN1)
    result = run("check", "--diff", "docs/features/intel.pandoc", cwd=workspace)
    assert result.out == ""
    assert result.code == 0  # nothing it would change
    assert "not fixed" in result.err


def test_fix_on_stdin_prints_the_input_back_unchanged(workspace: Path) -> None:
    proc = run_process(
        "check",
        "--fix",
        "-",
        "--stdin-filename",
        "docs/features/intel.pandoc",
        cwd=workspace,
        stdin=LATIN1,
    )
    assert proc.returncode == 1
    assert b"docs/features/intel.pandoc:1:8: error FD904" in proc.stderr
    assert proc.stdout == LATIN1  # an editor formatting on save keeps its bytes


def test_support_md_with_a_bad_byte_is_checked(workspace: Path, run: Runner) -> None:
    (workspace / "SUPPORT.md").write_bytes(
        b"# Support statement\n\n## Features\n\n### Intel\xae RDT\n\n    Status: Supported\n"
    )
    write(workspace, "good.pandoc", feature_doc())
    result = run("check", "--format", "json", cwd=workspace)
    codes = {(f["path"], f["code"], f["range"]["start"]["line"]) for f in json.loads(result.out)}
    assert ("SUPPORT.md", "FD904", 4) in codes
    assert result.code == 1 and result.err == ""
