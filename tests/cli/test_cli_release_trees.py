"""The real Xen release trees: one finding per cause.

Reads ``../shared/corpus/xen-releases.bundle`` (one commit per release) and
skips when it, or git, is absent. Each release is written out with ``git
archive`` and checked as a user would, ``featuredoc check --format json .``
at its top.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from cli_support import Runner

BUNDLE = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "xen-releases.bundle"
TREES = ("RELEASE-4.14.0", "RELEASE-4.18.0", "RELEASE-4.22.0", "main")
#: Section and title findings: a document not written from the template is one cause.
SECTION_FAMILY = frozenset({"FD101", "FD102", "FD103", "FD104", "FD110"})


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not BUNDLE.is_file() or shutil.which("git") is None:
        pytest.skip("the release bundle (../shared/corpus/xen-releases.bundle) or git is absent")
    clone = tmp_path_factory.mktemp("releases") / "xen"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(clone)], check=True)
    return clone


def _tree(releases: Path, rev: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(releases), "archive", rev], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


@pytest.mark.parametrize("rev", TREES)
def test_one_section_finding_per_document(
    releases: Path, rev: str, tmp_path: Path, run: Runner
) -> None:
    tree = _tree(releases, rev, tmp_path / rev)
    result = run("check", "--format", "json", ".", cwd=tree)
    findings = json.loads(result.out)
    family = Counter(f["path"] for f in findings if f["code"] in SECTION_FAMILY)
    assert family, "the trees have documents with missing sections"
    assert max(family.values()) == 1, family
    # dom0less has no template at all: one FD101 naming all ten sections, no FD110
    dom0less = [f for f in findings if f["path"].endswith("dom0less.pandoc")]
    assert [f["code"] for f in dom0less if f["code"] in SECTION_FAMILY] == ["FD101"]


def _tags(releases: Path) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(releases), "tag"], check=True, capture_output=True, text=True
    ).stdout
    return sorted(out.split())


def test_every_support_md_named_otherwise_is_checked_as_one(
    releases: Path, workspace: Path, run: Runner
) -> None:
    checked = 0
    for tag in _tags(releases):
        shown = subprocess.run(
            ["git", "-C", str(releases), "show", f"{tag}:SUPPORT.md"], capture_output=True
        )
        if shown.returncode != 0:
            continue  # before 4.10
        (workspace / "old_SUPPORT.md").write_bytes(shown.stdout)
        result = run("check", "--format", "json", "old_SUPPORT.md", cwd=workspace)
        codes = {f["code"] for f in json.loads(result.out)}
        assert not {c for c in codes if c[:3] in ("FD1", "FD2", "FD3", "FD4")}, (tag, codes)
        checked += 1
    assert checked >= 13
