"""FD106 template-placeholder: the template's placeholder text left in.

## What it does
Reports text copied from the feature template and never replaced:

* a paragraph that repeats one of the template's guidance paragraphs (the
  explanation under each heading, or the introduction before the first);
* a Basics value the template gives as an example (`e.g. x86, arm`,
  `e.g. **Supported**/**Tech Preview**/...`, `_where applicable_`);
* the template's title, and a `% Revision $N` line;
* the template's History row `YYYY-MM-DD N Xen X.Y ...`.

The template is read from the project (the `template` setting, by default
`docs/features/template.pandoc` under the workspace root), so the check
follows the project's own wording. Without a template file it falls back
to the configured section guidance (the text FD101's fix inserts) and the
placeholder patterns above. Placeholder values are not also reported as an
unknown status, an invalid date or an out-of-order revision.

## Why is this bad?
Placeholder text reads like a statement but states nothing: an `e.g.
**Supported**` status promises nothing, and a guidance paragraph tells the
reader how to write the document instead of what the feature does.

## Example
```
         Status: e.g. **Supported**/**Tech Preview**/**Experimental**
```

## Use instead
```
         Status: **Tech Preview**
```

## Configuration
`template` is the template's path relative to the workspace root; the
`guidance` of the `sections` entries is also recognised.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.template import (
    MIN_GUIDANCE_WORDS,
    is_placeholder_revision,
    is_placeholder_row,
    paragraphs,
    placeholders,
)
from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import Position, Span, fold
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    found = placeholders(ctx.inputs.template_text, ctx.config)
    title = doc.title_block
    if title and title.title and title.title_span and found.title == fold(title.title):
        yield Report(title.title_span, f"Title '{title.title}' is the template's; name the feature")
    if title and title.revision and title.revision_span and is_placeholder_revision(title.revision):
        yield Report(
            title.revision_span,
            f"Revision '{title.revision}' is the template's placeholder; "
            "write the document's revision (1 for a new document)",
        )
    if doc.basics:
        for item in doc.basics.fields:
            if item.value and found.is_placeholder_value(item.value):
                yield Report(
                    item.value_span,
                    f"'{item.key}' still holds the template's example "
                    f"'{item.value}'; write the feature's own value",
                )
    if doc.history:
        for row in doc.history.rows:
            if is_placeholder_row(row):
                yield Report(
                    Span(row.date_span.start, row.span.end),
                    "The template's example History row is left in; "
                    "write the date, revision and Xen version of this document's changes",
                )


def check_paragraphs(ctx: Context) -> Iterator[Report]:
    """The paragraphs that are the template's guidance: each alone (the local part)."""
    doc = ctx.document
    found = placeholders(ctx.inputs.template_text, ctx.config)
    for first, last, text in paragraphs(doc):
        if len(text.split()) < MIN_GUIDANCE_WORDS:
            continue
        section = found.guidance_section(text)
        if section is None:
            continue
        where = f"'{section}'" if section else "the introduction"
        span = Span(Position(first, 0), Position(last, len(doc.lines[last])))
        yield Report(
            span,
            f"The template's guidance for {where} is left in; replace it with this feature's text",
        )


RULE = Rule(
    code="FD106",
    name="template-placeholder",
    severity=Severity.WARNING,
    check=check,
    local=check_paragraphs,
    summary="The template's placeholder text left in",
    doc=__doc__ or "",
    settings=("template", "sections"),
)
