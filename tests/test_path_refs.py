"""Paths and links a document writes, the tree's listing, and what FD701/FD702 report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from featuredoc.analysis.path_refs import (
    RefKind,
    State,
    closest,
    heading_anchors,
    path_references,
    relative_path,
    replacement,
    resolve,
)
from featuredoc.engine import check, parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Span
from featuredoc.model.tree import TreeListing, expand, normalise
from featuredoc.workspace import tree as tree_module
from featuredoc.workspace.inputs import rule_inputs
from featuredoc.workspace.tree import tree_listing

ROOT = "/ws"
DOC = "/ws/docs/features/crédit2.pandoc"
TREE = TreeListing.of(
    ROOT,
    [
        "docs/features/crédit2.pandoc",
        "docs/features/template.pandoc",
        "docs/misc/xen-command-line.pandoc",
        "docs/misc/Crédit2 🚀.txt",
        "xen/common/sched_credit2.c",
        "tools/libs/light/libxl_stream_read.c",
    ],
)


def _doc(text: str, path: str = DOC) -> object:
    return parse(text, path, Config(), DocumentKind.FEATURE)


def test_references_with_exact_code_point_spans_in_crlf_text() -> None:
    text = (
        "% Crédit2 🚀 Scheduler\r\n\r\n"
        "Voir 🚀 `docs/misc/xen-command-line.markdown` et xen/common/sched_credit2.c.\r\n"
        "[le modèle 🚀](template.pandoc#known-issues) [ici](#basics) [web](https://x.org/a/b)\r\n"
    )
    refs = path_references(_doc(text))  # type: ignore[arg-type]
    assert [(r.kind, r.path, r.span, r.anchor, r.anchor_span) for r in refs] == [
        (RefKind.CODE, "docs/misc/xen-command-line.markdown", Span.on_line(2, 8, 43), None, None),
        (RefKind.BARE, "xen/common/sched_credit2.c", Span.on_line(2, 48, 74), None, None),
        (
            RefKind.LINK,
            "template.pandoc",
            Span.on_line(3, 14, 29),
            "known-issues",
            Span.on_line(3, 30, 42),
        ),
        (RefKind.LINK, "", Span.on_line(3, 50, 50), "basics", Span.on_line(3, 51, 57)),
    ]


def test_words_examples_and_code_are_not_paths() -> None:
    text = (
        "`xl.cfg`, and/or x86/ARM, /path/to/file, `path/to/x.img`, `<dom>/name`\n\n"
        "    xen/common/missing.c\n\n"
        "<!-- xen/common/missing.c -->\n"
    )
    assert path_references(_doc(text)) == []  # type: ignore[arg-type]


def test_resolution_from_root_then_from_the_document_folder() -> None:
    doc = _doc("`docs/misc/xen-command-line.markdown` `template.pandoc/` [t](template.pandoc)\n")
    code, link = path_references(doc)  # type: ignore[arg-type]
    missing = resolve(code, DOC, TREE)
    assert missing.state is State.MISSING
    assert missing.suggestion == "docs/misc/xen-command-line.pandoc"
    assert replacement(code, missing.path or "", missing.suggestion) == (
        "docs/misc/xen-command-line.pandoc"
    )
    assert resolve(link, DOC, TREE).path == "docs/features/template.pandoc"


def test_a_folder_the_tree_lacks_is_not_checked() -> None:
    doc = _doc("`tools/libxc/xc_sr_*.[hc]` `docs/man/xl.1` `tools/libs/light/x.c`\n")
    states = [resolve(r, DOC, TREE).state for r in path_references(doc)]  # type: ignore[arg-type]
    assert states == [State.UNCHECKED, State.UNCHECKED, State.MISSING]


def test_globs_and_alternatives() -> None:
    assert expand("a/{b,c}/d{1,2}") == ["a/b/d1", "a/b/d2", "a/c/d1", "a/c/d2"]
    assert TREE.exists("xen/common/*.c")
    assert not TREE.exists("xen/common/*.h")
    assert TREE.exists("tools/libs/light/libxl_stream_{read}.c")
    assert not TREE.exists("tools/libs/light/libxl_stream_{read,write}.c")
    assert TREE.exists("docs/misc/Crédit2 🚀.txt")


def test_a_glob_in_a_huge_folder_compares_only_the_names_it_may_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fnmatch

    big = TreeListing.of(ROOT, [f"xen/big/fïle{i}.c" for i in range(20_000)])
    compared: list[str] = []
    real = fnmatch.fnmatchcase

    def counted(name: str, pattern: str) -> bool:
        compared.append(name)
        return real(name, pattern)

    monkeypatch.setattr(fnmatch, "fnmatchcase", counted)
    alternatives = ",".join(f"v{i}" for i in range(64))
    for _ in range(3):  # the editor asks again on every check
        assert not big.exists(f"xen/big/gone_{{{alternatives}}}*.[hc]")
        assert big.exists("xen/big/fïle1999*.c")
        assert not big.exists("xen/big/*.h")
    assert big.exists("xen/big/fïle7.[ch]") and not big.exists("xen/big/fïle7.[h]")
    # 64 alternatives found nothing to compare; fïle1999*: 11 names; *.h: the folder, once
    assert len(compared) <= 20_000 + 100


def test_closest_needs_one_clear_candidate() -> None:
    tree = TreeListing.of(ROOT, ["d/a.md", "d/a.pandoc", "d/crédit2-🚀.txt", "d/other.txt"])
    assert closest(tree, "d/a.txt") is None  # two names with that stem
    assert closest(tree, "d/crédit-🚀.txt") == "d/crédit2-🚀.txt"
    assert closest(tree, "d/unrelated.c") is None


def test_normalise_and_relative_paths() -> None:
    assert normalise("./a//b/../c") == "a/c"
    assert normalise("../a") is None
    assert relative_path("/ws/docs/x.pandoc", "/ws") == "docs/x.pandoc"
    assert relative_path("/elsewhere/x.pandoc", "/ws") is None
    assert relative_path("docs\\x.pandoc", "/ws") == "docs/x.pandoc"


def test_heading_anchors_as_pandoc_makes_them() -> None:
    doc = _doc("# Crédit2 🚀 Scheduler\r\n\r\n# Notes\r\n\r\n# Notes\r\n\r\n# Own {#mine}\r\n")
    assert heading_anchors(doc) == {  # type: ignore[arg-type]
        "crédit2-scheduler": 0,
        "notes": 1,
        "notes-1": 2,
        "mine": 3,
    }


def test_rules_report_with_fixes_and_stay_quiet_without_a_tree() -> None:
    text = "% Crédit2 🚀\r\n\r\nSee `docs/misc/xen-command-line.markdown` and [x](#crédit2-🚀-sheduler).\r\n\r\n# Crédit2 🚀 Scheduler\r\n"
    found = check(text, DOC, Config(), kind=DocumentKind.FEATURE, inputs=Inputs(tree=TREE))
    ours = {f.code: f for f in found if f.code in ("FD701", "FD702")}
    assert ours["FD701"].span == Span.on_line(2, 5, 40)
    assert ours["FD702"].span == Span.on_line(2, 51, 69)
    assert [e.new_text for e in ours["FD702"].fixes[0].edits] == ["crédit2-scheduler"]
    quiet = check(text, DOC, Config(), kind=DocumentKind.FEATURE, inputs=Inputs())
    assert [f.code for f in quiet if f.code == "FD701"] == []


def test_a_link_is_url_escaped_as_pandoc_and_browsers_read_it() -> None:
    """``%20`` is a blank: the only way to link a file whose name has one."""
    text = (
        "% Crédit2 🚀\r\n\r\n"
        "[a](../misc/Cr%C3%A9dit2%20%F0%9F%9A%80.txt) [b](#cr%C3%A9dit2-scheduler) "
        "[c](../misc/Cr%C3%A9dit2%20%F0%9F%9A%80.tx)\r\n\r\n# Crédit2 Scheduler\r\n"
    )
    refs = path_references(_doc(text))  # type: ignore[arg-type]
    assert [(r.path, r.anchor) for r in refs] == [
        ("../misc/Crédit2 🚀.txt", None),
        ("", "crédit2-scheduler"),
        ("../misc/Crédit2 🚀.tx", None),
    ]
    line = text.split("\r\n")[2]
    written = "../misc/Cr%C3%A9dit2%20%F0%9F%9A%80.txt"
    assert refs[0].span == Span.on_line(2, 4, 4 + len(written))  # what is written
    found = check(text, DOC, Config(), kind=DocumentKind.FEATURE, inputs=Inputs(tree=TREE))
    ours = [f for f in found if f.code in ("FD701", "FD702")]
    assert [(f.code, f.span.start.column) for f in ours] == [("FD701", line.index("[c]") + 4)]
    assert ours[0].message.startswith("'../misc/Cr%C3%A9dit2%20%F0%9F%9A%80.tx' is not in the tree")
    assert "did you mean 'docs/misc/Crédit2 🚀.txt'?" in ours[0].message
    assert ours[0].fixes == []  # a blank written into the link would break it


def test_the_listing_follows_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tree_module, "FRESH_FOR", 0.0)  # look at the folders every time
    (tmp_path / "docs" / "misc").mkdir(parents=True)
    (tmp_path / "docs" / "misc" / "a 🚀.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    os.symlink(outside, tmp_path / "linked")
    listing = tree_listing(tmp_path)
    assert listing is not None
    assert listing.files == {"docs/misc/a 🚀.txt"}
    assert listing.exists("linked/anything.c")  # a linked folder is not listed: anything may be
    assert tree_listing(tmp_path) is listing  # nothing changed: the same listing
    (tmp_path / "docs" / "misc" / "b.txt").write_text("x")
    again = tree_listing(tmp_path)
    assert again is not None and "docs/misc/b.txt" in again.files
    assert rule_inputs("docs/x.pandoc", Config(), root=tmp_path).listing() == again
    assert rule_inputs("docs/x.pandoc", Config()).listing() is None


def test_a_fresh_listing_is_used_without_looking_at_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor asks on every keystroke: within FRESH_FOR the folders are not looked at."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("x")
    clock = [1000.0]
    monkeypatch.setattr(tree_module.time, "monotonic", lambda: clock[0])
    listing = tree_listing(tmp_path)
    assert listing is not None
    (tmp_path / "docs" / "b ü.txt").write_text("x")
    clock[0] += tree_module.FRESH_FOR / 2
    assert tree_listing(tmp_path) is listing  # not looked at again yet
    clock[0] += tree_module.FRESH_FOR
    again = tree_listing(tmp_path)
    assert again is not None and "docs/b ü.txt" in again.files


def test_the_tree_is_listed_only_for_a_document_that_names_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `featuredoc check` in a large tree walks it only when a path is to be looked up."""
    (tmp_path / "docs").mkdir()
    walks: list[str] = []
    real_walk = tree_module._walk

    def counted(root: str) -> object:
        walks.append(root)
        return real_walk(root)

    monkeypatch.setattr(tree_module, "_walk", counted)
    monkeypatch.setattr(tree_module, "_cache", {})
    inputs = rule_inputs("docs/x.pandoc", Config(), root=tmp_path)
    no_paths = "% Grüße\n% Revision 1\n\n# Overview\n\nNo path here.\n"
    check(no_paths, "docs/x.pandoc", Config(), inputs=inputs)
    assert walks == []
    with_path = no_paths + "\nSee `docs/verloren-ü.pandoc`.\n"
    codes = [f.code for f in check(with_path, "docs/x.pandoc", Config(), inputs=inputs)]
    assert "FD701" in codes
    assert len(walks) == 1
