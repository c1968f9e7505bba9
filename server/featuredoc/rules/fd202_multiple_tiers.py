"""FD202 multiple-tiers: one status value names more than one tier.

## What it does
Flags a `Status` value made of several allowed tiers joined by `/`, such as
`**Tech Preview/Experimental**`. Each Status row of the Basics table is
checked on its own, so a table with one Status/Architecture pair per
architecture is fine as long as each value names one tier.

## Why is this bad?
A status is a single promise. "Tech Preview or Experimental" leaves the
reader to guess which properties (stability, interface stability, security
support) actually hold, and tools that read the documents cannot classify
the feature at all.

## Example
```
         Status: **Tech Preview/Experimental**
   Architecture: ARM
```

## Use instead
Pick the tier that holds, or give each architecture its own row:
```
         Status, x86: **Tech Preview**
         Status, Arm: **Experimental**
```

## Configuration
`tiers` lists the allowed tiers.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule


def tier_parts(text: str) -> list[str]:
    """The parts of a ``A/B`` value, without bold markers or surrounding space."""
    return [p.strip().strip("*_ ").strip() for p in text.split("/")]


def check(ctx: Context) -> Iterator[Report]:
    for status in ctx.statuses:
        if status.tier is not None or status.is_placeholder or "/" not in status.text:
            continue
        parts = tier_parts(status.text)
        tiers = [ctx.tiers.lookup(p) for p in parts]
        if len(parts) < 2 or not all(tiers):
            continue  # not all of them are tiers: FD201 reports the value
        names = ", ".join(f"'{t.name}'" for t in tiers if t)
        where = f" for {status.architecture}" if status.architecture else ""
        yield Report(
            status.span,
            f"'{status.text}' names more than one tier ({names}); state the one tier that "
            f"holds{where}, or add a Status row per architecture",
        )


RULE = Rule(
    code="FD202",
    name="multiple-tiers",
    severity=Severity.ERROR,
    check=check,
    summary="More than one tier in one status value",
    doc=__doc__ or "",
    settings=("tiers",),
)
