"""End to end: the real server over stdio, every editing feature on real-looking documents."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import (
    CREDIT2,
    OTHER,
    apply_text_edits,
    change_doc,
    diagnostics_for,
    doc_uri,
    ident,
    next_publish,
    open_doc,
    pos,
    rng,
)

FD201_MESSAGE = "'Supperted' is not a support status; did you mean 'Supported'?"


def own(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    """Without the cross-document findings (FD6xx, tested by their own suite)."""
    return [d for d in diagnostics if not str(d.code).startswith("FD6")]


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in own(diagnostics)]


def only(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


async def actions_at(
    client: LanguageClient, uri: str, at: types.Range, kinds: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=at,
            context=types.CodeActionContext(diagnostics=[], only=kinds),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def complete(client: LanguageClient, uri: str, line: int, character: int) -> list:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=ident(uri), position=pos(line, character))
    )
    if result is None:
        return []
    return list(result.items if isinstance(result, types.CompletionList) else result)


async def hover_at(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=ident(uri), position=pos(line, character))
    )
    assert result is not None
    return result


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


# ---- diagnostics -----------------------------------------------------------------


async def test_open_then_change_publishes_each_version(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    first = own(await diagnostics_for(client, uri, 1))
    assert codes(first) == ["FD201"]
    assert first[0].range == rng(7, 19, 7, 28)
    assert first[0].message == FD201_MESSAGE
    assert first[0].severity == types.DiagnosticSeverity.Error
    assert first[0].source == "featuredoc"

    change_doc(client, uri, CREDIT2.replace("Supperted", "Supported"), 2)
    second = await diagnostics_for(client, uri, 2)
    assert own(second) == []
    assert client.diagnostic_versions[uri] == 2  # type: ignore[attr-defined]


async def test_crlf_document_reports_the_same_lines(client: LanguageClient) -> None:
    uri = doc_uri(client, "docs/features/crlf.pandoc")
    open_doc(client, uri, CREDIT2.replace("\n", "\r\n"))
    diagnostics = own(await diagnostics_for(client, uri, 1))
    assert codes(diagnostics) == ["FD201"]
    assert diagnostics[0].range == rng(7, 19, 7, 28)


UNICODE = """\
% Crédit2 🚀 Scheduler
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Tech Preview**

      Component: Hypervisor

