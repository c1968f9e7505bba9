"""Document links: URLs and the workspace files a document names."""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def document_link(
    s: Services, params: types.DocumentLinkParams
) -> list[types.DocumentLink] | None:
    from featuredoc.editing.links import document_links

    model = await s.documents.model(params.text_document.uri)
    if model is None:
        return None
    convert = s.converter(model.lines)
    tooltips = s.client.features.link_tooltips
    root = model.context.root
    # the document is built (when it is not yet) off the event loop
    links = await s.documents.in_thread(lambda: document_links(model.lines, root, model.document))
    return [
        types.DocumentLink(
            range=convert.range(link.span),
            target=link.target,
            tooltip=link.tooltip if tooltips else None,
        )
        for link in links
    ]


FEATURE = Feature("document links", (Method(types.TEXT_DOCUMENT_DOCUMENT_LINK, document_link),))
