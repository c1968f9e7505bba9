"""SUPPORT.md status fragments: indented ``Status[, qualifier]: value`` lines."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from featuredoc.model.document import (
    Block,
    BlockType,
    FragmentIssue,
    FragmentLine,
    Heading,
    StatusLine,
)
from featuredoc.model.text import Span, fold


@dataclass(frozen=True, slots=True)
class KeyValue:
    """A ``Key[, qualifier]: value`` line, split (offsets into the line)."""

    key: str
    qual: str | None
    value: str
    value_start: int


def split_key_value(line: str) -> KeyValue | None:
    """Split ``Key[, qualifier]: value`` (one scan); None when the line is not one.

    The key is everything before the first ``,`` or ``:``, the qualifier what
    follows a ``,`` up to the colon, and the colon must end the line or be
    followed by a blank. (A regular expression did this in time cubic in a
    run of blanks: an indented line of 20,000 spaces took minutes.)
    """
    p = 0
    n = len(line)
    while p < n and line[p] not in ",:":
        p += 1
    if p == 0 or p == n:
        return None
    qual: str | None = None
    if line[p] == ",":
        colon = line.find(":", p + 1)
        if colon < 0:
            return None
        key = line[:p]
        qual = line[p + 1 : colon].lstrip(" \t").rstrip(" \t")
    else:
        colon = p
        key = line[: max(1, len(line[:p].rstrip(" \t")))]  # at least one character
    start = colon + 1
    if start < n and line[start] not in " \t":
        return None
    while start < n and line[start] in " \t":
        start += 1
    value = line[start:]
    if "\n" in value:
        return None
    return KeyValue(key, qual, value, start)


#: First keys of the indented blocks that define a status label (see
#: :mod:`featuredoc.analysis.support_defs`): such a block is not a status fragment.
DEFINITION_KEYS: frozenset[str] = frozenset(
    {"functional completeness", "functional stability", "interface stability", "security supported"}
)


def _is_definition(lines: list[str], block: Block) -> bool:
    for number in _content_lines(lines, block):
        stripped = lines[number].strip()
        if stripped:
            m = split_key_value(stripped)
            return m is not None and " ".join(m.key.split()).lower() in DEFINITION_KEYS
    return False


def _is_status_key(key: str) -> bool:
    return fold(key) == "status"


def read_status_fragments(
    lines: list[str], blocks: tuple[Block, ...], headings: tuple[Heading, ...]
) -> tuple[list[StatusLine], list[FragmentLine]]:
    """Status lines of *blocks*, and the lines that cannot be read as status lines.

    Every code block, indented or fenced, is a status fragment (tools that
    read SUPPORT.md read them all), except a label definition (first key one of
    :data:`DEFINITION_KEYS`). A fragment line that is not ``Key: value`` is
    kept as :attr:`FragmentIssue.PROSE`, one with a key other than
    ``Status`` as :attr:`FragmentIssue.OTHER_KEY`; a ``Status:`` line inside
    a paragraph (indented fewer than 4 spaces, or continuing the paragraph
    above it) as :attr:`FragmentIssue.OUTSIDE`. A status line belongs to the
    section of the last heading before it.
    """
    starts = [h.line for h in headings]
    found: list[StatusLine] = []
    stray: list[FragmentLine] = []
    for block in blocks:
        if block.type is BlockType.PARAGRAPH:
            stray.extend(_status_in_paragraph(lines, block))
        elif block.type is BlockType.CODE and not _is_definition(lines, block):
            _read_fragment(lines, block, headings, starts, found, stray)
    return found, stray


def _read_fragment(
    lines: list[str],
    block: Block,
    headings: tuple[Heading, ...],
    starts: list[int],
    found: list[StatusLine],
    stray: list[FragmentLine],
) -> None:
    """The lines of the code block *block*: status lines to *found*, the others to *stray*.

    *starts* are the first lines of *headings*, to find each line's section.
    """
    for number in _content_lines(lines, block):
        line = lines[number]
        stripped = line.strip()
        if not stripped:
            continue
        start = len(line) - len(line.lstrip())
        end = start + len(stripped)
        m = split_key_value(stripped)
        if m is None:
            stray.append(FragmentLine(stripped, Span.on_line(number, start, end), indent=start))
            continue
        key = m.key.strip()
        key_span = Span.on_line(number, start, start + len(key))
        if not _is_status_key(key):
            stray.append(
                FragmentLine(
                    stripped,
                    Span.on_line(number, start, end),
                    FragmentIssue.OTHER_KEY,
                    key,
                    key_span,
                    start,
                )
            )
            continue
        at = bisect.bisect_right(starts, number) - 1
        section = headings[at] if at >= 0 else None
        value = m.value.rstrip()
        value_start = start + m.value_start
        found.append(
            StatusLine(
                key=key,
                qualifier=(m.qual or "").strip() or None,
                value=value,
                span=Span.on_line(number, start, end),
                key_span=key_span,
                value_span=Span.on_line(number, value_start, value_start + len(value)),
                section=section.title if section else None,
            )
        )


def _content_lines(lines: list[str], block: Block) -> range:
    """The lines of a code block that hold its text: a fenced block's fences left out.

    Xen's support-matrix generator reads fenced blocks as it reads indented ones.
    """
    if block.style != "fenced":
        return range(block.first, block.last + 1)
    last = block.last
    fence = lines[block.first].strip()[:3]
    if last > block.first and lines[last].strip().startswith(fence):
        last -= 1
    return range(block.first + 1, last + 1)


def _status_in_paragraph(lines: list[str], block: Block) -> list[FragmentLine]:
    """``Status[, qualifier]: value`` lines that are part of the paragraph *block*."""
    found: list[FragmentLine] = []
    for number in range(block.first, min(block.last, len(lines) - 1) + 1):
        line = lines[number]
        stripped = line.strip()
        if not stripped[:6].lower() == "status":
            continue
        m = split_key_value(stripped)
        if m is None or not _is_status_key(m.key) or not m.value.strip():
            continue
        start = len(line) - len(line.lstrip())
        span = Span.on_line(number, start, start + len(stripped))
        found.append(FragmentLine(stripped, span, FragmentIssue.OUTSIDE, indent=start))
    return found
