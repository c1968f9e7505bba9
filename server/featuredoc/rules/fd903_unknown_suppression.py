"""FD903 unknown-suppression: a suppression comment names an unknown code.

## What it does
Checks the inline suppression comments,
`<!-- featuredoc: disable FD106 -->` (the next block) and
`<!-- featuredoc: disable-file FD110 FD111 -->` (the whole file), with an
optional reason after ` -- `. It reports a code that is not a featuredoc
rule code (naming a near-miss), a directive other than `disable` and
`disable-file`, and a directive that names no code.

## Why is this bad?
A suppression that names a wrong code silences nothing, so the finding it
was meant to silence stays; worse, the comment suggests it was reviewed.

## Example
```
<!-- featuredoc: disable FD016 -->
```

## Use instead
```
<!-- featuredoc: disable FD106 -- the example values are intentional -->
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.analysis.suppressions import DIRECTIVES, directives
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import ANY, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    for d in directives(ctx.document):
        if not d.known_action:
            guess = closest(d.action, DIRECTIVES) if d.action else None
            also = f"; did you mean '{guess}'?" if guess else ""
            shown = d.action or "(nothing)"
            yield Report(
                d.action_span,
                f"Unknown featuredoc directive '{shown}'{also} "
                "(use 'disable CODE...' or 'disable-file CODE...')",
            )
            continue
        if not d.codes:
            yield Report(
                d.action_span, f"'{d.action}' names no code; write e.g. '{d.action} FD106'"
            )
        for ref in d.codes:
            if ref.code in ctx.registry:
                continue
            guess = closest(ref.code, ctx.registry)
            also = f"; did you mean '{guess}'?" if guess else ""
            yield Report(ref.span, f"'{ref.code}' is not a featuredoc rule code{also}")


RULE = Rule(
    code="FD903",
    name="unknown-suppression",
    severity=Severity.WARNING,
    check=check,
    summary="Suppression comment names an unknown code or directive",
    applies_to=ANY,
    doc=__doc__ or "",
)
