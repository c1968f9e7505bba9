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

from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Position, Span
from featuredoc.rules.base import Context, Fixability, Rule


def skeleton_edit(ctx: Context) -> TextEdit | None:
    basics = ctx.document.basics
    if basics is None:
        return None
    key = ctx.config.signoff.field
    width = max(basics.key_width - 1, len(key))
    row = f"{key:>{width}}: Name <email>, YYYY-MM-DD"
    bottom = basics.table.bottom_border
    previous_blank = not ctx.document.lines[bottom - 1].strip()
    text = ("" if previous_blank else "\n") + row + "\n"
    return TextEdit(Span(Position(bottom, 0), Position(bottom, 0)), text)


def check(ctx: Context) -> Iterator[Report]:
    if ctx.document.signoffs:
        return
    for status in ctx.statuses:
        if status.tier is None or not ctx.tiers.needs_signoff(status.tier):
            continue
        edit = skeleton_edit(ctx)
        fixes = [Fix("Add a security sign-off row", [edit])] if edit else []
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
