"""Which files are documents, and where the workspace root is: each decided in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.engine import document_kind
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.workspace.files import discover, find_root, marked_root
from featuredoc.workspace.index import WorkspaceIndex

FEATURE, SUPPORT = DocumentKind.FEATURE, DocumentKind.SUPPORT


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("SUPPORT.md", SUPPORT),
        ("./SUPPORT.md", SUPPORT),
        ("docs/features/livepatch.pandoc", FEATURE),
        ("docs\\features\\livepatch.pandoc", FEATURE),
        ("./docs/features/dom0less.md", FEATURE),
        ("docs/features/template.pandoc", None),  # excluded by default
        ("README.md", None),
        ("CHANGELOG.md", None),
        ("docs/misc/xen-command-line.pandoc", None),
        ("docs/SUPPORT.md", None),  # not the workspace's support file
        ("livepatch.pandoc", None),
    ],
)
def test_classify_knows_only_the_configured_documents(rel: str, kind: DocumentKind | None) -> None:
    assert Config().classify(rel) is kind


def test_classify_follows_the_settings() -> None:
    config = Config(include=["*.pandoc"], exclude=["template.pandoc"], support_file="doc/SUP.md")
    assert config.classify("sched_rtds.pandoc") is FEATURE
    assert config.classify("template.pandoc") is None
    assert config.classify("doc/SUP.md") is SUPPORT
    assert config.classify("SUPPORT.md") is None
    excluded = Config(exclude=["SUPPORT.md"])
    assert excluded.classify("SUPPORT.md") is None  # an exclude glob wins


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("CHANGELOG.md", FEATURE),  # named on the command line: checked anyway
        ("docs/features/template.pandoc", FEATURE),
        ("old/SUPPORT.md", SUPPORT),  # named like the support file
        ("/abs/xen/SUPPORT.md", SUPPORT),
        ("-", FEATURE),
        ("SUPPORT.md", SUPPORT),
    ],
)
def test_kind_of_a_document_checked_whatever_its_name(path: str, kind: DocumentKind) -> None:
    assert Config().kind_of(path) is kind
    assert document_kind(path, Config()) is kind  # the engine asks the same place


# ---- the root ----------------------------------------------------------------------


def test_root_markers(tmp_path: Path) -> None:
    for marker, make in [
        (".featuredoc.yaml", lambda p: p.write_text("rules: {}\n")),
        (".git", lambda p: p.mkdir()),
        ("SUPPORT.md", lambda p: p.write_text("# Support\n")),
        ("docs/features", lambda p: p.mkdir(parents=True)),
    ]:
        tree = tmp_path / marker.replace("/", "_")
        start = tree / "a" / "b"
        start.mkdir(parents=True)
        make(tree / marker)
        assert find_root(start) == tree.resolve(), marker
        assert marked_root(start / "file.pandoc") == tree.resolve(), marker


def test_git_worktree_file_counts_as_git(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: /elsewhere\n")
    (tmp_path / "sub").mkdir()
    assert find_root(tmp_path / "sub") == tmp_path.resolve()


def test_the_nearest_marked_folder_wins(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    corpus = tmp_path / "shared" / "corpus" / "xen"
    corpus.mkdir(parents=True)
    (corpus / "SUPPORT.md").write_text("# Support\n")
    (corpus / "livepatch.pandoc").write_text("% Live Patching\n")
    assert find_root(corpus / "livepatch.pandoc") == corpus.resolve()
    assert find_root(tmp_path / "shared") == tmp_path.resolve()


def test_a_file_named_like_a_folder_marker_is_not_one(tmp_path: Path) -> None:
    if marked_root(tmp_path) is not None:
        pytest.skip("a folder above the temporary folder looks like a workspace root")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "features").write_text("not a folder\n")
    (tmp_path / "sub" / "SUPPORT.md").mkdir(parents=True)  # a folder, not the file
    assert marked_root(tmp_path / "sub") is None


def test_no_marker_falls_back_to_the_current_directory(tmp_path: Path) -> None:
    if marked_root(tmp_path) is not None:
        pytest.skip("a folder above the temporary folder looks like a workspace root")
    start = tmp_path / "loose" / "notes"
    start.mkdir(parents=True)
    here = tmp_path / "here"
    here.mkdir()
    assert marked_root(start) is None
    assert find_root(start, cwd=here) == here.resolve()


def test_the_configured_support_file_marks_the_root(tmp_path: Path) -> None:
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "SUP.md").write_text("# Support\n")
    (tmp_path / "sub").mkdir()
    assert marked_root(tmp_path / "sub", support_file="doc/SUP.md") == tmp_path.resolve()
    assert marked_root(tmp_path / "sub") is None


# ---- scanning -------------------------------------------------------------------------


def xen_tree(root: Path) -> Path:
    """A Xen-like tree without .git: only SUPPORT.md and docs/features/*.pandoc are documents."""
    (root / "docs" / "features").mkdir(parents=True)
    (root / "docs" / "misc").mkdir()
    (root / "SUPPORT.md").write_text("# Support statement\n")
    (root / "README.md").write_text("# Xen\n\nThe Xen hypervisor.\n")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [4.20.0]\n\n### Added\n")
    (root / "docs" / "features" / "livepatch.pandoc").write_text("% Live Patching\n")
    (root / "docs" / "features" / "dom0less.md").write_text("% Dom0less\n")
    (root / "docs" / "features" / "template.pandoc").write_text("% Template\n")
    (root / "docs" / "misc" / "xen-command-line.pandoc").write_text("% Command line\n")
    return root


def test_scanning_the_root_finds_only_documents(tmp_path: Path) -> None:
    root = xen_tree(tmp_path)
    found, problems = discover([root], root, Config())
    rels = sorted(d.path.relative_to(root).as_posix() for d in found)
    assert problems == []
    assert rels == ["SUPPORT.md", "docs/features/dom0less.md", "docs/features/livepatch.pandoc"]


def test_scanning_a_subfolder_classifies_relative_to_the_root(tmp_path: Path) -> None:
    root = xen_tree(tmp_path)
    found, _ = discover([root / "docs"], root, Config())
    assert sorted(d.path.name for d in found) == ["dom0less.md", "livepatch.pandoc"]


def test_a_named_file_is_checked_whatever_its_name(tmp_path: Path) -> None:
    root = xen_tree(tmp_path)
    found, _ = discover([root / "CHANGELOG.md"], root, Config())
    assert [(d.path.name, d.explicit) for d in found] == [("CHANGELOG.md", True)]


def test_the_index_holds_only_documents(tmp_path: Path) -> None:
    root = xen_tree(tmp_path)
    index = WorkspaceIndex(root, Config())
    index.scan()
    assert sorted(Path(p).relative_to(root.resolve()).as_posix() for p in index.paths()) == [
        "SUPPORT.md",
        "docs/features/dom0less.md",
        "docs/features/livepatch.pandoc",
    ]
    assert not index.wants(root / "CHANGELOG.md")
    assert index.kind(root / "SUPPORT.md") is SUPPORT
    assert index.kind(root / "docs" / "features" / "livepatch.pandoc") is FEATURE
    assert index.kind(tmp_path.parent / "elsewhere.pandoc") is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/storm/docs/features/storm.pandoc", FEATURE),
        ("/tmp/my docs/docs/features/a b.md", FEATURE),
        ("/srv/xen/SUPPORT.md", SUPPORT),
        ("/srv/xen/README.md", None),
        ("/srv/xen/docs/misc/efi.pandoc", None),
        ("/srv/xen/docs/features/template.pandoc", None),
        ("C:\\xen\\docs\\features\\livepatch.pandoc", FEATURE),
    ],
)
def test_a_file_with_no_root_is_classified_by_the_end_of_its_path(
    path: str, kind: DocumentKind | None
) -> None:
    assert Config().classify_anywhere(path) is kind


def test_no_root_and_an_exclude_anywhere_in_the_tail_is_nothing() -> None:
    config = Config(include=["*.pandoc"], exclude=["template.pandoc"])
    assert config.classify_anywhere("/x/y/template.pandoc") is None
    assert config.classify_anywhere("/x/y/livepatch.pandoc") is FEATURE


# ---- a SUPPORT.md by its content, and .markdown feature documents ----------------

SUPPORT_TEXT = """\
% Support statement for this release — «Übersicht»

# Release Support

    Xen-Version: 4.99
    Security-Support-Until: 2030-01-01

# Feature Support

### Widget

    Status: Supported
"""

FRAGMENTS_ONLY = """\
# Features

### A

    Status: Supported

### B

    Status, x86: Tech Preview
    Status, Arm: Experimental
"""


def test_a_support_md_is_told_by_its_content() -> None:
    from featuredoc.model.sniff import looks_like_support

    assert looks_like_support(SUPPORT_TEXT)  # the release block
    assert looks_like_support(FRAGMENTS_ONLY)  # three status lines
    assert looks_like_support(FRAGMENTS_ONLY.replace("\n", "\r\n"))
    # two status lines are not enough to tell
    assert not looks_like_support(FRAGMENTS_ONLY.split("### B")[0] + "    Status: Supported\n")


@pytest.mark.parametrize(
    "text",
    [
        # a feature document: a Basics section, whatever else it holds
        "% X\n% Revision 1\n\n# Basics\n---- ----\n    Status: **Supported**\n---- ----\n"
        + FRAGMENTS_ONLY,
        "X\n=\n\nBasics\n------\n\n" + FRAGMENTS_ONLY,
        # examples of SUPPORT.md in a fenced code block
        "# How to write SUPPORT.md\n\n```\n" + SUPPORT_TEXT + "```\n",
        "",
    ],
)
def test_a_feature_document_is_not_taken_for_a_support_md(text: str) -> None:
    from featuredoc.model.sniff import looks_like_support

    assert not looks_like_support(text)


def test_kind_of_a_named_file_goes_by_content_only_when_given_it() -> None:
    config = Config()
    assert config.kind_of("old_SUPPORT.md", SUPPORT_TEXT) is SUPPORT
    assert config.kind_of("docs/features/old_SUPPORT.md", SUPPORT_TEXT) is SUPPORT
    assert config.kind_of("docs/features/old_SUPPORT.md") is FEATURE  # by path alone
    assert config.kind_of("old_SUPPORT.md", "# Basics\n") is FEATURE
    # what folder scans ask: the path only
    assert config.classify("docs/features/old_SUPPORT.md") is FEATURE


def test_markdown_is_a_feature_document_extension(tmp_path: Path) -> None:
    assert Config().classify("docs/features/dom0less.markdown") is FEATURE
    root = xen_tree(tmp_path)
    (root / "docs" / "features" / "dom0less.markdown").write_text("Dom0less\n========\n")
    found, _ = discover([root], root, Config())
    assert root / "docs" / "features" / "dom0less.markdown" in {d.path for d in found}
