"""Formatting a feature document (the layout ``featuredoc format`` writes)."""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def formatting(
    s: Services, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    from featuredoc.editing.formatting import format_document
    from featuredoc.lsp.convert import text_edits
    from featuredoc.model.document import DocumentKind

    model = await s.documents.model(params.text_document.uri)
    doc = model.document if model else None
    if model is None or doc is None or doc.kind is not DocumentKind.FEATURE:
        return None
    if not model.context.may_edit:
        return None
    convert = s.converter(model.lines, s.newline_of(params.text_document.uri))
    return text_edits(convert, format_document(doc))


FEATURE = Feature("formatting", (Method(types.TEXT_DOCUMENT_FORMATTING, formatting),))
