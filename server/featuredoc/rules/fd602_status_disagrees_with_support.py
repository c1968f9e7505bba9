"""FD602 status-disagrees-with-support: a feature document disagrees with SUPPORT.md.

## What it does
Compares the status of a feature document with the status lines of its
SUPPORT.md entry (see FD601 for how a document is linked to its entry),
per architecture where both sides qualify by architecture
(`Architecture: ARM` after a Status row, or `Status, x86:` in either
document, against `Status, ARM: ...` in SUPPORT.md). A SUPPORT.md value is
read by the label it starts with (`Supported up to 12 TiB` is
`Supported`).

SUPPORT.md is the source of truth: status changes are made there, and it
is what downstreams read. So a disagreement is one finding, on the
feature document's status, where the fix belongs, with the SUPPORT.md
line as its related place; the SUPPORT.md line itself is not flagged.
Raising an entry in SUPPORT.md therefore shows up on the feature
documents linked to it (and, with a base revision, FD605 checks the raise
against their security sign-off).

## Why is this bad?
Downstreams read SUPPORT.md; developers read the feature document. When a
feature document says **Supported** and SUPPORT.md says Tech Preview, one of
them is wrong about whether the security team issues advisories.

## Example
`livepatch.pandoc`:
```
         Status: **Tech Preview/Experimental**
   Architecture: ARM
```
SUPPORT.md:
```
    Status, ARM: Experimental
```

## Use instead
The same tier on both sides, changed together in one patch.

"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.crossdoc import disagreements, match_entry, support_entries
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    workspace = ctx.inputs.workspace
    if workspace is None:
        return
    doc = ctx.document
    support = workspace.support()
    if support is None:
        return
    match = match_entry(doc, support_entries(support), ctx.config, suggest=False)
    if match.entry is None:
        return
    found = disagreements(doc, match.entry, ctx.config)
    for d in found:
        where = f" for {d.architecture}" if d.architecture else ""
        yield Report(
            d.status.span,
            f"Status '{d.status.text}'{where} disagrees with SUPPORT.md "
            f"('{match.entry.title}': {d.line.value}), which is the source of truth: "
            f"write '{d.support_value}' here, or change both in one patch",
            related=[
                Related(
                    support.path,
                    d.line.value_span,
                    f"SUPPORT.md: {d.line.value}",
                    support.lines,
                )
            ],
        )


RULE = Rule(
    code="FD602",
    name="status-disagrees-with-support",
    severity=Severity.ERROR,
    check=check,
    summary="Feature document status disagrees with its SUPPORT.md entry",
    doc=__doc__ or "",
    settings=("support_file",),
)
