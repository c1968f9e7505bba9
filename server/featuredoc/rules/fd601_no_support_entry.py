"""FD601 no-support-entry: a feature document is linked to no SUPPORT.md entry.

## What it does
When the workspace has a SUPPORT.md, each feature document is linked to
the entry there that stands for it:

1. by an explicit Basics row `Support entry: <heading>` (or a
   `support-entry` key in the YAML metadata block), the SUPPORT.md
   heading's text;
2. else by inference: a heading equal to the document's title
   (case-insensitive; a document without a title block is named by its one
   top-level heading, `Dom0less`), else a heading the title names in other
   words (`RTDS Scheduler` → `RTDS based Scheduler`, `Hypervisor FS` →
   `Hypervisor file system`), else a heading whose words the document's
   title, file name, the acronyms it spells out and its architectures
   cover (`intel_psr_cat_cdp.pandoc` → `x86/Intel Platform QoS
   Technologies`). A heading with no status line of its own stands for the
   entries below it (`## Hypervisor file system`).

`featuredoc matrix` and FD602/FD605 link documents the same way.

This hint says when a document is linked to nothing:

- the `Support entry` row names no SUPPORT.md heading (the closest one is
  named when one stands out);
- inference finds several headings equally likely: they are listed, and
  a quick fix per heading writes the `Support entry` row;
- nothing in SUPPORT.md is close: no entry stands for the document.

## Why is this bad?
SUPPORT.md is what downstreams read to know what is security supported. A
feature document that no entry stands for cannot be checked against it, so
the two can silently disagree (see FD602).

## Example
```
   Support entry: RTDS Schedular
```
with SUPPORT.md holding `### RTDS based Scheduler`.

## Use instead
```
   Support entry: RTDS based Scheduler
```
in the Basics table.

## Fix safety
The quick fixes write (or correct) the `Support entry` row with a
heading's text, the key right-aligned to the table's key column; they are
not applied by "fix all": the author should confirm the link.

## Configuration
`support_file` says where SUPPORT.md is.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.crossdoc import (
    SUPPORT_ENTRY_KEY,
    document_name,
    explicit_entry,
    match_entry,
    support_entries,
)
from featuredoc.analysis.table_cells import insert_basics_row, replace_text
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Span
from featuredoc.rules.base import Context, Fixability, Rule


def link_edits(doc: Document, config: Config, name: str) -> list[TextEdit] | None:
    """The edits that write ``Support entry: name`` into *doc*'s Basics table, or ``None``.

    A row already there gets the new value in place of its own; else a row
    goes at the end of the table, its key right-aligned to the key column
    (:func:`~featuredoc.analysis.table_cells.insert_basics_row`: every other
    cell stays as it was).
    """
    if doc.basics is None:
        return None
    _, item = explicit_entry(doc, config)
    if item is not None:
        return replace_text(doc, item.value_span, name if item.value.strip() else f" {name}")
    return insert_basics_row(doc, SUPPORT_ENTRY_KEY, name)


def _link_fix(ctx: Context, name: str) -> list[Fix]:
    edits = link_edits(ctx.document, ctx.config, name)
    return [Fix(f"Link to '{name}'", edits)] if edits else []


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
    candidates = match.inference.candidates
    if candidates:
        shown = " or ".join(f"'{c}'" for c in candidates[:MAX_CANDIDATES])
        more = len(candidates) - MAX_CANDIDATES
        yield Report(
            span,
            f"'{title}' could stand for {len(candidates)} SUPPORT.md entries, {shown}"
            + (f" and {more} more" if more > 0 else "")
            + f": add a '{SUPPORT_ENTRY_KEY}:' row to the Basics table naming the one it is",
            [fix for c in candidates[:MAX_CANDIDATES] for fix in _link_fix(ctx, c)],
        )
        return
    yield Report(
        span,
        f"No SUPPORT.md entry stands for '{title}'; if one covers this feature, add a "
        f"'{SUPPORT_ENTRY_KEY}:' row naming its heading to the Basics table",
    )


#: Candidates named (and offered as fixes) when a link is ambiguous.
MAX_CANDIDATES = 5


RULE = Rule(
    code="FD601",
    name="no-support-entry",
    severity=Severity.HINT,
    check=check,
    summary="Feature document is linked to no SUPPORT.md entry",
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
    settings=("support_file",),
)
