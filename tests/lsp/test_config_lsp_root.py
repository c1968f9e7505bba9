"""The server reads configuration only at a root: for a file outside every folder, its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

from lsp.test_config_lsp import DOC, SERVER, codes, open_doc, start, wait_for, write_folder

BROKEN = (
    "% T\n% Revision 1\n\n# Basics\n---------------- -----\n"
    "         Status: **Supperted**\n---------------- -----\n"
)


@pytest_lsp.fixture(config=SERVER)
async def lsp(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_outside_every_folder_the_own_root_configures_not_a_parent(
    lsp: LanguageClient, tmp_path: Path
) -> None:
    """A file outside the workspace folders gets its root's file, as on the command line."""
    workspace = write_folder(tmp_path / "ws", None)
    parent = tmp_path / "downloads"
    parent.mkdir()
    (parent / ".featuredoc.yaml").write_text("rules:\n  FD201: off\n", encoding="utf-8")
    configured = write_folder(parent / "xen-4.20", "rules:\n  FD203: off\n")
    (configured / "SUPPORT.md").write_text("# Support statement\n", encoding="utf-8")
    plain = write_folder(parent / "xen-4.21", None)
    (plain / "SUPPORT.md").write_text("# Support statement\n", encoding="utf-8")
    (plain / "docs" / "features" / "broken.pandoc").write_text(BROKEN, encoding="utf-8")
    await start(lsp, [workspace], configuration=False)
    own = open_doc(lsp, configured / DOC)
    broken = open_doc(lsp, plain / "docs" / "features" / "broken.pandoc")
    assert "FD201" in codes(await wait_for(lsp, broken, lambda d: bool(d)))  # not the parent's
    found = codes(await wait_for(lsp, own, lambda d: True))
    assert "FD203" not in found  # its own root's .featuredoc.yaml applies
