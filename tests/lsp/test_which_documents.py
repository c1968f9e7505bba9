"""The server checks feature documents and SUPPORT.md, not every Markdown file."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import doc_uri, open_doc

BROKEN = "% T\n% Revision 1\n\n# Basics\n---------------- -----\n         Status: **Supperted**\n---------------- -----\n"


async def diagnostics_of(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    for _ in range(200):
        if uri in client.diagnostics:
            return client.diagnostics[uri]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics published for {uri}")


@pytest.mark.asyncio
async def test_a_readme_gets_no_findings_a_feature_doc_does(client: LanguageClient) -> None:
    readme = doc_uri(client, "README.md")
    feature = doc_uri(client, "docs/features/broken.md")
    open_doc(client, readme, BROKEN)
    open_doc(client, feature, BROKEN)
    assert any(d.code == "FD201" for d in await diagnostics_of(client, feature))
    assert list(await diagnostics_of(client, readme)) == []


@pytest.mark.asyncio
async def test_untitled_buffers_and_pandoc_files_are_checked(client: LanguageClient) -> None:
    untitled = "untitled:Untitled-1"
    pandoc = doc_uri(client, "notes/elsewhere.pandoc")
    open_doc(client, untitled, BROKEN)
    open_doc(client, pandoc, BROKEN)
    assert any(d.code == "FD201" for d in await diagnostics_of(client, untitled))
    assert any(d.code == "FD201" for d in await diagnostics_of(client, pandoc))
