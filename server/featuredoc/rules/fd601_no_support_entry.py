"""FD601 no-support-entry: a feature document matches no SUPPORT.md entry.

## What it does
When the workspace has a SUPPORT.md, each feature document is matched to
its entry there: by an explicit Basics row `Support entry: <heading>` (or a
`support-entry` key in the YAML metadata block), else by a SUPPORT.md
heading equal to the document's title (case-insensitive). A document
without a title block is named by its heading when it has exactly one
top-level heading that is not a template section (`Dom0less`, its
sections one level below). `featuredoc matrix` matches documents to
SUPPORT.md the same way.

When nothing matches, this hint says so and names the closest SUPPORT.md
heading when one stands out: a heading spelled almost the same
(`RTDS Scheduler` → `RTDS based Scheduler`), or one naming the same
things in other words, inflected or abbreviated
(`QEMU Deprivileging / dm_restrict` → `Device Model Deprivileging`: `dm`
stands for Device Model). One shared word is not enough, and when two
headings are equally close neither is named.

## Why is this bad?
SUPPORT.md is what downstreams read to know what is security supported. A
feature document that no entry stands for cannot be checked against it, so
the two can silently disagree (see FD602).

## Example
```
% RTDS Scheduler
```
with SUPPORT.md holding `### RTDS based Scheduler`.

## Use instead
```
   Support entry: RTDS based Scheduler
```
in the Basics table.

## Fix safety
The quick fix adds (or corrects) the `Support entry` row with the closest
heading; it is offered only when one is close, and not applied by "fix
all": the author should confirm the match.

## Configuration
`support_file` says where SUPPORT.md is.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.crossdoc import (
    SUPPORT_ENTRY_KEY,
    document_name,
    match_entry,
    support_entries,
)
from featuredoc.analysis.table_cells import insert_basics_row, replace_text
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules.base import Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    workspace = ctx.inputs.workspace
    support = workspace.support() if workspace is not None else None
    if support is None:
        return
    entries = support_entries(support)
    match = match_entry(ctx.document, entries, ctx.config)
    if match.entry is not None:
        return
    if match.explicit_name is not None:
        field = match.explicit
        span = field.value_span if field else Span.on_line(0, 0, 0)
        message = f"SUPPORT.md has no heading '{match.explicit_name}'"
        fixes = []
        if match.suggestion:
            message += f"; did you mean '{match.suggestion}'?"
            edits = (
                replace_text(ctx.document, field.value_span, match.suggestion) if field else None
            )
            if edits:
                fixes.append(Fix(f"Change to '{match.suggestion}'", edits, preferred=True))
        yield Report(span, message, fixes)
        return
    own = document_name(ctx.document, ctx.config)
    if own is None:
        return  # FD110 reports the missing title
    title, span = own.text, own.span
    if match.suggestion:
        edits = insert_basics_row(ctx.document, SUPPORT_ENTRY_KEY, match.suggestion)
        yield Report(
            span,
            f"No SUPPORT.md entry is titled '{title}'; the closest is '{match.suggestion}': "
            f"add '{SUPPORT_ENTRY_KEY}: {match.suggestion}' to the Basics table",
            [Fix(f"Add '{SUPPORT_ENTRY_KEY}: {match.suggestion}'", edits)] if edits else [],
        )
    else:
        yield Report(
            span,
            f"No SUPPORT.md entry is titled '{title}'; add a '{SUPPORT_ENTRY_KEY}:' row naming "
            "the SUPPORT.md heading that covers this feature",
        )


RULE = Rule(
    code="FD601",
    name="no-support-entry",
    severity=Severity.HINT,
    check=check,
    summary="Feature document matches no SUPPORT.md entry",
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
    settings=("support_file",),
)
