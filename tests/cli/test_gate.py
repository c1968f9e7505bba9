"""Failing CI only on what is new: ``check --baseline``/``--write-baseline`` and ``--new-only``.

Every test works in a real git repository (``git init`` in a temporary
folder) whose feature documents have names that are not ASCII.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from cli_support import BROKEN, Runner

from git_support import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DOC = Path("docs/features/ĝrant-täble ✓.pandoc")
BASELINE = ".featuredoc-baseline.json"
#: BROKEN's findings: FD201 (error, its Status row) and FD402 (warning, its second History row).
STATUS_ROW = "         Status: **Supperted**\n"
BAD_ROW = "2025-3-04  2        Xen 4.20 Declared supported\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose ``main`` holds BROKEN under a non-ASCII name."""
    root = tmp_path / "repo"
    (root / DOC.parent).mkdir(parents=True)
    (root / DOC).write_text(BROKEN, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "A feature document with two mistakes")
    return root


def found(result_out: str) -> list[tuple[str, str, int]]:
    """(path, code, 1-based line) of each finding of ``--format json``."""
    return [(f["path"], f["code"], f["range"]["start"]["line"] + 1) for f in json.loads(result_out)]


def edit(repo: Path, old: str, new: str, path: Path = DOC) -> None:
    text = (repo / path).read_text(encoding="utf-8")
    assert old in text
    (repo / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(repo: Path, text: str, path: Path = DOC) -> int:
    lines = (repo / path).read_text(encoding="utf-8").splitlines(keepends=True)
    return lines.index(text) + 1


def adopt(repo: Path, run: Runner, *extra: str) -> None:
    result = run("check", "--write-baseline", BASELINE, *extra, cwd=repo)
    assert result.code == 0, result.err
    assert result.out == ""  # the findings go to the file, not the output
    assert "wrote the baseline .featuredoc-baseline.json: 2 findings in 1 file" in result.err


# ---- the baseline ------------------------------------------------------------------


def test_adopting_passes_and_the_file_is_sorted_and_versioned(repo: Path, run: Runner) -> None:
    adopt(repo, run)
    written = json.loads((repo / BASELINE).read_text(encoding="utf-8"))
    assert written["featuredoc-baseline"] == 1
    assert [
        (e["path"], e["code"], e["context"], e["content"], e["count"]) for e in written["findings"]
    ] == [
        (DOC.as_posix(), "FD201", "Basics", "Status: **Supperted**", 1),
        (DOC.as_posix(), "FD402", "History", "2025-3-04 2 Xen 4.20 Declared supported", 1),
    ]
    result = run("check", "--baseline", BASELINE, cwd=repo)
    assert result.code == 0, result.out + result.err
    assert "No findings in 1 file." in result.out
    assert "2 findings in the baseline (.featuredoc-baseline.json) not shown." in result.out


def test_the_baseline_survives_lines_inserted_above(repo: Path, run: Runner) -> None:
    adopt(repo, run)
    before = (repo / BASELINE).read_bytes()
    edit(repo, "% Revision 2\n", "% Revision 2\n\n\\clearpage\n")  # above both findings
    edit(repo, "# Overview\n\n", "# Overview\n\nA new paragraph\nof two lines.\n\n")
    result = run("check", "--baseline", BASELINE, "--format", "json", cwd=repo)
    assert result.code == 0, result.out + result.err
    assert found(result.out) == []
    # and writing it again gives the same bytes: a baseline diff shows real changes only
    assert run("check", "--write-baseline", BASELINE, cwd=repo).code == 0
    assert (repo / BASELINE).read_bytes() == before


def test_a_second_identical_finding_beyond_the_count_is_new(repo: Path, run: Runner) -> None:
    adopt(repo, run, "--select", "FD201,FD402")
    edit(repo, BAD_ROW, BAD_ROW + BAD_ROW)  # the same mistake once more
    result = run(
        "check", "--baseline", BASELINE, "--select", "FD402", "--format", "json", "--fail-on",
        "warning", cwd=repo,
    )  # fmt: skip
    assert result.code == 1, result.out + result.err
    second = line_of(repo, BAD_ROW) + 1
    assert found(result.out) == [(DOC.as_posix(), "FD402", second)]
    assert "1 finding in the baseline" in result.err  # beside JSON: on standard error


def test_a_new_warning_does_not_fail_at_the_default_level(repo: Path, run: Runner) -> None:
    adopt(repo, run)
    edit(repo, "2024-01-10", "2024-13-10")  # FD402, a warning
    result = run("check", "--baseline", BASELINE, cwd=repo)
    assert result.code == 0, result.out + result.err
    assert "FD402 History date '2024-13-10'" in result.out
    assert "FD201" not in result.out


def test_a_fixed_finding_is_stale_without_failing(repo: Path, run: Runner) -> None:
    adopt(repo, run)
    edit(repo, "**Supperted**", "**Supported**")
    result = run("check", "--baseline", BASELINE, cwd=repo)
    assert result.code == 0, result.out + result.err
    assert "1 finding in the baseline (.featuredoc-baseline.json) not shown." in result.out
    assert "1 baseline finding is no longer found" in result.out
    assert f"  {DOC.as_posix()}: FD201 under 'Basics': \"Status: **Supperted**\"" in result.out
    # a code not checked this time is not stale: it was not looked for
    narrowed = run("check", "--baseline", BASELINE, "--select", "FD402", cwd=repo)
    assert "no longer found" not in narrowed.out
    quiet = run("check", "--baseline", BASELINE, "-q", cwd=repo)
    assert quiet.out == "" and quiet.code == 0


@pytest.mark.parametrize(
    ("fmt", "count"),
    [
        ("json", lambda out: len(json.loads(out))),
        ("gitlab", lambda out: len(json.loads(out))),
        ("sarif", lambda out: len(json.loads(out)["runs"][0]["results"])),
        ("github", lambda out: len(out.splitlines())),
        ("text", lambda out: sum(1 for line in out.splitlines() if ": error FD" in line)),
    ],
)
def test_every_format_shows_only_the_new_finding(
    repo: Path, run: Runner, fmt: str, count: object
) -> None:
    adopt(repo, run)
    edit(repo, "Component: Hypervisor", "Component: Hypervisor\n\n    Status, Arm: **Experimentl**")
    result = run("check", "--baseline", BASELINE, "--format", fmt, cwd=repo)
    assert result.code == 1, result.out + result.err
    assert callable(count) and count(result.out) == 1
    shown = result.out
    if fmt == "sarif":  # the rules' documentation quotes misspellings too
        shown = json.dumps(json.loads(result.out)["runs"][0]["results"])
    assert "Experimentl" in shown and "Supperted" not in shown
    where = result.out if fmt == "text" else result.err
    assert "2 findings in the baseline" in where


def test_a_baseline_outside_the_root_is_read_and_written_when_named(
    repo: Path, run: Runner, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "ci-state" / "baseline.json"
    elsewhere.parent.mkdir()
    assert run("check", "--write-baseline", str(elsewhere), cwd=repo).code == 0
    assert run("check", "--baseline", str(elsewhere), cwd=repo).code == 0
    assert run("check", cwd=repo).code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_baseline_written_to_a_pipe_goes_through_it(
    repo: Path, run: Runner, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so a writer never blocks
    try:
        result = run("check", "--write-baseline", str(pipe), cwd=repo)
        written = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)  # not replaced by a file
    assert json.loads(written)["featuredoc-baseline"] == 1


def test_nothing_is_written_outside_the_root_through_a_link(
    repo: Path, run: Runner, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.json"
    (repo / BASELINE).symlink_to(outside)
    result = run("check", "--write-baseline", BASELINE, cwd=repo)
    assert result.code == 2
    assert "baseline not written: its real path" in result.err
    assert "is outside the workspace" in result.err
    assert not outside.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"featuredoc-baseline": 1,\n "findings": [}', "b.json:2:15: not valid JSON"),
        ('{"findings": []}', 'no "featuredoc-baseline" version'),
        ('{"featuredoc-baseline": 2, "findings": []}', "version 2 is not one this featuredoc"),
        (
            '{"featuredoc-baseline": 1, "findings": [{"path": "a", "code": "FD201", "count": 0}]}',
            "b.json: findings[0].count: must be a whole number of at least 1",
        ),
        (
            '{"featuredoc-baseline": 1, "findings": [{"path": "a", "code": 201}]}',
            "b.json: findings[0].code: must be a string",
        ),
        (
            '{"featuredoc-baseline": 1, "findings": [{"pth": "a"}]}',
            'findings[0]: unknown key "pth"',
        ),
        (b"\xff\xfe", "b.json: byte 0 is not UTF-8"),
        pytest.param("[" * 100_000, "b.json: not valid JSON: nested too deeply", id="deep"),
        pytest.param(
            '{"featuredoc-baseline": 1, "findings": [{"path": "a", "code": "FD201", "count": '
            + "9" * 5000
            + "}]}",
            "b.json:1:81: not valid JSON: a number of more than 100 digits",
            id="long-number",
        ),
    ],
)
def test_a_corrupt_baseline_is_an_error_with_its_place(
    repo: Path, run: Runner, content: str | bytes, message: str
) -> None:
    path = repo / "b.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run("check", "--baseline", "b.json", cwd=repo)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err, result.err
    assert result.err.count("\n") == 1  # one line, no traceback


def test_a_missing_or_unreadable_baseline_is_an_error(repo: Path, run: Runner) -> None:
    missing = run("check", "--baseline", "nowhere.json", cwd=repo)
    assert missing.code == 2
    assert "nowhere.json: cannot read the baseline (No such file or directory)" in missing.err
    folder = run("check", "--baseline", "docs", cwd=repo)
    assert folder.code == 2 and "docs: cannot read the baseline (not a regular file)" in folder.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--write-baseline", "b.json", "--diff"), "leave out --diff"),
        (("--write-baseline", "b.json", "--baseline", "b.json"), "leave out --baseline"),
        (("--new-only",), "--new-only needs --base REV"),
    ],
)
def test_options_that_do_not_go_together(
    repo: Path, run: Runner, argv: tuple[str, ...], message: str
) -> None:
    result = run("check", *argv, cwd=repo)
    assert result.code == 2
    assert message in result.err
    assert not (repo / "b.json").exists()


