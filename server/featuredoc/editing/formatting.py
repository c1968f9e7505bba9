"""Re-align the Basics and History simple tables to pandoc's column layout.

Only the lines of those two tables change: a column is widened to fit its
content (a column already wide enough keeps its width, so a document
written from the template stays as it is), Basics keys are right-aligned
to the key column with values starting one space after it, History cells are
padded to their columns. Blank lines and every other line are left alone,
and formatting a formatted document changes nothing.

Formatting never changes what a cell says. The new lines of each table are
read again as the parser reads them, and a table whose cells would read
differently is left as it is. So is a History table with a row whose text
a column boundary cuts in the middle of a word (`Xen 4.2|0`): the columns
then read as something the author did not write, and aligning them would
make that permanent.
"""

from __future__ import annotations

from featuredoc.model.document import (
    BasicsTable,
    Block,
    BlockType,
    Document,
    HistoryRow,
    HistoryTable,
    SimpleTable,
)
from featuredoc.model.findings import TextEdit
from featuredoc.model.text import Span
from featuredoc.parser.tables import read_basics, read_history, read_table


def format_document(doc: Document) -> list[TextEdit]:
    """Edits that align the Basics and History tables (one per changed line)."""
    wanted: dict[int, str] = {}
    if doc.basics is not None:
        lines = basics_lines(doc, doc.basics)
        if _basics_cells(_relaid(doc, doc.basics.table, lines)) == _basics_cells(
            _relaid(doc, doc.basics.table, {})
        ):
            wanted.update(lines)
    if doc.history is not None and not any(_cut(doc, row) for row in doc.history.rows):
        lines = history_lines(doc, doc.history)
        if _history_cells(_relaid(doc, doc.history.table, lines)) == _history_cells(
            _relaid(doc, doc.history.table, {})
        ):
            wanted.update(lines)
    edits = []
    for number in sorted(wanted):
        old = doc.lines[number]
        if wanted[number] != old:
            edits.append(TextEdit(Span.on_line(number, 0, len(old)), wanted[number]))
    return edits


def _border(widths: tuple[int, ...] | list[int]) -> str:
    return " ".join("-" * w for w in widths)


def _current_widths(table: SimpleTable, count: int) -> list[int]:
    widths = [end - start for start, end in table.columns[:count]]
    return widths + [0] * (count - len(widths))


def _base_indent(table: SimpleTable) -> int:
    """The indent of the least indented continuation line: the column values continue at.

    Continuation lines keep their indent relative to it (nested list items
    in History notes), whatever the borders say.
    """
    indents = [len(text) - len(text.lstrip()) for row in table.rows for text, _ in row[1:]]
    return min(indents, default=0)


def _continuation(line: str, old_column: int, new_column: int) -> tuple[str, int]:
    """A continuation line moved from *old_column* to *new_column*, keeping deeper indents."""
    indent = len(line) - len(line.lstrip())
    text = " " * max(0, indent - old_column) + line.strip()
    return " " * new_column + text, len(text)


def basics_lines(doc: Document, basics: BasicsTable) -> dict[int, str]:
    table = basics.table
    if table.header_line is not None or not basics.fields:
        return {}
    rows = [row for row in table.rows if row]
    if len(rows) != len(basics.fields):
        return {}
    keys = [f"{item.key}:" if ":" in doc.lines[item.line] else None for item in basics.fields]
    old_key, old_value = _current_widths(table, 2)
    key_width = max([old_key, *(len(k) for k in keys if k)])
    old_column = _base_indent(table)
    value_lengths: list[int] = []
    for item, row in zip(basics.fields, rows, strict=True):
        line = doc.lines[item.line]
        if ":" in line:
            value_lengths.append(len(line[line.index(":") + 1 :].strip()))
        value_lengths.extend(_continuation(t, old_column, 0)[1] for t, _ in row[1:])
    value_width = max([old_value, *value_lengths])
    out: dict[int, str] = {
        table.top_border: _border((key_width, value_width)),
        table.bottom_border: _border((key_width, value_width)),
    }
    for item, key, row in zip(basics.fields, keys, rows, strict=True):
        line = doc.lines[item.line]
        if key is None:
            continue  # not a Key: value row; leave it as written
        value = line[line.index(":") + 1 :].strip()
        out[item.line] = (key.rjust(key_width) + " " + value).rstrip()
        for text, span in row[1:]:
            out[span.start.line] = _continuation(text, old_column, key_width + 1)[0]
    return out


def history_lines(doc: Document, history: HistoryTable) -> dict[int, str]:
    table = history.table
    if table.header_line is None or table.separator_line is None:
        return {}
    if table.separator_line != table.header_line + 1 or len(table.rows) != len(history.rows):
        return {}
    header_words = doc.lines[table.header_line].split()
    if len(header_words) < 4:
        return {}
    header = [*header_words[:3], " ".join(header_words[3:])]
    cells = [[row.date, row.revision, row.version, _first_line(doc, row)] for row in history.rows]
    old = _current_widths(table, 4)
    old_column = _base_indent(table)
    extra = [_continuation(text, old_column, 0)[1] for row in table.rows for text, _ in row[1:]]
    widths = [max([old[i], len(header[i]), *(len(c[i]) for c in cells)]) for i in range(4)]
    widths[3] = max([widths[3], *extra])
    total = sum(widths) + 3

    def join(parts: list[str]) -> str:
        return " ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()

    out: dict[int, str] = {
        table.header_line: join(header),
        table.separator_line: _border(widths),
        table.bottom_border: _border(widths),
    }
    if table.top_border != table.header_line:
        out[table.top_border] = "-" * total
    notes_column = sum(widths[:3]) + 3
    for values, raw in zip(cells, table.rows, strict=True):
        out[raw[0][1].start.line] = join(values)
        for text, span in raw[1:]:
            out[span.start.line] = _continuation(text, old_column, notes_column)[0]
    return out


def _first_line(doc: Document, row: HistoryRow) -> str:
    notes_span = row.notes_span
    line = doc.lines[notes_span.start.line]
    end = notes_span.end.column if notes_span.end.line == notes_span.start.line else len(line)
    return line[notes_span.start.column : end].strip()


# ---- the cells stay as they are -------------------------------------------------------


def _relaid(doc: Document, table: SimpleTable, wanted: dict[int, str]) -> list[str]:
    """The lines of *table* with the *wanted* ones (by document line) in place."""
    numbers = range(table.top_border, table.bottom_border + 1)
    return [wanted.get(number, doc.lines[number]) for number in numbers]


def _read(lines: list[str]) -> SimpleTable:
    return read_table(lines, Block(BlockType.TABLE, 0, len(lines) - 1))


def _basics_cells(lines: list[str]) -> list[tuple[str, str]]:
    return [(f.key, f.value) for f in read_basics(lines, _read(lines)).fields]


def _history_cells(lines: list[str]) -> list[tuple[str, str, str, str]]:
    rows = read_history(lines, _read(lines)).rows
    return [(r.date, r.revision, r.version, r.notes) for r in rows]


def _cut(doc: Document, row: HistoryRow) -> bool:
    """Whether a column boundary cuts a word of *row* (its cells start or end inside one)."""
    for span in (row.date_span, row.revision_span, row.version_span, row.notes_span):
        line = doc.lines[span.start.line]
        start = span.start.column
        if 0 < start <= len(line) and not line[start - 1].isspace():
            return True
        if span.end.line == span.start.line:
            end = span.end.column
            if end < len(line) and not line[end].isspace() and end > start:
                return True
    return False
