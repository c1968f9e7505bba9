"""The model pieces of one chunk of a document, and moving them to other lines.

A chunk's pieces hold absolute line numbers. When lines are added or removed
above a chunk that did not change, its pieces are copied with their lines
moved (:func:`shift_model`), which gives exactly what reading the chunk
again at its new place gives, for a fraction of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from featuredoc.model.document import (
    Block,
    FragmentLine,
    Heading,
    SimpleTable,
    StatusLine,
)
from featuredoc.model.text import Position, Span


@dataclass(frozen=True, slots=True)
class ChunkModel:
    """The model pieces of one chunk, in absolute lines. Shared: never mutate."""

    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]
    tables: tuple[SimpleTable, ...]
    status_lines: tuple[StatusLine, ...]
    fragment_lines: tuple[FragmentLine, ...]


def _span(span: Span, delta: int) -> Span:
    start, end = span.start, span.end
    return Span(Position(start.line + delta, start.column), Position(end.line + delta, end.column))


def _table(table: SimpleTable, delta: int) -> SimpleTable:
    return SimpleTable(
        _span(table.span, delta),
        table.columns,
        table.top_border + delta,
        table.bottom_border + delta,
        None if table.header_line is None else table.header_line + delta,
        None if table.separator_line is None else table.separator_line + delta,
        [[(text, _span(span, delta)) for text, span in row] for row in table.rows],
    )


def shift_model(model: ChunkModel, delta: int) -> ChunkModel:
    """*model* moved down by *delta* lines (up when negative)."""
    return ChunkModel(
        tuple(
            Block(b.type, b.first + delta, b.last + delta, b.text, b.level, b.style)
            for b in model.blocks
        ),
        tuple(
            Heading(
                h.level, h.title, h.style, h.line + delta, h.start, h.end, h.last + delta, h.width
            )
            for h in model.headings
        ),
        tuple(_table(t, delta) for t in model.tables),
        tuple(
            StatusLine(
                s.key,
                s.qualifier,
                s.value,
                _span(s.span, delta),
                _span(s.key_span, delta),
                _span(s.value_span, delta),
                s.section,
            )
            for s in model.status_lines
        ),
        tuple(
            FragmentLine(
                f.text,
                _span(f.span, delta),
                f.kind,
                f.key,
                None if f.key_span is None else _span(f.key_span, delta),
                f.indent,
            )
            for f in model.fragment_lines
        ),
    )
