"""The server reads ``.featuredoc.yaml`` per workspace folder and the editor's settings."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

FIXTURES = Path(__file__).parent.parent / "fixtures" / "rules"
PLAIN_STATUS = (FIXTURES / "FD203" / "plain.pandoc").read_text(encoding="utf-8")
DOC = "docs/features/plain.pandoc"

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "featuredoc"])


def write_folder(root: Path, config: str | None) -> Path:
    (root / "docs" / "features").mkdir(parents=True)
    (root / DOC).write_text(PLAIN_STATUS, encoding="utf-8")
    if config is not None:
        (root / ".featuredoc.yaml").write_text(config, encoding="utf-8")
    return root


async def start(
    client: LanguageClient,
    folders: list[Path],
    *,
    configuration: bool = True,
    init_options: object = None,
) -> None:
    caps = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration, workspace_folders=True
        )
    )
    await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=folders[0].as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders],
            initialization_options=init_options,
        )
    )


def open_doc(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=path.read_text(encoding="utf-8")
            )
        )
    )
    return uri


async def wait_for(
    client: LanguageClient, uri: str, ready: Callable[[list[types.Diagnostic]], bool]
) -> list[types.Diagnostic]:
    """The diagnostics of *uri* once *ready* accepts them (settings may arrive late)."""

    async def poll() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and ready(list(found)):
                return list(found)
            await asyncio.sleep(0.05)

    try:
        return await asyncio.wait_for(poll(), 30)
    except TimeoutError:
        pytest.fail(f"diagnostics of {uri} never became as expected: {client.diagnostics.get(uri)}")


def codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


@pytest_lsp.fixture(config=SERVER)
async def lsp(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_each_folder_uses_its_own_file(lsp: LanguageClient, tmp_path: Path) -> None:
    quiet = write_folder(tmp_path / "quiet", "rules:\n  FD203: off\n")
    team = write_folder(tmp_path / "team", "signoff:\n  team: [security@xen.example]\n")
    plain = write_folder(tmp_path / "plain", None)
    await start(lsp, [quiet, team, plain], configuration=False)
    uris = {
        name: open_doc(lsp, root / DOC) for name, root in [("q", quiet), ("t", team), ("p", plain)]
    }
    assert "FD203" in codes(await wait_for(lsp, uris["p"], lambda d: bool(d)))
    assert "FD302" not in codes(await wait_for(lsp, uris["p"], lambda d: bool(d)))
    assert "FD203" not in codes(await wait_for(lsp, uris["q"], lambda d: True))
    team_codes = codes(await wait_for(lsp, uris["t"], lambda d: bool(d)))
    assert {"FD203", "FD302"} <= team_codes


@pytest.mark.asyncio
async def test_broken_file_is_reported_on_itself(lsp: LanguageClient, tmp_path: Path) -> None:
    root = write_folder(tmp_path / "ws", "rules:\n  FD203: off\nsignof:\n  team: []\n")
    await start(lsp, [root], configuration=False)
    uri = open_doc(lsp, root / DOC)
    # the server keeps running on the defaults: FD203 is reported
    assert "FD203" in codes(await wait_for(lsp, uri, lambda d: bool(d)))
    config_uri = (root / ".featuredoc.yaml").as_uri()
    [problem] = await wait_for(lsp, config_uri, lambda d: bool(d))
    assert problem.code == "FD901"
    assert problem.range.start == types.Position(line=2, character=0)
    assert "did you mean 'signoff'" in problem.message
    assert any("FD901" in m.message and "signof" in m.message for m in lsp.messages)
    # and it still answers requests
    hover = await lsp.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=5, character=19),
        )
    )
    assert hover is None or hover.contents is not None


@pytest.mark.asyncio
async def test_editor_settings_and_file_precedence(lsp: LanguageClient, tmp_path: Path) -> None:
    with_file = write_folder(tmp_path / "file", "rules:\n  FD203: off\n")
    without = write_folder(tmp_path / "none", None)
    lsp.set_configuration({"rules": {"FD203": "error"}}, section="featuredoc")
    await start(lsp, [with_file, without])
    editor_uri = open_doc(lsp, without / DOC)
    file_uri = open_doc(lsp, with_file / DOC)
    # the editor's severity applies where no file says otherwise...
    found = await wait_for(
        lsp,
        editor_uri,
        lambda d: any(
            x.code == "FD203" and x.severity == types.DiagnosticSeverity.Error for x in d
        ),
    )
    assert "FD203" in codes(found)
    # ...and the file wins over the editor
    assert "FD203" not in codes(await wait_for(lsp, file_uri, lambda d: True))


@pytest.mark.asyncio
async def test_initialization_options(lsp: LanguageClient, tmp_path: Path) -> None:
    root = write_folder(tmp_path / "ws", None)
    options = {"featuredoc": {"signoff": {"team": ["Jane Doe <jane.doe@example.org>"]}}}
    await start(lsp, [root], configuration=False, init_options=options)
    text = PLAIN_STATUS.replace("jane.doe@example.org", "jane.doe@example.net")
    (root / DOC).write_text(text, encoding="utf-8")
    uri = open_doc(lsp, root / DOC)
    found = await wait_for(lsp, uri, lambda d: bool(d))
    [team] = [d for d in found if d.code == "FD302"]
    assert "jane.doe@example.org" in team.message


@pytest.mark.asyncio
async def test_reload_after_the_file_changes(lsp: LanguageClient, tmp_path: Path) -> None:
    root = write_folder(tmp_path / "ws", "rules:\n  FD203: loud\n")
    await start(lsp, [root], configuration=False)
    uri = open_doc(lsp, root / DOC)
    config_uri = (root / ".featuredoc.yaml").as_uri()
    assert [d.code for d in await wait_for(lsp, config_uri, lambda d: bool(d))] == ["FD901"]
    assert "FD203" in codes(await wait_for(lsp, uri, lambda d: bool(d)))
    (root / ".featuredoc.yaml").write_text("rules:\n  FD203: off\n", encoding="utf-8")
    lsp.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config_uri, type=types.FileChangeType.Changed)]
        )
    )
    assert await wait_for(lsp, config_uri, lambda d: not d) == []  # FD901 cleared
    assert "FD203" not in codes(await wait_for(lsp, uri, lambda d: "FD203" not in codes(d)))