# ---- --new-only --------------------------------------------------------------------


def test_new_only_reports_the_changed_lines_only(repo: Path, run: Runner) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    edit(repo, "# Overview\n\n", "# Overview\n\nInserted.\n\n")  # moves both old findings
    edit(repo, "2024-01-10", "2024-13-10")  # a new FD402
    result = run("check", "--new-only", "--base", "main", "--format", "json", cwd=repo)
    assert result.code == 0, result.out + result.err  # a warning: below --fail-on error
    row = line_of(repo, "2024-13-10 1        Xen 4.19 Document written\n")
    assert found(result.out) == [(DOC.as_posix(), "FD402", row)]
    assert "2 findings on lines not changed since main not shown (--new-only)." in result.err
    everything = run("check", "--base", "main", "--format", "json", cwd=repo)
    assert len(found(everything.out)) == 3


def test_new_only_follows_a_renamed_file(repo: Path, run: Runner) -> None:
    renamed = DOC.with_name("ĝrant täble, renamed.pandoc")
    git(repo, "checkout", "-q", "-b", "topic")
    git(repo, "mv", str(DOC), str(renamed))
    edit(repo, "2024-01-10", "2024-13-10", renamed)
    git(repo, "commit", "-q", "-am", "Rename it")
    result = run("check", "--new-only", "--base", "main", "--format", "json", cwd=repo)
    assert [code for _, code, _ in found(result.out)] == ["FD402"]
    assert found(result.out)[0][0] == renamed.as_posix()