Security sign-off: José 🚀 Núñez <jose@example.org>, 2024-13-02
---------------- ----------------------------------------------------
"""


async def test_utf16_columns_after_non_ascii_text(client: LanguageClient) -> None:
    uri = doc_uri(client, "docs/features/unicode.pandoc")
    open_doc(client, uri, UNICODE)
    diagnostics = await diagnostics_for(client, uri, 1)
    (date,) = only(diagnostics, "FD303")
    # code points 52..62; the emoji before it is two UTF-16 code units
    assert date.range == rng(9, 53, 9, 63)
    # the title holds é (1 unit) and 🚀 (2 units): 19 code points, 20 units
    assert [d.range for d in only(diagnostics, "FD101")] == [rng(0, 2, 0, 22)]
    hover = await hover_at(client, uri, 9, 40)
    assert hover.range == rng(9, 19, 9, 63)
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith(
        "**Security sign-off** by José 🚀 Núñez <jose@example.org>"
    )


async def test_pull_client_gets_reports_and_no_pushes(pull_client: LanguageClient) -> None:
    client = pull_client
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)

    async def pull(previous: str | None = None) -> types.DocumentDiagnosticReport:
        return await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=ident(uri), previous_result_id=previous)
        )

    report = await pull()
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, d.range) for d in own(report.items)] == [("FD201", rng(7, 19, 7, 28))]
    first_id = report.result_id
    assert first_id is not None and first_id.startswith("1:")
    unchanged = await pull(first_id)
    assert isinstance(unchanged, types.RelatedUnchangedDocumentDiagnosticReport)
    assert unchanged.result_id == first_id

    change_doc(client, uri, CREDIT2.replace("Supperted", "Supported"), 2)
    report = await pull(first_id)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert own(report.items) == [] and report.result_id is not None
    assert report.result_id.startswith("2:")

    # a configuration change asks the client to pull again, and the new report follows it
    change_doc(client, uri, CREDIT2, 3)
    before = await pull()
    before_id = before.result_id
    assert isinstance(before_id, str) and before_id.startswith("3:")
    (client.root / ".featuredoc.yaml").write_text("rules:\n  FD201: warning\n")  # type: ignore[attr-defined]
    refreshes = client.diagnostic_refresh_count
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(client.root / ".featuredoc.yaml").as_uri(),  # type: ignore[attr-defined]
                    type=types.FileChangeType.Created,
                )
            ]
        )
    )

    async def refreshed() -> None:
        while client.diagnostic_refresh_count == refreshes:
            await asyncio.sleep(0.02)

    await asyncio.wait_for(refreshed(), 20)
    report = await pull(before_id)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, d.severity) for d in own(report.items)] == [
        ("FD201", types.DiagnosticSeverity.Warning)
    ]
    assert report.result_id is not None and report.result_id.startswith("3:")
    assert report.result_id != before_id
    assert uri not in client.diagnostics  # never pushed to a pull client


# ---- configuration changes ----------------------------------------------------------


async def test_watched_config_file_rechecks_open_documents(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]

    async def registered() -> None:
        while not client.registrations:  # type: ignore[attr-defined]
            await asyncio.sleep(0.02)

    await asyncio.wait_for(registered(), 20)  # sent after `initialized`
    globs = [
        w["globPattern"]
        for r in client.registrations  # type: ignore[attr-defined]
        if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for w in r.register_options["watchers"]
    ]
    assert "**/.featuredoc.yaml" in globs

    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    assert codes(await diagnostics_for(client, uri, 1)) == ["FD201"]
    seen = client.publish_counts[uri]  # type: ignore[attr-defined]
    (root / ".featuredoc.yaml").write_text("rules:\n  FD201: 'off'\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(root / ".featuredoc.yaml").as_uri(), type=types.FileChangeType.Created
                )
            ]
        )
    )
    assert own(await next_publish(client, uri, seen)) == []
    assert client.diagnostic_versions[uri] == 1  # type: ignore[attr-defined]


async def test_saving_the_open_config_file_rechecks(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    assert codes(await diagnostics_for(client, uri, 1)) == ["FD201"]
    config_uri = (root / ".featuredoc.yaml").as_uri()
    text = "rules:\n  FD201: hint\n"
    open_doc(client, config_uri, "")
    change_doc(client, config_uri, text, 2)
    (root / ".featuredoc.yaml").write_text(text)
    seen = client.publish_counts[uri]  # type: ignore[attr-defined]
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=ident(config_uri)))
    diagnostics = await next_publish(client, uri, seen)
    assert [(d.code, d.severity) for d in own(diagnostics)] == [
        ("FD201", types.DiagnosticSeverity.Hint)
    ]


async def test_changed_editor_settings_recheck(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    assert codes(await diagnostics_for(client, uri, 1)) == ["FD201"]
    seen = client.publish_counts[uri]  # type: ignore[attr-defined]
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"featuredoc": {"rules": {"FD201": "off"}}})
    )
    assert own(await next_publish(client, uri, seen)) == []


# ---- completion --------------------------------------------------------------------


async def test_status_completion_replaces_the_value(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    items = await complete(client, uri, 7, 22)
    assert [i.label for i in items] == [
        "Supported",
        "Tech Preview",
        "Experimental",
        "Deprecated",
        "Supported, Not security supported",
        "Supported, Security support external",
        "Supported, with caveats",
    ]
    assert items[0].text_edit == types.TextEdit(range=rng(7, 19, 7, 28), new_text="Supported")
    # the workspace's SUPPORT.md wording wins
    tech = items[1].documentation
    assert isinstance(tech, types.MarkupContent)
    assert "- Functional completeness: Mostly" in tech.value


async def test_basics_key_completion_is_right_aligned(client: LanguageClient) -> None:
    uri = doc_uri(client)
    lines = CREDIT2.split("\n")
    lines[10] = "   Arch"
    open_doc(client, uri, "\n".join(lines))
    items = await complete(client, uri, 10, 7)
    assert [i.label for i in items] == ["Architecture", "Hardware", "Support entry"]
    assert [i.text_edit for i in items] == [
        types.TextEdit(range=rng(10, 0, 10, 7), new_text="   Architecture: "),
        types.TextEdit(range=rng(10, 0, 10, 7), new_text="       Hardware: "),
        types.TextEdit(range=rng(10, 0, 10, 7), new_text="  Support entry: "),
    ]


async def test_component_values_come_from_the_workspace(client: LanguageClient) -> None:
    uri = doc_uri(client)
    lines = CREDIT2.split("\n")
    lines[9] = "      Component: Hypervisor, Tool"
    open_doc(client, uri, "\n".join(lines))
    items = await complete(client, uri, 9, 33)
    # other.pandoc (on disk, not open) uses "Toolstack, libxl"
    assert [(i.label, i.text_edit) for i in items] == [
        ("libxl", types.TextEdit(range=rng(9, 29, 9, 33), new_text="libxl")),
        ("Toolstack", types.TextEdit(range=rng(9, 29, 9, 33), new_text="Toolstack")),
    ]


async def test_missing_sections_complete_in_template_order(client: LanguageClient) -> None:
    uri = doc_uri(client, "docs/features/other.pandoc")
    text = OTHER + "\n# "
    open_doc(client, uri, text)
    line = text.count("\n")
    items = await complete(client, uri, line, 2)
    assert [i.label for i in items] == [
        "Overview",
        "User details",
        "Technical details",
        "Limitations",
        "Testing",
        "Areas for improvement",
        "Known issues",
        "References",
        "History",
    ]
    assert items[0].insert_text_format == types.InsertTextFormat.Snippet
    assert items[0].text_edit == types.TextEdit(
        range=rng(line, 0, line, 2),
        new_text="# Overview\n\n${1:A short description of the feature, like the abstract of a paper.}",
    )


async def test_history_row_snippet(client: LanguageClient) -> None:
    uri = doc_uri(client)
    lines = CREDIT2.split("\n")
    bottom = len(lines) - 2  # the History table's bottom border
    lines.insert(bottom, "")
    open_doc(client, uri, "\n".join(lines))
    items = await complete(client, uri, bottom, 0)
    assert [i.label for i in items] == ["History row"]
    today = dt.date.today().isoformat()
    assert items[0].text_edit == types.TextEdit(
        range=rng(bottom, 0, bottom, 0), new_text=f"{today} 4        Xen 4.12 ${{1:Notes}}"
    )


async def test_empty_file_offers_the_whole_template(client: LanguageClient) -> None:
    uri = doc_uri(client, "docs/features/new.pandoc")
    open_doc(client, uri, "")
    (item,) = await complete(client, uri, 0, 0)
    assert item.label == "Feature document"
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    assert item.text_edit is not None
    text = item.text_edit.new_text
    assert text.startswith("% ${1:Feature name}\n% Revision 1\n")
    headings = [line for line in text.split("\n") if line.startswith("# ")]
    assert headings == [
        "# Basics",
        "# Overview",
        "# User details",
        "# Technical details",
        "# Limitations",
        "# Testing",
        "# Areas for improvement",
        "# Known issues",
        "# References",
        "# History",
    ]


async def test_clients_without_snippets_get_plain_text(bare_client: LanguageClient) -> None:
    uri = doc_uri(bare_client, "docs/features/new.pandoc")
    open_doc(bare_client, uri, "")
    (item,) = await complete(bare_client, uri, 0, 0)
    assert item.insert_text_format is None
    assert item.text_edit is not None
    assert "${" not in item.text_edit.new_text
    assert item.text_edit.new_text.startswith("% Feature name\n% Revision 1\n\n\\clearpage\n")
    assert isinstance(item.documentation, types.MarkupContent)
    assert item.documentation.kind == types.MarkupKind.PlainText


# ---- hover ---------------------------------------------------------------------------


async def test_hover_status_uses_the_workspace_definitions(client: LanguageClient) -> None:
    uri = doc_uri(client, "docs/features/other.pandoc")
    open_doc(client, uri, OTHER)
    hover = await hover_at(client, uri, 5, 22)
    assert hover.range == rng(5, 19, 5, 31)
    assert hover.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value="**Tech Preview**\n\n"
        "Complete but quirky; recommended for experimenting, not for production.\n\n"
        "- Functional completeness: Mostly\n"
        "- Functional stability: Quirky, in this project's words\n"
        "- Interface stability: Provisionally stable\n"
        "- Security supported: no",
    )


async def test_hover_section_heading_uses_the_workspace_template(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    hover = await hover_at(client, uri, 14, 4)
    assert hover.range == rng(14, 2, 14, 10)
    assert hover.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value="**Overview** (template section 2 of 10)\n\n"
        "In this project, the overview says what the feature is for, in two sentences.",
    )


async def test_hover_signoff_follows_the_configured_team(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    await diagnostics_for(client, uri, 1)
    hover = await hover_at(client, uri, 11, 25)
    assert hover.range == rng(11, 19, 11, 58)
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value == (
        "**Security sign-off** by Jane Doe <jane@example.org>\n\nDate: 2024-05-02\n\n"
        "No security team is configured (`signoff.team`)."
    )
    seen = client.publish_counts[uri]  # type: ignore[attr-defined]
    (root / ".featuredoc.yaml").write_text("signoff:\n  team:\n    - Jane Doe <jane@example.org>\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(root / ".featuredoc.yaml").as_uri(), type=types.FileChangeType.Created
                )
            ]
        )
    )
    await next_publish(client, uri, seen)
    hover = await hover_at(client, uri, 11, 25)
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.endswith("On the configured security team.")


async def test_hover_suppression_comment(client: LanguageClient) -> None:
    uri = doc_uri(client)
    text = CREDIT2.replace(
        "# Basics\n", "# Basics\n<!-- featuredoc: disable FD201 FD999 -- typo kept on purpose -->\n"
    )
    open_doc(client, uri, text)
    hover = await hover_at(client, uri, 6, 10)
    comment = "<!-- featuredoc: disable FD201 FD999 -- typo kept on purpose -->"
    assert hover.range == rng(6, 0, 6, len(comment))
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value == (
        "Silences these codes in the block that follows:\n\n"
        "- `FD201` (unknown-status): Status value is not an allowed support tier\n"
        "- `FD999`: not a featuredoc code\n\n"
        "Reason: typo kept on purpose"
    )


# ---- code actions ----------------------------------------------------------------------


async def test_fd201_quick_fix_applies(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    await diagnostics_for(client, uri, 1)
    actions = await actions_at(client, uri, rng(7, 20, 7, 20))
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix)
    assert fix.title == "Replace with 'Supported'"
    assert fix.is_preferred is True
    assert fix.diagnostics and fix.diagnostics[0].code == "FD201"
    edits = edits_of(fix, uri)
    assert edits == [types.TextEdit(range=rng(7, 19, 7, 28), new_text="Supported")]
    change_doc(client, uri, apply_text_edits(CREDIT2, edits), 2)
    assert own(await diagnostics_for(client, uri, 2)) == []


async def test_suppress_action_silences_the_block(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    await diagnostics_for(client, uri, 1)
    actions = await actions_at(client, uri, rng(7, 20, 7, 20))
    (suppress,) = [a for a in actions if a.title == "Suppress FD201 for this block"]
    assert suppress.kind == "quickfix.featuredoc.suppress"
    edits = edits_of(suppress, uri)
    assert edits == [
        types.TextEdit(range=rng(6, 0, 6, 0), new_text="<!-- featuredoc: disable FD201 -->\n\n")
    ]
    change_doc(client, uri, apply_text_edits(CREDIT2, edits), 2)
    assert own(await diagnostics_for(client, uri, 2)) == []


async def test_fix_all_and_insert_the_missing_sections(client: LanguageClient) -> None:
    uri = doc_uri(client, "docs/features/other.pandoc")
    open_doc(client, uri, OTHER)
    assert codes(await diagnostics_for(client, uri, 1)) == ["FD101"]  # one for all nine

    (fix_all,) = await actions_at(client, uri, rng(0, 0, 0, 0), ["source.fixAll"])
    assert fix_all.kind == "source.fixAll.featuredoc"
    fixed = apply_text_edits(OTHER, edits_of(fix_all, uri))

    actions = await actions_at(client, uri, rng(0, 2, 0, 7), [types.CodeActionKind.QuickFix])
    (insert_all,) = [a for a in actions if a.title == "Insert the 9 missing sections"]
    assert apply_text_edits(OTHER, edits_of(insert_all, uri)) == fixed
    headings = [line for line in fixed.split("\n") if line.startswith("# ")]
    assert headings[1:] == [
        "# Overview",
        "# User details",
        "# Technical details",
        "# Limitations",
        "# Testing",
        "# Areas for improvement",
        "# Known issues",
        "# References",
        "# History",
    ]
    change_doc(client, uri, fixed, 2)
    assert "FD101" not in codes(await diagnostics_for(client, uri, 2))


async def test_only_filters_action_kinds(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    actions = await actions_at(client, uri, rng(7, 20, 7, 20), ["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.featuredoc"]
    assert edits_of(actions[0], uri) == [
        types.TextEdit(range=rng(7, 19, 7, 28), new_text="Supported")
    ]


# ---- outline, folding, links, formatting ---------------------------------------------


async def test_document_symbols(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=ident(uri))
    )
    assert symbols is not None
    assert [s.name for s in symbols] == [
        "Basics",
        "Overview",
        "User details",
        "Technical details",
        "Limitations",
        "Testing",
        "Areas for improvement",
        "Known issues",
        "References",
        "History",
    ]
    basics, history = symbols[0], symbols[-1]
    assert isinstance(basics, types.DocumentSymbol) and isinstance(history, types.DocumentSymbol)
    assert basics.range == rng(5, 0, 12, 69) and basics.selection_range == rng(5, 2, 5, 8)
    assert [(c.name, c.detail, c.selection_range) for c in basics.children or []] == [
        ("Status", "**Supperted**", rng(7, 9, 7, 15)),
        ("Component", "Hypervisor", rng(9, 6, 9, 15)),
        ("Security sign-off", "Jane Doe <jane@example.org>, 2024-05-02", rng(11, 0, 11, 17)),
    ]
    assert [c.name for c in history.children or []] == ["2016-10-14 r1", "2019-02-07 r3"]


async def test_folding_ranges(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=ident(uri))
    )
    assert folds is not None
    spans = [(f.start_line, f.end_line) for f in folds]
    last = CREDIT2.count("\n") - 1
    assert (5, 12) in spans  # the Basics section
    assert (6, 12) in spans  # its table
    assert (last - 5, last) in spans  # the History table
    assert (last - 7, last) in spans  # the History section
    assert spans == sorted(spans, key=lambda s: (s[0], -s[1]))


async def test_document_links_stay_inside_the_workspace(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    uri = doc_uri(client)
    text = CREDIT2.replace("`../../etc/passwd`", "`../../etc/passwd` nor ../outside.txt")
    open_doc(client, uri, text)
    links = await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=ident(uri))
    )
    assert links is not None
    assert [(link.range, link.target) for link in links] == [
        (rng(16, 44, 16, 77), (root / "docs/misc/xen-command-line.pandoc").resolve().as_uri()),
        (rng(17, 4, 17, 30), (root / "xen/common/sched_credit2.c").resolve().as_uri()),
        (rng(21, 38, 21, 67), "https://xenbits.xen.org/docs/"),
    ]


async def test_document_links_follow_markdown_links_from_the_document(
    client: LanguageClient,
) -> None:
    """A Markdown link names a file from the document's folder, %-escaped; the editor
    gets the file's URI (the link is not also read as a path from the root)."""
    root = client.root  # type: ignore[attr-defined]
    (root / "docs/features/été 2.pandoc").write_text("% Été\n", encoding="utf-8")
    uri = doc_uri(client)
    line = "Compare [l'été 😀](%C3%A9t%C3%A9%202.pandoc#basics) and [the cmdline](../misc/xen-command-line.pandoc)."
    open_doc(client, uri, CREDIT2 + "\n" + line + "\n")
    links = await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=ident(uri))
    )
    assert links is not None
    number = len(CREDIT2.split("\n"))
    start = line.index("%C3")
    second = line.index("../misc")
    # columns in UTF-16 code units: the emoji before the first link counts two
    assert [(link.range, link.target) for link in links if link.range.start.line == number] == [
        (
            rng(number, start + 1, number, start + 1 + len("%C3%A9t%C3%A9%202.pandoc")),
            (root / "docs/features/été 2.pandoc").resolve().as_uri(),
        ),
        (
            rng(number, second + 1, number, second + 1 + len("../misc/xen-command-line.pandoc")),
            (root / "docs/misc/xen-command-line.pandoc").resolve().as_uri(),
        ),
    ]


