"""A status raised in SUPPORT.md, checked with ``--base`` (FD602, FD605, FD606).

In Xen, status changes are made in SUPPORT.md. Raising ``RTDS based
Scheduler`` to Supported there must be reported: on the feature document
that now disagrees (FD602, the SUPPORT.md line as its related place), and
on SUPPORT.md, because the linked document has no security sign-off
(FD605). The SUPPORT.md line itself, being the source of truth, gets no
FD602.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import Runner
from test_base import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SUPPORT = """# Support statement

## Resource Management

### Credit2 Scheduler

    Status: Supported

### RTDS based Scheduler

    Status: Experimental
"""

RTDS = """% RTDS Scheduler
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Experimental**
      Component: Hypervisor — ordonnanceur temps réel
---------------- ----------------------------------------------------

# Overview

RTDS is a real-time scheduler.
"""

SIGNED = RTDS.replace(
    "         Status: **Experimental**\n",
    "         Status: **Supported**\n"
    "Security sign-off: Jane Doe <jane.doe@example.org>, 2025-06-01\n",
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main`` with RTDS Experimental on both sides, on branch ``raise``."""
    (tmp_path / "docs" / "features").mkdir(parents=True)
    (tmp_path / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (tmp_path / "docs" / "features" / "sched_rtds.pandoc").write_text(RTDS, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "RTDS is experimental")
    git(tmp_path, "checkout", "-q", "-b", "raise")
    return tmp_path


def raise_in_support(repo: Path, entry: str = "RTDS based Scheduler") -> None:
    path = repo / "SUPPORT.md"
    text = path.read_text(encoding="utf-8")
    head, _, tail = text.partition(f"### {entry}\n")
    tail = tail.replace("Status: Experimental", "Status: Supported", 1)
    path.write_text(f"{head}### {entry}\n{tail}", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Declare RTDS supported")


def findings(repo: Path, run: Runner, *args: str) -> list[dict[str, object]]:
    result = run("check", *args, "--format", "json", cwd=repo)
    assert result.code in (0, 1), result.out + result.err
    found: list[dict[str, object]] = json.loads(result.out)
    return [f for f in found if str(f["code"]).startswith("FD6")]


def test_raising_rtds_in_support_md_is_reported(repo: Path, run: Runner) -> None:
    raise_in_support(repo)
    found = findings(repo, run, "--base", "main")
    assert sorted((f["path"], f["code"]) for f in found) == [
        ("SUPPORT.md", "FD605"),
        ("SUPPORT.md", "FD606"),
        ("docs/features/sched_rtds.pandoc", "FD602"),
    ]
    fd605 = next(f for f in found if f["code"] == "FD605")
    assert fd605["range"]["start"] == {"line": 10, "character": 12}  # type: ignore[index]
    assert "raised from 'Experimental' since main" in str(fd605["message"])
    [related] = fd605["related"]  # type: ignore[misc]
    assert related["path"] == "docs/features/sched_rtds.pandoc"
    assert related["range"]["start"] == {"line": 5, "character": 19}
    fd602 = next(f for f in found if f["code"] == "FD602")
    assert fd602["related"][0]["path"] == "SUPPORT.md"  # type: ignore[index]


def test_without_base_the_disagreement_is_one_finding_on_the_feature_document(
    repo: Path, run: Runner
) -> None:
    raise_in_support(repo)
    found = findings(repo, run)
    assert [(f["path"], f["code"]) for f in found] == [("docs/features/sched_rtds.pandoc", "FD602")]


def test_a_signed_off_feature_document_passes(repo: Path, run: Runner) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "docs" / "features" / "sched_rtds.pandoc").write_text(SIGNED, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "RTDS signed off by the security team")
    git(repo, "checkout", "-q", "-b", "signed")
    raise_in_support(repo)
    found = findings(repo, run, "--base", "main")
    assert [(f["path"], f["code"]) for f in found] == [("SUPPORT.md", "FD606")]


def test_a_raise_under_an_entry_without_a_document_is_shown_not_failed(
    repo: Path, run: Runner
) -> None:
    path = repo / "SUPPORT.md"
    path.write_text(
        SUPPORT.replace("    Status: Supported\n", "    Status: Experimental\n"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "Credit2 back to experimental")
    git(repo, "checkout", "-q", "-b", "again")
    raise_in_support(repo, "Credit2 Scheduler")
    found = findings(repo, run, "--base", "raise")
    assert [(f["path"], f["code"]) for f in found] == [("SUPPORT.md", "FD606")]


def test_the_corpus_raise_of_rtds(corpus: Path, tmp_path: Path, run: Runner) -> None:
    """The real SUPPORT.md and sched_rtds.pandoc: RTDS raised in SUPPORT.md only."""
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    for path in corpus.glob("*.pandoc"):
        shutil.copy(path, features / path.name)
    shutil.copy(corpus / "SUPPORT.md", tmp_path / "SUPPORT.md")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Xen as it is")
    git(tmp_path, "checkout", "-q", "-b", "raise")
    before = {(f["path"], f["code"], f["message"]) for f in findings(tmp_path, run)}
    raise_in_support(tmp_path)
    after = findings(tmp_path, run, "--base", "main")
    new = [f for f in after if (f["path"], f["code"], f["message"]) not in before]
    assert sorted((f["path"], f["code"]) for f in new) == [
        ("SUPPORT.md", "FD605"),
        ("SUPPORT.md", "FD606"),
        ("docs/features/sched_rtds.pandoc", "FD602"),
    ]
