"""The server offers no edit (quick fix, fix-all, formatting) for a file that is not a document."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.test_config_lsp import SERVER, codes, open_doc, start, wait_for, write_folder

BROKEN = (
    "% T\n% Revision 1\n\n# Basics\n---------------- -----\n"
    "         Status: **Supperted**\n---------------- -----\n"
)


@pytest_lsp.fixture(config=SERVER)
async def lsp(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def action_request(uri: str, diagnostic: types.Diagnostic) -> types.CodeActionParams:
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    )


@pytest.mark.asyncio
async def test_no_edit_is_offered_for_a_file_that_is_not_a_document(
    lsp: LanguageClient, tmp_path: Path
) -> None:
    """``include: ['**']`` makes ``src/main.c`` checked, but no fix or formatting touches it."""
    root = write_folder(tmp_path / "ws", "include: ['**']\n")
    (root / "src").mkdir()
    (root / "src" / "main.c").write_text(BROKEN, encoding="utf-8")
    (root / "docs" / "features" / "broken.pandoc").write_text(BROKEN, encoding="utf-8")
    await start(lsp, [root], configuration=False)
    source = open_doc(lsp, root / "src" / "main.c")
    document = open_doc(lsp, root / "docs" / "features" / "broken.pandoc")
    for uri in (source, document):
        found = await wait_for(lsp, uri, lambda d: "FD201" in codes(d))
        [fd201] = [d for d in found if d.code == "FD201"]
        actions = await lsp.text_document_code_action_async(action_request(uri, fd201))
        formatting = await lsp.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                options=types.FormattingOptions(tab_size=4, insert_spaces=True),
            )
        )
        if uri == source:
            assert not actions and not formatting
        else:
            assert "Replace with 'Supported'" in [a.title for a in actions or []]
