"""FD902 internal-error: the document could not be analysed.

## What it does
Reported (on the first line) when parsing the document or one rule failed
with an unexpected error: a bug in featuredoc. The other rules still run
and their findings are still reported; the command line and the language
server log the traceback and keep going.

The engine reports this code itself; the rule never reports on its own.

## Why is this bad?
Some checks did not run on this document, so a clean result cannot be
trusted. Please report it with the document that triggers it.

## Example
Any document can trigger it; none should.

## Use instead
Upgrade featuredoc, or silence the code for the document with
`<!-- featuredoc: disable-file FD902 -->` until it is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import ANY, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    """The engine reports internal errors; see :mod:`featuredoc.engine`."""
    return iter(())


RULE = Rule(
    code="FD902",
    name="internal-error",
    severity=Severity.ERROR,
    check=check,
    summary="Internal error: the document could not be analysed",
    applies_to=ANY,
    doc=__doc__ or "",
)
