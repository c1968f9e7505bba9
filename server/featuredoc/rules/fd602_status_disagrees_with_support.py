"""FD602 status-disagrees-with-support: a feature document and SUPPORT.md disagree.

## What it does
Compares the status of a feature document with the status lines of its
SUPPORT.md entry (see FD601 for how they are matched), per architecture
where both sides qualify by architecture (`Architecture: ARM` after a
Status row, or `Status, x86:` in either document, against
`Status, ARM: ...` in SUPPORT.md). A SUPPORT.md value is read by the label
it starts with (`Supported up to 12 TiB` is `Supported`). The finding is
reported on both documents, each pointing at the other.

On SUPPORT.md, the feature documents that say the same thing about one
status line (several revisions of one feature, say) are one finding, with
each document's status among its related places: "disagrees with 5
feature documents named 'Live Patching' (lp.pandoc, lp-2.pandoc,
lp-3.pandoc and 2 more)".

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

import functools
from collections.abc import Iterator, Sequence
from pathlib import PurePath

from featuredoc.analysis.crossdoc import (
    Disagreement,
    SupportComparisons,
    disagreements,
    document_name,
    match_entry,
    support_entries,
)
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.findings import Related, Report, Severity
from featuredoc.rules.base import ANY, Context, Rule

#: SUPPORT.md against every feature document, redone only where something changed.
_COMPARED: SupportComparisons[Report] = SupportComparisons()


def check(ctx: Context) -> Iterator[Report]:
    workspace = ctx.inputs.workspace
    if workspace is None:
        return
    doc = ctx.document
    if doc.kind is DocumentKind.FEATURE:
        support = workspace.support()
        if support is None:
            return
        match = match_entry(doc, support_entries(support), ctx.config, suggest=False)
        if match.entry is None:
            return
        for d in disagreements(doc, match.entry, ctx.config):
            where = f" for {d.architecture}" if d.architecture else ""
            yield Report(
                d.status.span,
                f"Status '{d.status.text}'{where} disagrees with SUPPORT.md "
                f"('{match.entry.title}': {d.line.value})",
                related=[
                    Related(
                        support.path,
                        d.line.value_span,
                        f"SUPPORT.md: {d.line.value}",
                        support.lines,
                    )
                ],
            )
        return
    entries = support_entries(doc)
    yield from _COMPARED.results(
        workspace.features(), entries, ctx.config, functools.partial(support_reports, ctx.config)
    )


def support_reports(config: Config, pairs: Sequence[tuple[Document, Disagreement]]) -> list[Report]:
    """The findings on SUPPORT.md for feature documents that disagree with their entries.

    One per SUPPORT.md status line and what the documents say against it:
    documents of the same name with the same status (and architecture) are
    reported together, each a related place.
    """
    groups: dict[tuple[int, str, str, str | None], list[tuple[Document, Disagreement]]] = {}
    for feature, d in pairs:
        key = (id(d.line), _name(feature, config), d.status.text, d.architecture)
        groups.setdefault(key, []).append((feature, d))
    reports = []
    for (_, name, status, architecture), members in groups.items():
        value = members[0][1].line.value
        where = f" for {architecture}" if architecture else ""
        if len(members) == 1:
            told = f"the feature document '{name}', which says"
        else:
            told = (
                f"{len(members)} feature documents named '{name}' "
                f"({_file_names([feature for feature, _ in members])}), which say"
            )
        reports.append(
            Report(
                members[0][1].line.value_span,
                f"'{value}' disagrees with {told} '{status}'{where}",
                related=[
                    Related(feature.path, d.status.span, f"{name}: Status {status}", feature.lines)
                    for feature, d in members
                ],
            )
        )
    return reports


def _name(feature: Document, config: Config) -> str:
    """What the document calls itself (its title, else its one top heading), else its file."""
    own = document_name(feature, config)
    return own.text if own is not None else PurePath(feature.path).name


#: Documents named in a grouped finding's message; the rest are counted.
NAMED_IN_MESSAGE = 3


def _file_names(features: list[Document]) -> str:
    """``a.pandoc, b.pandoc, c.pandoc and 130 more``: for output that shows no related places."""
    names = [PurePath(feature.path).name for feature in features[:NAMED_IN_MESSAGE]]
    rest = len(features) - len(names)
    return ", ".join(names) + (f" and {rest} more" if rest else "")


RULE = Rule(
    code="FD602",
    name="status-disagrees-with-support",
    severity=Severity.ERROR,
    check=check,
    summary="Feature document status disagrees with its SUPPORT.md entry",
    applies_to=ANY,
    doc=__doc__ or "",
    settings=("support_file",),
)
