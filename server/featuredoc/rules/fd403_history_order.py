"""FD403 history-order: History dates not in chronological order.

## What it does
Checks that the dates of the History table never go backwards from one row
to the next (equal dates are fine). A date missing its zero
(`2019-02-7`) is still compared by the date it means; dates that cannot be
read at all are left to FD402, and so are dates in the future (while FD402
is on), and the template's placeholder row is left to FD106.

Only the fewest rows that explain the disorder are reported: the rows
outside the longest run of rows already in order (the earliest rows kept on
ties). One wrong date is one finding on its row, however many rows it
seems to be out of order with. Each finding names a row it is out of order
with.

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

import bisect
from collections.abc import Iterator, Sequence

from featuredoc.analysis.template import is_placeholder_row
from featuredoc.model.document import HistoryRow
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule
from featuredoc.rules.fd402_bad_history_date import lenient_date


def in_order(values: Sequence[int]) -> list[bool]:
    """Which of *values* make up a longest non-decreasing subsequence, the earliest on ties.

    O(n log n): the length of the longest run starting at each value (one
    pass from the end), then a greedy pass from the start that keeps a value
    whenever the run can still reach the longest length through it.
    """
    n = len(values)
    starting = [0] * n
    tails: list[int] = []  # tails[k]: the largest -value that starts a run of length k + 1
    for i in range(n - 1, -1, -1):
        key = -values[i]  # from the end, a run that never goes down is one that never goes up
        k = bisect.bisect_right(tails, key)
        if k == len(tails):
            tails.append(key)
        else:
            tails[k] = key
        starting[i] = k + 1
    longest = len(tails)
    kept = [False] * n
    count, last = 0, None
    for i in range(n):
        if (last is None or values[i] >= last) and count + starting[i] == longest:
            kept[i] = True
            count, last = count + 1, values[i]
    return kept


def check(ctx: Context) -> Iterator[Report]:
    history = ctx.document.history
    if history is None:
        return
    future_is_fd402 = reported_by("FD402", ctx)
    today = ctx.inputs.today
    rows: list[tuple[int, HistoryRow]] = []
    for row in history.rows:
        if is_placeholder_row(row):
            continue
        date = lenient_date(row.date)
        if date is None or (future_is_fd402 and date > today):
            continue
        rows.append((date.toordinal(), row))
    kept = in_order([value for value, _ in rows])
    # the kept rows, in order: their dates never go down, so bisect finds neighbours
    order = [(value, row) for (value, row), keep in zip(rows, kept, strict=True) if keep]
    values = [value for value, _ in order]
    seen = 0  # how many kept rows lie above the current one
    for index, (value, row) in enumerate(rows):
        if kept[index]:
            seen += 1
            continue
        later = bisect.bisect_right(values, value, 0, seen)
        if later < seen:  # the first row above with a later date
            other = order[later][1]
            message = (
                f"History date {row.date} is earlier than {other.date} "
                f"(line {other.date_span.start.line + 1}); rows must be in chronological order"
            )
            related = Related(ctx.document.path, other.date_span, "the later date")
        else:  # none above is later: some row below is earlier (else this row were kept)
            other = order[bisect.bisect_left(values, value, seen) - 1][1]
            message = (
                f"History date {row.date} is later than {other.date} "
                f"(line {other.date_span.start.line + 1}) below it; rows must be in "
                "chronological order"
            )
            related = Related(ctx.document.path, other.date_span, "the earlier date")
        yield Report(row.date_span, message, related=[related])


RULE = Rule(
    code="FD403",
    name="history-order",
    severity=Severity.WARNING,
    check=check,
    summary="History dates not in chronological order",
    doc=__doc__ or "",
)
