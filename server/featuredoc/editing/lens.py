"""Lens text: what SUPPORT.md says beside a feature document's status, and the other way.

- On each Status row of a feature document: its SUPPORT.md entry's status
  lines compared with that row (per architecture), and whether they agree.
- On each SUPPORT.md entry's heading: the feature documents linked to it,
  and whether each agrees.

Agreement is :func:`~featuredoc.analysis.crossdoc.disagreements`, FD602's own
comparison, so a lens never says "agrees" where FD602 reports a
disagreement, nor the other way. Pure.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from featuredoc.analysis.crossdoc import (
    SupportEntries,
    SupportEntry,
    disagreements,
    match_entry,
    paired_lines,
    real_statuses,
)
from featuredoc.analysis.status import StatusValue
from featuredoc.editing.entry_links import (
    Location,
    NavWorkspace,
    entries_of,
    entry_span,
    link_span,
    linked_documents,
)
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind, StatusLine
from featuredoc.model.text import Span


@dataclass(frozen=True, slots=True)
class Lens:
    """A line of text shown at *span*; *agrees* ``None`` when there is nothing to compare;
    *targets*: the places it speaks of (SUPPORT.md lines, or documents)."""

    span: Span
    text: str
    agrees: bool | None
    targets: tuple[Location, ...] = field(default=())


def lenses(doc: Document, config: Config, workspace: NavWorkspace) -> list[Lens]:
    """The lenses of *doc*: on its Status rows (feature document) or entries (SUPPORT.md)."""
    found = entries_of(workspace)
    if found is None:
        return []
    support, entries = found
    if doc.kind is DocumentKind.SUPPORT:
        return entry_lenses(support, entries, config, workspace)
    return status_lenses(doc, config, support, entries)


def _line_text(line: StatusLine, differs: bool) -> str:
    where = f"{line.qualifier}: " if line.qualifier else ""
    return where + line.value + (" (differs)" if differs else "")


def _status_lens(
    status: StatusValue,
    statuses: list[StatusValue],
    entry: SupportEntry,
    support: Document,
    differing: list[StatusLine],
) -> Lens:
    lines = paired_lines(status, statuses, entry)
    targets = tuple(Location(support.path, line.value_span) for line in lines)
    if not lines:
        return Lens(status.span, f"SUPPORT.md '{entry.title}': no line to compare", None, targets)
    said = "; ".join(_line_text(ln, any(ln is d for d in differing)) for ln in lines)
    agrees: bool | None = not differing
    verdict = "agrees" if agrees else "disagrees"
    if status.tier is None and not differing:
        agrees, verdict = None, "not compared (the status names no tier)"
    return Lens(status.span, f"SUPPORT.md '{entry.title}': {said} — {verdict}", agrees, targets)


def status_lenses(
    doc: Document, config: Config, support: Document, entries: SupportEntries
) -> list[Lens]:
    """A lens on each Status row of the feature document *doc*."""
    statuses = real_statuses(doc, config)
    if not statuses:
        return []
    match = match_entry(doc, entries, config, suggest=False)
    if match.entry is None:
        return [Lens(s.span, "SUPPORT.md: no entry linked", None) for s in statuses]
    found = disagreements(doc, match.entry, config)
    return [
        _status_lens(
            status,
            statuses,
            match.entry,
            support,
            [d.line for d in found if d.status.span == status.span],
        )
        for status in statuses
    ]


def entry_lenses(
    support: Document, entries: SupportEntries, config: Config, workspace: NavWorkspace
) -> list[Lens]:
    """A lens on each SUPPORT.md entry's heading: its documents and whether they agree."""
    result: list[Lens] = []
    for entry in (*entries.values(), *entries.groups.values()):
        if entry.heading is None:
            continue
        linked = linked_documents(entry, entries, workspace, config)
        if not linked:
            result.append(Lens(entry_span(entry), "No feature document", None))
            continue
        parts: list[str] = []
        targets: list[Location] = []
        all_agree = True
        for item in linked:
            doc = item.document
            differs = bool(disagreements(doc, entry, config))
            all_agree = all_agree and not differs
            name = posixpath.basename(doc.path.replace("\\", "/"))
            parts.append(f"{name} ({'disagrees' if differs else 'agrees'})")
            targets.append(Location(doc.path, link_span(doc, config, item.match)))
        count = f"{len(linked)} feature document{'s' if len(linked) > 1 else ''}"
        text = f"{count}: " + ", ".join(parts)
        result.append(Lens(entry_span(entry), text, all_agree, tuple(targets)))
    result.sort(key=lambda lens: lens.span.start)
    return result
