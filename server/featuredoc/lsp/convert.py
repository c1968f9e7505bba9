"""Conversions between the engine's data and lsprotocol types."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from featuredoc.editing.plain_text import plain_text
from featuredoc.model.cache import LruCache
from featuredoc.model.findings import Finding, Fix, TextEdit
from featuredoc.model.text import (
    Position,
    Span,
    column_from_units,
    column_to_units,
    with_line_ending,
)
from featuredoc.model.urls import DOCS_URL

SOURCE = "featuredoc"

#: Converted diagnostics (see Converter.diagnostic): a few keystrokes' worth.
_DIAGNOSTICS: LruCache[tuple[object, ...], types.Diagnostic] = LruCache(4096)

if TYPE_CHECKING:
    from featuredoc.editing.completion import Candidate
    from featuredoc.editing.symbols import Fold, Symbol

_COMPLETION_KINDS = {
    "value": types.CompletionItemKind.EnumMember,
    "key": types.CompletionItemKind.Field,
    "section": types.CompletionItemKind.Module,
    "snippet": types.CompletionItemKind.Snippet,
}
_SYMBOL_KINDS = {
    "section": types.SymbolKind.Namespace,
    "field": types.SymbolKind.Field,
    "row": types.SymbolKind.Event,
    "status": types.SymbolKind.EnumMember,
}


def span_key(span: Span) -> tuple[int, int, int, int]:
    """*span* as plain numbers, for cache keys: hashed in C, not by dataclass methods."""
    start, end = span.start, span.end
    return (start.line, start.column, end.line, end.column)


class Converter:
    """Position conversion for one document's lines and the negotiated encoding."""

    def __init__(self, lines: Sequence[str], encoding: str = "utf-16", newline: str = "\n") -> None:
        self.lines = lines
        self.encoding = encoding
        #: the document's line ending, written into the text of every edit
        self.newline = newline

    def _line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def position(self, pos: Position) -> types.Position:
        return types.Position(
            line=pos.line,
            character=column_to_units(self._line(pos.line), pos.column, self.encoding),
        )

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def from_position(self, pos: types.Position) -> Position:
        line = max(0, min(pos.line, len(self.lines) - 1)) if self.lines else 0
        if pos.line > line:  # past the end: the end of the document
            return Position(line, len(self._line(line)))
        return Position(line, column_from_units(self._line(line), pos.character, self.encoding))

    def from_range(self, rng: types.Range) -> Span:
        return Span(self.from_position(rng.start), self.from_position(rng.end))

    def diagnostic(
        self,
        finding: Finding,
        uri_for: dict[str, str] | None = None,
        related: Sequence[tuple[Hashable, types.DiagnosticRelatedInformation]] | None = None,
    ) -> types.Diagnostic:
        """*finding* as a diagnostic; the same one as last time when nothing it reads changed.

        A keystroke re-reports most findings unchanged (SUPPORT.md in a large
        workspace has hundreds), and building lsprotocol objects costs more
        than the rest of the keystroke: the conversion is looked up by the
        finding's content and the text of the lines its range is on.
        *related*: the finding's ``relatedInformation`` converted already,
        each with a key naming everything it was converted from (see
        :mod:`featuredoc.lsp.publishing`); without it, related places keep
        their own positions. Treat the result as read-only.
        """
        start, end = finding.span.start.line, finding.span.end.line
        key = (
            finding.code,
            int(finding.severity),
            finding.message,
            span_key(finding.span),
            self._line(start),
            self._line(end) if end != start else None,
            self.encoding,
            tuple((r.path, span_key(r.span), r.message) for r in finding.related)
            if related is None
            else tuple(k for k, _ in related),
            tuple(sorted(uri_for.items())) if uri_for and finding.related else None,
        )
        cached = _DIAGNOSTICS.get(key)
        if cached is None:
            items = None if related is None else [item for _, item in related]
            cached = self._diagnostic(finding, uri_for, items)
            _DIAGNOSTICS.put(key, cached)
        return cached

    def _diagnostic(
        self,
        finding: Finding,
        uri_for: dict[str, str] | None = None,
        related: Sequence[types.DiagnosticRelatedInformation] | None = None,
    ) -> types.Diagnostic:
        if related is None:
            related = [
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=(uri_for or {}).get(r.path, r.path),
                        range=types.Range(
                            start=types.Position(
                                line=r.span.start.line, character=r.span.start.column
                            ),
                            end=types.Position(line=r.span.end.line, character=r.span.end.column),
                        ),
                    ),
                    message=r.message,
                )
                for r in finding.related
            ]
        return types.Diagnostic(
            range=self.range(finding.span),
            severity=types.DiagnosticSeverity(int(finding.severity)),
            code=finding.code,
            code_description=types.CodeDescription(href=DOCS_URL.format(code=finding.code)),
            source=SOURCE,
            message=finding.message,
            related_information=list(related) or None,
        )

    def completion_item(
        self, candidate: Candidate, line: int, snippets: bool = True, markdown: bool = True
    ) -> types.CompletionItem:
        from featuredoc.editing.completion import snippet_text

        number = line if candidate.line is None else candidate.line
        rng = self.range(Span.on_line(number, candidate.start, candidate.end))
        snippet = candidate.snippet and snippets
        text = (
            candidate.new_text
            if snippet or not candidate.snippet
            else snippet_text(candidate.new_text)
        )
        return types.CompletionItem(
            label=candidate.label,
            kind=_COMPLETION_KINDS.get(candidate.kind.value, types.CompletionItemKind.Text),
            detail=candidate.detail or None,
            documentation=markup(candidate.documentation, markdown),
            sort_text=f"{candidate.sort:03d}",
            filter_text=candidate.filter or candidate.label,
            insert_text_format=types.InsertTextFormat.Snippet if snippet else None,
            text_edit=types.TextEdit(range=rng, new_text=text),
        )

    def symbol(self, symbol: Symbol) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=symbol.name,
            detail=symbol.detail or None,
            kind=_SYMBOL_KINDS.get(symbol.kind.value, types.SymbolKind.String),
            range=self.range(symbol.span),
            selection_range=self.range(symbol.selection),
            children=[self.symbol(c) for c in symbol.children] or None,
        )

    @staticmethod
    def folding_range(fold: Fold) -> types.FoldingRange:
        kind = (
            types.FoldingRangeKind.Comment
            if fold.kind.value == "comment"
            else types.FoldingRangeKind.Region
        )
        return types.FoldingRange(start_line=fold.first, end_line=fold.last, kind=kind)


def markup(text: str, markdown: bool) -> types.MarkupContent | str | None:
    """Markdown *text* as Markdown, or without its markup for clients that cannot show it."""
    if not text:
        return None
    if markdown:
        return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return types.MarkupContent(kind=types.MarkupKind.PlainText, value=plain_text(text))


def text_edits(convert: Converter, edits: Sequence[TextEdit]) -> list[types.TextEdit]:
    newline = convert.newline
    return [
        types.TextEdit(range=convert.range(e.span), new_text=with_line_ending(e.new_text, newline))
        for e in edits
    ]


def merged_edit(uri: str, convert: Converter, fixes: Sequence[Fix]) -> types.WorkspaceEdit:
    """One workspace edit holding the edits of every fix, in order."""
    return types.WorkspaceEdit(
        changes={uri: text_edits(convert, [e for fix in fixes for e in fix.edits])}
    )
