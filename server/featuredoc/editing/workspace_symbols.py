"""Workspace symbols: every feature document and every SUPPORT.md entry, found by a query.

A query matches a name when its characters appear in the name in order
(``cr2sch`` finds ``Credit2 Scheduler``), compared through
:func:`~featuredoc.model.text.fold` (case and width of white space do not
matter), as editors match symbol names; the best matches come first: runs
of consecutive characters, and characters that start a word, count more.
Pure: reads the workspace's index.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import Enum

from featuredoc.analysis.crossdoc import SupportEntry, document_name, real_statuses
from featuredoc.editing.entry_links import NavWorkspace, entries_of, entry_span
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.text import Span, fold

#: Symbols returned at most (editors ask again as the query grows).
MAX_SYMBOLS = 500


class WorkspaceSymbolKind(str, Enum):
    DOCUMENT = "document"  # a feature document
    ENTRY = "entry"  # a SUPPORT.md entry (or a heading over a group of them)


@dataclass(frozen=True, slots=True)
class WorkspaceSymbol:
    name: str
    kind: WorkspaceSymbolKind
    path: str
    span: Span
    detail: str  # what it is, and its status


def fuzzy_score(query: str, name: str) -> int | None:
    """How well *query* matches *name* (higher is better); ``None``: it does not.

    Every character of the query (white space ignored) must appear in the
    name in order, case-insensitively. A character right after the previous
    one scores more, and more again at the start of a word.
    """
    wanted = "".join(fold(query).split())
    if not wanted:
        return 0
    text = fold(name)
    score = 0
    at = -1
    for char in wanted:
        found = text.find(char, at + 1)
        if found < 0:
            return None
        score += 1
        if at >= 0 and found == at + 1:
            score += 4
        if found == 0 or not text[found - 1].isalnum():
            score += 3
        at = found
    return score - (len(text) - len(wanted)) // 8


def _status_text(doc: Document, config: Config) -> str:
    parts = []
    for status in real_statuses(doc, config):
        where = status.qualifier or status.architecture
        parts.append(status.text + (f" ({where})" if where else ""))
    return ", ".join(parts) or "no status"


def _entry_status(entry: SupportEntry) -> str:
    parts = [(f"{line.qualifier}: " if line.qualifier else "") + line.value for line in entry.lines]
    return "; ".join(parts) or "no status"


def _document_symbol(doc: Document, config: Config) -> WorkspaceSymbol:
    own = document_name(doc, config)
    name = own.text if own is not None else posixpath.basename(doc.path.replace("\\", "/"))
    span = own.span if own is not None else Span.on_line(0, 0, 0)
    detail = f"feature document · {_status_text(doc, config)}"
    return WorkspaceSymbol(name, WorkspaceSymbolKind.DOCUMENT, doc.path, span, detail)


def workspace_symbols(workspace: NavWorkspace, config: Config, query: str) -> list[WorkspaceSymbol]:
    """The feature documents and SUPPORT.md entries whose names match *query*, best first."""
    symbols = [_document_symbol(doc, config) for doc in workspace.features()]
    found = entries_of(workspace)
    if found is not None:
        support, entries = found
        for entry in (*entries.values(), *entries.groups.values()):
            detail = f"SUPPORT.md entry · {_entry_status(entry)}"
            symbols.append(
                WorkspaceSymbol(
                    entry.title, WorkspaceSymbolKind.ENTRY, support.path, entry_span(entry), detail
                )
            )
    scored = [(fuzzy_score(query, s.name), s) for s in symbols]
    ranked = sorted(
        ((score, s) for score, s in scored if score is not None),
        key=lambda pair: (-pair[0], fold(pair[1].name), pair[1].path),
    )
    return [s for _, s in ranked[:MAX_SYMBOLS]]
