"""Document symbols: the outline of sections, Basics and support entries."""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def document_symbol(
    s: Services, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    from featuredoc.editing.symbols import outline

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    convert = s.converter(model.lines)
    return [convert.symbol(symbol) for symbol in outline(model.document)]


FEATURE = Feature(
    "document symbols", (Method(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, document_symbol),)
)
