"""Completion: section names, Basics keys and values, statuses, SUPPORT.md labels."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def completion(s: Services, params: types.CompletionParams) -> types.CompletionList | None:
    from featuredoc.editing.completion import Workspace, complete

    model = await s.documents.model(params.text_document.uri)
    if model is None:
        return None
    context = model.context
    kind = context.kind
    if context.config_file or kind is None:
        return None
    convert = s.converter(model.lines)
    pos = convert.from_position(params.position)
    knowledge = s.knowledge
    values = knowledge.values(context)

    def run() -> list[Any]:  # reads the workspace's files when it must
        workspace = Workspace(
            s.today(),
            values,
            knowledge.definitions(context),
            lambda: knowledge.support_entries(context),
        )
        return complete(
            model.for_cursor(), model.lines, pos.line, pos.column, kind, context.config, workspace
        )

    found = await s.documents.in_thread(run)
    if not found:
        return None
    client = s.client.features
    items = [
        convert.completion_item(c, pos.line, client.snippets, client.markdown_completion_docs)
        for c in found
    ]
    return types.CompletionList(is_incomplete=False, items=items)


FEATURE = Feature(
    "completion",
    (
        Method(
            types.TEXT_DOCUMENT_COMPLETION,
            completion,
            types.CompletionOptions(trigger_characters=["*", ":", " ", "#", ","]),
        ),
    ),
)
