"""FD203 status-not-bold: a status value is not written in bold.

## What it does
The template writes the status in bold (`**Supported**`). This rule points
at a Status value that names a tier but is written plain or in italics
(`_Experimental_`, `*Experimental*`), and offers to write it in bold.

## Why is this bad?
It is a matter of consistency: every feature document renders its status
the same way, so a reader scanning the documents (or the generated support
matrix) finds it at a glance.

## Example
```
         Status: Supported
```

## Use instead
```
         Status: **Supported**
```

## Fix safety
The fix only changes the markers around the value; it is safe.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.table_cells import replace_text
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.rules.base import Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    for status in ctx.statuses:
        if status.bold or status.tier is None or status.is_placeholder:
            continue
        bold = f"**{status.text}**"
        how = "in italics, not in bold" if status.italic else "not in bold"
        edits = replace_text(ctx.document, status.written_span, bold)
        yield Report(
            status.span,
            f"Status '{status.text}' is {how}; the template writes it as '{bold}'",
            [Fix(f"Write it as '{bold}'", edits, preferred=True)] if edits else [],
        )


RULE = Rule(
    code="FD203",
    name="status-not-bold",
    severity=Severity.HINT,
    check=check,
    summary="Status value not in bold as the template writes it",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
)
