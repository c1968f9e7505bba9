"""FD201 unknown-status: a status value is not an allowed support tier.

## What it does
Checks every `Status` row of the Basics table against the project's support
tiers (by default `Supported`, `Tech Preview`, `Experimental`, `Deprecated`
and the diversions `Supported, Not security supported`, `Supported,
Security support external`, `Supported, with caveats`). Tier names are
case-sensitive; the qualifier of a diversion is compared case-insensitively.
When the value is really close to a tier, the message names it and a quick
fix replaces the value.

## Why is this bad?
The status is a promise: **Supported** means the security team issues
advisories for the feature. A misspelled status promises nothing anyone can
act on, and tools that read the documents (release notes, the support
matrix) silently drop it.

## Example
```
         Status: **Supperted**
```

## Use instead
```
         Status: **Supported**
```

## Fix safety
The replacement is safe: it only rewrites the misspelled value.

## Configuration
`tiers` lists the allowed tiers.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.rules.base import Context, Fixability, Rule


def _listing(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def check(ctx: Context) -> Iterator[Report]:
    names = ctx.tiers.names
    for status in ctx.statuses:
        if status.tier is not None or status.is_placeholder:
            continue
        text = status.text
        if not text.strip("*_ \t"):
            span = status.field.value_span if text else status.span
            yield Report(span, "The status value is empty; write one of: " + _listing(names))
            continue
        parts = [p.strip().strip("*_ ") for p in text.split("/")]
        if len(parts) > 1 and all(ctx.tiers.lookup(p) for p in parts):
            continue  # several valid tiers: FD202
        suggestion = closest(text, names)
        if suggestion:
            message = f"'{text}' is not a support status; did you mean '{suggestion}'?"
            fixes = [
                Fix(
                    f"Replace with '{suggestion}'",
                    [TextEdit(status.span, suggestion)],
                    preferred=True,
                )
            ]
        else:
            message = f"'{text}' is not a support status; expected one of: " + _listing(names)
            fixes = []
        yield Report(status.span, message, fixes)


RULE = Rule(
    code="FD201",
    name="unknown-status",
    severity=Severity.ERROR,
    check=check,
    summary="Status value is not an allowed support tier",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("tiers",),
)
