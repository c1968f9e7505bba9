"""``--fix`` rewrites only feature documents and the support file, whatever ``include`` says."""

from __future__ import annotations

from pathlib import Path

from cli_support import BROKEN, FIXED, Runner

SUPPORT = "# Support statement\n\n## Features\n\n### Grant Table v3\n\n    Status: Supported\n"


def test_fix_never_rewrites_a_file_that_is_not_a_document(workspace: Path, run: Runner) -> None:
    """``include: ['**']`` makes ``src/main.c`` checked; ``--fix`` still leaves it alone."""
    config = "include: ['**']\nexclude: []\nsupport_file: SUPPORT.txt\n"
    (workspace / ".featuredoc.yaml").write_text(config, encoding="utf-8")
    (workspace / "src").mkdir()
    for name in ("src/main.c", "notes.txt", "docs/features/x.pandoc", "docs/features/y.markdown"):
        (workspace / name).write_text(BROKEN, encoding="utf-8")
    (workspace / "SUPPORT.txt").write_text(SUPPORT.replace("Supported", "Suported"), "utf-8")
    result = run("check", "--fix", cwd=workspace)
    assert (workspace / "src" / "main.c").read_text(encoding="utf-8") == BROKEN
    assert (workspace / "notes.txt").read_text(encoding="utf-8") == BROKEN
    assert (workspace / "docs" / "features" / "x.pandoc").read_text(encoding="utf-8") == FIXED
    assert (workspace / "docs" / "features" / "y.markdown").read_text(encoding="utf-8") == FIXED
    assert "Status: Supported" in (workspace / "SUPPORT.txt").read_text(encoding="utf-8")
    reason = (
        "fixes not written: featuredoc rewrites only feature documents (.pandoc, .md, "
        ".markdown) and the support file (SUPPORT.txt), whatever 'include' selects"
    )
    assert (workspace / ".featuredoc.yaml").read_text(encoding="utf-8") == config
    assert result.err.splitlines() == [
        f"featuredoc: error: .featuredoc.yaml: {reason}",  # '**' selects it too
        f"featuredoc: error: notes.txt: {reason}",
        f"featuredoc: error: src/main.c: {reason}",
    ]
    assert result.code == 2
    assert "src/main.c:6:20: error FD201" in result.out  # reported as it is


def test_diff_and_stdin_offer_no_fix_for_a_file_that_is_not_a_document(
    workspace: Path, run: Runner
) -> None:
    (workspace / ".featuredoc.yaml").write_text("include: ['**']\n", encoding="utf-8")
    (workspace / "main.c").write_text(BROKEN, encoding="utf-8")
    diff = run("check", "--diff", "main.c", cwd=workspace)
    assert diff.out == ""
    assert "main.c: fixes not written" in diff.err and diff.code == 2
    piped = run(
        "check", "--fix", "--stdin-filename", "main.c", cwd=workspace, stdin=BROKEN.encode()
    )
    assert piped.out == BROKEN  # the text as it came
    assert "main.c: fixes not written" in piped.err and piped.code == 2
    named = run(
        "check", "--fix", "--stdin-filename", "docs/features/x.pandoc", stdin=BROKEN.encode()
    )
    assert named.out == FIXED and named.code == 0
