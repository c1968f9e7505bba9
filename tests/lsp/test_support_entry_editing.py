"""End to end: the ``Support entry`` row, completed, explained on hover and written by a fix.

The workspace's SUPPORT.md (``lsp_support.SUPPORT``) has an entry whose
heading is outside ASCII and the Basic Multilingual Plane
(``Crédit2 🚀 Scheduler``): positions are UTF-16 units.
"""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import (
    CREDIT2,
    apply_text_edits,
    diagnostics_for,
    doc_uri,
    ident,
    open_doc,
    pos,
    rng,
)

ROCKET = "Crédit2 🚀 Scheduler"
#: CREDIT2 with a Support entry row (line 8, 0-based) holding *value*.
ROW = 8


def with_entry(value: str) -> str:
    lines = CREDIT2.split("\n")
    lines.insert(ROW, f"  Support entry: {value}")
    return "\n".join(lines)


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_entry_names_are_completed_with_their_statuses(client: LanguageClient) -> None:
    uri = doc_uri(client)
    text = with_entry("Cré")
    open_doc(client, uri, text)
    await diagnostics_for(client, uri, 1)  # the workspace may still be being indexed
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=ident(uri), position=pos(ROW, 20))
    )
    assert isinstance(result, types.CompletionList)
    items = {item.label: item for item in result.items}
    assert {"Credit2 Scheduler", "Other", ROCKET, "Mangled", "Features"} <= set(items)
    rocket = items[ROCKET]
    # the whole value is replaced, in UTF-16 units
    assert rocket.text_edit == types.TextEdit(range=rng(ROW, 17, ROW, 20), new_text=ROCKET)
    documentation = rocket.documentation
    assert isinstance(documentation, types.MarkupContent)
    assert f"SUPPORT.md: **{ROCKET}**" in documentation.value
    assert "- Status: Tech Preview" in documentation.value


async def test_hover_on_the_row_shows_the_entry(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, with_entry(ROCKET))
    await diagnostics_for(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=ident(uri), position=pos(ROW, 28))
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert f"SUPPORT.md: **{ROCKET}**" in hover.contents.value
    assert "Linked by its `Support entry` row." in hover.contents.value
    assert hover.range == rng(ROW, 17, ROW, 17 + units(ROCKET))


async def test_hover_on_the_title_shows_the_inferred_entry(client: LanguageClient) -> None:
    uri = doc_uri(client)
    open_doc(client, uri, CREDIT2)
    await diagnostics_for(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=ident(uri), position=pos(0, 4))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "SUPPORT.md: **Credit2 Scheduler**" in hover.contents.value
    assert "Linked by inference (title)" in hover.contents.value


AMBIGUOUS_SUPPORT = """\
# Support statement

## Devices

### Modèle de périphérique 🚀 stubdom

    Status: Supported

### Modèle de périphérique 🚀 déprivilégié

    Status: Tech Preview
"""


async def test_an_ambiguous_link_offers_one_fix_per_entry(client: LanguageClient) -> None:
    support = (client.root / "SUPPORT.md").as_uri()  # type: ignore[attr-defined]
    open_doc(client, support, AMBIGUOUS_SUPPORT)
    await diagnostics_for(client, support, 1)
    uri = doc_uri(client)
    text = CREDIT2.replace("% Credit2 Scheduler", "% Modèle de périphérique")
    open_doc(client, uri, text)
    diagnostics = await diagnostics_for(client, uri, 1)
    [fd601] = [d for d in diagnostics if d.code == "FD601"]
    assert "could stand for 2 SUPPORT.md entries" in fd601.message
    assert fd601.range == rng(0, 2, 0, 2 + units("Modèle de périphérique"))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=fd601.range,
            context=types.CodeActionContext(diagnostics=[fd601]),
        )
    )
    actions = [a for a in result or [] if isinstance(a, types.CodeAction)]
    titles = [a.title for a in actions if a.title.startswith("Link to")]
    assert titles == [
        "Link to 'Modèle de périphérique 🚀 stubdom'",
        "Link to 'Modèle de périphérique 🚀 déprivilégié'",
    ] or titles == [
        "Link to 'Modèle de périphérique 🚀 déprivilégié'",
        "Link to 'Modèle de périphérique 🚀 stubdom'",
    ]
    chosen = next(a for a in actions if a.title.endswith("déprivilégié'"))
    assert chosen.edit is not None and chosen.edit.changes is not None
    fixed = apply_text_edits(text, list(chosen.edit.changes[uri]))
    # the row goes last in the Basics table, its key right-aligned like the others,
    # after a blank line as the table's rows are; nothing else changes
    row = "  Support entry: Modèle de périphérique 🚀 déprivilégié"
    before = text.split("\n")
    assert before[12].startswith("----------------")
    assert fixed.split("\n") == [*before[:12], "", row, *before[12:]]
