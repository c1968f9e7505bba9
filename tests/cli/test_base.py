"""``featuredoc check --base REV``: statuses compared with a git revision (FD603, FD604)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import Runner, feature_doc

from git_support import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DOC = Path("docs/features/gnttab.pandoc")
ROW2 = "2025-03-04 2        Xen 4.20 Declared supported\n"


def tech_preview() -> str:
    """The document before the change: Tech Preview, one History row, no sign-off."""
    text = feature_doc("Tech Preview").replace(ROW2, "").replace("% Revision 2", "% Revision 1")
    return "".join(line for line in text.splitlines(True) if "Security sign-off" not in line)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose ``main`` has the document at Tech Preview, on branch ``raise``."""
    (tmp_path / DOC.parent).mkdir(parents=True)
    (tmp_path / DOC).write_text(tech_preview(), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Grant table v3 as a tech preview")
    git(tmp_path, "checkout", "-q", "-b", "raise")
    return tmp_path


def raise_to_supported(repo: Path, signoff_date: str) -> None:
    text = feature_doc("Supported", "2025-06-01").replace(
        "jane.doe@example.org>, 2025-03-04", f"jane.doe@example.org>, {signoff_date}"
    )
    (repo / DOC).write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Declare grant table v3 supported")


def test_raised_without_a_fresh_signoff_fails(repo: Path, run: Runner) -> None:
    raise_to_supported(repo, signoff_date="2024-12-01")  # an old sign-off, before the History row
    result = run("check", "--base", "main", cwd=repo)
    assert result.code == 1, result.out + result.err
    assert "FD603" in result.out
    assert "Status raised from 'Tech Preview' to 'Supported' since main" in result.out
    assert "FD604" in result.out  # the change itself, for the reviewer


def test_raised_with_a_signoff_on_the_history_date_passes(repo: Path, run: Runner) -> None:
    raise_to_supported(repo, signoff_date="2025-06-01")
    result = run("check", "--base", "main", cwd=repo)
    assert result.code == 0, result.out + result.err
    assert "FD603" not in result.out
    assert "FD604" in result.out  # information: does not fail the check


def test_then_fixing_the_signoff_turns_the_check_green(repo: Path, run: Runner) -> None:
    raise_to_supported(repo, signoff_date="2024-12-01")
    assert run("check", "--base", "main", cwd=repo).code == 1
    path = repo / DOC
    path.write_text(
        path.read_text(encoding="utf-8").replace(", 2024-12-01", ", 2025-06-02"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "Sign-off by the security team")
    result = run("check", "--base", "main", cwd=repo)
    assert result.code == 0, result.out + result.err


def test_without_base_nothing_is_compared(repo: Path, run: Runner) -> None:
    raise_to_supported(repo, signoff_date="2024-12-01")
    result = run("check", cwd=repo)
    assert "FD603" not in result.out and "FD604" not in result.out


def test_a_document_new_since_base_had_no_status(repo: Path, run: Runner) -> None:
    new = repo / "docs/features/new.pandoc"
    new.write_text(
        feature_doc("Supported", "2025-06-01").replace(", 2025-03-04", ", 2024-12-01"),
        encoding="utf-8",
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "A new feature, supported at once")
    result = run("check", "--base", "main", "--format", "json", cwd=repo)
    assert result.code == 1
    raised = [f for f in json.loads(result.out) if f["code"] in ("FD603", "FD604")]
    assert [(f["path"], f["code"]) for f in raised] == [
        ("docs/features/new.pandoc", "FD603"),
        ("docs/features/new.pandoc", "FD604"),
    ]
    assert "Status raised from no status to 'Supported' since main" in raised[0]["message"]


def test_an_unknown_revision_is_one_line_and_exit_2(repo: Path, run: Runner) -> None:
    result = run("check", "--base", "no-such-branch", cwd=repo)
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().splitlines() == [
        "featuredoc check: error: unknown revision 'no-such-branch' "
        "(with a shallow clone, fetch it first)"
    ]


def test_a_repository_without_commits_says_so(tmp_path: Path, run: Runner) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / DOC.parent).mkdir(parents=True)
    (tmp_path / DOC).write_text(feature_doc(), encoding="utf-8")
    for argv in (["check", "--base", "HEAD"], ["check", "--new-only", "--base", "HEAD"]):
        result = run(*argv, cwd=tmp_path)
        assert result.code == 2
        assert result.err.strip().splitlines() == [
            "featuredoc check: error: unknown revision 'HEAD': the repository has no commits yet"
        ]


def test_a_revision_that_looks_like_an_option_is_refused(repo: Path, run: Runner) -> None:
    result = run("check", "--base=--output=/tmp/x", cwd=repo)
    assert result.code == 2
    assert "is not a revision featuredoc accepts" in result.err


def test_outside_a_repository_is_exit_2(tmp_path: Path, run: Runner) -> None:
    (tmp_path / ".featuredoc.yaml").write_text("include: ['*.pandoc']\n", encoding="utf-8")
    (tmp_path / "a.pandoc").write_text(feature_doc(), encoding="utf-8")
    result = run("check", "--base", "main", cwd=tmp_path)
    assert result.code == 2
    assert "not inside a git repository" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_standard_input_whose_base_git_cannot_show_is_an_error(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, run: Runner
) -> None:
    """A file git cannot show (a link out of the repository) is reported for standard
    input as for a named file, not checked as if there were no findings."""
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x.pandoc"
    elsewhere.write_text(tech_preview(), encoding="utf-8")
    (repo / "docs" / "features" / "link.pandoc").symlink_to(elsewhere)
    text = feature_doc("Supported").encode("utf-8")
    named = run("check", "--base", "main", "docs/features/link.pandoc", cwd=repo)
    piped = run(
        "check", "--base", "main", "--stdin-filename", "docs/features/link.pandoc",
        cwd=repo, stdin=text,
    )  # fmt: skip
    assert named.code == piped.code == 2
    assert "outside the repository" in named.err
    assert piped.err == named.err
    assert piped.out == named.out == ""
    fixed = run(
        "check", "--fix", "--base", "main", "--stdin-filename", "docs/features/link.pandoc",
        cwd=repo, stdin=text,
    )  # fmt: skip
    assert fixed.code == 2
    assert fixed.out == text.decode("utf-8")  # the document as it came, not nothing
