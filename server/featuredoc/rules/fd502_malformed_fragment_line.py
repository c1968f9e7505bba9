"""FD502 malformed-fragment-line: a line in a SUPPORT.md status fragment is not `Key: value`.

## What it does
The indented blocks of SUPPORT.md that hold `Status` lines are
machine-readable fragments of deb822-like lines, each
`Key[, qualifier]: value`. This rule reports any other line in such a
fragment (a sentence, a stray word, a line without a colon).

## Why is this bad?
Tools that read SUPPORT.md (the support matrix generator) parse these
fragments line by line; a line they cannot read is dropped or breaks the
parse, and the status it was meant to qualify is lost.

## Example
```
    Status, x86: Supported
    only on 64-bit hosts
```

## Use instead
Put prose in a paragraph after the fragment:
```
    Status, x86: Supported

Only on 64-bit hosts.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import SUPPORT, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    for line in ctx.document.fragment_lines:
        yield Report(
            line.span,
            f"'{line.text}' is not a 'Key[, qualifier]: value' line; status fragments hold "
            "only such lines (move prose out of the indented block)",
        )


RULE = Rule(
    code="FD502",
    name="malformed-fragment-line",
    severity=Severity.WARNING,
    check=check,
    summary="Line in a SUPPORT.md status fragment that is not Key[, qualifier]: value",
    applies_to=SUPPORT,
    doc=__doc__ or "",
)
