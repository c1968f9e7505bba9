"""FD604 status-changed: a status differs from the base revision.

## What it does
With a base revision (`featuredoc check --base main`), reports every
status that changed since that revision, as information for the reviewer.

## Why is this bad?
It is not bad by itself: a status change is the most consequential line of
a feature document, and a reviewer should see it without reading the diff.

## Example
`**Tech Preview**` at `main`, `**Supported**` in the branch.

## Use instead
Nothing to change; make sure the change is intended, recorded in the
History table and, for security-supported tiers, signed off (FD603).
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.statuschange import status_changes
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    base = ctx.inputs.base
    if base is None:
        return
    for change in status_changes(ctx.document, base.document, ctx.config):
        was = f"'{change.before.text}'" if change.before else "no status"
        yield Report(
            change.current.span,
            f"Status changed from {was} to '{change.current.text}' since {base.rev}",
        )


RULE = Rule(
    code="FD604",
    name="status-changed",
    severity=Severity.INFORMATION,
    check=check,
    summary="Status changed since the base revision",
    doc=__doc__ or "",
)
