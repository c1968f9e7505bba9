"""The server checks feature documents and SUPPORT.md, not every Markdown file."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import doc_uri, open_doc

BROKEN = "% T\n% Revision 1\n\n# Basics\n---------------- -----\n         Status: **Supperted**\n---------------- -----\n"


async def diagnostics_of(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    for _ in range(200):
        if uri in client.diagnostics:
            return client.diagnostics[uri]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics published for {uri}")


@pytest.mark.asyncio
async def test_a_readme_gets_no_findings_a_feature_doc_does(client: LanguageClient) -> None:
    readme = doc_uri(client, "README.md")
    feature = doc_uri(client, "docs/features/broken.md")
    open_doc(client, readme, BROKEN)
    open_doc(client, feature, BROKEN)
    assert any(d.code == "FD201" for d in await diagnostics_of(client, feature))
    assert list(await diagnostics_of(client, readme)) == []


@pytest.mark.asyncio
async def test_untitled_buffers_are_checked(client: LanguageClient) -> None:
    untitled = "untitled:Untitled-1"
    open_doc(client, untitled, BROKEN)
    assert any(d.code == "FD201" for d in await diagnostics_of(client, untitled))


@pytest.mark.asyncio
async def test_only_the_configured_documents_get_findings(client: LanguageClient) -> None:
    """Markdown and pandoc files that are not feature documents get none (as in the CLI)."""
    names = [
        "CHANGELOG.md",
        "docs/misc/xen-command-line.pandoc",
        "notes/elsewhere.pandoc",
        "docs/features/template.pandoc",  # excluded by default
    ]
    for name in names:
        open_doc(client, doc_uri(client, name), BROKEN)
    support = doc_uri(client, "SUPPORT.md")
    open_doc(client, support, "# Support\n\n## Features\n\n### X\n\n    Status: Suported\n")
    assert any(d.code == "FD501" for d in await diagnostics_of(client, support))
    for name in names:
        assert list(await diagnostics_of(client, doc_uri(client, name))) == [], name


@pytest.mark.asyncio
async def test_outside_every_folder_the_root_is_found_as_the_cli_finds_it(
    client: LanguageClient,
) -> None:
    """A Xen-like tree beside the workspace (no .git): its root holds SUPPORT.md."""
    other = client.root.parent / "xen-4.20"  # type: ignore[attr-defined]
    (other / "docs" / "features").mkdir(parents=True)
    (other / "SUPPORT.md").write_text("# Support statement\n")
    feature = (other / "docs" / "features" / "livepatch.pandoc").as_uri()
    readme = (other / "README.md").as_uri()
    stray = (other / "docs" / "livepatch.pandoc").as_uri()  # not under docs/features
    for uri in (feature, readme, stray):
        open_doc(client, uri, BROKEN)
    assert any(d.code == "FD201" for d in await diagnostics_of(client, feature))
    assert list(await diagnostics_of(client, readme)) == []
    assert list(await diagnostics_of(client, stray)) == []


@pytest.mark.asyncio
async def test_outside_every_folder_with_no_root_the_path_decides(client: LanguageClient) -> None:
    """Files that are not on disk (or have no root above them): the end of the path decides."""
    feature = "file:///nonexistent-featuredoc-tree/docs/features/livepatch.pandoc"
    readme = "file:///nonexistent-featuredoc-tree/README.md"
    open_doc(client, feature, BROKEN)
    open_doc(client, readme, BROKEN)
    assert any(d.code == "FD201" for d in await diagnostics_of(client, feature))
    assert list(await diagnostics_of(client, readme)) == []


@pytest.mark.asyncio
async def test_outside_every_folder_a_document_is_compared_with_its_own_support_md(
    client: LanguageClient,
) -> None:
    """FD601/FD602 against the SUPPORT.md of the document's own root, not the workspace's."""
    other = client.root.parent / "xen-4.21"  # type: ignore[attr-defined]
    (other / "docs" / "features").mkdir(parents=True)
    (other / "SUPPORT.md").write_text(
        "# Support statement\n\n## Features\n\n### Live Patching\n\n    Status: Supported\n",
        encoding="utf-8",
    )
    text = BROKEN.replace("% T\n", "% Live Patching\n").replace("Supperted", "Experimental")
    feature = other / "docs" / "features" / "livepatch.pandoc"
    feature.write_text(text, encoding="utf-8")
    open_doc(client, feature.as_uri(), text)
    for _ in range(200):  # the root's index is built in the background
        found = client.diagnostics.get(feature.as_uri(), [])
        if any(d.code == "FD602" for d in found):
            break
        await asyncio.sleep(0.05)
    codes = {d.code for d in client.diagnostics.get(feature.as_uri(), [])}
    assert "FD602" in codes  # Experimental here, Supported in its own SUPPORT.md
    assert "FD601" not in codes  # the entry is found there


#: A SUPPORT.md kept under another name (a saved revision): its text says what it is.
SAVED_SUPPORT = """\
% Support statement — «saved»

# Release Support

    Xen-Version: 4.99
    Initial-Release: n/a

# Feature Support

## Widget

    Status, x86: Supported
    Status, Arm: Suported
"""


@pytest.mark.asyncio
async def test_an_open_support_md_under_another_name_is_one(client: LanguageClient) -> None:
    """By its content, in the editor: at the root (no include selects it) or among feature docs."""
    for name in ("old_SUPPORT.md", "docs/features/SUPPORT-4.99.md"):
        uri = doc_uri(client, name)
        open_doc(client, uri, SAVED_SUPPORT)
        codes = [d.code for d in await diagnostics_of(client, uri)]
        assert codes == ["FD501"], (name, codes)  # SUPPORT.md's rules, no template sections
