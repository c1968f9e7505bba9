"""FD301 missing-signoff: a security-supported status has no security sign-off.

## What it does
When a Status row names a tier that is security supported (by default
`Supported` and `Supported, with caveats`), the document must carry a
security sign-off: a Basics row `Security sign-off: Name <email>, YYYY-MM-DD`
or a `security-signoff` entry (`by`, `date`) in the YAML metadata block.
The finding is reported on the status value.

## Why is this bad?
"Supported" means the security team will issue advisories for the feature.
Promoting a feature without the security team's agreement commits them to
work they never accepted, and downstreams plan on support that may not be
there.

## Example
```
         Status: **Supported**
      Component: Hypervisor
```

## Use instead
```
         Status: **Supported**
      Component: Hypervisor
Security sign-off: Jane Doe <jane@example.org>, 2024-05-02
```

## Fix safety
The quick fix inserts a skeleton row (`Name <email>, YYYY-MM-DD`) for the
security team to fill in. It is not applied by "fix all": a placeholder
sign-off is not a sign-off.

## Configuration
`signoff_tiers` lists the tiers that need a sign-off; `signoff.field` names
the Basics row.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.table_cells import insert_basics_row
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.rules.base import Context, Fixability, Rule


def skeleton_edits(ctx: Context) -> list[TextEdit] | None:
    """Add the sign-off row, its key right-aligned with the others, to the Basics table."""
    return insert_basics_row(ctx.document, ctx.config.signoff.field, "Name <email>, YYYY-MM-DD")


def check(ctx: Context) -> Iterator[Report]:
    if ctx.document.signoffs:
        return
    for status in ctx.statuses:
        if status.tier is None or not ctx.tiers.needs_signoff(status.tier):
            continue
        edits = skeleton_edits(ctx)
        fixes = [Fix("Add a security sign-off row", edits)] if edits else []
        yield Report(
            status.span,
            f"'{status.tier.name}' is security supported but the document has no security "
            f"sign-off; add '{ctx.config.signoff.field}: Name <email>, YYYY-MM-DD'",
            fixes,
        )


RULE = Rule(
    code="FD301",
    name="missing-signoff",
    severity=Severity.ERROR,
    check=check,
    summary="Security-supported status without a security sign-off",
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
    settings=("signoff_tiers", "signoff.field"),
)
