"""FD504 block-before-status-block: a table, list, rule, quote or raw HTML before a status block.

## What it does
Reports a status block of SUPPORT.md that comes after a block Xen's
support-matrix generator does not know: raw HTML (an HTML comment
included), a table (pipe, simple, grid), a numbered list, a horizontal
rule, a block quote, a line block or a div. The generator reads only
headings, paragraphs, bullet lists, definition lists and code blocks; any
other block, anywhere before, makes it die at the next status block. The
finding is at that status block and names the blocks that cause it.

## Why is this bad?
Xen's build of the published support matrix fails.

## Example
```
### Widget

| Arch | Note   |
|------|--------|
| x86  | tested |

    Status: Supported
```

## Use instead
Write the information as a paragraph or a bullet list (or move the block
below the last status block, with the label definitions):
```
### Widget

- x86: tested

    Status: Supported
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import Failure, read_support
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    for stop in read_support(doc).stops:
        if stop.kind is not Failure.BLOCK_BEFORE or any(b.directive for b in stop.causes):
            continue
        related = [
            Related(doc.path, Span.on_line(b.first, 0, len(doc.lines[b.first])), b.what, doc.lines)
            for b in stop.causes
        ]
        yield Report(
            stop.span,
            f"Xen's support-matrix build fails here: {stop.reason}; the generator knows "
            "only headings, paragraphs, lists with bullets, definition lists and code "
            "blocks, and dies at the first status block after any other block (write it "
            "as a paragraph or a bullet list, or move it below the last status block)",
            related=related,
        )


RULE = Rule(
    code="FD504",
    name="block-before-status-block",
    severity=Severity.ERROR,
    check=check,
    summary="SUPPORT.md status block after a table, list, rule, quote or raw HTML: "
    "Xen's support-matrix build fails",
    applies_to=SUPPORT,
    doc=__doc__ or "",
)
