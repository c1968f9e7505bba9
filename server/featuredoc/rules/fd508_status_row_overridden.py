"""FD508 status-row-overridden: a SUPPORT.md status row that a later line replaces.

## What it does
Xen's support-matrix generator keys each row by its section and its
qualifier (lower-cased, blanks as `-`, other punctuation dropped: `x86 PV`
and `x86-PV` are one key). When a key comes twice, the later value replaces
the earlier one, which is shown at the earlier place; the earlier line is
lost. This rule reports the earlier line and names the line that
overrides it.

## Why is this bad?
The published matrix shows one value where SUPPORT.md reads as two, and
not the one written there.

## Example
```
### Widget

    Status, x86: Supported
    Status, ARM: Experimental
    Status, x86: Tech Preview
```

## Use instead
One line per qualifier:
```
### Widget

    Status, x86: Supported
    Status, ARM: Experimental
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import read_support
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    reading = read_support(doc)
    final = {o.earlier.path: o.later for o in reading.overrides}  # the last one stays
    for override in reading.overrides:
        earlier = override.earlier
        later = final.get(earlier.path, override.later)
        line = later.span.start.line + 1
        yield Report(
            earlier.span,
            f"Row overridden by line {line}: Xen's support-matrix generator keys both as "
            f"'{earlier.key}' and keeps only the later value ('{later.value}')",
            related=[Related(doc.path, later.span, "the line that overrides it", doc.lines)],
        )


RULE = Rule(
    code="FD508",
    name="status-row-overridden",
    severity=Severity.WARNING,
    check=check,
    summary="SUPPORT.md status row whose key comes again later: the generator keeps the later one",
    applies_to=SUPPORT,
    doc=__doc__ or "",
)
