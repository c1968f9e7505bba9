"""Feature documents and their SUPPORT.md entries, as editor features see them.

Pure: takes parsed documents and code-point positions. Which entry a
document stands for is decided by
:func:`~featuredoc.analysis.crossdoc.match_entry`, the one matching FD601,
FD602 and ``featuredoc matrix`` use, so the editor never shows a link the
checks do not make.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from featuredoc.analysis.crossdoc import (
    SUPPORT_ENTRY_METADATA,
    EntryMatch,
    SupportEntries,
    SupportEntry,
    document_name,
    explicit_entry,
    match_entry,
    paired_lines,
    real_statuses,
    support_entries,
)
from featuredoc.analysis.status import StatusValue
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind, StatusLine
from featuredoc.model.text import Position, Span, fold


class NavWorkspace(Protocol):
    """The cross-document index as navigation reads it (``WorkspaceIndex`` is one)."""

    def support(self) -> Document | None: ...

    def features(self) -> Sequence[Document]: ...

    def document(self, path: str) -> Document | None: ...


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: its path (as the workspace names it) and a code-point span."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class Linked:
    """A feature document linked to an entry, and how."""

    document: Document
    match: EntryMatch


def entries_of(workspace: NavWorkspace) -> tuple[Document, SupportEntries] | None:
    support = workspace.support()
    return None if support is None else (support, support_entries(support))


def entry_span(entry: SupportEntry) -> Span:
    """Where an entry is named: its heading's title (its first status line without one)."""
    if entry.heading is not None:
        return entry.heading.span
    return entry.lines[0].key_span if entry.lines else Span.on_line(0, 0, 0)


def same_entry(a: SupportEntry | None, b: SupportEntry) -> bool:
    return a is not None and fold(a.title) == fold(b.title)


def linked_documents(
    entry: SupportEntry, entries: SupportEntries, workspace: NavWorkspace, config: Config
) -> list[Linked]:
    """Every feature document linked to *entry* (by its ``Support entry`` row or inferred)."""
    found: list[Linked] = []
    for doc in workspace.features():
        match = match_entry(doc, entries, config, suggest=False)
        if same_entry(match.entry, entry):
            found.append(Linked(doc, match))
    return found


_METADATA_ENTRY = re.compile(rf"^(\s*{re.escape(SUPPORT_ENTRY_METADATA)}\s*:\s*)(.*?)\s*$")


def metadata_entry_span(doc: Document) -> Span | None:
    """The value of the ``support-entry:`` key in *doc*'s YAML metadata block, when written."""
    meta = doc.metadata
    if meta is None:
        return None
    for number in range(meta.span.start.line, min(meta.span.end.line + 1, len(doc.lines))):
        m = _METADATA_ENTRY.match(doc.lines[number])
        if m is not None and m.group(2):
            return Span.on_line(number, m.start(2), m.end(2))
    return None


def link_span(doc: Document, config: Config, match: EntryMatch) -> Span:
    """Where *doc* names its entry: the ``Support entry`` value, else its title."""
    if match.explicit is not None:
        return match.explicit.value_span
    if match.explicit_name:
        span = metadata_entry_span(doc)
        if span is not None:
            return span
    own = document_name(doc, config)
    return own.span if own is not None else Span.on_line(0, 0, 0)


def status_key_span(status: StatusValue) -> Span:
    return status.field.key_span


def _link_spans(doc: Document, config: Config) -> list[Span]:
    """The places of a feature document that stand for its entry: title, the row."""
    spans: list[Span] = []
    own = document_name(doc, config)
    if own is not None:
        spans.append(own.span)
    _, row = explicit_entry(doc, config)
    if row is not None:
        spans += [row.key_span, row.value_span]
    meta = metadata_entry_span(doc)
    if meta is not None:
        spans.append(meta)
    return spans


@dataclass(frozen=True, slots=True)
class EntryHit:
    """The entry a position stands for; *status*: the feature document's Status row there,
    *line*: the SUPPORT.md status line there."""

    entry: SupportEntry
    span: Span
    status: StatusValue | None = None
    line: StatusLine | None = None


def entry_at_feature(
    doc: Document, config: Config, pos: Position, entries: SupportEntries
) -> EntryHit | None:
    """The entry of *doc* when *pos* is on its title, ``Support entry`` row or a Status row."""
    match = match_entry(doc, entries, config, suggest=False)
    if match.entry is None:
        return None
    for span in _link_spans(doc, config):
        if span.contains(pos):
            return EntryHit(match.entry, span)
    for status in real_statuses(doc, config):
        key = status_key_span(status)
        if key.contains(pos) or key.start.line == pos.line:
            return EntryHit(match.entry, key, status)
    return None


def entry_at_support(support: Document, pos: Position, entries: SupportEntries) -> EntryHit | None:
    """The entry whose heading, or one of whose status lines, is at *pos*."""
    for heading in support.headings:
        if heading.line_span.contains(pos):
            entry = entries.target(fold(heading.title))
            return EntryHit(entry, heading.span) if entry is not None else None
    for line in support.status_lines:
        if line.span.start.line == pos.line:
            entry = entries.get(fold(line.section or ""))
            return EntryHit(entry, line.key_span, line=line) if entry is not None else None
    return None


def entry_at(
    doc: Document, config: Config, pos: Position, workspace: NavWorkspace
) -> EntryHit | None:
    """The SUPPORT.md entry the position in *doc* (a feature document or SUPPORT.md) names."""
    found = entries_of(workspace)
    if found is None:
        return None
    support, entries = found
    if doc.kind is DocumentKind.SUPPORT:
        return entry_at_support(doc, pos, entries)
    return entry_at_feature(doc, config, pos, entries)


def statuses_paired_with(
    doc: Document, config: Config, entry: SupportEntry, line: StatusLine
) -> list[StatusValue]:
    """The Status rows of *doc* that FD602 compares with the SUPPORT.md *line*."""
    statuses = real_statuses(doc, config)
    return [s for s in statuses if any(p is line for p in paired_lines(s, statuses, entry))]