def test_new_only_reports_all_of_a_new_file(repo: Path, run: Runner) -> None:
    new = DOC.with_name("nöuveau.pandoc")
    (repo / new).write_text(BROKEN, encoding="utf-8")  # not even added to git
    result = run("check", "--new-only", "--base", "main", "--format", "json", cwd=repo)
    assert result.code == 1
    codes = {code for path, code, _ in found(result.out) if path == new.as_posix()}
    assert {"FD201", "FD402"} <= codes  # and FD604: a status new since main
    assert all(path == new.as_posix() for path, _, _ in found(result.out))


def test_new_only_reports_a_section_removed_where_it_was(repo: Path, run: Runner) -> None:
    edit(repo, "# Known issues\n\n* None.\n\n", "")
    result = run("check", "--new-only", "--base", "main", "--format", "json", cwd=repo)
    assert result.code == 1, result.out + result.err
    assert [code for _, code, _ in found(result.out)] == ["FD101"]


def test_new_only_reads_a_document_git_calls_binary_as_text(repo: Path, run: Runner) -> None:
    (repo / ".gitattributes").write_text("*.pandoc binary\n", encoding="utf-8")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "Documents are binary to git")
    edit(repo, "2024-01-10", "2024-13-10")  # a new FD402
    result = run("check", "--new-only", "--base", "main", "--format", "json", cwd=repo)
    row = line_of(repo, "2024-13-10 1        Xen 4.19 Document written\n")
    assert found(result.out) == [(DOC.as_posix(), "FD402", row)]


