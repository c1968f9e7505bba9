"""Quick fixes that write ``.featuredoc.yaml``: accept a status label (FD501), add a signer (FD302)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from featuredoc.model.config import Config
from featuredoc.workspace.config_file import load_config_text
from lsp.lsp_support import CREDIT2, SUPPORT, apply_text_edits, doc_uri, open_doc

LABEL = "Größtenteils gepflegt"


async def _diagnostic(client: LanguageClient, uri: str, code: str) -> types.Diagnostic:
    for _ in range(400):
        for d in client.diagnostics.get(uri, []):
            if d.code == code:
                return d
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {code} published for {uri}")


async def _action(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic, title: str
) -> types.CodeAction:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    found = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title == title]
    assert found, [a.title for a in actions or []]
    return found[0]


def _loaded(text: str) -> Config:
    config, errors = load_config_text(text, ".featuredoc.yaml")
    assert errors == []
    return dataclasses.replace(config, source=None)


@pytest.mark.asyncio
async def test_an_unknown_label_is_accepted_in_a_new_configuration_file(
    client: LanguageClient,
) -> None:
    root = client.root  # type: ignore[attr-defined]
    config_file = root / ".featuredoc.yaml"
    assert not config_file.exists()
    uri = doc_uri(client, "SUPPORT.md")
    text = SUPPORT.replace("    Status: Supported\n", f"    Status: {LABEL}\n", 1)
    assert text != SUPPORT
    open_doc(client, uri, text)
    diagnostic = await _diagnostic(client, uri, "FD501")
    action = await _action(
        client, uri, diagnostic, f"Accept '{LABEL}' as a label (support_labels in .featuredoc.yaml)"
    )
    assert list(action.diagnostics or []) == [diagnostic]
    assert action.edit is not None and action.edit.document_changes is not None
    create, change = action.edit.document_changes
    assert isinstance(create, types.CreateFile) and create.uri == config_file.as_uri()
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == config_file.as_uri()
    written = apply_text_edits("", list(change.edits))  # type: ignore[arg-type]
    assert _loaded(written) == dataclasses.replace(
        Config(), support_labels=[*Config().support_labels, LABEL]
    )
    assert not config_file.exists()  # the editor applies the edit, not the server


@pytest.mark.asyncio
async def test_a_misspelt_label_is_not_offered_as_a_new_one(client: LanguageClient) -> None:
    uri = doc_uri(client, "SUPPORT.md")
    open_doc(client, uri, SUPPORT.replace("    Status: Supported\n", "    Status: Suported\n", 1))
    diagnostic = await _diagnostic(client, uri, "FD501")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    titles = [a.title for a in actions or []]
    assert "Replace with 'Supported'" in titles
    assert not [t for t in titles if t.startswith("Accept")]


@pytest.mark.asyncio
async def test_a_signer_is_added_to_the_team_keeping_the_files_comments(
    client: LanguageClient,
) -> None:
    root = client.root  # type: ignore[attr-defined]
    original = (
        "# Größe: the project's own settings\n"
        "signoff:\n"
        "  team: [security@xen.example]  # the security team\n"
        "rules:\n"
        "  FD203: off\n"
    )
    (root / ".featuredoc.yaml").write_text(original, encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(root / ".featuredoc.yaml").as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    diagnostic = await _diagnostic(client, uri, "FD302")
    signer = "Jane Doe <jane@example.org>"
    action = await _action(
        client, uri, diagnostic, f"Add '{signer}' to signoff.team in .featuredoc.yaml"
    )
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == (root / ".featuredoc.yaml").as_uri()
    written = apply_text_edits(original, list(change.edits))  # type: ignore[arg-type]
    assert written == original.replace(
        "[security@xen.example]", f"[security@xen.example, {signer}]"
    )
    assert _loaded(written).signoff.team == ["security@xen.example", signer]


@pytest.mark.asyncio
async def test_an_address_the_team_cannot_list_is_not_offered(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    (root / ".featuredoc.yaml").write_text("signoff:\n  team: [security@xen.example]\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(root / ".featuredoc.yaml").as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    uri = doc_uri(client)
    # a Cyrillic "а" in the domain: FD302, but no entry of signoff.team can hold it
    open_doc(client, uri, CREDIT2.replace("<jane@example.org>", "<jane@exаmple.org>"))
    diagnostic = await _diagnostic(client, uri, "FD302")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert not [a.title for a in actions or [] if "signoff.team" in a.title]
