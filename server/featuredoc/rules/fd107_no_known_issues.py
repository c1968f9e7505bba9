"""FD107 no-known-issues: a Tech Preview or Experimental feature lists no known issues.

## What it does
When a status of the Basics table is Tech Preview or Experimental (alone or
as one of several values, as in `Tech Preview/Experimental`), checks that
the "Known issues" section lists something. A section that only says
`None`, `N/A`, `TBD`, `-` or the like lists nothing. A missing section is
reported by FD101 and an empty one by FD105 instead.

## Why is this bad?
The template asks Tech Preview and Experimental features to list in "Known
issues" the items that must be fixed for the status to be raised. Without
that list nobody can tell what stands between the feature and security
support, and a downstream cannot judge the risk of using it.

## Example
```
         Status: **Tech Preview**
...
# Known issues

N/A
```

## Use instead
```
         Status: **Tech Preview**
...
# Known issues

* No support for migration of domains using the feature.
* Not yet tested on hosts with more than one socket.
```

## Configuration
`tiers` defines the statuses; the rule applies to the tiers named Tech
Preview and Experimental.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from featuredoc.analysis.sections import sections_named
from featuredoc.model.document import BlockType, Document, Section
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.model.text import fold
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule

PRE_RELEASE = ("Tech Preview", "Experimental")
SECTION = "Known issues"

#: What a section says when it lists nothing (compared case-insensitively).
NOTHING = frozenset(
    {
        "",
        "none",
        "none known",
        "none yet",
        "nothing",
        "nothing known",
        "no known issues",
        "n/a",
        "na",
        "not applicable",
        "tbd",
        "todo",
        "-",
        "--",
        "\u2014",
    }
)
_MARKER = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+")


def lists_nothing(doc: Document, section: Section) -> bool:
    """Whether the section's text, comments aside, says nothing at all."""
    comment_lines = {
        line
        for block in doc.blocks
        if block.type is BlockType.HTML and doc.lines[block.first].lstrip().startswith("<!--")
        for line in range(block.first, block.last + 1)
    }
    words: list[str] = []
    for number in range(section.first_content_line, section.last_line + 1):
        if number in comment_lines:
            continue
        line = _MARKER.sub("", doc.lines[number]).strip()
        words.append(line)
    text = fold(" ".join(words)).strip("*_ .!()")
    return text in NOTHING


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    pre_release = None
    for status in ctx.statuses:
        if status.is_placeholder:
            continue  # FD106
        parts = [p.strip().strip("*_ ") for p in status.text.split("/")]
        tiers = [status.tier] if status.tier is not None else map(ctx.tiers.lookup, parts)
        for tier in tiers:
            if tier is not None and tier.name in PRE_RELEASE:
                pre_release = (status, tier.name)
                break
        if pre_release:
            break
    if pre_release is None:
        return
    sections = sections_named(doc, fold(SECTION))
    if not sections:
        return  # FD101
    if any(not s.has_content for s in sections):
        if reported_by("FD105", ctx):
            return  # FD105 reports the empty section
    if not all(lists_nothing(doc, s) for s in sections):
        return
    status, tier_name = pre_release
    yield Report(
        sections[0].heading.span,
        f"The status is {tier_name} but '{SECTION}' lists nothing; list the items that must "
        "be fixed before the status can be raised",
        related=[Related(doc.path, status.span, f"status {tier_name}")],
    )


RULE = Rule(
    code="FD107",
    name="no-known-issues",
    severity=Severity.WARNING,
    check=check,
    reads_sections=(fold(SECTION),),
    summary="Tech Preview or Experimental status but 'Known issues' lists nothing",
    doc=__doc__ or "",
    settings=("tiers",),
)
