"""FD523 release-notes-version-mismatch: SUPPORT.md's release-notes link names another release.

## What it does
The `Release Notes` definition after the Release Support block links to
the release's notes on the Xen wiki
(`.../Xen_Project_4.22_Release_Notes`). This rule reports a link whose
version is not the tree's: the version the version file
(`version_file`, by default `xen/Makefile`) says, or, when that file is
absent, the number in `Xen-Version` (`4.22`, `4.23-unstable`). A
development tree's `X.YY` placeholder is left to FD524.

## Why is this bad?
Readers of the published support matrix follow the link to the notes of
another release: usually the block was copied from the previous release
and the link not updated.

## Example
```
    Xen-Version: 4.22

Release Notes
: <a href="https://wiki.xenproject.org/wiki/Xen_Project_4.21_Release_Notes">RN</a>
```

## Use instead
```
    Xen-Version: 4.22

Release Notes
: <a href="https://wiki.xenproject.org/wiki/Xen_Project_4.22_Release_Notes">RN</a>
```

## Fix safety
The fix writes the tree's version in the link in place of the version it
names, and changes nothing else; it is applied by `featuredoc check --fix`.

## Configuration
`version_file`: the file the version is read from.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.release_block import (
    LINK_PLACEHOLDER,
    VERSION_KEY,
    ReleaseBlock,
    parse_version,
    release_block,
    release_lines,
    tree_version,
)
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def reference(block: ReleaseBlock, version_text: str | None, source: str) -> tuple[str, str] | None:
    """The tree's version number and where it comes from (the version file, else Xen-Version)."""
    tree = tree_version(version_text) if version_text is not None else None
    if tree is not None:
        return tree.number, source
    field = block.get(VERSION_KEY)
    version = parse_version(field) if field is not None else None
    return (version.number, "Xen-Version") if version is not None else None


def check(ctx: Context) -> Iterator[Report]:
    block = release_block(ctx.document)
    if block is None or block.notes is None or block.notes.version == LINK_PLACEHOLDER:
        return
    found = reference(block, ctx.inputs.version_text, ctx.config.version_file)
    if found is None or found[0] == block.notes.version:
        return
    number, source = found
    link = block.notes
    yield Report(
        link.span,
        f"The release-notes link names {link.version}, but {source} says {number}",
        [Fix(f"Write '{number}'", [TextEdit(link.span, number)], preferred=True)],
    )


RULE = Rule(
    code="FD523",
    name="release-notes-version-mismatch",
    severity=Severity.WARNING,
    check=check,
    summary="SUPPORT.md's release-notes link names another version than the tree's",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    reads_lines=release_lines,
    settings=("version_file",),
)
