"""Go to definition and find references between feature documents and SUPPORT.md.

What a position stands for and where it leads is
:mod:`featuredoc.editing.navigation`'s (tiers, SUPPORT.md entries, paths and
links); here the workspace is the folder's, with the open documents at the
editor's text (:mod:`featuredoc.lsp.nav_view`), and the places found are
converted in each file's own lines. The index and the files are read on
the io thread.
"""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def definition(s: Services, params: types.DefinitionParams) -> list[types.Location] | None:
    from featuredoc.editing.navigation import definition as find
    from featuredoc.lsp.nav_view import nav_view
    from featuredoc.workspace.tree import tree_listing

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    document, context = model.document, model.context
    pos = s.converter(model.lines).from_position(params.position)
    view = await nav_view(s, model)

    def run() -> list[types.Location]:
        tree = tree_listing(context.root)
        found = find(document, context.config, pos, view, tree=tree, config_file=view.config_file)
        return [view.location(place) for place in found]

    return await s.documents.in_thread(run) or None


async def references(s: Services, params: types.ReferenceParams) -> list[types.Location] | None:
    from featuredoc.editing.navigation import references as find
    from featuredoc.lsp.nav_view import nav_view

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    document, config = model.document, model.context.config
    pos = s.converter(model.lines).from_position(params.position)
    declaration = params.context.include_declaration
    view = await nav_view(s, model)

    def run() -> list[types.Location]:
        found = find(
            document,
            config,
            pos,
            view,
            include_declaration=declaration,
            config_file=view.config_file,
        )
        return [view.location(place) for place in found]

    return await s.documents.in_thread(run) or None


FEATURE = Feature(
    "definition and references",
    (
        Method(types.TEXT_DOCUMENT_DEFINITION, definition),
        Method(types.TEXT_DOCUMENT_REFERENCES, references),
    ),
)
