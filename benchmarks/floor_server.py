"""The floor: a bare pygls 2.x server that publishes one constant diagnostic.

It does no analysis at all, so what it costs per keystroke is the price of pygls itself
(JSON-RPC framing, lsprotocol (de)serialisation, the incremental text sync of the
workspace) and of the client's round trip. Every latency figure in ``lsp_bench.py`` is
read against it.

It also answers pull diagnostics (``--mode pull``; it then pushes nothing), completion and
hover with constant results, so that every mode has a floor.

    python benchmarks/floor_server.py        # speaks LSP over stdio
"""

from __future__ import annotations

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer

server = LanguageServer("featuredoc-bench-floor", "1")

_DIAGNOSTIC = t.Diagnostic(
    range=t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=1)),
    message="constant diagnostic from the floor server",
    severity=t.DiagnosticSeverity.Information,
    source="floor",
)


def _client_pulls(ls: LanguageServer) -> bool:
    """Whether the client pulls diagnostics (LSP 3.17); then nothing is pushed."""
    td = ls.client_capabilities.text_document
    return td is not None and td.diagnostic is not None


def _publish(ls: LanguageServer, uri: str, version: int | None) -> None:
    if _client_pulls(ls):
        return
    ls.text_document_publish_diagnostics(
        t.PublishDiagnosticsParams(uri=uri, diagnostics=[_DIAGNOSTIC], version=version)
    )


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: t.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri, params.text_document.version)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: t.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri, params.text_document.version)


@server.feature(
    t.TEXT_DOCUMENT_DIAGNOSTIC,
    t.DiagnosticOptions(inter_file_dependencies=False, workspace_diagnostics=False),
)
def diagnostic(
    ls: LanguageServer, params: t.DocumentDiagnosticParams
) -> t.DocumentDiagnosticReport:
    return t.RelatedFullDocumentDiagnosticReport(items=[_DIAGNOSTIC])


@server.feature(t.TEXT_DOCUMENT_COMPLETION)
def completion(ls: LanguageServer, params: t.CompletionParams) -> t.CompletionList:
    return t.CompletionList(
        is_incomplete=False,
        items=[t.CompletionItem(label=label) for label in ("Supported", "Tech Preview")],
    )


@server.feature(t.TEXT_DOCUMENT_HOVER)
def hover(ls: LanguageServer, params: t.HoverParams) -> t.Hover:
    return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.PlainText, value="floor"))


if __name__ == "__main__":
    server.start_io()
