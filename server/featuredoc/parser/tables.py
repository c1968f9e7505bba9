"""Pandoc simple tables: the Basics ``Key: value`` table and the History table."""

from __future__ import annotations

import re

from featuredoc.model.document import (
    BasicsTable,
    Block,
    Field,
    HistoryRow,
    HistoryTable,
    SimpleTable,
)
from featuredoc.model.text import Position, Span, fold
from featuredoc.parser.blocks import DASH_LINE

_GROUP = re.compile(r"-+")


def _groups(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _GROUP.finditer(line)]


def _stripped_span(line_no: int, line: str, start: int = 0, end: int | None = None) -> Span:
    if end is None or end > len(line):
        end = len(line)
    if start > end:
        start = end
    segment = line[start:end]
    text = segment.strip()
    if not text:  # an all-blank segment (" :" has a blank key) is an empty span at its start
        return Span(Position(line_no, start), Position(line_no, start))
    first = start + len(segment) - len(segment.lstrip())
    return Span(Position(line_no, first), Position(line_no, first + len(text)))


def read_table(lines: list[str], block: Block) -> SimpleTable:
    top, bottom = block.first, block.last
    dashed = [n for n in range(top + 1, bottom) if DASH_LINE.match(lines[n])]
    header_line = separator_line = None
    if dashed:
        candidate = dashed[0]
        between = range(top + 1, candidate)
        if 0 < len(between) <= 2 and all(lines[n].strip() for n in between):
            header_line, separator_line = top + 1, candidate
    columns = _groups(lines[separator_line if separator_line is not None else top])
    span = Span(Position(top, 0), Position(bottom, len(lines[bottom])))
    table = SimpleTable(span, columns, top, bottom, header_line, separator_line)
    first_col_end = columns[0][1] if columns else 1
    body_first = table.body_first
    second_col_start = columns[1][0] if len(columns) > 1 else first_col_end
    after_blank = False
    current: list[tuple[str, Span]] | None = None
    for number in range(body_first, bottom):
        line = lines[number]
        if not line.strip():
            after_blank = True
            continue
        if DASH_LINE.match(line):
            continue
        indent = len(line) - len(line.lstrip())
        item = (line, _stripped_span(number, line))
        # past a blank line, only text in a later column continues a row
        # (History notes); "      Component: x" under a narrow border is a new row
        limit = second_col_start if after_blank else first_col_end
        after_blank = False
        if indent < limit or current is None:
            current = [item]
            table.rows.append(current)
        else:
            current.append(item)
    return table


def read_basics(lines: list[str], table: SimpleTable) -> BasicsTable:
    fields: list[Field] = []
    for row in table.rows:
        line, span = row[0]
        number = span.start.line
        colon = line.find(":")
        if colon < 0:
            key_span = span
            fields.append(
                Field(
                    line.strip(),
                    "",
                    key_span,
                    Span.on_line(number, span.end.column, span.end.column),
                    line=number,
                )
            )
            continue
        key_span = _stripped_span(number, line, 0, colon)
        value_span = _stripped_span(number, line, colon + 1)
        if value_span.start.column == value_span.end.column:
            value_span = Span.on_line(number, colon + 1, colon + 1)
        value = line[value_span.start.column : value_span.end.column]
        continuation = [(text.strip(), s) for text, s in row[1:]]
        if continuation:
            value = " ".join([value, *(t for t, _ in continuation)]).strip()
            value_span = Span(value_span.start, continuation[-1][1].end)
        fields.append(
            Field(
                line[key_span.start.column : key_span.end.column],
                value,
                key_span,
                value_span,
                continuation,
                number,
            )
        )
    key_width = table.columns[0][1] if table.columns else 0
    return BasicsTable(table, fields, key_width)


def read_history(lines: list[str], table: SimpleTable) -> HistoryTable:
    starts = [start for start, _ in table.columns] or [0]
    rows: list[HistoryRow] = []
    for row in table.rows:
        line, row_span = row[0]
        number = row_span.start.line
        cells: list[tuple[str, Span]] = []
        for index in range(4):
            if index < len(starts):
                begin = starts[index] if index else 0
                end = starts[index + 1] if index + 1 < len(starts) and index < 3 else None
            else:
                begin, end = len(line), len(line)
            if index == 3 and len(starts) > 4:
                end = None
            span = _stripped_span(number, line, begin, end)
            cells.append((line[span.start.column : span.end.column], span))
        # a value overflowing its column (e.g. a long date) spills into the next cell
        words = line.split()
        first_word = words[0] if words else ""
        if cells[0][0] != first_word and first_word.startswith(cells[0][0]) and cells[0][0]:
            cells = _split_by_words(number, line)
        notes, notes_span = cells[3]
        extra = [text.strip() for text, _ in row[1:]]
        if extra:
            notes = " ".join([notes, *extra]).strip()
            notes_span = Span(notes_span.start, row[-1][1].end)
        full = Span(row_span.start, row[-1][1].end)
        rows.append(
            HistoryRow(
                cells[0][0],
                cells[1][0],
                cells[2][0],
                notes,
                full,
                cells[0][1],
                cells[1][1],
                cells[2][1],
                notes_span,
            )
        )
    return HistoryTable(table, rows)


def _split_by_words(number: int, line: str) -> list[tuple[str, Span]]:
    """Fallback for rows that ignore the column layout: date, revision, 'Xen X.Y', notes."""
    words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", line)]
    cells: list[tuple[str, Span]] = []
    index = 0
    for _ in range(2):
        if index < len(words):
            w, s, e = words[index]
            cells.append((w, Span.on_line(number, s, e)))
            index += 1
    if index < len(words):
        take = 2 if fold(words[index][0]) == "xen" and index + 1 < len(words) else 1
        s, e = words[index][1], words[index + take - 1][2]
        cells.append((line[s:e], Span.on_line(number, s, e)))
        index += take
    if index < len(words):
        s = words[index][1]
        cells.append((line[s:].rstrip(), Span.on_line(number, s, len(line.rstrip()))))
    while len(cells) < 4:
        end = len(line.rstrip())
        cells.append(("", Span.on_line(number, end, end)))
    return cells
