"""The block loop's shortcut for plain ATX heading lines changes no token.

The top-level loop takes a line that is obviously an ATX heading (``#`` to
``######`` at its start, then a blank or the line's end) without running
every rule's pattern. Random documents mixing such lines with everything
that could read them otherwise (fences, lists, quotes, tables, setext
underlines, HTML, near-miss headings) must give exactly the tokens of the
ordinary loop, offsets included.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from featuredoc.parser import blocks
from featuredoc.parser.blocks import parse_blocks, tokenize

LINES = [
    "# a",
    "#",
    "# ",
    "#\t",
    "#\ttab",
    "## Two #",
    "### Three ###  ",
    "# a#",
    "# a \\#",
    "# #",
    "# ##   ",
    "###### six",
    "####### seven",
    "#a",
    "#5 bolt",
    "   # indented",
    "    # code",
    "\t# tab code",
    "# Straße / Überblick",
    "# a\u2028b",
    "# a\x0c",
    "#\u00a0nbsp",
    "# trailing \x0b",
    "",
    "   ",
    "Some prose",
    "Title",
    "=====",
    "-----",
    "---",
    "...",
    "title: x",
    "% Title",
    "% Revision 1",
    "```",
    "~~~",
    "- item",
    "1. item",
    "  continued",
    "> quote",
    "<!-- comment -->",
    "<div>",
    "</div>",
    "---------- ----------",
    "Field      Value",
    "    indented code",
    "***",
    "[ref]: http://example.org",
]


def _tokens(text: str, fast: bool, document_start: bool) -> list[dict[str, object]]:
    saved = blocks._PositionedParser.fast_headings
    blocks._PositionedParser.fast_headings = fast
    try:
        return tokenize(text, document_start=document_start)
    finally:
        blocks._PositionedParser.fast_headings = saved


def _same(text: str, document_start: bool = True) -> None:
    slow = _tokens(text, False, document_start)
    fast = _tokens(text, True, document_start)
    assert fast == slow, text


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(LINES), max_size=30),
    st.booleans(),
    st.booleans(),
)
def test_fast_headings_give_the_same_tokens(
    lines: list[str], document_start: bool, final_break: bool
) -> None:
    text = "\n".join(lines) + ("\n" if final_break else "")
    _same(text, document_start)


@pytest.mark.parametrize("seed", range(20))
def test_long_random_documents_give_the_same_tokens(seed: int) -> None:
    rng = random.Random(seed)
    weights = [6 if line.startswith("#") else 1 for line in LINES]
    text = "\n".join(rng.choices(LINES, weights, k=400))
    _same(text)
    _same(text, document_start=False)


def test_the_shortcut_is_taken() -> None:
    """A flood of headings never reaches mistune's heading rule (else this test proves nothing)."""
    calls = 0
    original = blocks._PositionedParser.parse_method

    def counting(self: blocks._PositionedParser, m: object, state: object) -> int | None:
        nonlocal calls
        calls += 1
        return original(self, m, state)  # type: ignore[arg-type]

    blocks._PositionedParser.parse_method = counting  # type: ignore[method-assign]
    try:
        found = parse_blocks("# a\n## b ##\n#\n# c\tx\n")
    finally:
        blocks._PositionedParser.parse_method = original  # type: ignore[method-assign]
    assert calls == 0
    assert [(b.first, b.level, b.text) for b in found] == [
        (0, 1, "a"),
        (1, 2, "b"),
        (2, 1, ""),
        (3, 1, "c\tx"),
    ]


def _closest_by_hand(word: str, candidates: list[str]) -> str | None:
    from featuredoc.analysis.similarity import allowed_distance, edit_distance
    from featuredoc.model.text import fold

    needle = fold(word)
    if not needle:
        return None
    best: tuple[int, int, str] | None = None
    for order, candidate in enumerate(candidates):
        target = fold(candidate)
        limit = allowed_distance(target)
        distance = edit_distance(needle, target)
        if distance <= limit and (best is None or (distance, order) < best[:2]):
            best = (distance, order, candidate)
    return best[2] if best else None


NAMES = ["Overview", "User details", "Testing", "Known issues", "Limitations", "Areas", "Ab"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="OverviwTstingabdAB ß", max_size=16),
    st.lists(st.sampled_from(NAMES), max_size=7, unique=True),
)
def test_closest_skips_only_names_out_of_reach(word: str, names: list[str]) -> None:
    """Candidates are looked up by the word's length; the answer is the full comparison's."""
    from featuredoc.analysis.similarity import closest, closest_folded
    from featuredoc.model.text import fold

    expected = _closest_by_hand(word, names)
    assert closest(word, names) == expected
    assert closest_folded(fold(word), tuple(names)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LINES, "", ""]), max_size=30), st.booleans())
def test_heading_chunks_read_directly_give_the_reference_model(
    lines: list[str], support: bool
) -> None:
    """The command line reads a chunk of one plain heading line (and empty lines)
    without mistune; the document is the one the whole text parsed at once gives."""
    from featuredoc.model.document import DocumentKind
    from featuredoc.parser.document import parse_document

    text = "\n".join(lines)
    kind = DocumentKind.SUPPORT if support else DocumentKind.FEATURE
    direct = parse_document(text, "x", kind, cached=False)
    reference = parse_document(text, "x", kind, incremental=False)
    assert direct == reference
    assert direct.sections == reference.sections
    assert [h.span for h in direct.headings] == [h.span for h in reference.headings]


def test_heading_chunks_skip_mistune() -> None:
    """A flood of plain heading lines never reaches the block parser (else the
    test above proves nothing about that path)."""
    from featuredoc.parser import document

    calls = 0
    original = document.parse_blocks

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    document.parse_blocks = counting  # type: ignore[assignment]
    try:
        doc = document.parse_document("# a\n## b ##\n#\n# c\tx\n\n# Ü  \n", cached=False)
    finally:
        document.parse_blocks = original
    assert calls == 0
    assert [(h.level, h.title, h.start, h.end) for h in doc.headings] == [
        (1, "a", 2, 3),
        (2, "b", 3, 4),
        (1, "", 1, 1),
        (1, "c\tx", 2, 5),
        (1, "Ü", 2, 3),
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LINES, "", "    x", "<pre>", "</pre>", "-->"]), max_size=40))
def test_scanning_runs_of_lines_finds_the_chunks_line_by_line_does(lines: list[str]) -> None:
    """A full scan passes over plain and ``#`` lines by searching their first
    characters; it finds the chunk starts the line-by-line scan finds."""
    from featuredoc.parser import chunks

    found = chunks.scan_chunks(lines)
    starts = [0]
    unclosed: list[int] = []
    index = 0
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    yaml_ends = chunks._YamlEnds(lines)
    if first < len(lines) and lines[first].rstrip() == "---":
        end = yaml_ends.after(first)
        if end is not None:
            index = end + 1
        else:
            unclosed.append(first)
    chunks._scan_from(lines, index, starts, unclosed, None, yaml_ends)
    assert found == chunks.ChunkScan(starts, tuple(unclosed))
