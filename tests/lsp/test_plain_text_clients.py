"""Clients that show plain text only get completion documentation and hovers
without Markdown markup."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import CREDIT2, doc_uri, ident, open_doc, pos, rng


async def complete(client: LanguageClient, uri: str, line: int, character: int) -> list:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=ident(uri), position=pos(line, character))
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


async def hover_at(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=ident(uri), position=pos(line, character))
    )
    assert result is not None
    return result


def plain(value: str) -> types.MarkupContent:
    return types.MarkupContent(kind=types.MarkupKind.PlainText, value=value)


async def test_status_completion_documentation_is_plain_text(plain_client: LanguageClient) -> None:
    uri = doc_uri(plain_client)
    open_doc(plain_client, uri, CREDIT2)
    items = await complete(plain_client, uri, 7, 22)
    by_label = {item.label: item for item in items}
    # the workspace's SUPPORT.md wording of Tech Preview, without ** or other markup
    assert by_label["Tech Preview"].documentation == plain(
        "Tech Preview\n\n"
        "Complete but quirky; recommended for experimenting, not for production.\n\n"
        "- Functional completeness: Mostly\n"
        "- Functional stability: Quirky, in this project's words\n"
        "- Interface stability: Provisionally stable\n"
        "- Security supported: no"
    )
    supported = by_label["Supported"].documentation
    assert isinstance(supported, types.MarkupContent)
    assert supported.kind == types.MarkupKind.PlainText
    assert supported.value.startswith("Supported\n\n")
    assert "- Security supported: yes: the security team issues advisories" in supported.value
    for item in items:
        assert isinstance(item.documentation, types.MarkupContent)
        assert "**" not in item.documentation.value, item.label


async def test_basics_key_documentation_quotes_instead_of_backticks(
    plain_client: LanguageClient,
) -> None:
    uri = doc_uri(plain_client)
    lines = CREDIT2.split("\n")
    lines[10] = "   Supp"
    open_doc(plain_client, uri, "\n".join(lines))
    items = await complete(plain_client, uri, 10, 7)
    entry = next(item for item in items if item.label == "Support entry")
    assert entry.documentation == plain("Basics field 'Support entry'")


async def test_hover_is_plain_text(plain_client: LanguageClient) -> None:
    uri = doc_uri(plain_client)
    open_doc(plain_client, uri, CREDIT2)
    hover = await hover_at(plain_client, uri, 14, 4)
    assert hover.range == rng(14, 2, 14, 10)
    assert hover.contents == plain(
        "Overview (template section 2 of 10)\n\n"
        "In this project, the overview says what the feature is for, in two sentences."
    )


async def test_hover_on_a_suppression_comment_is_plain_text(plain_client: LanguageClient) -> None:
    uri = doc_uri(plain_client)
    text = CREDIT2.replace(
        "# Basics\n", "# Basics\n<!-- featuredoc: disable FD201 FD999 -- typo kept on purpose -->\n"
    )
    open_doc(plain_client, uri, text)
    hover = await hover_at(plain_client, uri, 6, 10)
    assert hover.contents == plain(
        "Silences these codes in the block that follows:\n\n"
        "- 'FD201' (unknown-status): Status value is not an allowed support tier\n"
        "- 'FD999': not a featuredoc code\n\n"
        "Reason: typo kept on purpose"
    )
