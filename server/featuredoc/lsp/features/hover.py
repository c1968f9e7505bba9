"""Hover: what a status, a label, a section or a Basics key means here.

For a client that shows no code lenses, the hover on a Status row or a
SUPPORT.md entry's heading ends with the lens text of that line
(:mod:`featuredoc.lsp.lenses`).
"""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def hover(s: Services, params: types.HoverParams) -> types.Hover | None:
    from featuredoc.editing.hover import hover_at
    from featuredoc.lsp.convert import markup

    model = await s.documents.model(params.text_document.uri)
    document = model.for_cursor() if model is not None else None
    if model is None or document is None:
        return None
    context = model.context
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
    lens = None if s.client.features.code_lens else await lens_on(s, params, pos.line)
    if info is None and lens is None:
        return None
    text = "\n\n".join(part for part in (info.markdown if info else "", lens) if part)
    contents = markup(text, s.client.features.markdown_hover) or ""
    return types.Hover(contents=contents, range=convert.range(info.span) if info else None)


async def lens_on(s: Services, params: types.HoverParams, line: int) -> str | None:
    """The text of the code lens on *line*, for a client that shows none."""
    from featuredoc.lsp.nav_view import document_lenses

    model = await s.documents.model(params.text_document.uri)
    # a feature document's lenses are on its Status rows, which the cursor's document holds
    document = model.for_cursor() if model is not None else None
    if document is None or not (
        any(h.span.start.line == line for h in document.headings)
        or "Status" in (document.lines[line] if line < len(document.lines) else "")
    ):
        return None  # no lens on this line: the workspace is not read
    found = await document_lenses(s, params.text_document.uri)
    texts = [lens.text for lens in found[1] if lens.span.start.line == line] if found else []
    return "\n\n".join(texts) or None


FEATURE = Feature("hover", (Method(types.TEXT_DOCUMENT_HOVER, hover),))
