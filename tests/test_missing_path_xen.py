"""FD701 on Xen's own history: the path Xen fixed by hand is caught in the release before.

Xen 4.18 changed `docs/misc/xen-command-line.markdown` to `.pandoc` in
sched_credit2.pandoc (the file had been renamed long before). The release
bundle holds only documentation, so the tree is the release's own files
plus the file the fix names. On the bundle's trees as they are, FD701 and
FD702 find nothing: a folder the tree does not hold is never reported.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding
from featuredoc.model.inputs import Inputs
from featuredoc.model.tree import TreeListing

BUNDLE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "xen-releases.bundle"
ROOT = "/xen"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not BUNDLE.is_file():
        pytest.skip(f"no release bundle at {BUNDLE}")
    target = tmp_path_factory.mktemp("xen") / "xen-releases.git"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(BUNDLE), str(target)], check=True, capture_output=True
    )
    return target


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _files(repo: Path, rev: str) -> list[str]:
    return _git(repo, "ls-tree", "-r", "--name-only", rev).split()


def _check(repo: Path, rev: str, path: str, tree: TreeListing) -> list[Finding]:
    text = _git(repo, "show", f"{rev}:{path}")
    found = check(
        text, f"{ROOT}/{path}", Config(), kind=DocumentKind.FEATURE, inputs=Inputs(tree=tree)
    )
    return [f for f in found if f.code in ("FD701", "FD702")]


def test_the_renamed_command_line_document_is_caught_before_the_fix(repo: Path) -> None:
    doc = "docs/features/sched_credit2.pandoc"
    fixed = "docs/misc/xen-command-line.pandoc"
    tree = TreeListing.of(ROOT, [*_files(repo, "RELEASE-4.17.0"), fixed])
    (finding,) = _check(repo, "RELEASE-4.17.0", doc, tree)
    assert finding.code == "FD701"
    assert "'docs/misc/xen-command-line.markdown' is not in the tree" in finding.message
    (fix,) = finding.fixes
    assert [e.new_text for e in fix.edits] == [fixed]
    # the release that fixed it: nothing left
    tree = TreeListing.of(ROOT, [*_files(repo, "RELEASE-4.18.0"), fixed])
    assert _check(repo, "RELEASE-4.18.0", doc, tree) == []


def test_nothing_on_any_release_tree_as_it_is(repo: Path) -> None:
    revs = _git(repo, "tag", "--list", "RELEASE-*").split() + ["main"]
    assert len(revs) >= 17
    for rev in revs:
        files = _files(repo, rev)
        tree = TreeListing.of(ROOT, files)
        for path in files:
            if path.startswith("docs/features/") and path.endswith(".pandoc"):
                assert _check(repo, rev, path, tree) == [], (rev, path)
