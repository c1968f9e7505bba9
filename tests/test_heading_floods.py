"""Documents of many sections: the same answers, with the work done once.

A document of tens of thousands of headings (under the size cap) took half
a minute: a dozen rules each worked out again which heading provides which
mandatory section, and the command line parsed through caches that only
an editor's next version can use. These tests count the work (never time
it) and check that the command line's way of parsing builds the very
model the reference parse does.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from featuredoc import engine
from featuredoc.analysis import sections
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.text import Span
from featuredoc.parser import document as parser
from featuredoc.parser.document import parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _flood(headings: int) -> str:
    template = (FIXTURES / "FD402" / "unpadded-day.pandoc").read_text(encoding="utf-8")
    body = "".join(f"# Heading {n}\n\n" if n % 3 else f"## Ünter {n}\n" for n in range(headings))
    return template + "\n" + body


def test_heading_names_are_worked_out_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    names = sections.heading_names

    def counted(title: str) -> list[str]:
        nonlocal calls
        calls += 1
        return names(title)

    monkeypatch.setattr(sections, "heading_names", counted)
    text = _flood(300)
    analysis = engine.analyse(text, "docs/features/flood.pandoc", Config())
    assert analysis.document is not None
    top = len(analysis.document.top_sections())
    assert top > 200
    assert calls <= top + 5, (calls, top)  # twelve times as many before


def test_near_misses_and_template_sections_are_kept_per_document() -> None:
    text = _flood(30).replace("# Limitations\n", "# Limitatons\n")
    doc = engine.parse(text, "", Config(), DocumentKind.FEATURE)
    config = Config()
    first = sections.near_misses(doc, config)
    assert [m.name for m in first] == ["Limitations"]
    found = sections.template_sections(doc, config)
    found["History"].clear()  # a caller changing its copy changes nothing kept
    assert sections.template_sections(doc, config)["History"]
    assert sections.near_misses(doc, config) == first
    other = Config(sections=["Overview", "Limitations"])
    assert sections.template_sections(doc, other).keys() == {"Overview", "Limitations"}


def _documents() -> list[tuple[str, str, DocumentKind]]:
    found = [
        (str(path), path.read_text(encoding="utf-8"), DocumentKind.FEATURE)
        for path in sorted(FIXTURES.glob("*/*.pandoc"))
    ]
    found += [
        (str(path), path.read_text(encoding="utf-8"), DocumentKind.SUPPORT)
        for path in sorted(FIXTURES.glob("*/*.md"))
        if path.name != "README.md"
    ]
    found.append(("flood", _flood(50), DocumentKind.FEATURE))
    return found


@pytest.mark.parametrize("pieces", [1, 3, 2000])
def test_parsing_without_caches_builds_the_reference_model(
    pieces: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole chunks parsed together, a few lines at a time or all at once, as the
    whole document parsed in one piece."""
    monkeypatch.setattr(parser, "PIECE_LINES", pieces)
    documents = _documents()
    assert len(documents) > 50
    for name, text, kind in documents:
        uncached = parse_document(text, name, kind, cached=False)
        reference = parse_document(text, name, kind, incremental=False)
        assert uncached == reference, name
        assert uncached.sections == reference.sections, name


def _held_per_heading(text: str, headings: int) -> float:
    """Bytes the analysis of *text* keeps allocated (its document and answers), per heading."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        analysis = engine.analyse(text, "docs/features/flood.pandoc", Config(), cached=False)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert analysis.document is not None
    assert len(analysis.document.headings) >= headings
    return held / headings


def test_a_heading_holds_a_few_hundred_bytes() -> None:
    """The model of a one-line heading keeps its ranges as numbers, not as six
    Position and Span objects per heading and three more per section (some 950
    bytes a heading before; about 570 now)."""
    count = 20_000
    body = "".join(f"# Heading {n}\n\n" if n % 3 else f"## Ünter {n}\n" for n in range(count))
    assert _held_per_heading(body, count) < 700


def test_heading_ranges_are_made_when_asked_for() -> None:
    text = "# Tïtle  #\n\nText.\n\nSetext\ntitle\n======\n\n## Ünter\n"
    doc = parse_document(text, "x.pandoc", cached=False)
    first, setext, sub = doc.headings
    assert (first.title, first.span, first.line_span) == (
        "Tïtle",
        Span.of(0, 2, 0, 7),
        Span.of(0, 0, 0, 10),
    )
    assert (setext.title, setext.span, setext.line_span) == (
        "Setext title",
        Span.of(4, 0, 5, 5),
        Span.of(4, 0, 6, 6),
    )
    top, second, third = doc.sections
    assert (top.span, top.content, top.first_content_line) == (
        Span.of(0, 0, 2, 5),
        Span.of(1, 0, 2, 5),
        1,
    )
    assert (second.span, second.content, second.has_content) == (
        Span.of(4, 0, 8, 8),
        Span.of(7, 0, 8, 8),
        True,
    )
    assert (third.span, third.content, third.has_content) == (
        Span.of(8, 0, 8, 8),
        Span.of(8, 8, 8, 8),
        False,
    )
    assert doc.section_at_line(5) is second
    assert doc.section_at_line(8) is third
