"""FD521 bad-release-date: a date in SUPPORT.md's Release Support block that is not a valid `YYYY-MM-DD` date.

## What it does
Checks `Initial-Release`, `Supported-Until` and `Security-Support-Until`
in the Release Support block (the code block that starts with
`Xen-Version:`): each must be a real calendar date written `YYYY-MM-DD`,
or one of a development tree's placeholders (`n/a`, `TBD`, or text
starting with `Unreleased`; FD524 reports those in a released tree).
When zero-padding the month or day makes the date valid
(`2026-7-30` → `2026-07-30`), the message says so and the fix pads it.

## Why is this bad?
The published support matrix shows these dates as the end of a release's
support; tools and readers compare them as text, and a date that does not
exist (`2026-02-30`) or is written another way (`30/07/2026`) leaves the
end of support unknown.

## Example
```
    Xen-Version: 4.22
    Initial-Release: 2026-7-30
    Supported-Until: 2029-02-30
```

## Use instead
```
    Xen-Version: 4.22
    Initial-Release: 2026-07-30
    Supported-Until: 2029-02-28
```

## Fix safety
Zero-padding is safe: it writes the same date in the required form. Any
other bad date has no fix: the right date is not known.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.release_block import (
    DATE_KEYS,
    is_placeholder_date,
    padded_date,
    release_block,
    release_lines,
    strict_date,
)
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    block = release_block(ctx.document)
    if block is None:
        return
    for key in DATE_KEYS:
        field = block.get(key)
        if field is None or strict_date(field.value) or is_placeholder_date(field.value):
            continue
        padded = padded_date(field.value)
        if padded is not None:
            yield Report(
                field.value_span,
                f"{key} '{field.value}' is not written YYYY-MM-DD; did you mean '{padded}'?",
                [Fix(f"Write '{padded}'", [TextEdit(field.value_span, padded)], preferred=True)],
            )
        else:
            yield Report(
                field.value_span,
                f"{key} '{field.value}' is not a valid YYYY-MM-DD date "
                "(nor n/a, TBD or Unreleased in a development tree)",
            )


RULE = Rule(
    code="FD521",
    name="bad-release-date",
    severity=Severity.WARNING,
    check=check,
    summary="A date in SUPPORT.md's Release Support block that is not a valid YYYY-MM-DD date",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    reads_lines=release_lines,
)
