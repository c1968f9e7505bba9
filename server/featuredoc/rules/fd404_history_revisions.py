"""FD404 history-revisions: History revisions not increasing.

## What it does
Checks that every History row's revision is greater than the revisions of
the rows above it. Revisions compare as numbers, part by part, so dotted
revisions order as versions do: `1.9` < `1.11` < `1.17`, and `1.0` is the
same revision as `1`. Gaps (`1`, then `3`) are fine. Revisions that are not
numbers are reported by FD401, the template's placeholder row by FD106.

## Why is this bad?
The revision identifies a version of the document; the title quotes the
latest one (FD405). A repeated or decreasing revision makes two versions
indistinguishable, or the latest one look old.

## Example
```
2017-03-16 1.9      Xen 4.9  Changes
2017-05-03 1.9      Xen 4.9  Changes
```

## Use instead
```
2017-03-16 1.9      Xen 4.9  Changes
2017-05-03 1.10     Xen 4.9  Changes
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.template import is_placeholder_row
from featuredoc.model.document import HistoryRow
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import Context, Rule
from featuredoc.rules.fd111_bad_revision import revision_key


def check(ctx: Context) -> Iterator[Report]:
    history = ctx.document.history
    if history is None:
        return
    highest: tuple[tuple[int, ...], HistoryRow] | None = None
    for row in history.rows:
        if is_placeholder_row(row):
            continue
        key = revision_key(row.revision)
        if key is None:
            continue
        if highest is not None and key <= highest[0]:
            above = highest[1]
            relation = "the same as" if key == highest[0] else "lower than"
            yield Report(
                row.revision_span,
                f"History revision {row.revision} is {relation} revision {above.revision} "
                f"(line {above.revision_span.start.line + 1}); each row needs a higher revision",
                related=[Related(ctx.document.path, above.revision_span, "the earlier revision")],
            )
            continue
        highest = (key, row)


RULE = Rule(
    code="FD404",
    name="history-revisions",
    severity=Severity.WARNING,
    check=check,
    summary="History revisions not increasing",
    doc=__doc__ or "",
)
