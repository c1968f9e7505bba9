"""Renaming a SUPPORT.md entry or a configured tier, everywhere it is named.

Pure: returns a complete plan (per file, its edits in code points) or a
:class:`Refusal` that says why not; nothing is changed until the editor
applies the plan.

- **An entry** (from its SUPPORT.md heading, or a feature document's title
  or ``Support entry`` row): the heading, and every feature document linked
  to it. A document that names the entry (Basics row or ``support-entry``
  metadata) gets the new name there; one linked only by inference gets an
  explicit ``Support entry`` row (the FD601 fix's edits, through
  :mod:`featuredoc.analysis.table_cells`: no column of the Basics table
  moves), since the new name may no longer be inferred from its title. The
  rename is refused when the new name is empty, is another heading's, a
  document cannot take the row, or the new heading would be inferred for a
  document that stands for another entry today.
- **A tier** declared in ``.featuredoc.yaml``: its ``tiers`` entry and its
  ``signoff_tiers`` entries, SUPPORT.md's definition heading for it, and
  every status naming it (SUPPORT.md and every feature document). A
  built-in tier the file does not declare is not renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from featuredoc.analysis.crossdoc import (
    SupportEntries,
    document_name,
    link_key,
    match_entry,
)
from featuredoc.analysis.entry_inference import Vocabulary, infer
from featuredoc.analysis.table_cells import replace_text
from featuredoc.editing.config_edit import scalar
from featuredoc.editing.entry_links import (
    EntryHit,
    Linked,
    NavWorkspace,
    entries_of,
    entry_at,
    entry_span,
    linked_documents,
    metadata_entry_span,
)
from featuredoc.editing.tier_sites import (
    ConfigText,
    TierHit,
    definition_heading,
    tier_at,
    tier_declaration,
    tier_uses_in,
)
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.findings import TextEdit
from featuredoc.model.text import Position, Span, fold
from featuredoc.rules.fd601_no_support_entry import link_edits


class RenameKind(str, Enum):
    ENTRY = "entry"
    TIER = "tier"


@dataclass(frozen=True, slots=True)
class RenameTarget:
    """What a rename at a position would rename: the name's span there, and its text."""

    kind: RenameKind
    span: Span
    placeholder: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why nothing is renamed."""

    reason: str


@dataclass(slots=True)
class FileEdits:
    path: str
    edits: list[TextEdit] = field(default_factory=list)


@dataclass(slots=True)
class RenamePlan:
    """Every edit of the rename, per file (paths as the workspace names them)."""

    files: list[FileEdits] = field(default_factory=list)

    def add(self, path: str, edits: list[TextEdit]) -> None:
        for item in self.files:
            if item.path == path:
                item.edits.extend(edits)
                return
        self.files.append(FileEdits(path, list(edits)))


NOT_RENAMEABLE = Refusal(
    "Only a SUPPORT.md entry (its heading, or a feature document's title or "
    "'Support entry' row) or a tier declared in .featuredoc.yaml can be renamed here"
)


def prepare_rename(
    doc: Document,
    config: Config,
    pos: Position,
    workspace: NavWorkspace,
    config_file: ConfigText | None = None,
) -> RenameTarget | Refusal:
    """What a rename at *pos* renames, or why it cannot."""
    tier = tier_at(doc, config, pos)
    if tier is not None:
        if tier_declaration(config_file, tier.name) is None:
            return _built_in(tier.name)
        return RenameTarget(RenameKind.TIER, tier.span, tier.name)
    hit = entry_at(doc, config, pos, workspace)
    if hit is None or hit.status is not None or hit.line is not None:
        return NOT_RENAMEABLE
    if hit.entry.heading is None:
        return Refusal(f"SUPPORT.md has no heading '{hit.entry.title}' to rename")
    return RenameTarget(RenameKind.ENTRY, hit.span, hit.entry.title)


def rename(
    doc: Document,
    config: Config,
    pos: Position,
    new_name: str,
    workspace: NavWorkspace,
    config_file: ConfigText | None = None,
) -> RenamePlan | Refusal:
    """The edits that rename what is at *pos* to *new_name* everywhere, or why not."""
    target = prepare_rename(doc, config, pos, workspace, config_file)
    if isinstance(target, Refusal):
        return target
    name = new_name.strip()
    if not name or "\n" in name or "\r" in name:
        return Refusal("The new name must be one line of text")
    if target.kind is RenameKind.TIER:
        tier = tier_at(doc, config, pos)
        assert tier is not None and config_file is not None
        return _rename_tier(tier, name, config, workspace, config_file)
    hit = entry_at(doc, config, pos, workspace)
    assert hit is not None
    return _rename_entry(hit, name, config, workspace)


def _built_in(name: str) -> Refusal:
    return Refusal(
        f"'{name}' is a built-in tier: declare it in the 'tiers' list of .featuredoc.yaml "
        "to rename it"
    )


# ---- entries ----------------------------------------------------------------------------


def _clash(name: str, old: str, support: Document, entries: SupportEntries) -> str | None:
    """Another SUPPORT.md heading (or entry) already called *name*."""
    wanted = fold(name)
    if wanted == fold(old):
        return None
    for title in (*entries.titles(), *(h.title for h in support.headings)):
        if fold(title) == wanted:
            return title
    return None


def _relinked(
    name: str, old: str, entries: SupportEntries, workspace: NavWorkspace, config: Config
) -> list[str]:
    """Documents linked by inference to another entry (or none) whose inferred entry the
    new heading would change."""
    titles = tuple(name if fold(t) == fold(old) else t for t in entries.titles())
    changed: list[str] = []
    for doc in workspace.features():
        key = link_key(doc, config)
        match = match_entry(doc, entries, config, suggest=False)
        if key[0] != "inferred" or (
            match.entry is not None and fold(match.entry.title) == fold(old)
        ):
            continue  # named explicitly, or linked to the renamed entry (it gets a row)
        own = document_name(doc, config)
        vocab = key[2]
        assert isinstance(vocab, Vocabulary)
        found = infer(own.text if own else None, vocab, titles)
        after = found.candidates[0] if len(found.candidates) == 1 else None
        before = match.entry.title if match.entry is not None else None
        if (fold(after) if after else None) != (fold(before) if before else None):
            changed.append(doc.path)
    return changed


def _link_edit(linked: Linked, name: str, config: Config) -> list[TextEdit] | None:
    doc, match = linked.document, linked.match
    if match.explicit is not None:
        return replace_text(doc, match.explicit.value_span, name)
    if match.explicit_name:
        span = metadata_entry_span(doc)
        return [TextEdit(span, scalar(name))] if span is not None else None
    return link_edits(doc, config, name)


def _rename_entry(
    hit: EntryHit, name: str, config: Config, workspace: NavWorkspace
) -> RenamePlan | Refusal:
    found = entries_of(workspace)
    if found is None:
        return NOT_RENAMEABLE
    support, entries = found
    old = hit.entry.title
    other = _clash(name, old, support, entries)
    if other is not None:
        return Refusal(f"SUPPORT.md already has a heading '{other}'")
    relinked = _relinked(name, old, entries, workspace, config)
    if relinked:
        return Refusal(
            f"A heading '{name}' would be inferred as the entry of "
            + ", ".join(relinked)
            + ", which stand for another entry today"
        )
    plan = RenamePlan()
    plan.add(support.path, [TextEdit(entry_span(hit.entry), name)])
    for linked in linked_documents(hit.entry, entries, workspace, config):
        edits = _link_edit(linked, name, config)
        if not edits:
            return Refusal(
                f"{linked.document.path} cannot take a 'Support entry' row naming '{name}' "
                "(no Basics table, or its columns would move)"
            )
        plan.add(linked.document.path, edits)
    return plan


# ---- tiers ------------------------------------------------------------------------------


def _tier_clash(name: str, old: str, config: Config) -> str | None:
    tiers = config.tier_set()
    known = tiers.lookup(name)
    if known is not None and known.name != old:
        return known.name
    for label in tiers.support_labels():
        if fold(label) == fold(name) and fold(label) != fold(old):
            return label
    return None


def _rename_tier(
    tier: TierHit, name: str, config: Config, workspace: NavWorkspace, config_file: ConfigText
) -> RenamePlan | Refusal:
    other = _tier_clash(name, tier.name, config)
    if other is not None:
        return Refusal(f"'{other}' is already a tier or SUPPORT.md label")
    declared = tier_declaration(config_file, tier.name)
    if declared is None:
        return _built_in(tier.name)
    plan = RenamePlan()
    plan.add(config_file.path, [TextEdit(span, scalar(name)) for span in declared.names])
    support = workspace.support()
    docs = [*([support] if support is not None else []), *workspace.features()]
    heading = definition_heading(support, tier.name) if support is not None else None
    if support is not None and heading is not None:
        plan.add(support.path, [TextEdit(heading.span, name)])
    for doc in docs:
        for hit in tier_uses_in(doc, config):
            if hit.name != tier.name:
                continue
            edits = replace_text(doc, hit.span, name)
            if not edits:
                return Refusal(
                    f"{doc.path}: the status at line {hit.span.start.line + 1} "
                    "cannot be changed without moving a column"
                )
            plan.add(doc.path, edits)
    return plan
