"""Documents that are not open, as the server reads them from disk (``workspace/diagnostic``).

Only feature documents and SUPPORT.md are reported (a CHANGELOG.md at the
root is not, so it never fills the editor's problem list), and a document
saved in Latin-1 gets FD904 at the byte, in UTF-16 code units, with its
other findings.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp.lsp_support import make_workspace

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "featuredoc"])

CHANGELOG = """\
# Changelog

## [4.20.0](https://xenbits.xenproject.org/gitweb/?p=xen.git;a=shortlog;h=RELEASE-4.20.0)

### Changed
 - Fixed blkif protocol specification for sector sizes different than 512b.
"""

#: Mostly UTF-8 (an emoji: two UTF-16 code units) with a Latin-1 "®" (0xAE) after it,
#: and a misspelled status.
MIXED = (
    (
        "% Intel \U0001f680 RDT\xae Feature\n% Revision 1\n\n# Basics\n"
        "---------------- -----\n         Status: **Supperted**\n---------------- -----\n"
    )
    .encode("utf-8")
    .replace("\xae".encode(), b"\xae")
)


@pytest_lsp.fixture(config=SERVER)
async def pull_client(lsp_client: LanguageClient, tmp_path: Path):
    root = make_workspace(tmp_path)
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    (root / "README.md").write_text("# Xen\n", encoding="utf-8")
    (root / "docs" / "features" / "intel_rdt.pandoc").write_bytes(MIXED)
    lsp_client.root = root  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                text_document=types.TextDocumentClientCapabilities(
                    diagnostic=types.DiagnosticClientCapabilities()
                ),
                workspace=types.WorkspaceClientCapabilities(
                    diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
                ),
            ),
            root_uri=root.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


async def workspace_report(client: LanguageClient, wanted: str) -> dict[str, list]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        report = await client.workspace_diagnostic_async(
            types.WorkspaceDiagnosticParams(previous_result_ids=[])
        )
        found = {
            item.uri: list(item.items)
            for item in report.items
            if isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
        }
        if wanted in found:
            return found
        assert loop.time() < deadline, "the index did not finish"
        await asyncio.sleep(0.2)


async def test_only_documents_are_reported_and_bad_bytes_are_located(
    pull_client: LanguageClient,
) -> None:
    root: Path = pull_client.root  # type: ignore[attr-defined]
    intel = (root / "docs" / "features" / "intel_rdt.pandoc").as_uri()
    found = await workspace_report(pull_client, intel)
    assert (root / "CHANGELOG.md").as_uri() not in found
    assert (root / "README.md").as_uri() not in found
    assert (root / "docs" / "misc" / "xen-command-line.pandoc").as_uri() not in found
    assert (root / "SUPPORT.md").as_uri() in found
    (fd904,) = [d for d in found[intel] if d.code == "FD904"]
    # "% Intel 🚀 RDT" is 13 code points, 14 UTF-16 code units
    assert fd904.range == types.Range(
        start=types.Position(line=0, character=14), end=types.Position(line=0, character=15)
    )
    assert fd904.severity == types.DiagnosticSeverity.Error
    assert any(d.code == "FD201" for d in found[intel])  # the rest is checked as usual
