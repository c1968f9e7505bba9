"""End to end: FD610 in the editor with the ``base`` setting, from the same rule as the CLI."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from git_support import git
from lsp.lsp_support import change_doc, diagnostics_for, open_doc

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "featuredoc"])
FIXTURE = Path(__file__).parents[1] / "fixtures" / "rules" / "FD604" / "unchanged.pandoc"
DOC = "docs/features/crédit2.pandoc"
CODE = "xen/common/sched/crédit2.c"
TEXT = (
    FIXTURE.read_text(encoding="utf-8")
    .split("<!--")[0]
    .replace("The code lives in `xen/common/feature.c`.", f"🙂 The code lives in `{CODE}`.")
)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "docs" / "features").mkdir(parents=True)
    (root / "xen" / "common" / "sched").mkdir(parents=True)
    (root / DOC).write_text(TEXT, encoding="utf-8")
    (root / CODE).write_text("int credit2;\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Credit2")
    (root / CODE).write_text("int credit2 = 2;\n", encoding="utf-8")  # changed, not committed
    versions: dict[str, int | None] = {}
    lsp_client.diagnostic_versions = versions  # type: ignore[attr-defined]

    def publish(params: types.PublishDiagnosticsParams) -> None:
        lsp_client.diagnostics[params.uri] = params.diagnostics
        versions[params.uri] = params.version

    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True)
        )
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            initialization_options={"featuredoc": {"base": "main"}},
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_base_setting_prompts_until_the_document_is_edited(client: LanguageClient) -> None:
    uri = (client.root / DOC).as_uri()  # type: ignore[attr-defined]
    open_doc(client, uri, TEXT)
    found = [d for d in await diagnostics_for(client, uri, 1) if d.code == "FD610"]
    assert [d.message for d in found] == [f"this change modifies {CODE}; {DOC} was not updated"]
    line = TEXT.splitlines().index(f"🙂 The code lives in `{CODE}`.")
    # UTF-16: the emoji is two units, then " The code lives in `"
    assert found[0].range == types.Range(
        types.Position(line, 22), types.Position(line, 22 + len(CODE))
    )
    change_doc(client, uri, TEXT.replace("The code lives", "The code now lives"), 2)
    after = await diagnostics_for(client, uri, 2)
    assert not [d for d in after if d.code == "FD610"]  # the editor's text differs from main
