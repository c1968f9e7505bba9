"""Hover: what a status, a label, a section or a Basics key means here."""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.convert import markup
from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def hover(s: Services, params: types.HoverParams) -> types.Hover | None:
    from featuredoc.editing.hover import hover_at

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    document, context = model.document, model.context
    convert = s.converter(model.lines)
    pos = convert.from_position(params.position)
    knowledge = s.knowledge
    info = await s.documents.in_thread(
        lambda: hover_at(
            document,
            context.config,
            pos,
            knowledge.definitions(context),
            knowledge.template_guidance(context),
            knowledge.support_entries(context),
        )
    )
    if info is None:
        return None
    contents = markup(info.markdown, s.client.features.markdown_hover) or ""
    return types.Hover(contents=contents, range=convert.range(info.span))


FEATURE = Feature("hover", (Method(types.TEXT_DOCUMENT_HOVER, hover),))
