"""Editing the cells of the Basics and History tables without moving a column.

Pandoc reads simple and multiline tables by position: the dashed line under
the header (the top border of a headerless table) gives each column's start,
and every row is cut at those starts. An edit that changes a cell's width
therefore has to keep every column boundary where it is:

- a History cell is left-aligned: when it grows it takes the padding after
  it (one space always stays before the next column), when it shrinks it is
  padded back to the same width;
- a Basics key is right-aligned to the key column: it grows into the
  spaces before it and is padded on the left when it shrinks, so its colon
  stays put;
- the last column (History notes, Basics values) has no boundary after it
  and is replaced as it is.

When the new text does not fit in its column, the table's columns are laid
out again, consistently: the column is widened in every line of the table
(borders, dashed lines, header, rows and their continuation lines), so
every other cell keeps its text. A table of more than
:data:`MAX_RELAYOUT_LINES` lines is not laid out again (each fix would
rewrite it whole); the edit is declined instead, and so is one whose cell
the table's columns do not hold (a row that ignores the layout). Every
laid-out table is read again before the edit is offered, and the edit is
declined unless only the intended cell changed.

Every fix that changes text inside the Basics or History table goes through
:func:`replace_text` (or :func:`insert_basics_row`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from featuredoc.model.document import (
    BasicsTable,
    Block,
    BlockType,
    Document,
    Field,
    HistoryRow,
    HistoryTable,
    SimpleTable,
)
from featuredoc.model.findings import TextEdit
from featuredoc.model.text import Position, Span
from featuredoc.parser.blocks import DASH_LINE
from featuredoc.parser.tables import read_basics, read_history, read_table

#: Tables longer than this are not laid out again by a fix (see the module docstring).
MAX_RELAYOUT_LINES = 200


def replace_text(doc: Document, span: Span, new_text: str) -> list[TextEdit] | None:
    """Edits that replace *span* with *new_text*, keeping the tables' columns.

    Outside the Basics and History tables this is the one edit of *span*.
    Inside them *span* must lie in one cell; ``None`` when the edit cannot
    be made without changing another cell.
    """
    history = doc.history
    if history is not None and _within_table(history.table, span):
        return _history_edit(doc, history, span, new_text)
    basics = doc.basics
    if basics is not None and _within_table(basics.table, span):
        return _basics_edit(doc, basics, span, new_text)
    return [TextEdit(span, new_text)]


def insert_basics_row(doc: Document, key: str, value: str) -> list[TextEdit] | None:
    """Edits that add a ``key: value`` row at the end of the Basics table.

    The key is right-aligned to the key column like the others; a key too
    long for the column widens it in every line of the table.
    """
    basics = doc.basics
    if basics is None:
        return None
    table = basics.table
    bottom = table.bottom_border
    width = basics.key_width
    label = f"{key}:"
    grow = max(0, len(label) - width)
    lines = _table_lines(doc, table)
    if grow:
        widened = _widen_first_column(lines, grow)
        if widened is None or _too_long(table):
            return None
        lines = widened
    row = label.rjust(width + grow) + " " + value
    lead = "" if not doc.lines[bottom - 1].strip() else "\n"
    edits = _lines_edits(doc, table, lines, whole=_dashed(lines)) if grow else []
    # the new row goes before the bottom border, in the edit of that line if it has one
    last = edits[-1] if edits and edits[-1].span.start.line == bottom else None
    if last is not None:
        edits[-1] = TextEdit(last.span, f"{lead}{row}\n{last.new_text}")
    else:
        edits.append(TextEdit(Span(Position(bottom, 0), Position(bottom, 0)), f"{lead}{row}\n"))
    return edits


# ---- where an edit falls ----------------------------------------------------------------


def _within_table(table: SimpleTable, span: Span) -> bool:
    return table.top_border <= span.start.line and span.end.line <= table.bottom_border


def _inside(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _too_long(table: SimpleTable) -> bool:
    return table.bottom_border - table.top_border + 1 > MAX_RELAYOUT_LINES


def _table_lines(doc: Document, table: SimpleTable) -> list[str]:
    return list(doc.lines[table.top_border : table.bottom_border + 1])


# ---- History ---------------------------------------------------------------------------


def _cells(row: HistoryRow) -> tuple[Span, Span, Span, Span]:
    return (row.date_span, row.revision_span, row.version_span, row.notes_span)


def _history_values(row: HistoryRow) -> tuple[str, str, str, str]:
    return (row.date, row.revision, row.version, row.notes)


def _history_edit(
    doc: Document, history: HistoryTable, span: Span, new_text: str
) -> list[TextEdit] | None:
    table = history.table
    starts = [start for start, _ in table.columns]
    # the row holding the span: the last one starting at or before its line
    index = bisect_right(history.rows, span.start.line, key=lambda r: r.span.start.line) - 1
    if index < 0:
        return None
    for column, cell in enumerate(_cells(history.rows[index])):
        if not _inside(cell, span):
            continue
        if column == 3 or column + 1 >= len(starts):
            return [TextEdit(span, new_text)]  # the last column: nothing after it
        return _interior_edit(doc, history, index, column, span, new_text)
    return None  # not inside a cell: a border, the header, a cell boundary


def _interior_edit(
    doc: Document, history: HistoryTable, index: int, column: int, span: Span, new_text: str
) -> list[TextEdit] | None:
    """Replace *span* in a left-aligned column that has another column after it."""
    table = history.table
    row = history.rows[index]
    cell = _cells(row)[column]
    number = cell.start.line
    line = doc.lines[number]
    start, end = cell.start.column, cell.end.column
    boundary = table.columns[column + 1][0]  # where the next column starts
    region = 0 if column == 0 else table.columns[column][0]
    if span.start.line != number or span.end.line != number:
        return None
    if start < region or end > boundary or line[end:boundary].strip():
        return None  # a row read by its words, not by the columns
    text = line[start : span.start.column] + new_text + line[span.end.column : end]
    if "\n" in text or "\r" in text:
        return None
    new_end = start + len(text)
    grow = max(0, new_end - (boundary - 1))  # one space stays before the next column

    def edited(line: str) -> str:
        """The row *line* (as laid out, or widened) with the new cell."""
        if len(line) <= boundary + grow:
            return line[:start] + text + line[end:]  # nothing in the later columns
        return line[:start] + text + " " * (boundary + grow - new_end) + line[boundary + grow :]

    keep = (span.start.column, span.end.column)
    if not grow:
        return [_line_edit(number, line, edited(line), keep)]
    if _too_long(table):
        return None
    lines = _widen_column(_table_lines(doc, table), table, column, boundary, grow)
    if lines is None:
        return None
    offset = number - table.top_border
    lines[offset] = edited(lines[offset])
    expected = [_history_values(r) for r in history.rows]
    values = list(expected[index])
    values[column] = text
    expected[index] = (values[0], values[1], values[2], values[3])
    if _read_history(lines) != expected:
        return None
    return _lines_edits(doc, table, lines, whole=_dashed(lines), keep={number: keep})


def _widen_column(
    lines: list[str], table: SimpleTable, column: int, boundary: int, grow: int
) -> list[str] | None:
    """*lines* (a table's) with *column* wider by *grow*: the next columns move right."""
    starts = [start for start, _ in table.columns]
    out: list[str] = []
    for line in lines:
        if DASH_LINE.match(line):
            groups = _groups(line)
            if [g[0] for g in groups] == starts:
                at = groups[column][1]  # the column's own dashes
            elif any(g[0] < boundary <= g[1] for g in groups):
                at = boundary  # a border drawn across the columns
            elif all(g[1] <= boundary for g in groups):
                out.append(line)  # ends before the column: nothing moves
                continue
            else:
                return None  # dashes laid out some other way
            out.append(line[:at] + "-" * grow + line[at:])
        elif len(line) > boundary:
            out.append(line[:boundary] + " " * grow + line[boundary:])
        else:
            out.append(line)
    return out


def _read_history(lines: list[str]) -> list[tuple[str, str, str, str]]:
    table = read_table(lines, Block(BlockType.TABLE, 0, len(lines) - 1))
    return [_history_values(r) for r in read_history(lines, table).rows]


# ---- Basics ----------------------------------------------------------------------------


def _basics_edit(
    doc: Document, basics: BasicsTable, span: Span, new_text: str
) -> list[TextEdit] | None:
    index = bisect_right(basics.fields, span.start.line, key=lambda f: f.line) - 1
    if index < 0:
        return None
    item = basics.fields[index]
    if _inside(item.value_span, span):
        return [TextEdit(span, new_text)]  # the values are the last column
    if _inside(item.key_span, span) and ":" in doc.lines[item.line]:
        return _key_edit(doc, basics, item, span, new_text)
    return None


def _key_edit(
    doc: Document, basics: BasicsTable, item: Field, span: Span, new_text: str
) -> list[TextEdit] | None:
    """Replace *span* in a key, keeping the key's right edge (and so its colon) in place."""
    table = basics.table
    number = item.line
    line = doc.lines[number]
    start, end = item.key_span.start.column, item.key_span.end.column
    if span.start.line != number or span.end.line != number:
        return None
    key = line[start : span.start.column] + new_text + line[span.end.column : end]
    if "\n" in key or "\r" in key:
        return None
    new_start = end - len(key)
    keep = (span.start.column, span.end.column)
    if new_start >= 0:
        new_line = line[: max(0, min(new_start, start))] + key.rjust(end - min(new_start, start))
        new_line += line[end:]
        return [_line_edit(number, line, new_line, keep)]
    grow = -new_start
    if _too_long(table):
        return None
    lines = _widen_first_column(_table_lines(doc, table), grow)
    if lines is None:
        return None
    offset = number - table.top_border
    lines[offset] = key + line[end:]
    expected = [(f.key, f.value) for f in basics.fields]
    position = basics.fields.index(item)
    expected[position] = (key, item.value)
    if _read_basics(lines) != expected:
        return None
    return _lines_edits(doc, table, lines, whole=_dashed(lines), keep={number: (keep[0], keep[1])})


def _widen_first_column(lines: list[str], grow: int) -> list[str] | None:
    """*lines* (a headerless table's) with its first, right-aligned column wider by *grow*.

    Every line moves right; the dashed lines get the new width in their first group.
    """
    out: list[str] = []
    for line in lines:
        if DASH_LINE.match(line):
            if not line.startswith("-"):
                return None
            out.append("-" * grow + line)
        elif line.strip():
            out.append(" " * grow + line)
        else:
            out.append(line)
    return out


def _read_basics(lines: list[str]) -> list[tuple[str, str]]:
    table = read_table(lines, Block(BlockType.TABLE, 0, len(lines) - 1))
    return [(f.key, f.value) for f in read_basics(lines, table).fields]


# ---- edits from new lines --------------------------------------------------------------


def _groups(line: str) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    index = 0
    while index < len(line):
        if line[index] == "-":
            begin = index
            while index < len(line) and line[index] == "-":
                index += 1
            groups.append((begin, index))
        else:
            index += 1
    return groups


def _dashed(lines: Sequence[str]) -> set[int]:
    return {offset for offset, line in enumerate(lines) if DASH_LINE.match(line)}


def _lines_edits(
    doc: Document,
    table: SimpleTable,
    lines: Sequence[str],
    *,
    whole: set[int],
    keep: dict[int, tuple[int, int]] | None = None,
) -> list[TextEdit]:
    """The edits from the table's lines to *lines*.

    Lines at the offsets in *whole* (the dashed lines) are replaced whole, so
    that two fixes laying out the same table always overlap and only one of
    them is applied at a time.
    """
    edits: list[TextEdit] = []
    for offset, new in enumerate(lines):
        number = table.top_border + offset
        old = doc.lines[number]
        if offset in whole and new != old:
            edits.append(TextEdit(Span.on_line(number, 0, len(old)), new))
        elif new != old or (keep and number in keep):
            edits.append(_line_edit(number, old, new, (keep or {}).get(number)))
    return edits


def _line_edit(number: int, old: str, new: str, keep: tuple[int, int] | None) -> TextEdit:
    """One edit from *old* to *new* (a line), covering at least the columns *keep*."""
    shortest = min(len(old), len(new))
    head = 0
    while head < shortest and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    begin, end = head, len(old) - tail
    if keep is not None:
        begin, end = min(begin, keep[0]), max(end, keep[1])
    new_end = end + len(new) - len(old)
    return TextEdit(Span.on_line(number, begin, end), new[begin:new_end])
