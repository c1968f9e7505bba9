"""FD403 history-order: History dates not in chronological order.

## What it does
Checks that the dates of the History table never go backwards from one row
to the next (equal dates are fine). A date missing its zero
(`2019-02-7`) is still compared by the date it means; dates that cannot be
read at all are left to FD402, and the template's placeholder row to
FD106. The finding is on the row whose date is earlier than a row above it.

## Why is this bad?
The template asks for the History "in chronological order": readers take
the last row for the current state of the document. A row out of order is
usually a wrong date, and the title's revision check (FD405) relies on the
last row being the latest.

## Example
```
2017-08-31 2        Xen 4.10 Revise for work conserving feature
2016-10-14 1        Xen 4.8  Document written
```

## Use instead
```
2016-10-14 1        Xen 4.8  Document written
2017-08-31 2        Xen 4.10 Revise for work conserving feature
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from featuredoc.analysis.template import is_placeholder_row
from featuredoc.model.document import HistoryRow
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import Context, Rule
from featuredoc.rules.fd402_bad_history_date import lenient_date


def check(ctx: Context) -> Iterator[Report]:
    history = ctx.document.history
    if history is None:
        return
    latest: tuple[dt.date, HistoryRow] | None = None
    for row in history.rows:
        if is_placeholder_row(row):
            continue
        date = lenient_date(row.date)
        if date is None:
            continue
        if latest is not None and date < latest[0]:
            above = latest[1]
            yield Report(
                row.date_span,
                f"History date {row.date} is earlier than {above.date} "
                f"(line {above.date_span.start.line + 1}); rows must be in chronological order",
                related=[Related(ctx.document.path, above.date_span, "the later date")],
            )
            continue
        latest = (date, row)


RULE = Rule(
    code="FD403",
    name="history-order",
    severity=Severity.WARNING,
    check=check,
    summary="History dates not in chronological order",
    doc=__doc__ or "",
)
