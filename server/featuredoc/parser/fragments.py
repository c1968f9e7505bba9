"""SUPPORT.md status fragments: indented ``Status[, qualifier]: value`` lines."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from featuredoc.model.document import Block, BlockType, FragmentLine, Heading, StatusLine
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


def read_status_fragments(
    lines: list[str], blocks: tuple[Block, ...], headings: tuple[Heading, ...]
) -> tuple[list[StatusLine], list[FragmentLine]]:
    """Status lines and stray lines of the status fragments among *blocks*.

    A status line belongs to the section of the last heading before it.
    """
    starts = [h.line_span.start.line for h in headings]
    found: list[StatusLine] = []
    stray: list[FragmentLine] = []
    for block in blocks:
        if block.type is not BlockType.CODE or block.style != "indent":
            continue
        statuses: list[StatusLine] = []
        others: list[FragmentLine] = []
        for number in range(block.first, block.last + 1):
            line = lines[number]
            stripped = line.strip()
            if not stripped:
                continue
            start = len(line) - len(line.lstrip())
            end = start + len(stripped)
            m = split_key_value(stripped)
            if m is None:
                others.append(FragmentLine(stripped, Span.on_line(number, start, end)))
                continue
            key = m.key.strip()
            if fold(key) != "status":
                continue
            at = bisect.bisect_right(starts, number) - 1
            section = headings[at] if at >= 0 else None
            value = m.value.rstrip()
            value_start = start + m.value_start
            statuses.append(
                StatusLine(
                    key=key,
                    qualifier=(m.qual or "").strip() or None,
                    value=value,
                    span=Span.on_line(number, start, end),
                    key_span=Span.on_line(number, start, start + len(key)),
                    value_span=Span.on_line(number, value_start, value_start + len(value)),
                    section=section.title if section else None,
                )
            )
        if statuses:
            found.extend(statuses)
            stray.extend(others)
    return found, stray
