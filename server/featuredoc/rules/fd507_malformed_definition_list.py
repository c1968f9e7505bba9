"""FD507 malformed-definition-list: a SUPPORT.md definition list Xen's generator dies on.

## What it does
SUPPORT.md may give a row as a definition list, a term and a definition on
the next line starting with `:` (`Release Notes` / `: <a href=...>RN</a>`).
Xen's support-matrix generator reads one compact definition per term; this
rule reports a term with several definitions, a definition of several
paragraphs, and a blank line between the term and its definition (which
makes the definition a paragraph). The quick fix removes that blank line.

## Why is this bad?
The generator dies on any of them: the build of the published matrix
fails.

## Example
```
# Release Support

Release Notes

: <a href="https://example.org/notes">RN</a>
```

## Use instead
```
# Release Support

Release Notes
: <a href="https://example.org/notes">RN</a>
```

## Fix safety
Removing the blank line is safe: it changes only how pandoc reads the
definition.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.support_reading import Failure, read_support
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Position, Span
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def check(ctx: Context) -> Iterator[Report]:
    lines = ctx.document.lines
    for stop in read_support(ctx.document).stops:
        if stop.kind is not Failure.DEFINITION_LIST:
            continue
        fixes: list[Fix] = []
        term = stop.span.start.line
        item = next((d for d in stop.block.definitions if d.line == term), None)
        if item is not None and not item.compact and item.definitions == 1:
            definition = item.value_span.start.line
            if item.paragraphs == 1 and all(
                not lines[n].strip() for n in range(term + 1, definition)
            ):
                edit = TextEdit(
                    Span(
                        Position(term, len(lines[term])),
                        Position(definition - 1, len(lines[definition - 1])),
                    ),
                    "",
                )
                fixes.append(
                    Fix("Remove the blank line before the definition", [edit], preferred=True)
                )
        yield Report(stop.span, f"Xen's support-matrix build fails here: {stop.reason}", fixes)


RULE = Rule(
    code="FD507",
    name="malformed-definition-list",
    severity=Severity.ERROR,
    check=check,
    summary="SUPPORT.md definition list Xen's support-matrix generator dies on",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
)
