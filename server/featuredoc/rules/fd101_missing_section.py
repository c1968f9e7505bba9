"""FD101 missing-section: a mandatory top-level section is missing.

## What it does
Checks that every mandatory section of the template (by default Basics,
Overview, User details, Technical details, Limitations, Testing, Areas for
improvement, Known issues, References, History) has a top-level heading.
Headings are compared case-insensitively after trimming; a heading that
names two sections (`# Known issues / Areas for improvement`) provides both,
and a heading that misspells a section (`# Knwon issues`) is reported by
FD102 instead.
The finding is reported on the document's title (or its first line).

## Why is this bad?
Readers and reviewers rely on every feature document answering the same
questions: how to use it, how to test it, what is known to be broken. A
missing "Known issues" section hides exactly what a downstream needs before
relying on a feature.

## Example
```
# Technical details
...
# Areas for improvement
```

## Use instead
```
# Technical details
...
# Limitations
...
# Testing
...
# Areas for improvement
```

## Fix safety
The quick fix inserts the heading and the template's guidance text at the
section's place in template order. It is safe: nothing else is touched, and
the guidance is then reported as placeholder text (FD106) until replaced.

## Configuration
`sections` lists the mandatory sections in template order.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import near_misses, template_sections, top_heading_prefix
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Position, Span
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Fixability, Rule


def missing_section_edit(ctx: Context, name: str) -> TextEdit:
    """The edit that inserts section *name* at its place in template order."""
    doc = ctx.document
    order = ctx.config.sections
    found = template_sections(doc, ctx.config)
    prefix = top_heading_prefix(doc)
    guidance = ctx.config.section_guidance.get(name, "")
    block = f"{prefix} {name}\n\n" + (f"{guidance}\n\n" if guidance else "")
    later = order[order.index(name) + 1 :] if name in order else []
    for following in later:
        sections = found.get(following) or []
        if sections:
            line = sections[0].heading.line_span.start.line
            return TextEdit(Span(Position(line, 0), Position(line, 0)), block)
    end = doc.end_span().end
    if doc.lines[end.line].strip():  # no line break at the end of the file
        lead = "\n\n"
    elif end.line > 0 and doc.lines[end.line - 1].strip():
        lead = "\n"
    else:
        lead = ""
    return TextEdit(Span(end, end), lead + block.rstrip("\n") + "\n")


def anchor(ctx: Context) -> Span:
    doc = ctx.document
    if doc.title_block and doc.title_block.title_span:
        return doc.title_block.title_span
    return Span.on_line(0, 0, len(doc.lines[0]))


def check(ctx: Context) -> Iterator[Report]:
    found = template_sections(ctx.document, ctx.config)
    misspelled: set[str] = set()
    if reported_by("FD102", ctx):
        misspelled = {miss.name for miss in near_misses(ctx.document, ctx.config)}
    for name in ctx.config.sections:
        if found.get(name) or name in misspelled:
            continue  # present, or present but misspelled (FD102)
        yield Report(
            anchor(ctx),
            f"Mandatory section '{name}' is missing",
            [Fix(f"Insert section '{name}'", [missing_section_edit(ctx, name)])],
        )


RULE = Rule(
    code="FD101",
    name="missing-section",
    severity=Severity.ERROR,
    check=check,
    summary="A mandatory top-level section is missing",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("sections",),
)
