"""Second reference line: pygls 2.x plus a full mistune 3 parse of the document per change.

This is what "re-parse everything on every keystroke with an off-the-shelf Markdown
parser" costs, with no rules on top. The single diagnostic it publishes carries the
number of top-level tokens so that the parse cannot be optimised away.

Completion and hover are answered with constants, as in ``floor_server.py``; because the
parse runs synchronously in the didChange handler, a request that arrives during a parse
waits for it (the big-document mode of ``lsp_bench.py`` shows this).

    python benchmarks/mistune_server.py      # speaks LSP over stdio
"""

from __future__ import annotations

import mistune
from lsprotocol import types as t
from pygls.lsp.server import LanguageServer

server = LanguageServer("featuredoc-bench-mistune", "1")
_parse = mistune.create_markdown(renderer=None)


def _diagnostics(ls: LanguageServer, uri: str) -> list[t.Diagnostic]:
    tokens = _parse(ls.workspace.get_text_document(uri).source)
    count = len(tokens) if isinstance(tokens, list) else 0
    return [
        t.Diagnostic(
            range=t.Range(
                start=t.Position(line=0, character=0), end=t.Position(line=0, character=1)
            ),
            message=f"{count} top-level blocks",
            severity=t.DiagnosticSeverity.Information,
            source="mistune",
        )
    ]


def _client_pulls(ls: LanguageServer) -> bool:
    """Whether the client pulls diagnostics (LSP 3.17); then the parse runs on the pull."""
    td = ls.client_capabilities.text_document
    return td is not None and td.diagnostic is not None


def _analyse(ls: LanguageServer, uri: str, version: int | None) -> None:
    if _client_pulls(ls):
        return
    ls.text_document_publish_diagnostics(
        t.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=_diagnostics(ls, uri))
    )


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: t.DidOpenTextDocumentParams) -> None:
    _analyse(ls, params.text_document.uri, params.text_document.version)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: t.DidChangeTextDocumentParams) -> None:
    _analyse(ls, params.text_document.uri, params.text_document.version)


@server.feature(
    t.TEXT_DOCUMENT_DIAGNOSTIC,
    t.DiagnosticOptions(inter_file_dependencies=False, workspace_diagnostics=False),
)
def diagnostic(
    ls: LanguageServer, params: t.DocumentDiagnosticParams
) -> t.DocumentDiagnosticReport:
    return t.RelatedFullDocumentDiagnosticReport(items=_diagnostics(ls, params.text_document.uri))


@server.feature(t.TEXT_DOCUMENT_COMPLETION)
def completion(ls: LanguageServer, params: t.CompletionParams) -> t.CompletionList:
    return t.CompletionList(
        is_incomplete=False,
        items=[t.CompletionItem(label=label) for label in ("Supported", "Tech Preview")],
    )


@server.feature(t.TEXT_DOCUMENT_HOVER)
def hover(ls: LanguageServer, params: t.HoverParams) -> t.Hover:
    return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.PlainText, value="mistune"))


if __name__ == "__main__":
    server.start_io()