MANGLED = """\
% Mangled
% Revision 1

# Basics
----- ----
Status: **Supported**
  Component:    Hypervisor
Architecture: x86
----- ----

# Overview

Text that formatting leaves alone:   spaces   and all.
"""

ALIGNED = """\
% Mangled
% Revision 1

# Basics
------------- -------------
      Status: **Supported**
   Component: Hypervisor
Architecture: x86
------------- -------------

# Overview

Text that formatting leaves alone:   spaces   and all.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
async def test_formatting_aligns_the_basics_table(client: LanguageClient, newline: str) -> None:
    uri = doc_uri(client, "docs/features/mangled.pandoc")
    open_doc(client, uri, MANGLED.replace("\n", newline))

    async def format_edits() -> list[types.TextEdit]:
        result = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=ident(uri),
                options=types.FormattingOptions(tab_size=4, insert_spaces=True),
            )
        )
        return list(result or [])

    edits = await format_edits()
    assert edits == [
        types.TextEdit(range=rng(4, 0, 4, 10), new_text="------------- -------------"),
        types.TextEdit(range=rng(5, 0, 5, 21), new_text="      Status: **Supported**"),
        types.TextEdit(range=rng(6, 0, 6, 26), new_text="   Component: Hypervisor"),
        types.TextEdit(range=rng(8, 0, 8, 10), new_text="------------- -------------"),
    ]
    formatted = apply_text_edits(MANGLED, edits)
    assert formatted == ALIGNED
    change_doc(client, uri, formatted.replace("\n", newline), 2)
    assert await format_edits() == []


async def test_fixes_of_a_crlf_document_write_crlf(client: LanguageClient) -> None:
    """Inserted sections and rows keep the document's line ending (as ``--fix`` does)."""
    uri = doc_uri(client, "docs/features/crlf-fix.pandoc")
    text = UNICODE.replace("\n", "\r\n")
    open_doc(client, uri, text)
    await diagnostics_for(client, uri, 1)
    (fix_all,) = await actions_at(
        client, uri, rng(0, 0, 0, 0), [types.CodeActionKind.SourceFixAll.value]
    )
    edits = edits_of(fix_all, uri)
    inserted = "".join(e.new_text for e in edits)
    assert "\r\n" in inserted  # the missing sections, each line ended
    assert "\n" not in inserted.replace("\r\n", "")
    fixed = apply_text_edits(text, edits)
    assert "\n" not in fixed.replace("\r\n", "")
