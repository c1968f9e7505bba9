"""FD605 support-raised-without-signoff: SUPPORT.md raises a status without a sign-off.

## What it does
With a base revision (`featuredoc check --base main`, or the server's
`base` setting), compares each SUPPORT.md status line with SUPPORT.md at
that revision (lines pair by entry and qualifier). A line raised to a
tier that needs a security sign-off (the `signoff_tiers`, by default
Supported and Supported, with caveats), from one that did not or from no
line at all, is checked against the feature documents linked to its entry
(see FD601 for how documents are linked): each needs a dated security
sign-off. The finding is on the SUPPORT.md line, each feature document
without a sign-off among its related places.

An entry no feature document is linked to has no sign-off to check:
FD606 still shows the change to the reviewer.

## Why is this bad?
In Xen, status changes are made in SUPPORT.md. Raising a feature to
Supported there commits the security team to advisories just as a feature
document does (FD603), and the feature document is where the sign-off is
recorded.

## Example
A patch changes `Status: Experimental` to `Status: Supported` under
`### RTDS based Scheduler`, and `sched_rtds.pandoc` has no
`Security sign-off` row.

## Use instead
The same patch raises the feature document and records the sign-off
there (FD603 checks its History row and date):
```
         Status: **Supported**
Security sign-off: Jane Doe <jane@example.org>, 2025-05-02
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import PurePath

from featuredoc.analysis.crossdoc import (
    document_name,
    match_entry,
    real_statuses,
    support_entries,
    support_label,
)
from featuredoc.analysis.statuschange import support_changes
from featuredoc.model.config import Config
from featuredoc.model.document import Document, StatusLine
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.model.text import Span, fold
from featuredoc.rules.base import SUPPORT, Context, Rule


def _needs_signoff(line: StatusLine | None, ctx: Context) -> bool:
    if line is None:
        return False
    label = support_label(line.value, ctx.config)
    tier = ctx.tiers.lookup(label) if label is not None else None
    return tier is not None and ctx.tiers.needs_signoff(tier)


def _signed(doc: Document) -> bool:
    for signoff in doc.signoffs:
        try:
            dt.date.fromisoformat((signoff.date or "").strip())
        except ValueError:
            continue
        return True
    return False


def _where(doc: Document, config: Config) -> Span:
    statuses = real_statuses(doc, config)
    if statuses:
        return statuses[0].span
    own = document_name(doc, config)
    return own.span if own is not None else Span.on_line(0, 0, 0)


def _linked(ctx: Context, features: Sequence[Document]) -> dict[str, list[Document]]:
    """The feature documents linked to each entry or group, by folded heading title."""
    entries = support_entries(ctx.document)
    found: dict[str, list[Document]] = {}
    for doc in features:
        match = match_entry(doc, entries, ctx.config, suggest=False)
        if match.entry is not None:
            found.setdefault(fold(match.entry.title), []).append(doc)
    return found


def check(ctx: Context) -> Iterator[Report]:
    base, workspace = ctx.inputs.base, ctx.inputs.workspace
    if base is None or workspace is None:
        return
    raised = [
        change
        for change in support_changes(ctx.document, base.document)
        if _needs_signoff(change.current, ctx) and not _needs_signoff(change.before, ctx)
    ]
    if not raised:
        return
    linked = _linked(ctx, workspace.features())
    groups = support_entries(ctx.document).groups
    in_group: dict[int, list[str]] = {}
    for key, group in groups.items():
        for line in group.lines:
            in_group.setdefault(id(line), []).append(key)
    for change in raised:
        line = change.current
        keys = [fold(line.section or ""), *in_group.get(id(line), [])]
        docs = [doc for key in keys for doc in linked.get(key, [])]
        unsigned = [doc for doc in docs if not _signed(doc)]
        if not unsigned:
            continue
        was = f"'{change.before.value}'" if change.before else "no status"
        names = ", ".join(PurePath(doc.path).name for doc in unsigned)
        yield Report(
            line.value_span,
            f"'{line.value}' raised from {was} since {base.rev}, but the feature document "
            f"linked to '{line.section}' has no security sign-off ({names}): record the "
            "sign-off there in the same change",
            related=[
                Related(doc.path, _where(doc, ctx.config), "no security sign-off", doc.lines)
                for doc in unsigned
            ],
        )


RULE = Rule(
    code="FD605",
    name="support-raised-without-signoff",
    severity=Severity.ERROR,
    check=check,
    summary="SUPPORT.md raises a status to security supported without the feature's sign-off",
    applies_to=SUPPORT,
    doc=__doc__ or "",
    settings=("signoff_tiers", "support_file"),
)
