"""FD505 suppression-breaks-build: a featuredoc comment in SUPPORT.md that stops Xen's build.

## What it does
Reports a status block of SUPPORT.md that Xen's support-matrix generator
dies on because a `<!-- featuredoc: ... -->` comment stands on its own
before it. Pandoc makes such a comment a raw HTML block, and the generator
dies at the first status block after any raw HTML block (see FD504).

Two places are safe for a suppression comment in SUPPORT.md:

- on the line right after a paragraph, with no blank line between: pandoc
  keeps it inside the paragraph, and it silences the block that follows,
  as everywhere;
- below the last status block (a `disable-file` comment at the end of the
  file).

The quick fix, offered in the editor, moves the comment up to the end of
the paragraph before it when there is one.

## Why is this bad?
Following featuredoc's own advice would break Xen's build of the
published support matrix.

## Example
```
### Widget

Widgets on every host.

<!-- featuredoc: disable FD501 -->

    Status: Supported, with widgets
```

## Use instead
```
### Widget

Widgets on every host.
<!-- featuredoc: disable FD501 -->

    Status: Supported, with widgets
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import Failure, PandocBlock, PBlock, read_support
from featuredoc.model.findings import Fix, Related, Report, Severity, TextEdit
from featuredoc.model.text import Position, Span
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    reading = read_support(doc)
    before: dict[int, PBlock] | None = None
    for stop in reading.stops:
        if stop.kind is not Failure.BLOCK_BEFORE:
            continue
        comments = [b for b in stop.causes if b.directive]
        if not comments:
            continue
        if before is None:
            blocks = reading.blocks
            before = {b.first: previous for previous, b in zip(blocks, blocks[1:], strict=False)}
        fixes: list[Fix] = []
        for comment in comments:
            previous = before.get(comment.first)
            if previous is None or previous.kind is not PandocBlock.PARA:
                continue
            gap = range(previous.last + 1, comment.first)
            if not gap or any(doc.lines[n].strip() for n in gap):
                continue
            end = Position(previous.last, len(doc.lines[previous.last]))
            edit = TextEdit(Span(end, Position(comment.first, 0)), "\n")
            fixes.append(Fix("Attach the comment to the paragraph above", [edit]))
        related = [
            Related(doc.path, Span.on_line(b.first, 0, len(doc.lines[b.first])), b.what, doc.lines)
            for b in stop.causes
        ]
        where = ", ".join(str(b.first + 1) for b in comments)
        yield Report(
            stop.span,
            f"Xen's support-matrix build fails here: {stop.reason}. Pandoc makes a comment "
            "on its own a raw HTML block, and the generator dies at the next status block; "
            "put the featuredoc comment (line "
            f"{where}) on the line right after a paragraph, or below the last status block",
            fixes,
            related,
        )


RULE = Rule(
    code="FD505",
    name="suppression-breaks-build",
    severity=Severity.ERROR,
    check=check,
    summary="featuredoc comment in SUPPORT.md placed where Xen's support-matrix build dies",
    applies_to=SUPPORT,
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
)
