"""FD104 duplicate-section: the same template section twice.

## What it does
Reports a top-level heading that names a mandatory section an earlier
heading already provides, counting a heading that names two sections
(`# Known issues / Areas for improvement`) for both. The finding points at
the later heading and links to the first.

## Why is this bad?
Two "Known issues" sections split what a reader needs in one place; a
reader, or a tool, that stops at the first one misses the rest. It is
usually a merge or copy-paste accident.

## Example
```
# Known issues

* Crashes on resume.

# References
...
# Known issues

* Slow on large hosts.
```

## Use instead
```
# Known issues

* Crashes on resume.
* Slow on large hosts.

# References
...
```

## Configuration
`sections` lists the mandatory sections.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import template_headings
from featuredoc.model.document import Section
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    first: dict[str, Section] = {}
    for section, names in template_headings(ctx.document, ctx.config):
        repeated = [name for name in names if name in first]
        for name in names:
            first.setdefault(name, section)
        if not repeated:
            continue
        earlier = first[repeated[0]]
        line = earlier.heading.span.start.line + 1
        if len(repeated) == 1:
            what = f"Section '{repeated[0]}' appears"
        else:
            what = "Sections '" + "', '".join(repeated) + "' appear"
        yield Report(
            section.heading.span,
            f"{what} twice (first at line {line}); merge the two",
            related=[
                Related(ctx.document.path, earlier.heading.span, f"'{repeated[0]}' first here")
            ],
        )


RULE = Rule(
    code="FD104",
    name="duplicate-section",
    severity=Severity.WARNING,
    check=check,
    summary="The same template section twice",
    doc=__doc__ or "",
    settings=("sections",),
)
