"""A value YAML cannot convert in .featuredoc.yaml is FD901; analyses go on with the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.test_config_lsp import DOC, SERVER, codes, open_doc, start, wait_for, write_folder

#: A base-60 YAML number of more than 4300 digits (Python cannot print it).
HUGE = ":".join(["1"] * 3000)


@pytest_lsp.fixture(config=SERVER)
async def lsp(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_huge_number_in_the_configuration_is_fd901(
    lsp: LanguageClient, tmp_path: Path
) -> None:
    """FD901 at the number; the documents are still analysed, with the defaults."""
    root = write_folder(tmp_path / "ws", f"rules:\n  FD203: off\n  ? {HUGE}\n  : off\n")
    await start(lsp, [root], configuration=False)
    uri = open_doc(lsp, root / DOC)
    assert "FD203" in codes(await wait_for(lsp, uri, lambda d: bool(d)))  # the defaults
    config_uri = (root / ".featuredoc.yaml").as_uri()
    [problem] = await wait_for(lsp, config_uri, lambda d: bool(d))
    assert problem.code == "FD901"
    assert problem.range.start == types.Position(line=2, character=4)
    assert problem.message == "invalid YAML: a number of more than 1000 digits is not allowed"
    assert any("FD901" in m.message for m in lsp.messages)
