"""FD405 title-revision-mismatch: the title's revision differs from the last History row's.

## What it does
Compares the revision of the title block (`% Revision N`) with the
revision of the last row of the History table. Revisions compare as
numbers (`1.0` is `1`). A quick fix sets the title's revision to the last
row's. Nothing is reported while either revision is missing, malformed
(FD111, FD401) or the template's placeholder (FD106).

## Why is this bad?
The title's revision is what a reader quotes ("revision 2 of the Credit2
document"); the History says what changed in each revision. When they
differ, one of them is stale: usually the title was not bumped with the
last History row.

## Example
```
% Credit2 Scheduler
% Revision 2
...
2019-02-07 3        Xen 4.12 Made the default scheduler
```

## Use instead
```
% Credit2 Scheduler
% Revision 3
...
2019-02-07 3        Xen 4.12 Made the default scheduler
```

## Fix safety
The fix is offered in the editor but not applied by "fix all" or `--fix`:
occasionally it is the History that is stale (a new revision written in the
title without its History row), and only the author knows which.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.template import is_placeholder_row
from featuredoc.model.findings import Fix, Related, Report, Severity, TextEdit
from featuredoc.rules.base import Context, Fixability, Rule
from featuredoc.rules.fd111_bad_revision import revision_key


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    block, history = doc.title_block, doc.history
    if block is None or block.revision is None or block.revision_span is None or history is None:
        return
    rows = [row for row in history.rows if not is_placeholder_row(row)]
    if not rows:
        return
    last = rows[-1]
    title_key, last_key = revision_key(block.revision), revision_key(last.revision)
    if title_key is None or last_key is None or title_key == last_key:
        return
    line = last.revision_span.start.line + 1
    yield Report(
        block.revision_span,
        f"The title says revision {block.revision} but the last History row "
        f"(line {line}) is revision {last.revision}",
        [
            Fix(
                f"Set the title's revision to {last.revision}",
                [TextEdit(block.revision_span, last.revision)],
                preferred=True,
            )
        ],
        related=[Related(doc.path, last.revision_span, "the last History revision")],
    )


RULE = Rule(
    code="FD405",
    name="title-revision-mismatch",
    severity=Severity.WARNING,
    check=check,
    summary="Title-block revision differs from the last History row's revision",
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
)
