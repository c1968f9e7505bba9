"""FD401 missing-history: no History table, or it cannot be read.

## What it does
Checks that the History section holds a History table (a pandoc simple
table with the columns Date, Revision, Version and Notes) with at least one
row, and that every row's revision is a revision number (an integer, or
dotted like `1.17`). When the History heading itself is missing, FD101
reports that instead (unless it is switched off or History is not a
mandatory section). The template's example row is left to FD106.

## Why is this bad?
The History table records when the document, and so the support statement,
changed and for which Xen release. Without it, a reader cannot tell
whether a status is current, and the title's revision (FD405) cannot be
checked.

## Example
```
# History

Written for Xen 4.12.
```

## Use instead
```
# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2018-09-14 1        Xen 4.12 Document written
---------- -------- -------- -------------------------------------------
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import sections_named
from featuredoc.analysis.template import is_placeholder_row
from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule
from featuredoc.rules.fd101_missing_section import anchor
from featuredoc.rules.fd111_bad_revision import revision_key

HISTORY = "History"


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    history = doc.history
    if history is None:
        sections = sections_named(doc, "history")
        if sections:
            yield Report(
                sections[0].heading.span,
                "The History section has no table of Date, Revision, Version and Notes",
            )
            return
        if HISTORY in ctx.config.sections and reported_by("FD101", ctx):
            return  # FD101 reports the missing section
        yield Report(anchor(ctx), "No History table (Date, Revision, Version, Notes)")
        return
    if not history.rows:
        top = history.table.top_border
        yield Report(
            Span.on_line(top, 0, len(doc.lines[top])),
            "The History table has no rows; add one per change of the document",
        )
        return
    for row in history.rows:
        if is_placeholder_row(row) or revision_key(row.revision) is not None:
            continue
        shown = row.revision or "(empty)"
        yield Report(
            row.revision_span,
            f"History revision {shown} is not a revision number; write an integer (3) "
            "or a dotted number (1.17) in the Revision column",
        )


RULE = Rule(
    code="FD401",
    name="missing-history",
    severity=Severity.WARNING,
    check=check,
    summary="No History table, or it cannot be read",
    doc=__doc__ or "",
)
