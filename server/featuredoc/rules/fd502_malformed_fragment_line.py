"""FD502 malformed-fragment-line: a SUPPORT.md status fragment line that tools cannot read.

## What it does
The indented blocks of SUPPORT.md are machine-readable fragments of
deb822-like lines, each `Key[, qualifier]: value` (the blocks defining a
status label, which start with `Functional completeness:` and the like,
are not fragments). This rule reports what the tools reading them (the
support matrix generator) cannot read:

- a fragment line that is not `Key[, qualifier]: value` (a sentence, a
  stray word, a line without a colon), in any indented block, not only in
  one that also holds `Status` lines;
- a fragment line whose key misspells `Status` (`States, x86: Supported`);
  the quick fix writes `Status`;
- a `Status[, qualifier]: value` line that is part of a paragraph instead of
  an indented block: indented fewer than 4 spaces, or continuing the
  paragraph above it without a blank line. Markdown renders it as text and
  the tools never see the status; the quick fix indents it by 4 spaces
  (after a blank line).

## Why is this bad?
The support matrix generator parses every indented block line by line: a
line it cannot read stops it, so the whole matrix is not built; a status
in a paragraph is silently missing from it.

## Example
```
### Widget

    Status, x86: Supported
    only on 64-bit hosts
    States, ARM: Experimental

   Status, RISC-V: Experimental
```

## Use instead
Put prose in a paragraph after the fragment, and indent every status line
by 4 spaces after a blank line:
```
### Widget

    Status, x86: Supported
    Status, ARM: Experimental
    Status, RISC-V: Experimental

Only on 64-bit hosts.
```

## Fix safety
Both fixes are safe: one only rewrites the misspelled key, the other only
the indentation (and adds the blank line that starts an indented block).
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.model.document import FragmentIssue, FragmentLine
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Span
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule

STATUS_KEY = "Status"
INDENT = "    "


def _misspelled_key(line: FragmentLine) -> Report | None:
    if line.key is None or line.key_span is None or closest(line.key, [STATUS_KEY]) is None:
        return None
    return Report(
        line.key_span,
        f"'{line.key}' is not a key of status fragments; did you mean '{STATUS_KEY}'? "
        "Tools that read SUPPORT.md cannot read the line",
        [
            Fix(
                f"Replace with '{STATUS_KEY}'",
                [TextEdit(line.key_span, STATUS_KEY)],
                preferred=True,
            )
        ],
    )


def _outside(line: FragmentLine, lines: list[str], reindented: set[int]) -> Report:
    number = line.span.start.line
    previous = number - 1
    needs_blank = previous >= 0 and bool(lines[previous].strip()) and previous not in reindented
    how = (
        f"indented {line.indent} space{'s' if line.indent != 1 else ''}"
        if line.indent < len(INDENT)
        else "it continues the paragraph above"
    )
    edit = TextEdit(Span.on_line(number, 0, line.indent), ("\n" if needs_blank else "") + INDENT)
    return Report(
        line.span,
        f"This Status line is part of a paragraph ({how}), not an indented block: "
        "tools that read SUPPORT.md never see it; indent it by 4 spaces after a blank line",
        [Fix("Indent it as a status fragment", [edit], preferred=True)],
    )


def check(ctx: Context) -> Iterator[Report]:
    lines = ctx.document.lines
    reindented = {
        f.span.start.line for f in ctx.document.fragment_lines if f.kind is FragmentIssue.OUTSIDE
    }
    for line in ctx.document.fragment_lines:
        if line.kind is FragmentIssue.OTHER_KEY:
            report = _misspelled_key(line)
            if report is not None:
                yield report
        elif line.kind is FragmentIssue.OUTSIDE:
            yield _outside(line, lines, reindented)
        else:
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
    summary="SUPPORT.md fragment line that tools cannot read, or a Status line outside a fragment",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
)