def test_new_only_with_an_unknown_revision_is_an_error(repo: Path, run: Runner) -> None:
    bad = run("check", "--new-only", "--base", "no-such-branch", cwd=repo)
    assert bad.code == 2 and "unknown revision 'no-such-branch'" in bad.err


# ---- Xen's own tree ------------------------------------------------------------------

BUNDLE = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "xen-releases.bundle"


@pytest.fixture
def xen(tmp_path: Path) -> Path:
    """Xen's master (the bundle's ``main``), cloned to a temporary folder."""
    if not BUNDLE.is_file():
        pytest.skip("the release bundle (../shared/corpus/xen-releases.bundle) is absent")
    clone = tmp_path / "xen"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(clone)], check=True)
    git(clone, "checkout", "-q", "main")
    return clone


def test_xen_adopts_the_gate_then_fails_on_a_new_misspelling(xen: Path, run: Runner) -> None:
    assert run("check", cwd=xen).code == 1  # day one: FD301 on every Supported document...
    assert run("check", "--write-baseline", BASELINE, cwd=xen).code == 0
    assert run("check", "--baseline", BASELINE, cwd=xen).code == 0  # ...adopted
    doc = Path("docs/features/sched_credit2.pandoc")
    edit(xen, "**Supported**", "**Supperted**", doc)
    row = line_of(xen, "         Status: **Supperted**\n", doc)
    result = run("check", "--baseline", BASELINE, "--format", "json", cwd=xen)
    assert result.code == 1, result.err
    assert found(result.out) == [(doc.as_posix(), "FD201", row)]
    assert "FD301" in result.err  # its missing sign-off is stale now: no longer Supported
    new_only = run("check", "--new-only", "--base", "HEAD", "--format", "json", cwd=xen)
    assert new_only.code == 1, new_only.err
    errors = [f for f in json.loads(new_only.out) if f["severity"] == "error"]
    assert [(f["code"], f["range"]["start"]["line"] + 1) for f in errors] == [("FD201", row)]


def test_with_diff_the_patch_stays_alone_on_standard_output(repo: Path, run: Runner) -> None:
    adopt(repo, run)
    result = run("check", "--baseline", BASELINE, "--diff", cwd=repo)
    assert result.out.startswith("--- a/")
    assert "in the baseline" not in result.out
    assert "findings in the baseline (.featuredoc-baseline.json) not shown" in result.err


def test_workers_give_the_same_baseline(repo: Path, run: Runner) -> None:
    for i in range(9):  # enough files for a pool when asked for one
        (repo / DOC.with_name(f"copy-{i}-é.pandoc")).write_text(BROKEN, encoding="utf-8")
    assert run("check", "--write-baseline", "one.json", "--jobs", "1", cwd=repo).code == 0
    assert run("check", "--write-baseline", "two.json", "--jobs", "2", cwd=repo).code == 0
    assert (repo / "one.json").read_bytes() == (repo / "two.json").read_bytes()
    assert '"context": "History"' in (repo / "two.json").read_text(encoding="utf-8")
    assert run("check", "--baseline", "one.json", "--jobs", "2", cwd=repo).code == 0
