"""SUPPORT.md status fragments: indented ``Status[, qualifier]: value`` lines."""

from __future__ import annotations

import bisect
import re

from featuredoc.model import Block, BlockType, FragmentLine, Heading, StatusLine
from featuredoc.text import Span

KEY_VALUE = re.compile(
    r"^(?P<key>[^,:]+?)(?:,[ \t]*(?P<qual>[^:]*?))?[ \t]*:(?:[ \t]+|$)(?P<value>.*)$"
)


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
            m = KEY_VALUE.match(stripped)
            if m is None:
                others.append(FragmentLine(stripped, Span.on_line(number, start, end)))
                continue
            key = m.group("key").strip()
            if key.lower() != "status":
                continue
            at = bisect.bisect_right(starts, number) - 1
            section = headings[at] if at >= 0 else None
            value = m.group("value").rstrip()
            value_start = start + m.start("value")
            statuses.append(
                StatusLine(
                    key=key,
                    qualifier=(m.group("qual") or "").strip() or None,
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
