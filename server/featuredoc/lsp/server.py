"""``featuredoc-ls``: the language server over stdio.

Handlers are thin: they fetch the document, call the engine or a pure helper,
and convert the result to lsprotocol types. A failure inside one handler is
logged and never takes the server down.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from featuredoc import __version__
from featuredoc.completion import status_candidates
from featuredoc.config import Config
from featuredoc.engine import Analysis, analyse, document_kind
from featuredoc.lsp.convert import Converter
from featuredoc.text import Span, split_lines

log = logging.getLogger("featuredoc")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(slots=True)
class Checked:
    """The latest analysis of an open document."""

    version: int | None
    lines: list[str]
    analysis: Analysis


class FeaturedocServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("featuredoc", __version__)
        self.checked: dict[str, Checked] = {}
        self.default_config = Config()

    # ---- helpers -------------------------------------------------------

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    def config_for(self, uri: str) -> Config:
        return self.default_config

    def path_for(self, uri: str) -> str:
        if uri.startswith("file:"):
            return uris.to_fs_path(uri) or uri
        return uri

    def converter(self, lines: list[str]) -> Converter:
        return Converter(lines, self.encoding)

    def check_document(self, uri: str) -> Checked | None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        text = document.source
        config = self.config_for(uri)
        path = self.path_for(uri)
        analysis = analyse(text, path, config, kind=document_kind(path, config))
        checked = Checked(document.version, split_lines(text), analysis)
        self.checked[uri] = checked
        return checked

    def publish(self, uri: str) -> None:
        checked = self.check_document(uri)
        if checked is None:
            return
        convert = self.converter(checked.lines)
        diagnostics = [convert.diagnostic(f) for f in checked.analysis.findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=checked.version, diagnostics=diagnostics
            )
        )

    def current(self, uri: str) -> Checked | None:
        """The analysis of the open document's current version."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        checked = self.checked.get(uri)
        if checked is None or checked.version != document.version:
            checked = self.check_document(uri)
        return checked


def guarded(default: Any = None) -> Callable[[F], F]:  # noqa: ANN401
    """Log a handler's exception and answer *default* instead of failing."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            try:
                return func(*args, **kwargs)
            except Exception:  # noqa: BLE001
                log.exception("featuredoc: %s failed", func.__name__)
                return default

        return inner  # type: ignore[return-value]

    return wrap


server = FeaturedocServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: FeaturedocServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: FeaturedocServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: FeaturedocServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.checked.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["*", ":", " "]),
)
@guarded()
def completion(ls: FeaturedocServer, params: types.CompletionParams) -> types.CompletionList | None:
    uri = params.text_document.uri
    document = ls.workspace.text_documents.get(uri)
    if document is None:
        return None
    lines = split_lines(document.source)
    convert = ls.converter(lines)
    pos = convert.from_position(params.position)
    line = lines[pos.line] if pos.line < len(lines) else ""
    config = ls.config_for(uri)
    kind = document_kind(ls.path_for(uri), config)
    candidates = status_candidates(line, pos.column, kind, config)
    if not candidates:
        return None
    items = []
    for c in candidates:
        rng = convert.range(Span.on_line(pos.line, c.start, c.end))
        items.append(
            types.CompletionItem(
                label=c.label,
                kind=types.CompletionItemKind.EnumMember,
                detail=c.detail or None,
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=c.documentation
                ),
                sort_text=f"{c.sort:03d}",
                filter_text=c.label,
                text_edit=types.TextEdit(range=rng, new_text=c.new_text),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@guarded(default=None)
def code_action(
    ls: FeaturedocServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    checked = ls.current(uri)
    if checked is None:
        return None
    convert = ls.converter(checked.lines)
    wanted = convert.from_range(params.range)
    actions: list[types.CodeAction] = []
    for finding in checked.analysis.findings:
        span = finding.span
        if span.end < wanted.start or span.start > wanted.end:
            continue
        diagnostic = convert.diagnostic(finding)
        for fix in finding.fixes:
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=fix.preferred or None,
                    edit=convert.workspace_edit(uri, fix),
                )
            )
    return actions or None


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    server.start_io()


if __name__ == "__main__":
    main()
