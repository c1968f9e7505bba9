"""FD503 heading-skips-level: a SUPPORT.md heading more than one level below the one before.

## What it does
Reports a heading of SUPPORT.md whose level is more than one deeper than
the heading before it (a `####` right under a `##`, or a `##` before any
`#`). The quick fix, offered in the editor, raises it to the deepest level
allowed there.

## Why is this bad?
Xen's support-matrix generator (`docs/parse-support-md`) nests its rows by
heading level and dies on a heading that skips one: the build of the
published matrix fails.

## Example
```
# Feature Support

## Toolstack

#### xl

    Status: Supported
```

## Use instead
```
# Feature Support

## Toolstack

### xl

    Status: Supported
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import Failure, read_support
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Span
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    lines = ctx.document.lines
    for stop in read_support(ctx.document).stops:
        if stop.kind is not Failure.HEADING_SKIP:
            continue
        block = stop.block
        fixes: list[Fix] = []
        line = lines[block.first]
        hashes = len(line) - len(line.lstrip(" "))
        run = len(line[hashes:]) - len(line[hashes:].lstrip("#"))
        allowed = stop.limit
        if run == block.level:
            edit = TextEdit(Span.on_line(block.first, hashes, hashes + run), "#" * allowed)
            fixes.append(Fix(f"Make it a level-{allowed} heading", [edit]))
        yield Report(
            Span.on_line(block.first, 0, len(line)),
            f"Xen's support-matrix build fails here: {stop.reason}; the generator "
            "nests rows by heading level and dies on a heading that skips one",
            fixes,
        )


RULE = Rule(
    code="FD503",
    name="heading-skips-level",
    severity=Severity.ERROR,
    check=check,
    summary="SUPPORT.md heading that skips a level, which stops Xen's support-matrix build",
    applies_to=SUPPORT,
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
)
