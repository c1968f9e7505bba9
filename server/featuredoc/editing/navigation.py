"""Go to definition and find references between feature documents and SUPPORT.md.

Pure: takes a parsed document, the ``Config``, a code-point position and the
workspace's index (:class:`~featuredoc.editing.entry_links.NavWorkspace`),
and returns :class:`~featuredoc.editing.entry_links.Location` values (paths
as the index names them, code-point spans). What a position stands for, in
the order asked:

1. a tier's name in a status value (or a SUPPORT.md definition heading):
   the tier. Its definition is the ``tiers`` entry of ``.featuredoc.yaml``
   when the project declares it, and SUPPORT.md's heading under
   "Definition of Status labels"; its references are every status naming
   it, in SUPPORT.md and every feature document of the index.
2. a feature document's title, ``Support entry`` row or the rest of a
   Status row: its SUPPORT.md entry. Its definition is the entry's heading
   and the status lines FD602 compares the rows with (per architecture).
3. a SUPPORT.md entry's heading or status line: the feature documents
   linked to that entry (for a status line, their Status rows compared
   with it); its references are the documents' links (the ``Support
   entry`` value, or the title when the link is inferred).
4. a path or link (see :mod:`featuredoc.analysis.path_refs`): the file,
   at the heading a ``#anchor`` names.
"""

from __future__ import annotations

import os

from featuredoc.analysis.crossdoc import SupportEntry, paired_lines, real_statuses
from featuredoc.analysis.path_refs import (
    PathReference,
    State,
    heading_anchors,
    path_references,
    resolve,
)
from featuredoc.editing.entry_links import (
    EntryHit,
    Location,
    NavWorkspace,
    entries_of,
    entry_at,
    entry_span,
    link_span,
    linked_documents,
    statuses_paired_with,
)
from featuredoc.editing.tier_sites import (
    ConfigText,
    definition_heading,
    tier_at,
    tier_declaration,
    tier_uses,
)
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind, StatusLine
from featuredoc.model.text import Position, Span
from featuredoc.model.tree import TreeListing

__all__ = ["ConfigText", "Location", "NavWorkspace", "definition", "references"]


def definition(
    doc: Document,
    config: Config,
    pos: Position,
    workspace: NavWorkspace,
    *,
    tree: TreeListing | None = None,
    config_file: ConfigText | None = None,
) -> list[Location]:
    """Where what is at *pos* is defined (see the module's docstring); ``[]``: nothing."""
    tier = tier_at(doc, config, pos)
    if tier is not None:
        return tier_definition(tier.name, workspace, config_file)
    hit = entry_at(doc, config, pos, workspace)
    if hit is not None:
        return _entry_definition(doc, config, hit, workspace)
    return path_definition(doc, pos, workspace, tree)


def references(
    doc: Document,
    config: Config,
    pos: Position,
    workspace: NavWorkspace,
    *,
    include_declaration: bool = True,
    config_file: ConfigText | None = None,
) -> list[Location]:
    """Every use of the tier or SUPPORT.md entry at *pos* across the workspace."""
    tier = tier_at(doc, config, pos)
    if tier is not None:
        own = tier_definition(tier.name, workspace, config_file) if include_declaration else []
        return own + tier_uses(workspace, config, tier.name)
    hit = entry_at(doc, config, pos, workspace)
    if hit is None:
        return []
    found = entries_of(workspace)
    if found is None:
        return []
    support, entries = found
    links = [
        Location(linked.document.path, link_span(linked.document, config, linked.match))
        for linked in linked_documents(hit.entry, entries, workspace, config)
    ]
    head = [Location(support.path, entry_span(hit.entry))] if include_declaration else []
    return head + links


# ---- tiers ------------------------------------------------------------------------------


def tier_definition(
    name: str, workspace: NavWorkspace, config_file: ConfigText | None
) -> list[Location]:
    """The ``tiers`` entry of ``.featuredoc.yaml`` that declares *name*, then SUPPORT.md's
    definition heading for it (either may be missing)."""
    found: list[Location] = []
    declared = tier_declaration(config_file, name)
    if declared is not None and config_file is not None:
        found.append(Location(config_file.path, declared.entry))
    support = workspace.support()
    heading = definition_heading(support, name) if support is not None else None
    if support is not None and heading is not None:
        found.append(Location(support.path, heading.span))
    return found


# ---- entries ----------------------------------------------------------------------------


def _entry_lines(doc: Document, config: Config, hit: EntryHit) -> list[StatusLine]:
    """The SUPPORT.md lines compared with the Status row at *hit*, or with every row."""
    statuses = real_statuses(doc, config)
    chosen = [hit.status] if hit.status is not None else statuses
    lines: list[StatusLine] = []
    for status in chosen:
        for line in paired_lines(status, statuses, hit.entry):
            if not any(line is seen for seen in lines):
                lines.append(line)
    return lines


def _entry_definition(
    doc: Document, config: Config, hit: EntryHit, workspace: NavWorkspace
) -> list[Location]:
    found = entries_of(workspace)
    if found is None:
        return []
    support, entries = found
    if doc.kind is DocumentKind.FEATURE:
        lines = _entry_lines(doc, config, hit)
        return [Location(support.path, entry_span(hit.entry))] + [
            Location(support.path, line.value_span) for line in lines
        ]
    return _documents_of(hit.entry, hit.line, config, workspace)


def _documents_of(
    entry: SupportEntry, line: StatusLine | None, config: Config, workspace: NavWorkspace
) -> list[Location]:
    """The feature documents linked to *entry*: their Status rows compared with *line*,
    else (no line, or no row compared with it) where they name the entry."""
    found = entries_of(workspace)
    if found is None:
        return []
    locations: list[Location] = []
    for linked in linked_documents(entry, found[1], workspace, config):
        doc = linked.document
        rows = statuses_paired_with(doc, config, entry, line) if line is not None else []
        if rows:
            locations += [Location(doc.path, status.span) for status in rows]
        else:
            locations.append(Location(doc.path, link_span(doc, config, linked.match)))
    return locations


# ---- paths ------------------------------------------------------------------------------


def _reference_at(doc: Document, pos: Position) -> PathReference | None:
    for ref in path_references(doc):
        if ref.span.contains(pos) or (
            ref.anchor_span is not None and ref.anchor_span.contains(pos)
        ):
            return ref
    return None


def _heading_location(target: Document, anchor: str | None) -> Location | None:
    index = heading_anchors(target).get(anchor) if anchor else None
    return None if index is None else Location(target.path, target.headings[index].span)


def path_definition(
    doc: Document, pos: Position, workspace: NavWorkspace, tree: TreeListing | None
) -> list[Location]:
    """The file a path or link at *pos* names (its start), or the heading its anchor names.

    A heading is found in *doc* itself and in the documents of the index;
    a folder, a glob, or a path not in *tree* has no definition.
    """
    ref = _reference_at(doc, pos)
    if ref is None:
        return []
    if not ref.path:
        own = _heading_location(doc, ref.anchor)
        return [own] if own is not None else []
    if tree is None:
        return []
    found = resolve(ref, doc.path, tree)
    if found.state is not State.FOUND or found.path not in tree.files:
        return []
    path = os.path.normpath(os.path.join(tree.root, *found.path.split("/")))
    target = workspace.document(path)
    heading = _heading_location(target, ref.anchor) if target is not None else None
    return [heading] if heading is not None else [Location(path, Span.on_line(0, 0, 0))]
