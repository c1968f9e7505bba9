"""FD501 unknown-support-status: a SUPPORT.md Status line starts with no known label.

## What it does
Checks every `Status[, qualifier]: value` line in the indented fragments of
SUPPORT.md. The value must start with a status label: a tier (`Supported`,
`Tech Preview`, `Experimental`, `Deprecated`, the diversions such as
`Supported, Not security supported`) or one of the extra SUPPORT.md labels
(`Not supported`, `Not implemented`, `Not functional`). Anything may follow
the label (`Supported up to 12 TiB`, `Not supported.`,
`Tech Preview, with limited support`). Labels are case-sensitive, like the
tiers of feature documents. When the start of the value is really close to
a label, the message names it and a quick fix replaces it.

## Why is this bad?
SUPPORT.md is the project's list of security-supported features. A value
that is not one of the labels defined in its "Definition of Status labels"
section has no defined meaning: is it security supported or not?

## Example
```
    Status, Arm64: Security supported
    Status: Suported, with caveats
```

## Use instead
```
    Status, Arm64: Supported
    Status: Supported, with caveats
```

## Fix safety
The replacement is safe: it only rewrites the misspelled label.

## Configuration
`tiers` and `support_labels` list the labels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.model.document import StatusLine
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Span
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


def starts_with_label(value: str, labels: list[str]) -> bool:
    """Whether *value* starts with one of *labels*, followed by a word boundary."""
    return _label_pattern(tuple(labels)).match(value) is not None


@functools.lru_cache(maxsize=32)
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    # longest first, so "Supported, with caveats" wins over "Supported"
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![\w-])")


def near_miss(value: str, labels: list[str]) -> tuple[str, int] | None:
    """A label the start of *value* misspells, and how many characters it spans."""
    words = value.split()
    by_count: dict[int, list[str]] = {}
    for label in labels:
        by_count.setdefault(len(label.split()), []).append(label)
    for count in sorted(by_count, reverse=True):
        if count > len(words):
            continue
        # the prefix of *value* holding *count* words, as written
        end = 0
        for word in words[:count]:
            end = value.index(word, end) + len(word)
        prefix = value[:end].rstrip(",.;:")
        guess = closest(prefix, by_count[count])
        if guess and abs(len(guess) - len(prefix)) <= 1:
            return guess, len(prefix)
    return None


def check_line(line: StatusLine, labels: list[str], shown: list[str]) -> Report | None:
    """The finding for one Status line, or ``None`` when it starts with a label."""
    value = line.value.strip()
    if not value or starts_with_label(value, labels):
        return None
    where = f" for {line.qualifier}" if line.qualifier else ""
    guess = near_miss(value, labels)
    if guess is None:
        return Report(
            line.value_span,
            f"'{value}'{where} does not start with a status label; expected one of: "
            + ", ".join(shown),
        )
    label, length = guess
    start = line.value_span.start
    span = Span.on_line(start.line, start.column, start.column + length)
    return Report(
        line.value_span,
        f"'{value}'{where} does not start with a status label; did you mean '{label}'?",
        [Fix(f"Replace with '{label}'", [TextEdit(span, label)], preferred=True)],
    )


def check(ctx: Context) -> Iterator[Report]:
    labels = ctx.tiers.support_labels()
    shown = [t.name for t in ctx.tiers.tiers if "," not in t.name]
    shown += [x for x in ctx.tiers.support_extra_labels if x not in shown]
    for line in ctx.document.status_lines:
        report = check_line(line, labels, shown)
        if report is not None:
            yield report


RULE = Rule(
    code="FD501",
    name="unknown-support-status",
    severity=Severity.ERROR,
    check=check,
    summary="SUPPORT.md Status line whose value starts with no known label",
    applies_to=SUPPORT,
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("tiers", "support_labels"),
)
