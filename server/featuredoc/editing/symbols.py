"""The outline of a document and the regions an editor may fold.

Pure: works on the parsed :class:`~featuredoc.model.document.Document`, code-point
columns throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from featuredoc.model.document import Document, Section
from featuredoc.model.text import Span


class SymbolKind(str, Enum):
    SECTION = "section"
    FIELD = "field"
    ROW = "row"
    STATUS = "status"


@dataclass(slots=True)
class Symbol:
    name: str
    kind: SymbolKind
    span: Span  # everything the symbol covers
    selection: Span  # the part to highlight (a heading's title, a field's key)
    detail: str = ""
    children: list[Symbol] = field(default_factory=list)


class FoldKind(str, Enum):
    REGION = "region"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Fold:
    first: int
    last: int
    kind: FoldKind = FoldKind.REGION


def outline(doc: Document) -> list[Symbol]:
    """Sections nested by level; Basics fields and History rows under their sections."""
    roots: list[Symbol] = []
    stack: list[tuple[Section, Symbol]] = []
    for section in doc.sections:
        title = section.title or "(untitled)"
        selection = _within(section.heading.span, section.span)
        symbol = Symbol(title, SymbolKind.SECTION, section.span, selection)
        while stack and stack[-1][0].level >= section.level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(symbol)
        stack.append((section, symbol))
    for child, line in _table_children(doc):
        parent = _innermost(roots, line)
        (parent.children if parent else roots).append(child)
    for status in doc.status_lines:
        name = status.key + (f", {status.qualifier}" if status.qualifier else "")
        child = Symbol(name, SymbolKind.STATUS, status.span, status.key_span, status.value)
        parent = _innermost(roots, status.span.start.line)
        (parent.children if parent else roots).append(child)
    _sort(roots)
    return roots


def _sort(symbols: list[Symbol]) -> None:
    symbols.sort(key=lambda s: (s.span.start, s.kind is not SymbolKind.SECTION))
    for symbol in symbols:
        _sort(symbol.children)


def _within(inner: Span, outer: Span) -> Span:
    if inner.start < outer.start or inner.end > outer.end:
        return Span(outer.start, outer.start)
    return inner


def _table_children(doc: Document) -> list[tuple[Symbol, int]]:
    children: list[tuple[Symbol, int]] = []
    if doc.basics is not None:
        for item in doc.basics.fields:
            span = Span(item.key_span.start, max(item.key_span.end, item.value_span.end))
            symbol = Symbol(item.key, SymbolKind.FIELD, span, item.key_span, item.value)
            children.append((symbol, item.line))
    if doc.history is not None:
        for row in doc.history.rows:
            name = " ".join(p for p in (row.date, row.revision and f"r{row.revision}") if p)
            detail = " ".join(p for p in (row.version, row.notes) if p)
            symbol = Symbol(name or "row", SymbolKind.ROW, row.span, row.date_span, detail)
            children.append((symbol, row.span.start.line))
    return children


def _innermost(symbols: list[Symbol], line: int) -> Symbol | None:
    for symbol in symbols:
        if symbol.kind is not SymbolKind.SECTION:
            continue
        if symbol.span.start.line <= line <= symbol.span.end.line:
            return _innermost(symbol.children, line) or symbol
    return None


def folding_ranges(doc: Document) -> list[Fold]:
    """Sections, tables, the metadata block and multi-line comments."""
    folds: set[Fold] = set()
    for section in doc.sections:
        if section.last_line > section.heading.line_span.start.line:
            folds.add(Fold(section.heading.line_span.start.line, section.last_line))
    for table in doc.tables:
        if table.bottom_border > table.top_border:
            folds.add(Fold(table.top_border, table.bottom_border))
    if doc.metadata is not None and doc.metadata.span.end.line > doc.metadata.span.start.line:
        folds.add(Fold(doc.metadata.span.start.line, doc.metadata.span.end.line))
    for comment in doc.comments:
        if comment.span.end.line > comment.span.start.line:
            folds.add(Fold(comment.span.start.line, comment.span.end.line, FoldKind.COMMENT))
    return sorted(folds, key=lambda f: (f.first, -f.last, f.kind.value))


__all__ = ["Fold", "FoldKind", "Symbol", "SymbolKind", "folding_ranges", "outline"]
