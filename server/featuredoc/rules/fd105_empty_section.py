"""FD105 empty-section: a mandatory section with no content.

## What it does
Reports a top-level heading naming a mandatory section that is directly
followed by the next top-level heading (or the end of the document), with
no text, list, table or sub-section of its own. The message repeats what
the template asks the section to contain. An empty Basics or History
section is left to FD120 and FD401, which say what is missing more
precisely (unless those rules are switched off).

## Why is this bad?
An empty section looks like an answer to the reader skimming headings but
says nothing. If there really is nothing to say, say so ("None known"), so
that readers can tell "nothing" from "not written yet".

## Example
```
# Testing

# Areas for improvement
```

## Use instead
```
# Testing

Run the XTF tests `test-*-livepatch-*` on an x86 host.

# Areas for improvement
```

## Configuration
`sections` lists the mandatory sections; the `guidance` of each entry is
the text quoted in the message.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.sections import template_headings
from featuredoc.model.findings import Report, Severity
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule

#: Sections whose emptiness a more precise rule reports.
DEFERRED = {"Basics": "FD120", "History": "FD401"}


def check(ctx: Context) -> Iterator[Report]:
    config = ctx.config
    for section, names in template_headings(ctx.document, config):
        if section.has_content:
            continue
        names = [
            name for name in names if name not in DEFERRED or not reported_by(DEFERRED[name], ctx)
        ]
        if not names:
            continue
        title = " / ".join(names)
        guidance = " ".join(config.section_guidance.get(name, "") for name in names).strip()
        message = f"Section '{title}' is empty"
        if guidance:
            message += f"; the template asks for: {guidance}"
        yield Report(section.heading.span, message)


RULE = Rule(
    code="FD105",
    name="empty-section",
    severity=Severity.WARNING,
    check=check,
    summary="A mandatory section with no content",
    doc=__doc__ or "",
    settings=("sections",),
)
