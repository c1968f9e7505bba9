"""End-to-end fixtures: the real server (``python -m featuredoc``) over stdio.

``client`` declares what a modern editor declares (snippets, Markdown,
code lenses, dynamic file watching) and receives pushed diagnostics; ``pull_client``
declares pull diagnostics (LSP 3.17); ``plain_client`` shows plain text only
(no Markdown in completion documentation or hovers); ``bare_client``
declares nothing.
Each works in a fresh workspace (see :func:`make_workspace`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp.lsp_support import make_workspace

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "featuredoc"])


def full_capabilities(*, pull: bool = False, markdown: bool = True) -> types.ClientCapabilities:
    formats = [types.MarkupKind.Markdown] if markdown else []
    formats.append(types.MarkupKind.PlainText)
    text = types.TextDocumentClientCapabilities(
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(
                snippet_support=True,
                documentation_format=formats,
            )
        ),
        hover=types.HoverClientCapabilities(content_format=formats),
        document_link=types.DocumentLinkClientCapabilities(tooltip_support=True),
        document_symbol=types.DocumentSymbolClientCapabilities(
            hierarchical_document_symbol_support=True
        ),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        diagnostic=types.DiagnosticClientCapabilities() if pull else None,
        code_lens=types.CodeLensClientCapabilities(),  # hovers then carry no lens text
    )
    workspace = types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True
        ),
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
        if pull
        else None,
    )
    return types.ClientCapabilities(text_document=text, workspace=workspace)


async def _start(lsp_client: LanguageClient, root: Path, caps: types.ClientCapabilities) -> None:
    lsp_client.registrations = []  # type: ignore[attr-defined]
    versions: dict[str, int | None] = {}
    counts: dict[str, int] = {}
    lsp_client.diagnostic_versions = versions  # type: ignore[attr-defined]
    lsp_client.publish_counts = counts  # type: ignore[attr-defined]

    def publish(params: types.PublishDiagnosticsParams) -> None:
        lsp_client.diagnostics[params.uri] = params.diagnostics
        versions[params.uri] = params.version
        counts[params.uri] = counts.get(params.uri, 0) + 1

    # record the version of every push (the default handler keeps only the list)
    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=caps, root_uri=root.as_uri())
    )


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    root = make_workspace(tmp_path)
    lsp_client.root = root  # type: ignore[attr-defined]
    await _start(lsp_client, root, full_capabilities())
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def pull_client(lsp_client: LanguageClient, tmp_path: Path):
    root = make_workspace(tmp_path)
    lsp_client.root = root  # type: ignore[attr-defined]
    await _start(lsp_client, root, full_capabilities(pull=True))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def plain_client(lsp_client: LanguageClient, tmp_path: Path):
    root = make_workspace(tmp_path)
    lsp_client.root = root  # type: ignore[attr-defined]
    await _start(lsp_client, root, full_capabilities(markdown=False))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def bare_client(lsp_client: LanguageClient, tmp_path: Path):
    root = make_workspace(tmp_path)
    lsp_client.root = root  # type: ignore[attr-defined]
    await _start(lsp_client, root, types.ClientCapabilities())
    yield
    await lsp_client.shutdown_session()
