"""FD304 unneeded-signoff: a security sign-off on a status that needs none.

## What it does
Reports a security sign-off when every Status row of the document names a
tier that needs no sign-off (by default: `Tech Preview`, `Experimental`,
`Deprecated`, `Supported, Not security supported`, `Supported, Security
support external`). Nothing is reported while a status is unknown (FD201)
or names several tiers (FD202).

## Why is this bad?
It is usually left over from a status that was lowered, or written ahead
of a promotion. A reader may take it to mean the feature is security
supported when it is not. It is a hint: keeping the record can be
intentional.

## Example
```
         Status: **Tech Preview**
Security sign-off: Jane Doe <jane@example.org>, 2024-05-02
```

## Use instead
```
         Status: **Tech Preview**
```

## Configuration
`signoff_tiers` lists the tiers that need a sign-off.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    statuses = [s for s in ctx.statuses if not s.is_placeholder]
    if not ctx.document.signoffs or not statuses:
        return
    tiers = [s.tier for s in statuses]
    if any(t is None or ctx.tiers.needs_signoff(t) for t in tiers):
        return
    names = ", ".join(dict.fromkeys(f"'{t.name}'" for t in tiers if t))
    for signoff in ctx.document.signoffs:
        yield Report(
            signoff.span,
            f"Security sign-off is not needed: the status ({names}) is not one that needs "
            "the security team's sign-off",
        )


RULE = Rule(
    code="FD304",
    name="unneeded-signoff",
    severity=Severity.HINT,
    check=check,
    summary="Security sign-off on a status that needs none",
    doc=__doc__ or "",
    settings=("signoff_tiers",),
)
