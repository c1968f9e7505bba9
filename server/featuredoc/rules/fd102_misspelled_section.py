"""FD102 misspelled-section: a top-level heading is a near-miss of a template section.

## What it does
Looks at every top-level heading that names no mandatory section and
compares it with the mandatory sections the document lacks. When a heading
(or one part of a `A / B` heading) is really close to one of them
(`# Knwon issues`, `# Referenses`), the finding names the section and a
quick fix renames the heading. A heading is only taken for a misspelling of
a section the document does not already have, so a section of its own such
as `# Nesting` next to `# Testing` is left alone. The section is then not
also reported as missing (FD101).

## Why is this bad?
Tools and readers look for the template's headings by name. A misspelled
"Known issues" heading hides the known issues from every reader who jumps
to that section, and from anything that checks a feature's known issues.

## Example
```
# Knwon issues

* Fails on hosts with more than 4 TiB of RAM.
```

## Use instead
```
# Known issues

* Fails on hosts with more than 4 TiB of RAM.
```

## Fix safety
The rename is safe: it only rewrites the heading's text.

## Configuration
`sections` lists the mandatory sections.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import near_misses
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.rules.base import Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    for miss in near_misses(ctx.document, ctx.config):
        heading = miss.section.heading
        fixes = []
        if miss.span is not None:
            fixes.append(
                Fix(
                    f"Rename the heading to '{miss.name}'",
                    [TextEdit(miss.span, miss.name)],
                    preferred=True,
                )
            )
        yield Report(
            miss.span or heading.span,
            f"Heading '{miss.text}' is not a template section; did you mean '{miss.name}'?",
            fixes,
        )


RULE = Rule(
    code="FD102",
    name="misspelled-section",
    severity=Severity.WARNING,
    check=check,
    summary="A top-level heading is a near-miss of a template section",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("sections",),
)
