"""Documents and helpers shared by the end-to-end tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

#: A complete feature document with one misspelled status (line 7).
CREDIT2 = """\
% Credit2 Scheduler
% Revision 3

\\clearpage

# Basics
---------------- ----------------------------------------------------
         Status: **Supperted**

      Component: Hypervisor

Security sign-off: Jane Doe <jane@example.org>, 2024-05-02
---------------- ----------------------------------------------------

# Overview

Credit2 is the default vCPU scheduler. See `docs/misc/xen-command-line.pandoc`
and xen/common/sched_credit2.c, not `../../etc/passwd` nor `gone/missing.txt`.

# User details

Nothing to enable: it is the default (https://xenbits.xen.org/docs/).

# Technical details

All of it lives in the hypervisor.

# Limitations

None known.

# Testing

Boot with `sched=credit2` and run guests.

# Areas for improvement

Reservations.

# Known issues

None.

# References

The wiki.

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2016-10-14 1        Xen 4.8  Document written
2019-02-07 3        Xen 4.12 Made the default scheduler
---------- -------- -------- -------------------------------------------
"""

#: SUPPORT.md whose own wording of Tech Preview differs from the built-in one.
SUPPORT = """\
# Support statement

## Definition of Status labels

### Experimental

    Functional completeness: No
    Functional stability: Here be dragons
    Interface stability: Not stable
    Security supported: No

### Tech Preview

    Functional completeness: Mostly
    Functional stability: Quirky, in this project's words
    Interface stability: Provisionally stable
    Security supported: No

#### Supported

    Functional completeness: Yes
    Functional stability: Normal
    Interface stability: Yes
    Security supported: Yes

## Features

### Credit2 Scheduler

    Status: Supported

### Other

    Status: Tech Preview

### Crédit2 🚀 Scheduler

    Status: Tech Preview

### Mangled

    Status: Supported
"""

OTHER = """\
% Other
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Tech Preview**

   Architecture: x86

      Component: Toolstack, libxl
---------------- ----------------------------------------------------
"""


#: The workspace's template, whose wording of "Overview" differs from the built-in one.
TEMPLATE = """\
% Template for feature documents
% Revision $N

# Basics

---------------- ----------------------------------------------------
         Status: e.g. **Supported**/**Tech Preview**/**Experimental**
---------------- ----------------------------------------------------

# Overview

In this project, the overview says what the feature
is for, in two sentences.
"""


def make_workspace(tmp_path: Path) -> Path:
    """A workspace folder ``ws`` inside *tmp_path*, with ``outside.txt`` beside it."""
    (tmp_path / "outside.txt").write_text("not in the workspace\n")
    root = tmp_path / "ws"
    (root / "docs" / "features").mkdir(parents=True)
    (root / "docs" / "misc").mkdir(parents=True)
    (root / "xen" / "common").mkdir(parents=True)
    (root / "docs" / "misc" / "xen-command-line.pandoc").write_text("% Command line\n")
    (root / "xen" / "common" / "sched_credit2.c").write_text("/* credit2 */\n")
    (root / "docs" / "features" / "other.pandoc").write_text(OTHER)
    (root / "SUPPORT.md").write_text(SUPPORT)
    (root / "docs" / "features" / "template.pandoc").write_text(TEMPLATE)
    (root / ".git").mkdir()
    return root


def doc_uri(client: LanguageClient, name: str = "docs/features/credit2.pandoc") -> str:
    return (client.root / name).as_uri()  # type: ignore[attr-defined]


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="pandoc", version=version, text=text
            )
        )
    )


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_for(
    client: LanguageClient, uri: str, version: int, timeout: float = 20.0
) -> list[types.Diagnostic]:
    """The diagnostics pushed for *version* of *uri* (waits for them)."""
    versions: dict[str, int | None] = client.diagnostic_versions  # type: ignore[attr-defined]

    async def wait() -> None:
        while versions.get(uri) != version:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return list(client.diagnostics[uri])


async def next_publish(
    client: LanguageClient, uri: str, seen: int, timeout: float = 20.0
) -> list[types.Diagnostic]:
    """The diagnostics of the first push for *uri* after *seen* pushes."""
    counts: dict[str, int] = client.publish_counts  # type: ignore[attr-defined]

    async def wait() -> None:
        while counts.get(uri, 0) <= seen:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return list(client.diagnostics[uri])


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def rng(line: int, start: int, end_line: int | None = None, end: int = 0) -> types.Range:
    return types.Range(start=pos(line, start), end=pos(line if end_line is None else end_line, end))


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to *text*, as an editor would."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for index, ch in enumerate(line):
            if units >= pos.character:
                return before + index
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line)

    ordered = sorted(
        enumerate(edits),
        key=lambda ie: (ie[1].range.start.line, ie[1].range.start.character, ie[0]),
        reverse=True,
    )
    for _, edit in ordered:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text
