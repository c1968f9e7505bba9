"""FD110 missing-title: no pandoc title block (`% Title`).

## What it does
Checks that the document starts with a pandoc title block: a first line
`% Title` (followed by `% Revision N`, see FD111). A title block whose
first line holds no title is reported too.

A document written without the template at all (none of its mandatory
sections) has its missing title block reported by FD101, whose fix inserts
the template's skeleton with a title block: it is not reported again here.

## Why is this bad?
The title block is the document's name in the rendered feature list and in
the PDF; pandoc takes it only from the very first lines. Without it the
rendered document has no title, and the document has no revision.

## Example
```
# Basics
...
```

## Use instead
```
% Credit2 Scheduler
% Revision 1

# Basics
...
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import follows_template
from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    block = doc.title_block
    if block is None:
        if reported_by("FD101", ctx) and not follows_template(doc, ctx.config):
            return  # one cause: FD101 inserts the template's skeleton, title block first
        yield Report(
            Span.on_line(0, 0, len(doc.lines[0])),
            "No pandoc title block: start the document with '% Title' and '% Revision N'",
        )
    elif not block.title:
        first = block.span.start.line
        yield Report(
            Span.on_line(first, 0, len(doc.lines[first])),
            "The title block has no title: write it after the '%'",
        )


RULE = Rule(
    code="FD110",
    name="missing-title",
    severity=Severity.WARNING,
    check=check,
    summary="No pandoc title block",
    doc=__doc__ or "",
)
