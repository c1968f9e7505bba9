"""End to end: definition, references, rename, workspace symbols and code lenses between
feature documents and SUPPORT.md, in the real server.

The feature document of the entry ``Crédit2 🚀 Scheduler`` is written with
CRLF line ends and its positions are counted in UTF-16 units (the emoji is
two); SUPPORT.md is on disk, closed, unless a test opens it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from lsp.conftest import SERVER, _start, full_capabilities
from lsp.lsp_support import (
    apply_text_edits,
    change_doc,
    diagnostics_for,
    ident,
    make_workspace,
    open_doc,
    pos,
)

ENTRY = "Crédit2 🚀 Scheduler"
#: The entry's feature document, linked to it by its title (inferred), with CRLF line ends.
CREDIT2 = (
    f"% {ENTRY}\n% Revision 1\n\n# Basics\n"
    "---------------- ----------------------------------------------------\n"
    "         Status: **Tech Preview**\n\n"
    "      Component: Hypervisor\n"
    "---------------- ----------------------------------------------------\n\n"
    "# Overview\n\nSee [the other](other.pandoc#basics).\n"
).replace("\n", "\r\n")
NAME = "docs/features/credit2-rocket.pandoc"
#: UTF-16 units of the entry's name: the emoji counts two.
ENTRY_UNITS = len(ENTRY.encode("utf-16-le")) // 2


def nav_capabilities(*, versioned: bool = True, lenses: bool = True) -> types.ClientCapabilities:
    caps = full_capabilities()
    assert caps.workspace is not None and caps.text_document is not None
    caps.window = types.WindowClientCapabilities(work_done_progress=True)
    if versioned:
        caps.workspace.workspace_edit = types.WorkspaceEditClientCapabilities(
            document_changes=True, failure_handling=types.FailureHandlingKind.Transactional
        )
    caps.text_document.code_lens = types.CodeLensClientCapabilities() if lenses else None
    if lenses:
        caps.workspace.code_lens = types.CodeLensWorkspaceClientCapabilities(refresh_support=True)
    return caps


async def _session(lsp_client: LanguageClient, tmp_path: Path, caps: types.ClientCapabilities):
    root = make_workspace(tmp_path)
    (root / NAME).write_bytes(CREDIT2.encode("utf-8"))
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.lens_refreshes = 0  # type: ignore[attr-defined]

    @lsp_client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def refreshed(_params: None) -> None:
        lsp_client.lens_refreshes += 1  # type: ignore[attr-defined]

    await _start(lsp_client, root, caps)
    await indexed(lsp_client)


@pytest_lsp.fixture(config=SERVER)
async def nav_client(lsp_client: LanguageClient, tmp_path: Path):
    await _session(lsp_client, tmp_path, nav_capabilities())
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def old_client(lsp_client: LanguageClient, tmp_path: Path):
    """A client without ``documentChanges`` nor code lenses."""
    await _session(lsp_client, tmp_path, nav_capabilities(versioned=False, lenses=False))
    yield
    await lsp_client.shutdown_session()


async def indexed(client: LanguageClient, timeout: float = 30.0) -> None:
    """Wait until the workspace folder's index is built (its progress ended)."""

    async def done() -> None:
        while not any(
            isinstance(v, types.WorkDoneProgressEnd)
            for t, values in client.progress_reports.items()
            if "index" in str(t)
            for v in values
        ):
            await asyncio.sleep(0.05)

    await asyncio.wait_for(done(), timeout)


def uri(client: LanguageClient, name: str = NAME) -> str:
    return (client.root / name).as_uri()  # type: ignore[attr-defined]


def text(client: LanguageClient, name: str) -> str:
    return (client.root / name).read_text(encoding="utf-8")  # type: ignore[attr-defined]


async def open_credit2(client: LanguageClient, version: int = 1) -> str:
    open_doc(client, uri(client), CREDIT2, version)
    await diagnostics_for(client, uri(client), version)
    return uri(client)


def line_of(source: str, needle: str) -> int:
    return next(n for n, line in enumerate(source.splitlines()) if needle in line)


async def test_definition_of_a_title_is_its_support_entry(nav_client: LanguageClient) -> None:
    doc = await open_credit2(nav_client)
    # just after the emoji (UTF-16: "% Crédit2 🚀" is 12 units)
    found = await nav_client.text_document_definition_async(
        types.DefinitionParams(text_document=ident(doc), position=pos(0, 12))
    )
    assert isinstance(found, list) and len(found) == 2
    heading = line_of(text(nav_client, "SUPPORT.md"), f"### {ENTRY}")
    assert {loc.uri for loc in found} == {uri(nav_client, "SUPPORT.md")}
    # the entry's heading, then the status line the Status row is compared with
    assert found[0].range == types.Range(start=pos(heading, 4), end=pos(heading, 4 + ENTRY_UNITS))
    assert found[1].range.start == pos(heading + 2, len("    Status: "))
    # a link's anchor leads to the heading of the other document (closed, read from the index)
    link = line_of(CREDIT2, "#basics")
    column = CREDIT2.splitlines()[link].index("basics")
    (other,) = await nav_client.text_document_definition_async(
        types.DefinitionParams(text_document=ident(doc), position=pos(link, column))
    )
    assert other.uri == uri(nav_client, "docs/features/other.pandoc")
    assert other.range.start.line == line_of(
        text(nav_client, "docs/features/other.pandoc"), "# Basics"
    )


