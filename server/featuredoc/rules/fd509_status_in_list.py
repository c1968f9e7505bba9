"""FD509 status-in-list: a SUPPORT.md status line inside a list or a block quote.

## What it does
Reports a `Status[, qualifier]: value` line of SUPPORT.md that is inside a
bullet list (indented under a bullet), a numbered list or a block quote.

## Why is this bad?
Xen's support-matrix generator skips lists and quotes: the row is dropped
from the published matrix.

## Example
```
### Widget

- Works on every host.

    Status: Supported
```

## Use instead
End the list with a paragraph, or put the status block before it:
```
### Widget

    Status: Supported

- Works on every host.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import read_support
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    for dropped in read_support(ctx.document).dropped:
        yield Report(
            dropped.span,
            f"Row dropped: this status line is inside {dropped.where}, which Xen's "
            "support-matrix generator skips; put status blocks outside lists and quotes",
        )


RULE = Rule(
    code="FD509",
    name="status-in-list",
    severity=Severity.WARNING,
    check=check,
    summary="SUPPORT.md status line inside a list or quote: the row is dropped from the matrix",
    applies_to=SUPPORT,
    doc=__doc__ or "",
)
