"""FD520 release-version-mismatch: SUPPORT.md's `Xen-Version` is not the version the tree says it is.

## What it does
Compares the `Xen-Version:` line of SUPPORT.md's Release Support block
with the version file (`version_file`, by default `xen/Makefile`):
`XEN_VERSION.XEN_SUBVERSION` there must be the number in `Xen-Version`
(`4.22`, or `4.23-unstable` in a development tree; whether the suffix
belongs there is FD524's question). It also reports a `Xen-Version` that
is not a version number at all, and a version file that sets no
whole-number `XEN_VERSION` and `XEN_SUBVERSION`, since then nothing can be
compared.

Nothing is reported when the version file is absent.

## Why is this bad?
SUPPORT.md is the support statement of the tree it is in; published, it
says which release the statement is for. A branch that was copied or
bumped without updating the block states another release's support.

## Example
With `xen/Makefile` setting `XEN_VERSION = 4` and `XEN_SUBVERSION = 22`:
```
    Xen-Version: 4.21
```

## Use instead
```
    Xen-Version: 4.22
```

## Fix safety
When `Xen-Version` is a version number (`4.21`, `4.21-unstable`), the fix
writes the number from the version file in its place and keeps the rest of
the line; it is applied by `featuredoc check --fix`.

## Configuration
`version_file`: the file the version is read from.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.release_block import (
    VERSION_KEY,
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
    field = block.get(VERSION_KEY) if block is not None else None
    if text is None or field is None:
        return
    source = ctx.config.version_file
    tree = tree_version(text)
    if tree is None:
        yield Report(
            field.value_span,
            f"Cannot check Xen-Version: {source} sets no whole-number XEN_VERSION and "
            "XEN_SUBVERSION",
        )
        return
    version = parse_version(field)
    if version is None:
        yield Report(
            field.value_span,
            f"Xen-Version '{field.value}' is not a version number; {source} says {tree.full} "
            f"(write '{tree.number}', or '{tree.number}-unstable' in a development tree)",
        )
        return
    if version.number != tree.number:
        fix = Fix(
            f"Write '{tree.number}'",
            [TextEdit(version.number_span, tree.number)],
            preferred=True,
        )
        yield Report(
            version.number_span,
            f"Xen-Version says {version.number}, but {source} says {tree.full}",
            [fix],
        )


RULE = Rule(
    code="FD520",
    name="release-version-mismatch",
    severity=Severity.WARNING,
    check=check,
    summary="SUPPORT.md's Xen-Version is not the version the version file (xen/Makefile) says",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    reads_lines=release_lines,
    settings=("version_file",),
)
