"""FD204 missing-status: the Basics table has no Status row.

## What it does
Reports a Basics table without any `Status` row (with or without an
architecture qualifier, `Status, x86:`). The finding is on the table's top
border. A document without a Basics table at all is reported by FD120
instead.

## Why is this bad?
The status is the reason the document exists: it tells users whether they
may rely on the feature and the security team whether they issue
advisories for it. A feature document without one promises nothing.

## Example
```
---------------- ----------------------------------------------------
      Component: Hypervisor
---------------- ----------------------------------------------------
```

## Use instead
```
---------------- ----------------------------------------------------
         Status: **Tech Preview**

      Component: Hypervisor
---------------- ----------------------------------------------------
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    basics = ctx.document.basics
    if basics is None or ctx.statuses:
        return
    border = basics.table.top_border
    line = ctx.document.lines[border]
    yield Report(
        Span.on_line(border, 0, len(line.rstrip())),
        "The Basics table has no Status row; add 'Status: **<tier>**' (e.g. **Tech Preview**)",
    )


RULE = Rule(
    code="FD204",
    name="missing-status",
    severity=Severity.ERROR,
    check=check,
    summary="No Status row in the Basics table",
    doc=__doc__ or "",
)
