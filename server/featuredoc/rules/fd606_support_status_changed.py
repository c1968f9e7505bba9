"""FD606 support-status-changed: a SUPPORT.md status differs from the base revision.

## What it does
With a base revision (`featuredoc check --base main`), reports every
SUPPORT.md status line whose value changed since that revision, or that
is new, as information for the reviewer (lines pair by entry and
qualifier). It is FD604 for SUPPORT.md.

## Why is this bad?
It is not bad by itself: in Xen, status changes are made in SUPPORT.md,
and a reviewer should see each one without reading the diff.

## Example
`Status: Experimental` at `main`, `Status: Supported` in the branch,
under `### RTDS based Scheduler`.

## Use instead
Nothing to change; make sure the change is intended and, for
security-supported tiers, signed off in the linked feature document
(FD605).
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.statuschange import support_changes
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    base = ctx.inputs.base
    if base is None:
        return
    for change in support_changes(ctx.document, base.document):
        was = f"'{change.before.value}'" if change.before else "no status"
        yield Report(
            change.current.value_span,
            f"'{change.current.section}': status changed from {was} to "
            f"'{change.current.value}' since {base.rev}",
        )


RULE = Rule(
    code="FD606",
    name="support-status-changed",
    severity=Severity.INFORMATION,
    check=check,
    summary="SUPPORT.md status changed since the base revision",
    applies_to=SUPPORT,
    doc=__doc__ or "",
)