async def test_references_honour_include_declaration(nav_client: LanguageClient) -> None:
    doc = await open_credit2(nav_client)

    async def refs(declaration: bool) -> list[types.Location]:
        found = await nav_client.text_document_references_async(
            types.ReferenceParams(
                text_document=ident(doc),
                position=pos(0, 14),
                context=types.ReferenceContext(include_declaration=declaration),
            )
        )
        return list(found or [])

    with_declaration, without = await refs(True), await refs(False)
    support = uri(nav_client, "SUPPORT.md")
    assert [loc.uri for loc in with_declaration] == [support, doc]
    assert [loc.uri for loc in without] == [doc]
    # the document names its entry by its title: line 0, after "% ", in UTF-16 units
    assert without[0].range == types.Range(start=pos(0, 2), end=pos(0, 2 + ENTRY_UNITS))


async def test_rename_edits_open_and_closed_files_with_versions(
    nav_client: LanguageClient,
) -> None:
    doc = await open_credit2(nav_client)
    change_doc(nav_client, doc, CREDIT2.replace("Hypervisor", "Hypervisor, sched"), 4)
    edited = CREDIT2.replace("Hypervisor", "Hypervisor, sched")
    await diagnostics_for(nav_client, doc, 4)
    prepared = await nav_client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=ident(doc), position=pos(0, 5))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == ENTRY
    assert prepared.range == types.Range(start=pos(0, 2), end=pos(0, 2 + ENTRY_UNITS))
    new = "Crédit3 🛸 Scheduler"
    result = await nav_client.text_document_rename_async(
        types.RenameParams(text_document=ident(doc), position=pos(0, 5), new_name=new)
    )
    assert result is not None and result.changes is None and result.document_changes
    changes = result.document_changes
    assert all(isinstance(c, types.TextDocumentEdit) for c in changes)
    by_uri = {c.text_document.uri: c for c in changes}  # type: ignore[union-attr]
    support = uri(nav_client, "SUPPORT.md")
    assert list(by_uri) == [doc, support]  # the open document first
    assert by_uri[doc].text_document.version == 4  # type: ignore[union-attr]
    assert by_uri[support].text_document.version is None  # type: ignore[union-attr]
    # the closed SUPPORT.md, as on disk: its heading renamed, nothing else
    before = text(nav_client, "SUPPORT.md")
    after = apply_text_edits(before, by_uri[support].edits)  # type: ignore[union-attr,arg-type]
    assert after == before.replace(f"### {ENTRY}", f"### {new}")
    # the open document, on the editor's text (version 4): an explicit Support entry row
    renamed = apply_text_edits(edited, by_uri[doc].edits)  # type: ignore[union-attr,arg-type]
    assert renamed == edited.replace(
        "Hypervisor, sched\r\n", f"Hypervisor, sched\r\n\r\n  Support entry: {new}\r\n"
    ), repr(renamed)  # every line end still CRLF


async def test_rename_refused_says_why(nav_client: LanguageClient) -> None:
    doc = await open_credit2(nav_client)
    with pytest.raises(JsonRpcException) as refused:
        await nav_client.text_document_rename_async(
            types.RenameParams(text_document=ident(doc), position=pos(0, 5), new_name="Other")
        )
    assert refused.value.code == types.LSPErrorCodes.RequestFailed
    assert "SUPPORT.md already has a heading 'Other'" in refused.value.message
    overview = line_of(CREDIT2, "See [the other]")
    with pytest.raises(JsonRpcException) as nowhere:
        await nav_client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=ident(doc), position=pos(overview, 1))
        )
    assert "can be renamed here" in nowhere.value.message


async def test_rename_without_document_changes_sends_changes(old_client: LanguageClient) -> None:
    doc = await open_credit2(old_client)
    result = await old_client.text_document_rename_async(
        types.RenameParams(text_document=ident(doc), position=pos(0, 5), new_name="Crédit3")
    )
    assert result is not None and result.document_changes is None and result.changes
    assert sorted(result.changes) == sorted([doc, uri(old_client, "SUPPORT.md")])


