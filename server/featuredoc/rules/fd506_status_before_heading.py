"""FD506 status-before-heading: a SUPPORT.md status line before the first heading.

## What it does
Reports a status line (or a definition-list row) of SUPPORT.md that comes
before any heading.

## Why is this bad?
Xen's support-matrix generator files every row under the heading above it
and dies on a row that has none: the build of the published matrix fails.

## Example
```
    Status: Supported

# Feature Support
```

## Use instead
Put the status under the heading of the feature it describes:
```
# Feature Support

## Widget

    Status: Supported
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import Failure, read_support
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    for stop in read_support(ctx.document).stops:
        if stop.kind is Failure.NO_HEADING:
            yield Report(
                stop.span,
                f"Xen's support-matrix build fails here: {stop.reason}; the generator "
                "files every row under the heading above it",
            )


RULE = Rule(
    code="FD506",
    name="status-before-heading",
    severity=Severity.ERROR,
    check=check,
    summary="SUPPORT.md status before the first heading, which stops Xen's support-matrix build",
    applies_to=SUPPORT,
    doc=__doc__ or "",
)
