"""Workspace symbols: the feature documents and SUPPORT.md entries whose names match a query.

The matching and ranking are :mod:`featuredoc.editing.workspace_symbols`'s,
over the index of every workspace folder (read on the io thread). Each
symbol's ``containerName`` says what it is and its status ("feature
document · Supported", "SUPPORT.md entry · x86: Supported"): the one
field of a workspace symbol an editor shows beside its name.
"""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def workspace_symbol(
    s: Services, params: types.WorkspaceSymbolParams
) -> list[types.WorkspaceSymbol] | None:
    from featuredoc.editing.workspace_symbols import (
        MAX_SYMBOLS,
        WorkspaceSymbolKind,
        workspace_symbols,
    )
    from featuredoc.lsp.convert import Converter
    from featuredoc.lsp.nav_view import document_uri

    indexes, encoding, query = s.indexes, s.encoding(), params.query
    kinds = {
        WorkspaceSymbolKind.DOCUMENT: types.SymbolKind.File,
        WorkspaceSymbolKind.ENTRY: types.SymbolKind.Namespace,
    }

    def run() -> list[types.WorkspaceSymbol]:
        found: list[types.WorkspaceSymbol] = []
        for folder in indexes.all_folders():
            with indexes.lock:
                index = folder.index
                symbols = workspace_symbols(index, index.config, query)
                documents = {sym.path: index.document(sym.path) for sym in symbols}
            for symbol in symbols:
                document = documents[symbol.path]
                convert = Converter(document.lines if document else [], encoding)
                found.append(
                    types.WorkspaceSymbol(
                        name=symbol.name,
                        kind=kinds[symbol.kind],
                        location=types.Location(
                            uri=document_uri(symbol.path), range=convert.range(symbol.span)
                        ),
                        container_name=symbol.detail,
                    )
                )
        return found[:MAX_SYMBOLS]

    return await s.documents.in_thread(run) or None


FEATURE = Feature("workspace symbols", (Method(types.WORKSPACE_SYMBOL, workspace_symbol),))
