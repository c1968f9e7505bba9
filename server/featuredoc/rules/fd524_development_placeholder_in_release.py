"""FD524 development-placeholder-in-release: a released tree's SUPPORT.md still holds a development tree's placeholders.

## What it does
In a development tree, SUPPORT.md's Release Support block says
`Xen-Version: 4.23-unstable`, `Initial-Release: n/a`,
`Supported-Until: TBD`, `Security-Support-Until: Unreleased - not yet
security-supported`, and its release-notes link names `X.YY`. When the
version file (`version_file`, by default `xen/Makefile`) says the tree is
a release (its `XEN_EXTRAVERSION` holds neither `-unstable` nor `-rc`:
`.0`, `.3`, a stable branch's `.4-pre`), this rule reports each of those placeholders that is still
there. In a development tree (`-unstable`) or a release candidate (`-rc`)
they are right, and nothing is reported; nor is anything when the version
file is absent.

## Why is this bad?
The released tree's support statement then says that the release is
unreleased and that its support has no end: the published support matrix
shows no dates for it, and the link leads nowhere.

## Example
With `xen/Makefile` setting version 4.22 and `XEN_EXTRAVERSION ?= .0`:
```
    Xen-Version: 4.22-unstable
    Initial-Release: n/a
    Supported-Until: TBD
    Security-Support-Until: Unreleased - not yet security-supported

Release Notes
: <a href="https://wiki.xenproject.org/wiki/Xen_Project_X.YY_Release_Notes">RN</a>
```

## Use instead
```
    Xen-Version: 4.22
    Initial-Release: 2026-07-30
    Supported-Until: 2029-07-30
    Security-Support-Until: 2031-07-30

Release Notes
: <a href="https://wiki.xenproject.org/wiki/Xen_Project_4.22_Release_Notes">RN</a>
```

## Fix safety
Two placeholders have a certain fix, applied by `featuredoc check --fix`:
the `-unstable` suffix is removed (the number is FD520's), and `X.YY` in
the link becomes the version file's version. The dates have no fix: they
are the release's to write.

## Configuration
`version_file`: the file the version is read from.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.release_block import (
    DATE_KEYS,
    LINK_PLACEHOLDER,
    UNSTABLE,
    VERSION_KEY,
    ReleaseBlock,
    TreeVersion,
    is_placeholder_date,
    parse_version,
    release_block,
    release_lines,
    tree_version,
)
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    text = ctx.inputs.version_text
    block = release_block(ctx.document)
    tree = tree_version(text) if text is not None else None
    if block is None or tree is None or tree.development:
        return
    released = f"{ctx.config.version_file} says {tree.full}, a release"
    yield from _version(block, released)
    for key in DATE_KEYS:
        field = block.get(key)
        if field is not None and is_placeholder_date(field.value):
            yield Report(
                field.value_span,
                f"{key} is '{field.value}', a development tree's placeholder, but {released}: "
                "write the date",
            )
    yield from _link(block, tree, released)


def _version(block: ReleaseBlock, released: str) -> Iterator[Report]:
    field = block.get(VERSION_KEY)
    version = parse_version(field) if field is not None else None
    if version is None or not version.unstable:
        return
    yield Report(
        version.suffix_span,
        f"Xen-Version '{version.number}{UNSTABLE}' is a development tree's, but {released}",
        [Fix(f"Remove '{UNSTABLE}'", [TextEdit(version.suffix_span, "")], preferred=True)],
    )


def _link(block: ReleaseBlock, tree: TreeVersion, released: str) -> Iterator[Report]:
    link = block.notes
    if link is None or link.version != LINK_PLACEHOLDER:
        return
    yield Report(
        link.span,
        f"The release-notes link names '{LINK_PLACEHOLDER}', a development tree's placeholder, "
        f"but {released}",
        [Fix(f"Write '{tree.number}'", [TextEdit(link.span, tree.number)], preferred=True)],
    )


RULE = Rule(
    code="FD524",
    name="development-placeholder-in-release",
    severity=Severity.WARNING,
    check=check,
    summary="A released tree's SUPPORT.md Release Support block still holds development placeholders",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    reads_lines=release_lines,
    settings=("version_file",),
)
