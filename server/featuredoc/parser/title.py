"""The pandoc title block: ``% Title`` and ``% Revision N``."""

from __future__ import annotations

import re

from featuredoc.model.document import Block, TitleBlock
from featuredoc.model.text import Position, Span

_REVISION = re.compile(r"^%\s*Revision\b[ \t]*(?P<rev>\S*)", re.I)


def read_title_block(lines: list[str], block: Block) -> TitleBlock:
    first = lines[block.first]
    title_text = first[1:]
    lead = len(title_text) - len(title_text.lstrip())
    title = title_text.strip() or None
    title_span = (
        Span.on_line(block.first, 1 + lead, 1 + lead + len(title_text.strip())) if title else None
    )
    revision_line = revision_line_span = revision = revision_span = None
    if block.last > block.first:
        number = block.first + 1
        while number <= block.last and not lines[number].startswith("%"):
            number += 1
        if number <= block.last:
            text = lines[number]
            revision_line = text
            revision_line_span = Span.on_line(number, 0, len(text.rstrip()))
            m = _REVISION.match(text)
            if m and m.group("rev"):
                revision = m.group("rev")
                revision_span = Span.on_line(number, m.start("rev"), m.end("rev"))
    span = Span(Position(block.first, 0), Position(block.last, len(lines[block.last])))
    return TitleBlock(
        span, title, title_span, revision_line, revision_line_span, revision, revision_span
    )
