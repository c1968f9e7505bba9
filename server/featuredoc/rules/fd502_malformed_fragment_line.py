"""FD502 malformed-fragment-line: a SUPPORT.md status line Xen's generator cannot read.

## What it does
Xen builds its support matrix with `docs/parse-support-md`, which reads
every code block of SUPPORT.md (indented by 4 spaces, or fenced) line by
line. Each non-blank line must be exactly `Status: value`,
`Status, qualifier: value`, `Supported: value` or
`Supported, qualifier: value` (in the block that starts with
`Xen-Version:`, `Key: value` with a capitalised key); the blocks defining a
status label, which start with `Functional completeness:` and the like, are
skipped. This rule reports:

- a line of a status block the generator cannot read, which stops Xen's
  build: a sentence, a key other than `Status` or `Supported` (`Note:`,
  `States`), a key in lower case (`status:`), a qualifier without its
  comma (`Status x86:`), a blank before the colon (`Status :`), no blank
  after it (`Status:Supported`), an empty status, a line indented further
  than the block. The quick fix rewrites the key, the comma or the blanks
  when that is all that is wrong;
- a `Status[, qualifier]: value` line that is part of a paragraph instead of
  a code block (indented fewer than 4 spaces, or continuing the paragraph
  above it without a blank line): the row is dropped from the matrix; the
  quick fix indents it by 4 spaces (after a blank line).

## Why is this bad?
Xen's support-matrix build dies on the first line it cannot read, so no
matrix is published; a status in a paragraph is silently missing from it.

## Example
```
### Widget

    Status, x86: Supported
    only on 64-bit hosts
    status, ARM: Experimental
    Status RISC-V: Experimental

   Status, PPC: Experimental
```

## Use instead
Put prose in a paragraph after the block, write each line as the
generator reads it, and indent every status line by 4 spaces after a blank
line:
```
### Widget

    Status, x86: Supported
    Status, ARM: Experimental
    Status, RISC-V: Experimental
    Status, PPC: Experimental

Only on 64-bit hosts.
```

## Fix safety
The fixes are safe: they rewrite only the key, the comma, the blanks or the
indentation of a line the generator would otherwise not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.analysis.support_reading import (
    STATUS_LINE,
    Failure,
    Stop,
    read_support,
)
from featuredoc.model.document import FragmentIssue, FragmentLine
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Span
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule

BUILD_FAILS = "Xen's support-matrix build fails here: "
INDENT = "    "
_KEY = re.compile(r"^([A-Za-z][\w-]*)")
_KEYS = ("Status", "Supported")


def _correct(text: str) -> tuple[str, str] | None:
    """(what is wrong, the line as the generator reads it) when a small change fixes *text*."""
    reasons: list[str] = []
    fixed = text
    if fixed[:1].isspace():
        fixed = fixed.lstrip()
        reasons.append("the line is indented further than the block's first line")
    m = _KEY.match(fixed)
    if m is None:
        return None
    key = m.group(1)
    wanted = next((k for k in _KEYS if k.lower() == key.lower()), None)
    if wanted is None:
        wanted = closest(key, ["Status"]) if len(key) > 3 else None
        if wanted is not None:
            reasons.append(f"'{key}' is not a key the generator reads; did you mean '{wanted}'?")
    elif wanted != key:
        reasons.append(f"the key is written '{wanted}', with that case")
    if wanted is None:
        return None
    rest = fixed[len(key) :]
    spaced = re.match(r"^([ \t]+)([^:,]+?)([ \t]*):", rest)
    if spaced is not None and spaced.group(2).strip():
        rest = ", " + spaced.group(2) + ":" + rest[spaced.end() :]
        reasons.append(f"a qualifier follows a comma: '{wanted}, {spaced.group(2)}:'")
    before = re.match(r"^[ \t]+:", rest)
    if before is not None:
        rest = ":" + rest[before.end() :]
        reasons.append("no blank may come before the colon")
    after = re.match(r"^(,[^:]*)?:(?=\S)", rest)
    if after is not None:
        rest = rest[: after.end()] + " " + rest[after.end() :]
        reasons.append("a blank must follow the colon")
    fixed = wanted + rest
    if not reasons or STATUS_LINE.match(fixed.rstrip()) is None:
        return None
    return "; ".join(reasons), fixed


def _why(text: str, top: bool) -> str:
    if top:
        return (
            "each line of the block that starts with 'Xen-Version:' must be 'Key: value', "
            "the key a capital letter then letters, digits or '-'"
        )
    m = re.match(r"^(Status|Supported)(?:,\s*([^:]+))?:\s*$", text)
    if m is not None:
        return f"'{text.strip()}' has no status after the colon"
    key = _KEY.match(text.lstrip())
    if key is not None and re.match(r"^[A-Za-z][\w-]*(?:,[^:]*)?:\s", text.lstrip()):
        return (
            f"'{key.group(1)}' is not a key the generator reads: a status block holds only "
            "'Status[, qualifier]: value' and 'Supported[, qualifier]: value' lines "
            "(move notes to a paragraph after the block)"
        )
    return (
        f"'{text.strip()}' is not a 'Status[, qualifier]: value' line; status blocks hold "
        "only such lines (move prose to a paragraph after the block)"
    )


def _bad_line(ctx: Context, stop: Stop) -> Report:
    span = stop.span
    raw = ctx.document.lines[span.start.line][span.start.column :].rstrip()
    top = stop.reason == "top"
    corrected = None if top else _correct(raw)
    if corrected is None:
        return Report(span, BUILD_FAILS + _why(raw, top))
    reason, fixed = corrected
    head = 0
    while head < min(len(raw), len(fixed)) and raw[head] == fixed[head]:
        head += 1
    tail = 0
    while tail < min(len(raw), len(fixed)) - head and raw[-1 - tail] == fixed[-1 - tail]:
        tail += 1
    end, new_end = len(raw) - tail, len(fixed) - tail
    if head < end and raw[head:end].isalnum():  # a changed word: replace the whole word
        while head > 0 and raw[head - 1].isalnum():
            head -= 1
        while end < len(raw) and raw[end].isalnum():
            end += 1
            new_end += 1
    start = span.start.column
    edit = TextEdit(
        Span.on_line(span.start.line, start + head, start + end),
        fixed[head:new_end],
    )
    return Report(
        span,
        BUILD_FAILS + reason,
        [Fix(f"Write '{fixed.strip()}'", [edit], preferred=True)],
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
        f"Row dropped: this Status line is part of a paragraph ({how}), not a code block, "
        "so Xen's support-matrix generator never sees it; indent it by 4 spaces after a "
        "blank line",
        [Fix("Indent it as a status line", [edit], preferred=True)],
    )


def check(ctx: Context) -> Iterator[Report]:
    lines = ctx.document.lines
    for stop in read_support(ctx.document).stops:
        if stop.kind is Failure.BAD_LINE:
            yield _bad_line(ctx, stop)
    kind = FragmentIssue.OUTSIDE  # looked up once: an enum member costs a lookup each time
    outside = [f for f in ctx.document.fragment_lines if f.kind is kind]
    reindented = {f.span.start.line for f in outside}
    for line in outside:
        yield _outside(line, lines, reindented)


RULE = Rule(
    code="FD502",
    name="malformed-fragment-line",
    severity=Severity.WARNING,
    check=check,
    summary="SUPPORT.md status line Xen's generator cannot read, or a Status line in a paragraph",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
)