async def test_workspace_symbols_find_documents_and_entries(nav_client: LanguageClient) -> None:
    found = await nav_client.workspace_symbol_async(types.WorkspaceSymbolParams(query="cr🚀sch"))
    assert found
    named = [(s.name, s.container_name, s.location.uri) for s in found]  # type: ignore[union-attr]
    assert (ENTRY, "SUPPORT.md entry · Tech Preview", uri(nav_client, "SUPPORT.md")) in named
    assert (ENTRY, "feature document · Tech Preview", uri(nav_client)) in named
    (doc,) = [s for s in found if s.location.uri == uri(nav_client)]  # type: ignore[union-attr]
    assert doc.location.range == types.Range(  # type: ignore[union-attr]
        start=pos(0, 2), end=pos(0, 2 + ENTRY_UNITS)
    )
    assert doc.kind == types.SymbolKind.File


async def test_lenses_refresh_when_support_md_changes(nav_client: LanguageClient) -> None:
    doc = await open_credit2(nav_client)

    async def lens_texts() -> list[tuple[int, str]]:
        found = await nav_client.text_document_code_lens_async(
            types.CodeLensParams(text_document=ident(doc))
        )
        return [(lens.range.start.line, lens.command.title) for lens in found or []]  # type: ignore[union-attr]

    status = line_of(CREDIT2, "Status:")
    assert await lens_texts() == [(status, f"SUPPORT.md '{ENTRY}': Tech Preview — agrees")]
    support_uri = uri(nav_client, "SUPPORT.md")
    support = text(nav_client, "SUPPORT.md")
    open_doc(nav_client, support_uri, support)
    await diagnostics_for(nav_client, support_uri, 1)
    # another entry's status changes: the lens's text does not, no refresh is asked
    change_doc(
        nav_client, support_uri, support.replace("Status: Supported", "Status: Experimental", 1), 2
    )
    await diagnostics_for(nav_client, support_uri, 2)
    await asyncio.sleep(1.0)  # longer than the lenses wait for a burst to end
    assert nav_client.lens_refreshes == 0  # type: ignore[attr-defined]
    # the entry's own status changes: its document's lens says so
    heading = support.index(f"### {ENTRY}")
    edited = support[:heading] + support[heading:].replace("Tech Preview", "Supported", 1)
    change_doc(nav_client, support_uri, edited, 3)

    async def refreshed() -> None:
        while nav_client.lens_refreshes == 0:  # type: ignore[attr-defined]
            await asyncio.sleep(0.05)

    await asyncio.wait_for(refreshed(), 20)
    assert await lens_texts() == [
        (status, f"SUPPORT.md '{ENTRY}': Supported (differs) — disagrees")
    ]
    # and SUPPORT.md's own lens names the document, which disagrees
    found = await nav_client.text_document_code_lens_async(
        types.CodeLensParams(text_document=ident(support_uri))
    )
    titles = [lens.command.title for lens in found or [] if lens.command]
    assert "1 feature document: credit2-rocket.pandoc (disagrees)" in titles


async def test_hover_carries_the_lens_for_clients_without_lenses(
    old_client: LanguageClient,
) -> None:
    doc = await open_credit2(old_client)
    status = line_of(CREDIT2, "Status:")
    found = await old_client.text_document_hover_async(
        types.HoverParams(text_document=ident(doc), position=pos(status, 20))
    )
    assert found is not None
    value = found.contents.value  # type: ignore[union-attr]
    assert f"SUPPORT.md '{ENTRY}': Tech Preview — agrees" in value


async def test_hover_has_no_lens_text_for_clients_with_lenses(nav_client: LanguageClient) -> None:
    doc = await open_credit2(nav_client)
    status = line_of(CREDIT2, "Status:")
    found = await nav_client.text_document_hover_async(
        types.HoverParams(text_document=ident(doc), position=pos(status, 20))
    )
    assert found is None or "— agrees" not in found.contents.value  # type: ignore[union-attr]


async def test_missing_path_and_heading_get_quick_fixes(nav_client: LanguageClient) -> None:
    source = CREDIT2.replace(
        "See [the other](other.pandoc#basics).",
        "See [the other](other.pandoc#basic) and `docs/misc/xen-comand-line.pandoc`.",
    )
    doc = uri(nav_client)
    open_doc(nav_client, doc, source)
    diagnostics = await diagnostics_for(nav_client, doc, 1)
    wanted = [d for d in diagnostics if d.code in ("FD701", "FD702")]
    assert sorted(str(d.code) for d in wanted) == ["FD701", "FD702"]
    edits: list[types.TextEdit] = []
    for diagnostic in wanted:
        actions = await nav_client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=ident(doc),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
        quick = [
            a
            for a in actions or []
            if isinstance(a, types.CodeAction)
            and a.kind == types.CodeActionKind.QuickFix
            and a.diagnostics
            and a.diagnostics[0].code == diagnostic.code
        ]
        assert quick, diagnostic.code
        assert quick[0].edit is not None and quick[0].edit.changes is not None
        edits += quick[0].edit.changes[doc]
    fixed = apply_text_edits(source, edits)  # both computed on the same text
    assert "(other.pandoc#basics)" in fixed
    assert "`docs/misc/xen-command-line.pandoc`" in fixed
