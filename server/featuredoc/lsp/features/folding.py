"""Folding ranges: sections, tables and fenced blocks."""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def folding_range(
    s: Services, params: types.FoldingRangeParams
) -> list[types.FoldingRange] | None:
    from featuredoc.editing.symbols import folding_ranges
    from featuredoc.lsp.convert import Converter

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    return [Converter.folding_range(fold) for fold in folding_ranges(model.document)]


FEATURE = Feature("folding", (Method(types.TEXT_DOCUMENT_FOLDING_RANGE, folding_range),))
