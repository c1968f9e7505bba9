"""The outline and folding ranges of a document."""

from __future__ import annotations

from featuredoc.editing.symbols import Fold, FoldKind, SymbolKind, folding_ranges, outline
from featuredoc.engine import parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.text import Span

DOC = """\
---
security-signoff:
  by: Jane Doe <jane@example.org>
  date: 2024-05-02
---

# Basics
---------------- ----------------------------------------------------
         Status: **Supported**

       Hardware: Intel CPUs with
                 CAT support
---------------- ----------------------------------------------------

# Technical details

## Data structures

Text.

<!--
a long comment
-->

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2016-10-14 1        Xen 4.8  Document written
---------- -------- -------- -------------------------------------------
"""


def test_sections_nest_and_hold_fields_and_rows() -> None:
    doc = parse(DOC, "x.pandoc", Config())
    symbols = outline(doc)
    assert [(s.name, s.kind) for s in symbols] == [
        ("Basics", SymbolKind.SECTION),
        ("Technical details", SymbolKind.SECTION),
        ("History", SymbolKind.SECTION),
    ]
    basics, technical, history = symbols
    assert basics.span == Span.of(6, 0, 12, 69)
    assert basics.selection == Span.on_line(6, 2, 8)
    assert [(c.name, c.detail, c.span) for c in basics.children] == [
        ("Status", "**Supported**", Span.on_line(8, 9, 30)),
        ("Hardware", "Intel CPUs with CAT support", Span.of(10, 7, 11, 28)),
    ]
    assert [c.name for c in technical.children] == ["Data structures"]
    assert [(c.name, c.kind, c.detail) for c in history.children] == [
        ("2016-10-14 r1", SymbolKind.ROW, "Xen 4.8 Document written")
    ]


def test_support_md_status_lines_sit_under_their_heading() -> None:
    text = "# Features\n\n### IOMMU\n\n    Status, AMD IOMMU: Supported\n"
    doc = parse(text, "SUPPORT.md", Config(), DocumentKind.SUPPORT)
    (features,) = outline(doc)
    (iommu,) = features.children
    assert [(c.name, c.detail) for c in iommu.children] == [("Status, AMD IOMMU", "Supported")]


def test_folding_sections_tables_metadata_comments() -> None:
    doc = parse(DOC, "x.pandoc", Config())
    assert folding_ranges(doc) == [
        Fold(0, 4),  # metadata block
        Fold(6, 12),  # Basics
        Fold(7, 12),  # its table
        Fold(14, 22),  # Technical details
        Fold(16, 22),  # Data structures
        Fold(20, 22, FoldKind.COMMENT),
        Fold(24, 30),  # History
        Fold(26, 30),  # its table
    ]
