"""FD111 bad-revision: no `% Revision N` line, or N is not a revision number.

## What it does
Checks that the title block's second line is `% Revision N`, where N is a
revision number: an integer (`3`) or a dotted number (`1.17`). A document
without any title block is reported by FD110 only, and the template's
`$N` by FD106.

## Why is this bad?
The revision in the title tells a reader which version of the document
they are looking at, and is matched against the last row of the History
table (FD405). A missing or malformed revision breaks both.

## Example
```
% Credit2 Scheduler
% Rev. two
```

## Use instead
```
% Credit2 Scheduler
% Revision 2
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from featuredoc.analysis.template import is_placeholder_revision
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule

REVISION = re.compile(r"^\d+(?:\.\d+)*$")


def revision_key(text: str) -> tuple[int, ...] | None:
    """A revision as numbers for comparison (``1.9 < 1.11``; ``1.0 == 1``), or ``None``."""
    text = text.strip()
    if not REVISION.match(text):
        return None
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def check(ctx: Context) -> Iterator[Report]:
    block = ctx.document.title_block
    if block is None:
        return  # FD110
    anchor = block.title_span or block.span
    if block.revision_line is None or block.revision_line_span is None:
        yield Report(anchor, "The title block has no '% Revision N' line after the title")
        return
    if block.revision is None or block.revision_span is None:
        line = block.revision_line.strip()
        if re.match(r"(?i)^%\s*revision\b", line):
            message = "The '% Revision' line has no revision number"
        else:
            message = f"'{line}' is not a '% Revision N' line"
        yield Report(block.revision_line_span, message)
        return
    if is_placeholder_revision(block.revision):
        return  # FD106
    if revision_key(block.revision) is None:
        yield Report(
            block.revision_span,
            f"'{block.revision}' is not a revision number; write an integer (3) "
            "or a dotted number (1.17)",
        )


RULE = Rule(
    code="FD111",
    name="bad-revision",
    severity=Severity.WARNING,
    check=check,
    summary="No '% Revision N' line, or N not a revision number",
    doc=__doc__ or "",
)
