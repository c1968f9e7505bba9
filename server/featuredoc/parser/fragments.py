"""SUPPORT.md status fragments: indented ``Status[, qualifier]: value`` lines."""

from __future__ import annotations

import re

from featuredoc.model import BlockType, Document, FragmentLine, StatusLine
from featuredoc.text import Span

KEY_VALUE = re.compile(
    r"^(?P<key>[^,:]+?)(?:,[ \t]*(?P<qual>[^:]*?))?[ \t]*:(?:[ \t]+|$)(?P<value>.*)$"
)


def read_status_fragments(doc: Document) -> None:
    for block in doc.blocks:
        if block.type is not BlockType.CODE or block.style != "indent":
            continue
        statuses: list[StatusLine] = []
        others: list[FragmentLine] = []
        for number in range(block.first, block.last + 1):
            line = doc.lines[number]
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
            section = doc.section_at_line(number)
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
            doc.status_lines.extend(statuses)
            doc.fragment_lines.extend(others)
