"""FD103 section-order: template sections out of template order.

## What it does
Checks that the top-level headings naming mandatory sections follow the
template's order (by default Basics, Overview, User details, Technical
details, Limitations, Testing, Areas for improvement, Known issues,
References, History). Other headings may appear anywhere. A heading that
names two sections (`# Known issues / Areas for improvement`) stands for
both; a repeated section (FD104) is judged by its first heading only.
The fewest headings that explain the disorder are reported, each with the
section it should come before or after.

## Why is this bad?
Every feature document answers the same questions in the same order, so a
reader knows where to look: Basics first, History last. A "Known issues"
section moved above "Overview" is easy to miss in review.

## Example
```
# Basics
...
# Known issues
...
# Overview
...
```

## Use instead
```
# Basics
...
# Overview
...
# Known issues
...
```

## Configuration
`sections` lists the mandatory sections in template order.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import template_headings
from featuredoc.model.document import Section
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule


def _in_order(items: list[tuple[Section, list[str], int, int]]) -> set[int]:
    """Indexes of the longest run of *items* in template order (earliest kept on ties)."""
    n = len(items)
    best = [1] * n
    before: list[int | None] = [None] * n
    for j in range(n):
        for i in range(j):
            if items[i][3] < items[j][2] and best[i] + 1 > best[j]:
                best[j] = best[i] + 1
                before[j] = i
    if not n:
        return set()
    end: int | None = max(range(n), key=lambda k: (best[k], -k))
    kept: set[int] = set()
    while end is not None:
        kept.add(end)
        end = before[end]
    return kept


def check(ctx: Context) -> Iterator[Report]:
    order = {name: index for index, name in enumerate(ctx.config.sections)}
    seen: set[str] = set()
    items: list[tuple[Section, list[str], int, int]] = []
    for section, names in template_headings(ctx.document, ctx.config):
        fresh = [name for name in names if name not in seen]
        seen.update(names)
        if not fresh:
            continue  # a repeated section: FD104
        indexes = [order[name] for name in fresh]
        items.append((section, fresh, min(indexes), max(indexes)))
    kept = _in_order(items)
    for index, (section, names, low, high) in enumerate(items):
        if index in kept:
            continue
        title = " / ".join(names)
        later = [items[k] for k in sorted(kept) if k < index and items[k][2] > high]
        if later:
            target = later[0][0]
            where = f"before '{target.title}' (line {target.heading.span.start.line + 1})"
        else:
            earlier = [items[k] for k in sorted(kept) if k > index and items[k][3] < low]
            target = earlier[-1][0] if earlier else items[min(kept)][0]
            where = f"after '{target.title}' (line {target.heading.span.start.line + 1})"
        yield Report(
            section.heading.span,
            f"Section '{title}' is out of template order: the template puts it {where}",
        )


RULE = Rule(
    code="FD103",
    name="section-order",
    severity=Severity.WARNING,
    check=check,
    summary="Template sections out of template order",
    doc=__doc__ or "",
    settings=("sections",),
)
