"""FD201 unknown-status: a status value is not an allowed support tier.

## What it does
Checks every `Status` row of the Basics table against the project's support
tiers (by default `Supported`, `Tech Preview`, `Experimental`, `Deprecated`
and the diversions `Supported, Not security supported`, `Supported,
Security support external`, `Supported, with caveats`). Tier names are
case-sensitive; the qualifier of a diversion is compared case-insensitively.
When the value is really close to a tier, the message names it and a quick
fix replaces the value.

A value is read the way SUPPORT.md reads its Status lines: a tier alone,
or a tier followed by a free qualifier after a comma or in parentheses
(`Tech Preview, with limited support`, `**Tech Preview** (x86 only)`); the
leading tier (or diversion: `**Supported**, not security supported` is
`Supported, Not security supported`) decides security support. When a
value decorates a tier otherwise (an emoji, words without a comma:
`✅ **Supported**`, `**Supported** on x86 only`), the range is on the tier
it names, the message names it and the quick fix writes `**tier**`. A
tier in italics (`_Experimental_`) is not this error but the FD203 hint.
Wordings too far from a tier's name for a spelling suggestion but meaning
it (`Technical Preview`, `Preview`) get "did you mean" that tier.

Several tiers joined by `/` (`Tech Preview/Experimental`, as Xen writes a
status in transition) are FD202's; when one of them is misspelled
(`Tech Preview/Experimentl`), the range is on that part and the message
names the whole value spelled right.

## Why is this bad?
The status is a promise: **Supported** means the security team issues
advisories for the feature. A misspelled status promises nothing anyone can
act on, and tools that read the documents (release notes, the support
matrix) silently drop it.

## Example
```
         Status: **Supperted**
```

## Use instead
```
         Status: **Supported**
```

## Fix safety
Replacing a misspelled value is safe, and so is dropping decoration that
holds no words (emoji, punctuation). When the value holds other words
(`**Supported** on x86 only`), the fix drops them: it is offered but not
applied by "fix all", as the author should move them elsewhere.

## Configuration
`tiers` lists the allowed tiers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from featuredoc.analysis.similarity import closest
from featuredoc.analysis.status import StatusValue, tier_inside, undecorated
from featuredoc.analysis.table_cells import replace_text
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules.base import Context, Fixability, Rule


def _listing(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _replace(ctx: Context, status: StatusValue, name: str, span: Span, safe: bool) -> Report:
    """Name the tier *name* at *span*; the fix writes the whole value as ``**name**``."""
    replacement = f"**{name}**"
    edits = replace_text(ctx.document, status.written_span, replacement)
    return Report(
        span,
        f"'{status.text}' is not a support status; did you mean '{name}'?",
        [Fix(f"Replace with '{replacement}'", edits, preferred=True, safe=safe)] if edits else [],
    )


def _misspelled_part(
    status: StatusValue, text: str, names: Sequence[str], ctx: Context
) -> Report | None:
    """``Tech Preview/Experimentl``: tiers joined by ``/`` with one misspelled.

    The range is on the first misspelled part, the suggestion the whole
    value with every part spelled right (FD202 then says what it means to
    name several tiers).
    """
    spelled: list[str] = []
    first_bad: tuple[int, int] | None = None
    offset = 0
    for raw in text.split("/"):
        part = raw.strip().strip("*_ ")
        tier = ctx.tiers.lookup(part)
        if tier is not None:
            spelled.append(tier.name)
        else:
            guess = closest(part, names) if part else None
            if guess is None:
                return None
            spelled.append(guess)
            if first_bad is None:
                start = offset + raw.index(part)
                first_bad = (start, start + len(part))
        offset += len(raw) + 1
    if first_bad is None:
        return None
    begin = status.span.start
    span = Span.on_line(begin.line, begin.column + first_bad[0], begin.column + first_bad[1])
    return _did_you_mean(ctx, status, "/".join(spelled), span)


def _did_you_mean(ctx: Context, status: StatusValue, suggestion: str, span: Span) -> Report:
    """*suggestion* for the value at *span*; the fix replaces the value (inside its markers)."""
    edits = replace_text(ctx.document, status.span, suggestion)
    return Report(
        span,
        f"'{status.text}' is not a support status; did you mean '{suggestion}'?",
        [Fix(f"Replace with '{suggestion}'", edits, preferred=True)] if edits else [],
    )


def _synonym(status: StatusValue, ctx: Context) -> Report | None:
    """``Technical Preview`` (with or without a qualifier): did you mean ``Tech Preview``?"""
    text = status.text
    lead = len(text) - len(text.lstrip("*_"))  # ``**Technical Preview**, ...``: bold on it alone
    found = ctx.tiers.synonym(text[lead:])
    if found is None:
        return None
    name, length = found
    begin = status.span.start
    span = Span.on_line(begin.line, begin.column + lead, begin.column + lead + length)
    meant = text[:lead] + name + text[lead + length :]
    edits = replace_text(ctx.document, span, name)
    return Report(
        span,
        f"'{text}' is not a support status; did you mean '{meant}'?",
        [Fix(f"Replace with '{name}'", edits, preferred=True)] if edits else [],
    )


def check(ctx: Context) -> Iterator[Report]:
    names = ctx.tiers.names
    for status in ctx.statuses:
        if status.tier is not None or status.is_placeholder:
            continue
        text = status.text
        if not text.strip("*_ \t"):
            span = status.field.value_span if text else status.span
            yield Report(span, "The status value is empty; write one of: " + _listing(names))
            continue
        parts = [p.strip().strip("*_ ") for p in text.split("/")]
        if len(parts) > 1 and all(ctx.tiers.lookup(p) for p in parts):
            continue  # several valid tiers: FD202
        if len(parts) > 1 and (combined := _misspelled_part(status, text, names, ctx)):
            yield combined
            continue
        core = undecorated(status)
        if core is not None and (tier := ctx.tiers.lookup(core.text)) is not None:
            # only decoration around a tier (emoji, markers, punctuation): safe to drop
            yield _replace(ctx, status, tier.name, core.span, safe=True)
            continue
        suggestion = closest(text, names)
        if suggestion:
            yield _did_you_mean(ctx, status, suggestion, status.span)
            continue
        if (synonym := _synonym(status, ctx)) is not None:
            yield synonym
            continue
        if core is not None and (suggestion := closest(core.text, names)):
            yield _replace(ctx, status, suggestion, core.span, safe=True)
            continue
        inside = tier_inside(status, ctx.config)
        if inside is not None:
            # the fix drops the other words of the value: the author should confirm it
            yield _replace(ctx, status, inside[0].name, inside[1], safe=False)
            continue
        message = f"'{text}' is not a support status; expected one of: " + _listing(names)
        yield Report(status.span, message)


RULE = Rule(
    code="FD201",
    name="unknown-status",
    severity=Severity.ERROR,
    check=check,
    summary="Status value is not an allowed support tier",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("tiers",),
)
