"""Links to URLs and to in-tree paths, never outside the workspace root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from featuredoc.editing.links import document_links, find_candidates, resolve_path
from featuredoc.model.text import Span


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "outside.txt").write_text("secret\n")
    ws = tmp_path / "ws"
    (ws / "docs" / "misc").mkdir(parents=True)
    (ws / "xen" / "common").mkdir(parents=True)
    (ws / "docs" / "misc" / "xen-command-line.pandoc").write_text("x\n")
    (ws / "xen" / "common" / "sched_credit2.c").write_text("x\n")
    (ws / "SUPPORT.md").write_text("x\n")
    return ws


def test_candidates_in_backticks_bare_and_urls() -> None:
    line = "See `docs/a.pandoc`, xen/common/x.c and https://example.org/a/b. Also `xl`."
    found = [(c.target, c.is_url, c.span) for c in find_candidates([line])]
    assert found == [
        ("docs/a.pandoc", False, Span.on_line(0, 5, 18)),
        ("xen/common/x.c", False, Span.on_line(0, 21, 35)),
        ("https://example.org/a/b", True, Span.on_line(0, 40, 63)),
    ]


def test_markdown_link_target_is_the_url() -> None:
    (link,) = find_candidates(["[whitepaper](http://example.org/files/paper.pdf)"])
    assert link.target == "http://example.org/files/paper.pdf"
    assert link.span == Span.on_line(0, 13, 47)


def test_only_existing_paths_under_the_root(root: Path) -> None:
    lines = [
        "`docs/misc/xen-command-line.pandoc` and xen/common/sched_credit2.c",
        "`../outside.txt` ../outside.txt `../../etc/passwd` `/etc/passwd` `docs/missing.txt`",
        "`SUPPORT.md`",
    ]
    links = document_links(lines, root)
    assert [(link.span, link.target) for link in links] == [
        (Span.on_line(0, 1, 34), (root / "docs/misc/xen-command-line.pandoc").as_uri()),
        (Span.on_line(0, 40, 66), (root / "xen/common/sched_credit2.c").as_uri()),
        (Span.on_line(2, 1, 11), (root / "SUPPORT.md").as_uri()),
    ]


def test_no_root_links_only_urls() -> None:
    links = document_links(["xen/common/x.c https://example.org"], None)
    assert [link.target for link in links] == ["https://example.org"]


def test_resolve_rejects_escapes(root: Path) -> None:
    assert resolve_path("../outside.txt", root) is None
    assert resolve_path("docs/../../outside.txt", root) is None
    assert resolve_path(str(root / "SUPPORT.md"), root) is None  # absolute
    assert resolve_path(".", root) is None
    assert resolve_path("docs/misc", root) == (root / "docs/misc").resolve()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_leading_out_is_not_followed(root: Path) -> None:
    (root / "docs" / "escape.txt").symlink_to(root.parent / "outside.txt")
    assert resolve_path("docs/escape.txt", root) is None


def test_markdown_links_relative_to_the_document_and_unescaped(root: Path) -> None:
    """Markdown links name files from the document's folder, %-escaped as URLs are."""
    from featuredoc.engine import parse
    from featuredoc.model.config import Config
    from featuredoc.model.document import DocumentKind

    features = root / "docs" / "features"
    features.mkdir()
    (features / "a b.pandoc").write_text("x\n")
    (features / "tmpl.pandoc").write_text("x\n")
    lines = [
        "# Überblick 😀",
        "",
        "See [the other](a%20b.pandoc), [the template](tmpl.pandoc#basics), "
        "[nothing](gone.pandoc) and [up](../misc/xen-command-line.pandoc).",
        "[out](../../../outside.txt) and `xen/common/sched_credit2.c`.",
    ]
    text = "\n".join(lines) + "\n"
    document = parse(text, str(features / "doc.pandoc"), Config(), DocumentKind.FEATURE)
    links = document_links(document.lines, root, document)

    def at(number: int, written: str) -> Span:
        start = lines[number].index(written)
        return Span.on_line(number, start, start + len(written))

    assert [(link.span, link.target) for link in links] == [
        (at(2, "a%20b.pandoc"), (features / "a b.pandoc").as_uri()),
        (at(2, "tmpl.pandoc"), (features / "tmpl.pandoc").as_uri()),
        (
            at(2, "../misc/xen-command-line.pandoc"),
            (root / "docs/misc/xen-command-line.pandoc").as_uri(),
        ),
        (at(3, "xen/common/sched_credit2.c"), (root / "xen/common/sched_credit2.c").as_uri()),
    ]
    assert links[0].tooltip == "Open a%20b.pandoc"
    # without the document only the paths from the root are found
    assert [link.span for link in document_links(document.lines, root)] == [
        at(3, "xen/common/sched_credit2.c")
    ]
