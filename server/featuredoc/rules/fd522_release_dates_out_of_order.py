"""FD522 release-dates-out-of-order: SUPPORT.md's release dates that end support before it starts.

## What it does
In the Release Support block, support runs from `Initial-Release` to
`Supported-Until`, and security support from there to
`Security-Support-Until`; so the dates must be in that order (equal
dates are allowed). This rule reports a date that lies before the one it
should follow (`Security-Support-Until` is compared with `Initial-Release`
when `Supported-Until` is not a date), and names the other line. Dates
that are not valid (FD521) and placeholders (`TBD`) are left out.

## Why is this bad?
The published support matrix would say that support ends before the
release, or that security support ends before general support: one of
the dates is a typo, usually in the year.

## Example
```
    Xen-Version: 4.22
    Initial-Release: 2026-07-30
    Supported-Until: 2028-01-30
    Security-Support-Until: 2027-07-30
```

## Use instead
```
    Xen-Version: 4.22
    Initial-Release: 2026-07-30
    Supported-Until: 2028-01-30
    Security-Support-Until: 2029-07-30
```

## Fix safety
No fix: which date is wrong, and what it should be, is for the author to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from featuredoc.analysis.release_block import (
    DATE_KEYS,
    ReleaseField,
    release_block,
    release_lines,
    strict_date,
)
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    block = release_block(doc)
    if block is None:
        return
    dated: list[tuple[ReleaseField, dt.date]] = []
    for key in DATE_KEYS:
        field = block.get(key)
        date = strict_date(field.value) if field is not None else None
        if field is not None and date is not None:
            dated.append((field, date))
    for (before, first), (after, then) in zip(dated, dated[1:], strict=False):
        if then < first:
            yield Report(
                after.value_span,
                f"{after.key} {after.value} is before {before.key} {before.value} "
                f"(line {before.line + 1}); support must end after it starts",
                related=[Related(doc.path, before.value_span, f"the {before.key} date", doc.lines)],
            )


RULE = Rule(
    code="FD522",
    name="release-dates-out-of-order",
    severity=Severity.WARNING,
    check=check,
    summary="SUPPORT.md's Initial-Release, Supported-Until and Security-Support-Until out of order",
    applies_to=SUPPORT,
    doc=__doc__ or "",
    reads_lines=release_lines,
)
