"""A code action request names its diagnostics in the context: those count as well as the range."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import doc_uri, open_doc

DOC = (
    "% T\n% Revision 1\n\n# Basics\n---------------- -----\n"
    "         Status: **Supperted**\n---------------- -----\n"
)


async def fd201(client: LanguageClient, uri: str) -> types.Diagnostic:
    for _ in range(200):
        for d in client.diagnostics.get(uri, []):
            if d.code == "FD201":
                return d
        await asyncio.sleep(0.05)
    raise AssertionError("no FD201 published")


def request(uri: str, line: int, diagnostics: list[types.Diagnostic]) -> types.CodeActionParams:
    at = types.Position(line=line, character=0)
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=at, end=at),
        context=types.CodeActionContext(diagnostics=diagnostics),
    )


@pytest.mark.asyncio
async def test_the_fix_is_offered_for_a_diagnostic_named_in_the_context(
    client: LanguageClient,
) -> None:
    uri = doc_uri(client, "docs/features/context.pandoc")
    open_doc(client, uri, DOC)
    diagnostic = await fd201(client, uri)
    line = diagnostic.range.start.line
    # the cursor at the start of the line, off the word: nothing without the context
    bare = await client.text_document_code_action_async(request(uri, line, []))
    assert not [a for a in bare or [] if a.title == "Replace with 'Supported'"]
    actions = await client.text_document_code_action_async(request(uri, line, [diagnostic]))
    titles = [a.title for a in actions or []]
    assert "Replace with 'Supported'" in titles
