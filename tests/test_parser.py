"""The parser: every construct, with its exact source range."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.model.document import BlockType, DocumentKind
from featuredoc.model.text import Position, Span
from featuredoc.parser import parse_document

DOC = """\
% Credit2 Scheduler
% Revision 1.17

\\clearpage

# Basics
---------------- ----------------------------------------------------
         Status: **Supported**

   Architecture: x86

       Hardware: L3 CAT: Haswell and beyond CPUs
                 CDP   : Broadwell and beyond CPUs

Security sign-off: Jane Doe <jane@example.org>, 2020-02-01
---------------- ----------------------------------------------------

# Overview ##

Text.

```
# not a heading
```

    # not a heading either (indented code)

User details
============

Setext heading above.

Sub part
--------

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2016-10-14 1        Xen 4.8  Document written
2019-02-7  3        Xen 4.12 Made the default scheduler;
                             more notes here
---------- -------- -------- -------------------------------------------
"""


@pytest.fixture(scope="module")
def doc():
    return parse_document(DOC, "x.pandoc")


def test_title_block(doc) -> None:
    tb = doc.title_block
    assert tb.title == "Credit2 Scheduler"
    assert tb.title_span == Span.on_line(0, 2, 19)
    assert tb.revision == "1.17"
    assert tb.revision_span == Span.on_line(1, 11, 15)


def test_headings_skip_code_and_read_setext(doc) -> None:
    titles = [(h.level, h.title, h.style) for h in doc.headings]
    assert titles == [
        (1, "Basics", "atx"),
        (1, "Overview", "atx"),
        (1, "User details", "setext"),
        (2, "Sub part", "setext"),
        (1, "History", "atx"),
    ]
    overview = doc.headings[1]
    assert overview.span == Span.on_line(17, 2, 10)  # closing hashes excluded
    setext = doc.headings[2]
    assert setext.span == Span.on_line(27, 0, 12)
    assert setext.line_span == Span(Position(27, 0), Position(28, 12))


def test_sections_and_content(doc) -> None:
    top = [s.title for s in doc.top_sections()]
    assert top == ["Basics", "Overview", "User details", "History"]
    user = doc.top_sections()[2]
    assert user.first_content_line == 29
    assert user.last_line == 33  # includes the level-2 subsection
    assert user.has_content


def test_table_borders_are_not_thematic_breaks(doc) -> None:
    kinds = [b.type for b in doc.blocks]
    assert BlockType.THEMATIC_BREAK not in kinds
    assert kinds.count(BlockType.TABLE) == 2


def test_basics_fields_with_continuation(doc) -> None:
    fields = doc.basics.fields
    assert [f.key for f in fields] == ["Status", "Architecture", "Hardware", "Security sign-off"]
    status = fields[0]
    assert status.value == "**Supported**"
    assert status.key_span == Span.on_line(7, 9, 15)
    assert status.value_span == Span.on_line(7, 17, 30)
    hardware = fields[2]
    assert hardware.value == "L3 CAT: Haswell and beyond CPUs CDP   : Broadwell and beyond CPUs"
    assert hardware.value_span == Span(Position(11, 17), Position(12, 50))
    assert len(hardware.continuation) == 1
    assert doc.basics.key_width == 16


def test_signoff(doc) -> None:
    (signoff,) = doc.signoffs
    assert signoff.name == "Jane Doe"
    assert signoff.email == "jane@example.org"
    assert signoff.date == "2020-02-01"
    assert signoff.source == "basics"
    assert signoff.date_span == Span.on_line(14, 48, 58)


def test_history_rows(doc) -> None:
    rows = doc.history.rows
    assert [(r.date, r.revision, r.version) for r in rows] == [
        ("2016-10-14", "1", "Xen 4.8"),
        ("2019-02-7", "3", "Xen 4.12"),
    ]
    assert rows[1].date_span == Span.on_line(41, 0, 9)
    assert rows[1].revision_span == Span.on_line(41, 11, 12)
    assert rows[1].notes == "Made the default scheduler; more notes here"
    assert rows[1].span.end == Position(42, 44)


def test_crlf_gives_the_same_model() -> None:
    lf = parse_document(DOC, "x.pandoc")
    crlf = parse_document(DOC.replace("\n", "\r\n"), "x.pandoc")
    assert [(h.title, h.span) for h in lf.headings] == [(h.title, h.span) for h in crlf.headings]
    assert [(f.key, f.value_span) for f in lf.basics.fields] == [
        (f.key, f.value_span) for f in crlf.basics.fields
    ]
    assert [r.span for r in lf.history.rows] == [r.span for r in crlf.history.rows]


def test_yaml_metadata_signoff() -> None:
    text = (
        "% T\n% Revision 1\n\n---\nsecurity-signoff:\n  by: Ann <ann@example.org>\n"
        "  date: 2021-01-02\n---\n\n# Basics\n"
    )
    doc = parse_document(text, "x.pandoc")
    assert doc.metadata.data["security-signoff"]["by"] == "Ann <ann@example.org>"
    (signoff,) = doc.signoffs
    assert (signoff.email, signoff.date, signoff.source) == (
        "ann@example.org",
        "2021-01-02",
        "metadata",
    )
    assert signoff.span == Span.on_line(5, 6, 27)
    assert signoff.date_span == Span.on_line(6, 8, 18)


def test_yaml_metadata_error_is_located() -> None:
    doc = parse_document("---\ntitle: [unclosed\n---\n", "x.pandoc")
    assert doc.metadata.error
    assert doc.metadata.error_line in (1, 2)


def test_yaml_aliases_refused() -> None:
    doc = parse_document("---\na: &x [1]\nb: *x\n---\n", "x.pandoc")
    assert doc.metadata.data is None
    assert "alias" in doc.metadata.error


def test_support_status_lines() -> None:
    text = (
        "# Feature Support\n\n### IOMMU\n\n"
        "    Status, AMD IOMMU: Supported\n"
        "    Status, x86 HVM/PVH, Shadow, 2MiB: Supported, not security supported\n"
        "    Status: Tech Preview\n"
        "    this line is not key value\n"
    )
    doc = parse_document(text, "SUPPORT.md", DocumentKind.SUPPORT)
    lines = [(s.qualifier, s.value, s.section) for s in doc.status_lines]
    assert lines == [
        ("AMD IOMMU", "Supported", "IOMMU"),
        ("x86 HVM/PVH, Shadow, 2MiB", "Supported, not security supported", "IOMMU"),
        (None, "Tech Preview", "IOMMU"),
    ]
    assert doc.status_lines[0].value_span == Span.on_line(4, 23, 32)
    assert [f.text for f in doc.fragment_lines] == ["this line is not key value"]


def test_non_bmp_columns_are_code_points() -> None:
    doc = parse_document("% 🚀 Rocket\n% Revision 1\n", "x.pandoc")
    assert doc.title_block.title == "🚀 Rocket"
    assert doc.title_block.title_span == Span.on_line(0, 2, 10)


def test_lone_dash_line_is_still_a_thematic_break() -> None:
    doc = parse_document("Para\n\n---\n\nMore\n", "x.pandoc")
    assert [b.type for b in doc.blocks] == [
        BlockType.PARAGRAPH,
        BlockType.THEMATIC_BREAK,
        BlockType.PARAGRAPH,
    ]


def test_html_comment_records_next_block() -> None:
    doc = parse_document("<!-- featuredoc: disable FD106 -->\nSome text\n\nOther\n", "x.pandoc")
    (comment,) = doc.comments
    assert comment.next_block_first == 1 and comment.next_block_last == 1


@pytest.mark.parametrize("text", ["", "\n", "%", "---", "----------", "#", "```", "\r\r\n"])
def test_degenerate_inputs_parse(text: str) -> None:
    parse_document(text, "x.pandoc")
    parse_document(text, "SUPPORT.md", DocumentKind.SUPPORT)


def test_corpus_parses(corpus: Path) -> None:
    for path in sorted(corpus.iterdir()):
        text = path.read_text(encoding="utf-8")
        kind = DocumentKind.SUPPORT if path.name == "SUPPORT.md" else DocumentKind.FEATURE
        doc = parse_document(text, str(path), kind)
        assert doc.lines
        if path.suffix == ".pandoc" and path.name != "dom0less.pandoc":
            assert doc.title_block is not None, path.name
            assert doc.basics is not None and doc.basics.fields, path.name
        if path.name == "SUPPORT.md":
            assert len(doc.status_lines) > 150
