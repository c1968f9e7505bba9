"""FD501 unknown-support-status: a SUPPORT.md Status line starts with no known label.

## What it does
Checks every `Status[, qualifier]: value` line in the indented fragments of
SUPPORT.md. The value must start with a status label:

- a tier (`Supported`, `Tech Preview`, `Experimental`, `Deprecated`, the
  diversions such as `Supported, Not security supported`);
- one of the SUPPORT.md labels of the `support_labels` setting, by default
  `Not supported`, `Not implemented`, `Not functional` and the Xen
  Project's own wording `No security support` (as in `No security
  support, not recommended`) and `Support scope restricted`;
- a label the file itself defines: a sub-heading of its "Definition of
  Status labels" section followed by an indented block of the label's
  properties (`Functional completeness: ...`).

Anything may follow the label (`Supported up to 12 TiB`, `Not supported.`,
`Tech Preview, with limited support`). Labels are case-sensitive, like the
tiers of feature documents, which read their values the same way (FD201).
When the start of the value is really close to a label, starts with a
wording that means a tier (`Technical Preview`, `Preview`), or names a
label after a word or two (`Security supported`), the message names it and
a quick fix replaces it.

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
Replacing a misspelled label is safe. Replacing a value that names a label
after other words (`Security supported` → `Supported`) drops those words:
that fix is offered but not applied by "fix all", as the author should
confirm the meaning.

## Configuration
`tiers` and `support_labels` list the labels; `support_labels` replaces
the built-in extra labels (list them too to keep them). In the editor, a
quick fix accepts the value as a label: it adds it to `support_labels` in
the workspace's `.featuredoc.yaml` (with the labels in effect, when the
file has no such key; the file is created when there is none), keeping the
file's comments and layout.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.analysis.support_defs import definitions_in, definitions_lines
from featuredoc.model.document import StatusLine
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Span
from featuredoc.model.tiers import TierSet, label_pattern, unbold_label
from featuredoc.rules.base import SUPPORT, Context, Fixability, Rule


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


#: How many words may come before a label a value names (``Security supported``).
LEADING_WORDS = 2
#: Words that turn the label after them around: ``Not supported`` never means ``Supported``.
NEGATIONS = frozenset({"no", "not", "non", "never", "without", "un"})


def label_inside(value: str, labels: list[str]) -> tuple[str, int] | None:
    """A label *value* names after a word or two, case-insensitively, and where it ends.

    ``Security supported`` names ``Supported``: returns the label and the
    length of the prefix of *value* it ends (the part a fix replaces).
    """
    pattern = _inside_pattern(tuple(labels))
    for count, word in enumerate(re.finditer(r"\S+", value)):
        if count > LEADING_WORDS:
            break
        if word.group(0).strip(",.;:").casefold() in NEGATIONS:
            return None
        if count == 0:
            continue
        m = pattern.match(value, word.start())
        if m is not None:
            return _canonical(m.group(0), labels), m.end()
    return None


@functools.lru_cache(maxsize=32)
def _inside_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _canonical(found: str, labels: list[str]) -> str:
    folded = found.casefold()
    return next((label for label in labels if label.casefold() == folded), found)


def check_line(
    line: StatusLine,
    tiers: TierSet,
    labels: list[str],
    shown: list[str],
    guesses: dict[str, tuple[tuple[str, int] | None, bool]] | None = None,
) -> Report | None:
    """The finding for one Status line, or ``None`` when it starts with a label.

    *guesses*: the label each value most likely means, kept from earlier lines
    (for the same *tiers* and *labels*).
    """
    value = line.value.strip()
    if not value or tiers.read(value, support=True, labels=labels) is not None:
        return None
    where = f" for {line.qualifier}" if line.qualifier else ""
    known = guesses.get(value) if guesses is not None else None
    guess, safe = known if known is not None else _guess(value, tiers, labels)
    if guesses is not None and known is None:
        guesses[value] = (guess, safe)
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
        [Fix(f"Replace with '{label}'", [TextEdit(span, label)], preferred=True, safe=safe)],
    )


def _guess(value: str, tiers: TierSet, labels: list[str]) -> tuple[tuple[str, int] | None, bool]:
    """The label *value* most likely means and the length it spans, and whether a fix
    writing it is safe."""
    guess = near_miss(value, labels)
    if guess is None:
        guess = tiers.synonym(value)
    if guess is not None:
        return guess, True
    return label_inside(value, labels), False


def labels_of(ctx: Context) -> tuple[list[str], list[str]]:
    """Every label a Status value may start with, and the ones messages list."""
    defined = [name for name in definitions_in(ctx.document) if name.strip()]
    labels = ctx.tiers.support_labels()
    labels += [name for name in defined if name not in labels]
    shown = [t.name for t in ctx.tiers.tiers if "," not in t.name]
    shown += [x for x in [*ctx.tiers.support_extra_labels, *defined] if x not in shown]
    return labels, shown


def check(ctx: Context) -> Iterator[Report]:
    if not ctx.document.status_lines:
        return
    labels, shown = labels_of(ctx)
    tiers = ctx.tiers
    # the common case, a value that starts with a label, in one match (what
    # TierSet.read matches last, so a value it matches is read); known per value
    # while the labels and tiers stay the same, so a keystroke reads only what it changed
    starts = label_pattern(tuple(labels)).match
    known, guesses = _known_values(tuple(labels), tiers)
    for line in ctx.document.status_lines:
        fine = known.get(line.value)
        if fine is None:
            value = line.value.strip()
            fine = (
                not value
                or starts(value if value[0] not in "*_" else unbold_label(value)[0]) is not None
                or tiers.read(value, support=True, labels=labels) is not None
            )
            if len(known) >= _KNOWN_VALUES:
                known.clear()
            known[line.value] = fine
        if fine:
            continue
        report = check_line(line, tiers, labels, shown, guesses)
        if report is not None:
            yield report


#: Whether each value seen is read as a label (no finding), and the label each value
#: without one most likely means, by the labels and tiers.
_KNOWN: dict[tuple[tuple[str, ...], int], tuple[TierSet, dict[str, bool], Guesses]] = {}
_KNOWN_VALUES = 4096
Guesses = dict[str, tuple[tuple[str, int] | None, bool]]


def _known_values(labels: tuple[str, ...], tiers: TierSet) -> tuple[dict[str, bool], Guesses]:
    """What is known of values under *labels* and *tiers* (see :data:`_KNOWN`)."""
    key = (labels, id(tiers))
    found = _KNOWN.get(key)
    if found is None or found[0] is not tiers:
        if len(_KNOWN) >= 8:
            _KNOWN.clear()
        found = _KNOWN[key] = (tiers, {}, {})
    if len(found[2]) >= _KNOWN_VALUES:
        found[2].clear()
    return found[1], found[2]


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
    reads_lines=definitions_lines,
)
