"""FD610 covered-code-changed: code the document covers changed, the document did not.

## What it does
With a base revision (`featuredoc check --base origin/main`, or the
editor's `base` setting), reports a feature document whose covered code
changed since that revision while the document itself did not. The message
is a prompt a reviewer can paste into the review:

```text
this change modifies xen/common/sched/credit2.c; docs/features/sched_credit2.pandoc was not updated
```

A document covers the globs `covers` gives for it in `.featuredoc.yaml`
and, unless `infer_covers` is `false`, the in-tree paths its own text names
(`xen/common/sched/credit2.c` covers that file; `tools/xl/`, `tools/xl/...`
or `tools/xl` everything below that folder). A path the text names counts
only when it exists in the tree, at the base revision or now: only changed
files are compared with it, so a word that looks like a path (`x86/HVM`)
matches nothing. Added, modified, deleted and renamed files (under either
name) all count; another feature document or SUPPORT.md is never covered
by inference. The finding is on the first place the text names a changed
file, or on the title when only `covers` matched. See
[coverage.md](../coverage.md).

## Why is this bad?
A feature document describes code: when the code changes and the document
does not, the document is likely to fall behind (an option renamed, a
limitation lifted, a file that no longer exists). The prompt makes the
reviewer ask whether it needs an update; often it does not.

## Example
A change to `xen/common/sched/credit2.c`, with a document that says:

```markdown
The scheduler is implemented in `xen/common/sched/credit2.c`.
```

## Use instead
Update the document in the same change when the behaviour it describes
changed (a line in its History table is enough for a change it should
record). When the change does not concern the document, there is nothing
to do: the finding is information, and it goes once the branch is merged.

## Configuration
`covers` maps a feature document (its path, or a glob) to globs of the
code it covers; `infer_covers: false` stops the inference from its text.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.coverage import gap_in
from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import Span
from featuredoc.rules.base import Context, Rule


def _updated(ctx: Context) -> bool:
    """Whether the document differs from its base revision (an editor's unsaved text too)."""
    base = ctx.inputs.base
    return base is not None and (base.document is None or base.document.lines != ctx.document.lines)


def _title_span(ctx: Context) -> Span:
    block = ctx.document.title_block
    if block is not None and block.title_span is not None:
        return block.title_span
    first = ctx.document.lines[0] if ctx.document.lines else ""
    return Span.on_line(0, 0, len(first))


def check(ctx: Context) -> Iterator[Report]:
    changes = ctx.inputs.changes
    if changes is None or _updated(ctx):
        return
    gap = gap_in(ctx.document.lines, changes, ctx.config)
    if gap is None:
        return
    mention = gap.first_mention
    yield Report(mention.span if mention is not None else _title_span(ctx), gap.prompt)


RULE = Rule(
    code="FD610",
    name="covered-code-changed",
    severity=Severity.INFORMATION,
    check=check,
    summary="Code the document covers changed, the document did not",
    doc=__doc__ or "",
    settings=("covers", "infer_covers"),
)
