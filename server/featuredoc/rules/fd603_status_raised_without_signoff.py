"""FD603 status-raised-without-signoff: a status raised to security supported without sign-off.

## What it does
With a base revision (`featuredoc check --base main`, or the server's
`base` setting), compares each status with the same document at that
revision. A status raised to a tier that needs a security sign-off (the
`signoff_tiers`, by default Supported and Supported, with caveats; e.g.
from Tech Preview to Supported) needs, in the same change, a new History
row and a security sign-off dated on or after that row. A document that
did not exist at the base revision had no status before.

## Why is this bad?
Promoting a feature to Supported commits the security team to advisories.
The promotion must be visible in the History and signed off by the
security team at the time it happens, not by a sign-off left over from an
earlier review.

## Example
A pull request changes `**Tech Preview**` to `**Supported**` and adds no
History row or no sign-off.

## Use instead
A new History row and a sign-off dated on or after it:
```
         Status: **Supported**
Security sign-off: Jane Doe <jane@example.org>, 2025-05-02
...
2025-05-02 3        Xen 4.21 Declared supported
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from featuredoc.analysis.statuschange import new_history_rows, status_changes
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def check(ctx: Context) -> Iterator[Report]:
    base = ctx.inputs.base
    if base is None:
        return
    for change in status_changes(ctx.document, base.document, ctx.config):
        tier = change.current.tier
        if tier is None or not ctx.tiers.needs_signoff(tier):
            continue
        old = change.before.tier if change.before else None
        if old is not None and ctx.tiers.needs_signoff(old):
            continue
        was = f"'{change.before.text}'" if change.before else "no status"
        rows = new_history_rows(ctx.document, base.document)
        if not rows:
            yield Report(
                change.current.span,
                f"Status raised from {was} to '{tier.name}' since {base.rev} without a new "
                "History row recording it",
            )
            continue
        since = _date(rows[-1].date)
        dates = [_date(s.date) for s in ctx.document.signoffs]
        if not any(d is not None and (since is None or d >= since) for d in dates):
            yield Report(
                change.current.span,
                f"Status raised from {was} to '{tier.name}' since {base.rev} without a security "
                f"sign-off dated on or after the change ({rows[-1].date})",
            )


RULE = Rule(
    code="FD603",
    name="status-raised-without-signoff",
    severity=Severity.ERROR,
    check=check,
    summary="Status raised to a security-supported tier without a new sign-off",
    doc=__doc__ or "",
    settings=("signoff_tiers",),
)
