"""FD120 missing-basics-table: no Basics table under `# Basics`.

## What it does
Checks that the document has its Basics table: a pandoc simple table of
`Key: value` rows between two dashed border lines, under the `# Basics`
heading. When the Basics heading itself is missing, FD101 reports that
instead (unless it is switched off or Basics is not a mandatory section).

## Why is this bad?
The Basics table carries the support status, the architectures and the
components: the facts a downstream reads first, and the only ones tools
read. Written as plain paragraphs or a list, they are invisible to tools,
and the status check (FD2xx) and the sign-off check (FD3xx) cannot run.

## Example
```
# Basics

Status: **Supported**, Component: Hypervisor
```

## Use instead
```
# Basics
---------------- ----------------------------------------------------
         Status: **Supported**

      Component: Hypervisor
---------------- ----------------------------------------------------
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import sections_named
from featuredoc.model.findings import Report, Severity
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule
from featuredoc.rules.fd101_missing_section import anchor

BASICS = "Basics"


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    if doc.basics is not None:
        return
    sections = sections_named(doc, "basics")
    if sections:
        yield Report(
            sections[0].heading.span,
            "The Basics section has no 'Key: value' table between dashed border lines",
        )
        return
    mandatory = BASICS in ctx.config.sections
    if mandatory and reported_by("FD101", ctx):
        return  # FD101 reports the missing section
    yield Report(anchor(ctx), "No Basics table ('Key: value' rows between dashed border lines)")


RULE = Rule(
    code="FD120",
    name="missing-basics-table",
    severity=Severity.ERROR,
    check=check,
    summary="No Basics table under '# Basics'",
    doc=__doc__ or "",
)
