"""FD101 missing-section: mandatory top-level sections are missing.

## What it does
Checks that every mandatory section of the template (by default Basics,
Overview, User details, Technical details, Limitations, Testing, Areas for
improvement, Known issues, References, History) has a top-level heading.
Headings are compared case-insensitively after trimming; a heading that
names two sections (`# Known issues / Areas for improvement`) provides both,
and a heading that misspells a section (`# Knwon issues`) is reported by
FD102 instead.

A document gets one finding however many sections it lacks: the message
lists them, and its one quick fix inserts them all. It is reported on the
document's title (or its first line).

A document that has none of the mandatory sections (nor a misspelling of
one) was not written from the template at all: the finding says so, and
its fix inserts the template's whole skeleton after the title block, with
a title block first when the document has none (titled with the
document's first heading). The missing title block is then part of this
finding and not also reported by FD110.

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
The quick fix inserts each missing heading at its place in template order
(before the next template section the document has, else at the end), with
the text the project's template has under it (its guidance, and under Basics
and History the table skeletons), or without a template the configured
guidance. It is safe: nothing else is touched, and the inserted text is then
reported as placeholder text (FD106) until replaced.

## Configuration
`sections` lists the mandatory sections in template order; `template` names
the template whose text the fix inserts.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import (
    follows_template,
    near_misses,
    template_sections,
    top_heading_prefix,
)
from featuredoc.analysis.template import section_texts, title_block_text
from featuredoc.model.findings import Fix, Report, Severity, TextEdit
from featuredoc.model.text import Position, Span
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Fixability, Rule

#: The title the skeleton's title block gets when the document has no heading.
DEFAULT_TITLE = "Title"


def _block(name: str, prefix: str, texts: dict[str, str]) -> str:
    body = texts.get(name, "")
    return f"{prefix} {name}\n\n" + (f"{body}\n\n" if body else "")


def missing_sections(ctx: Context) -> list[str]:
    """The mandatory sections the document lacks (not misspelled: FD102), in template order."""
    found = template_sections(ctx.document, ctx.config)
    misspelled: set[str] = set()
    if reported_by("FD102", ctx):
        misspelled = {miss.name for miss in near_misses(ctx.document, ctx.config)}
    return [name for name in ctx.config.sections if not found.get(name) and name not in misspelled]


def missing_section_edits(ctx: Context, names: list[str]) -> list[TextEdit]:
    """The edits that insert sections *names*, each at its place in template order.

    Sections that go to the same place (before the same template section,
    or at the end of the document) are one edit, in template order.
    """
    doc = ctx.document
    order = ctx.config.sections
    found = template_sections(doc, ctx.config)
    prefix = top_heading_prefix(doc)
    texts = section_texts(ctx.inputs.template_text, ctx.config)
    before: dict[int, list[str]] = {}
    at_end: list[str] = []
    for name in names:
        later = order[order.index(name) + 1 :] if name in order else []
        line = next((found[f][0].heading.line_span.start.line for f in later if found.get(f)), None)
        if line is None:
            at_end.append(name)
        else:
            before.setdefault(line, []).append(name)
    edits = [
        TextEdit(
            Span(Position(line, 0), Position(line, 0)),
            "".join(_block(name, prefix, texts) for name in group),
        )
        for line, group in sorted(before.items())
    ]
    if at_end:
        end = doc.end_span().end
        if doc.lines[end.line].strip():  # no line break at the end of the file
            lead = "\n\n"
        elif end.line > 0 and doc.lines[end.line - 1].strip():
            lead = "\n"
        else:
            lead = ""
        block = "".join(_block(name, prefix, texts) for name in at_end)
        edits.append(TextEdit(Span(end, end), lead + block.rstrip("\n") + "\n"))
    return edits


def _first_heading(ctx: Context) -> str | None:
    """The title of the document's first block when that is a heading."""
    doc = ctx.document
    for block in doc.blocks:
        section = doc.section_at_line(block.first)
        if section is not None and section.heading.line_span.start.line == block.first:
            return section.heading.title
        return None
    return None


def skeleton_edit(ctx: Context) -> TextEdit:
    """The edit that inserts the template's skeleton: after the title block, or with one."""
    doc = ctx.document
    texts = section_texts(ctx.inputs.template_text, ctx.config)
    prefix = top_heading_prefix(doc) if doc.sections else "#"
    sections = "".join(_block(name, prefix, texts) for name in ctx.config.sections)
    block = doc.title_block
    if block is None:
        title = _first_heading(ctx) or DEFAULT_TITLE
        here = Position(0, 0)
        text = title_block_text(title) + "\n" + sections
        # a blank line parts the skeleton from the text: the document's own, or one of ours
        return TextEdit(Span(here, here), text if doc.lines[0].strip() else text[:-1])
    line = block.span.end.line + 1
    if line >= len(doc.lines):  # the title block is all there is
        end = doc.end_span().end
        return TextEdit(Span(end, end), "\n\n" + sections.rstrip("\n") + "\n")
    here = Position(line, 0)
    text = "\n" + sections
    return TextEdit(Span(here, here), text if doc.lines[line].strip() else text[:-1])


def anchor(ctx: Context) -> Span:
    doc = ctx.document
    if doc.title_block and doc.title_block.title_span:
        return doc.title_block.title_span
    return Span.on_line(0, 0, len(doc.lines[0]))


def _listing(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def check(ctx: Context) -> Iterator[Report]:
    missing = missing_sections(ctx)
    if not missing:
        return
    if not follows_template(ctx.document, ctx.config):
        untitled = " and no title block" if ctx.document.title_block is None else ""
        yield Report(
            anchor(ctx),
            "The document does not follow the template: it has none of the mandatory "
            f"sections ({_listing(missing)}){untitled}; insert the template's skeleton "
            "and move the text into its sections",
            [Fix("Insert the template's skeleton", [skeleton_edit(ctx)])],
        )
    elif len(missing) == 1:
        name = missing[0]
        yield Report(
            anchor(ctx),
            f"Mandatory section '{name}' is missing",
            [Fix(f"Insert section '{name}'", missing_section_edits(ctx, missing))],
        )
    else:
        yield Report(
            anchor(ctx),
            f"{len(missing)} mandatory sections are missing: {_listing(missing)}",
            [
                Fix(
                    f"Insert the {len(missing)} missing sections",
                    missing_section_edits(ctx, missing),
                )
            ],
        )


RULE = Rule(
    code="FD101",
    name="missing-section",
    severity=Severity.ERROR,
    check=check,
    summary="Mandatory top-level sections are missing",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("sections", "template"),
)
