"""FD402 bad-history-date: a History date that is not a valid `YYYY-MM-DD` date, or in the future.

## What it does
Checks the Date column of every History row: it must be a real calendar
date written `YYYY-MM-DD`, with a four-digit year and two-digit month and
day. When zero-padding the month or day makes the date valid
(`2019-02-7` → `2019-02-07`), the message says so and a quick fix pads it.
A date after today (the day of the check) is not a valid History date
either: a row records a change that was made, and a date in the future
(`2099-01-01` for `2019-01-01`) is a typo. It is reported here, on that row
only; FD403 then leaves the row out of its order check.
The template's `YYYY-MM-DD` placeholder row is left to FD106.

## Why is this bad?
Dates in one fixed format sort and compare as text, and tools that read
the History table (to tell when a status last changed) reject anything
else. `2019-02-7` also hides whether the order of rows is right.

## Example
```
2019-02-7  3        Xen 4.12 Made the default scheduler
```

## Use instead
```
2019-02-07 3        Xen 4.12 Made the default scheduler
```

## Fix safety
Zero-padding is safe: it writes the same date in the required form. The
longer date takes the spaces after it, so the other columns stay where they
are; when the Date column is too narrow for it, the fix widens the column in
every line of the table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from featuredoc.analysis.table_cells import replace_text
from featuredoc.analysis.template import is_placeholder_row
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.rules.base import Context, Fixability, Rule

STRICT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LOOSE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def strict_date(text: str) -> dt.date | None:
    """The date *text* names when written exactly ``YYYY-MM-DD``."""
    if not STRICT.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def padded(text: str) -> str | None:
    """*text* with month and day zero-padded, when that makes a valid date."""
    m = LOOSE.match(text)
    if not m:
        return None
    candidate = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return candidate if strict_date(candidate) else None


def lenient_date(text: str) -> dt.date | None:
    """The date *text* means, accepting a missing zero (``2019-02-7``)."""
    fixed = strict_date(text.strip()) or None
    if fixed:
        return fixed
    pad = padded(text.strip())
    return strict_date(pad) if pad else None


def check(ctx: Context) -> Iterator[Report]:
    history = ctx.document.history
    if history is None:
        return
    today = ctx.inputs.today
    for row in history.rows:
        if is_placeholder_row(row):
            continue
        date = strict_date(row.date)
        if date is not None:
            if date > today:
                yield Report(
                    row.date_span,
                    f"History date '{row.date}' is in the future (today is {today.isoformat()}); "
                    "write the date of the change",
                )
            continue
        fix = padded(row.date)
        if fix:
            later = lenient_date(fix)
            if later is not None and later > today:
                yield Report(
                    row.date_span,
                    f"History date '{row.date}' is not written YYYY-MM-DD, and '{fix}' is in "
                    f"the future (today is {today.isoformat()}); write the date of the change",
                )
                continue
            edits = replace_text(ctx.document, row.date_span, fix)
            yield Report(
                row.date_span,
                f"History date '{row.date}' is not written YYYY-MM-DD; did you mean '{fix}'?",
                [Fix(f"Write '{fix}'", edits, preferred=True)] if edits else [],
            )
        else:
            shown = row.date or "(empty)"
            yield Report(
                row.date_span,
                f"History date '{shown}' is not a valid YYYY-MM-DD date",
            )


RULE = Rule(
    code="FD402",
    name="bad-history-date",
    severity=Severity.WARNING,
    check=check,
    summary="A History date that is not a valid YYYY-MM-DD date, or in the future",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
)
