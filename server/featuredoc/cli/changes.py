"""Every support-status change between two git revisions.

``featuredoc changes A..B [--format text|markdown|json]`` (or ``A B``; B
defaults to ``HEAD``) reads SUPPORT.md and the feature documents
(``docs/features/*.pandoc``) at both revisions from git objects (nothing is
checked out) and lists, per entry and architecture, what was added,
removed, renamed, raised or lowered, and whether security support was
gained or lost.

SUPPORT.md is read as Xen's support-matrix generator reads it
(:func:`featuredoc.analysis.support_reading.read_support`): one item per
generator row, keyed by the row's identifier (``anchor--qualifier``). A
feature document gives one item per Status row of its Basics table, named
after the SUPPORT.md entry it is linked to (:func:`match_entry`) or its own
name. A removed and an added item are one renamed item when they have the
same qualifier and similar titles (:mod:`featuredoc.analysis.title_similarity`),
preferring pairs with the same value.

:func:`compare` is pure data (tested directly); the renderers only format it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from featuredoc.analysis.crossdoc import (
    SupportEntries,
    document_name,
    match_entry,
    support_entries,
)
from featuredoc.analysis.status import status_values
from featuredoc.analysis.support_reading import read_support
from featuredoc.analysis.title_similarity import match_words, words
from featuredoc.cli.display import escape_text
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.text import fold, squash
from featuredoc.model.tiers import TierSet
from featuredoc.workspace.gitbase import GitError, check_rev, list_files, show, verify

FORMATS = ("text", "markdown", "json")
SUPPORT = "SUPPORT.md"
FEATURES = "docs/features"

#: How far along the way to Supported a label is; the labels of SUPPORT.md
#: that say a thing does not work come first. A label not listed has no rank
#: (a change to or from it is "changed", neither raised nor lowered).
_RANK = {
    "not supported": 0,
    "not implemented": 0,
    "not functional": 0,
    "no security support": 0,
    "experimental": 1,
    "tech preview": 2,
    "deprecated": 3,
    "supported": 4,
}


#: The share of a heading's words a renamed entry keeps (2 of 3).
_RENAMED_WORDS = 0.66


@dataclass(frozen=True, slots=True)
class Item:
    """One status at one revision: a SUPPORT.md row or a feature document's Status row."""

    source: str  # "SUPPORT.md" or the feature document's path
    key: str  # SUPPORT.md: the generator's row identifier; a document: name + qualifier
    entry: str  # the entry's heading (or the document's name)
    qualifier: str | None  # the architecture or variant ("x86", "dom0"), None when none
    value: str


@dataclass(slots=True)
class StatusChange:
    kind: str  # added, removed, raised, lowered, changed, renamed
    source: str
    entry: str
    qualifier: str | None
    old: str | None
    new: str | None
    renamed_from: str | None = None
    security: str | None = None  # "gained", "lost" or None

    @property
    def name(self) -> str:
        return f"{self.entry} ({self.qualifier})" if self.qualifier else self.entry


def _name(item: Item) -> str:
    return f"{item.entry} ({item.qualifier})" if item.qualifier else item.entry


# ---- reading a revision --------------------------------------------------------------------


def support_items(doc: Document) -> list[Item]:
    """The rows of a SUPPORT.md as Xen's generator reads them."""
    items = []
    for row in read_support(doc).rows:
        if row.path and row.path[0] == "release-support":
            continue  # the release's own data (Xen-Version, dates), not a status
        qualified = "--" in row.key and len(row.titles) >= 2
        entry = row.titles[-2] if qualified else row.title
        items.append(
            Item(SUPPORT, row.key, entry, row.title if qualified else None, squash(row.value))
        )
    return items


def feature_items(
    path: str, text: str, entries: SupportEntries | None, config: Config
) -> list[Item]:
    """The Status rows of a feature document, named after its SUPPORT.md entry in *entries*.

    Keyed by the document's own name (a renamed file keeps its rows), so two
    documents linked to one entry stay apart.
    """
    from featuredoc.engine import parse

    doc = parse(text, path, config, cached=False)
    name = document_name(doc, config)
    own = name.text if name is not None else Path(path).stem
    entry = own
    if entries is not None:
        match = match_entry(doc, entries, config, suggest=False)
        if match.entry is not None:
            entry = match.entry.title
    items = []
    for status in status_values(doc, config):
        if status.is_placeholder:
            continue
        qualifier = status.qualifier or status.architecture
        key = f"{fold(own)}--{fold(qualifier or '')}"
        items.append(Item(path, key, entry, qualifier, squash(status.text)))
    return items


def read_revision(root: Path, rev: str, config: Config) -> list[Item]:
    """Every status at *rev* (a commit from :func:`verify`)."""
    from featuredoc.engine import parse

    text = show(root, rev, root / SUPPORT, verified=True)
    items: list[Item] = []
    entries = None
    if text is not None:
        support = parse(text, SUPPORT, config, cached=False)
        items = support_items(support)
        entries = support_entries(support)
    for path in list_files(root, rev, FEATURES, verified=True):
        if not path.endswith(".pandoc"):
            continue
        text = show(root, rev, root / path, verified=True)
        if text is not None:
            items.extend(feature_items(path, text, entries, config))
    return items


# ---- comparing -----------------------------------------------------------------------------


def _rank(value: str, tiers: TierSet) -> tuple[int | None, bool]:
    """The label's rank and whether it is security supported."""
    reading = tiers.read(value, support=True)
    if reading is None:
        return None, False
    security = reading.tier.security_supported if reading.tier is not None else False
    return _RANK.get(fold(reading.label.split(",", 1)[0])), security


def _change(old: Item | None, new: Item | None, tiers: TierSet) -> StatusChange:
    some = new if new is not None else old
    assert some is not None
    change = StatusChange(
        "added" if old is None else "removed" if new is None else "changed",
        some.source,
        some.entry,
        some.qualifier,
        old.value if old else None,
        new.value if new else None,
    )
    before = _rank(old.value, tiers) if old else (None, False)
    after = _rank(new.value, tiers) if new else (None, False)
    if old is not None and new is not None:
        if before[0] is not None and after[0] is not None and before[0] != after[0]:
            change.kind = "raised" if after[0] > before[0] else "lowered"
    if old is not None and new is not None and before[1] != after[1]:
        change.security = "gained" if after[1] else "lost"
    elif old is None and after[1]:
        change.security = "gained"
    elif new is None and before[1]:
        change.security = "lost"
    return change


def _likeness(a: Item, b: Item) -> float:
    """How alike the names of a removed and an added item are (0: not a rename)."""
    if a.source != b.source and SUPPORT in (a.source, b.source):
        return 0.0
    if fold(a.entry) == fold(b.entry) and not (a.qualifier and b.qualifier):
        return 1.0  # the entry split into qualified rows, or merged into one
    whole = match_words(
        words(f"{a.entry} {a.qualifier or ''}"), words(f"{b.entry} {b.qualifier or ''}")
    )
    if whole.close:
        return whole.score
    if fold(a.qualifier or "") != fold(b.qualifier or ""):
        return 0.0
    # Same qualifier, the entry renamed: most of both headings' words kept
    # ("Physical CPU Hotplug" -> "ACPI CPU Hotplug").
    entry = match_words(words(a.entry), words(b.entry))
    if min(entry.left, entry.right) >= 2 and entry.score >= _RENAMED_WORDS:
        return entry.score
    return 0.0


def _renames(removed: list[Item], added: list[Item]) -> list[tuple[Item, Item]]:
    """Removed and added items that are one item renamed: same value first, most alike first."""
    pairs: list[tuple[Item, Item]] = []
    for same_value in (True, False):
        for old in list(removed):
            scored = [
                (_likeness(old, new), index, new)
                for index, new in enumerate(added)
                if (squash(old.value) == squash(new.value)) == same_value
            ]
            best = max(scored, key=lambda s: (s[0], -s[1]), default=None)
            if best is not None and best[0] > 0:
                pairs.append((old, best[2]))
                removed.remove(old)
                added.remove(best[2])
    return pairs


def compare(before: list[Item], after: list[Item], config: Config) -> list[StatusChange]:
    """The status changes from *before* to *after*, in *after*'s order (removals last)."""
    tiers = config.tier_set()
    old = {(i.source if i.source == SUPPORT else "", i.key): i for i in before}
    new = {(i.source if i.source == SUPPORT else "", i.key): i for i in after}
    removed = [i for k, i in old.items() if k not in new]
    added = [i for k, i in new.items() if k not in old]
    renamed = {id(n): o for o, n in _renames(removed, added)}
    changes: list[StatusChange] = []
    for key, item in new.items():
        was = old.get(key)
        if was is None and id(item) in renamed:
            was = renamed[id(item)]
            change = _change(was, item, tiers)
            if change.kind == "changed" and squash(was.value) == squash(item.value):
                change.kind = "renamed"
            change.renamed_from = _name(was)
            changes.append(change)
        elif was is None:
            changes.append(_change(None, item, tiers))
        elif squash(was.value) != squash(item.value):
            changes.append(_change(was, item, tiers))
    changes.extend(_change(item, None, tiers) for item in removed)
    return changes


def changes_between(root: Path, first: str, second: str, config: Config) -> list[StatusChange]:
    """Every status change from revision *first* to *second* (GitError: a bad revision)."""
    a, b = verify(root, first), verify(root, second)
    return compare(read_revision(root, a, config), read_revision(root, b, config), config)


# ---- output --------------------------------------------------------------------------------


def _describe(change: StatusChange) -> str:
    parts = [change.kind]
    if change.renamed_from is not None:
        parts.append(f"renamed from {change.renamed_from}")
    if change.security is not None:
        parts.append(f"security support {change.security}")
    return ", ".join(parts)


def render_text(changes: list[StatusChange], first: str, second: str) -> str:
    if not changes:
        return f"No support-status changes from {first} to {second}.\n"
    lines = [f"Support-status changes from {first} to {second}:"]
    for c in changes:
        values = f"{c.old or '-'} -> {c.new or '-'}"
        lines.append(f"  {c.source}: {c.name}: {values} ({_describe(c)})")
    return "\n".join(lines) + "\n"


def _markdown_line(c: StatusChange) -> str:
    if c.kind == "removed":
        status = f"was {c.old}"
    elif c.old is None or c.kind == "renamed":
        status = str(c.new)
    else:
        status = f"{c.new}; was {c.old}"
    extra = f"; renamed from {c.renamed_from}" if c.renamed_from else ""
    return f" - {c.name} ({status}{extra})"


def render_markdown(changes: list[StatusChange]) -> str:
    """Lines in CHANGELOG.md's style, under its headings (``### Added / support upgraded``)."""
    up = [c for c in changes if c.kind in ("added", "raised") or c.security == "gained"]
    removed = [c for c in changes if c.kind == "removed"]
    rest = [c for c in changes if c not in up and c not in removed]
    out: list[str] = []
    for heading, group in (
        ("### Added / support upgraded", up),
        ("### Changed", rest),
        ("### Removed", removed),
    ):
        if group:
            out += [heading, *(_markdown_line(c) for c in group), ""]
    return "\n".join(out)


def render_json(changes: list[StatusChange], first: str, second: str) -> str:
    data = {"from": first, "to": second, "changes": [asdict(c) for c in changes]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---- command -------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("revisions", nargs="+", metavar="REV", help="A..B, or A B (B: HEAD)")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the project folder (default: .)"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file")
    parser.add_argument(
        "--no-config", action="store_true", help="ignore .featuredoc.yaml, use the defaults"
    )


def parse_range(revisions: list[str]) -> tuple[str, str]:
    """``["A..B"]``, ``["A", "B"]`` or ``["A"]`` (to HEAD); GitError when none of these."""
    if len(revisions) == 1 and ".." in revisions[0]:
        first, _, second = revisions[0].partition("..")
        second = second or "HEAD"
    elif len(revisions) in (1, 2):
        first, second = revisions[0], revisions[1] if len(revisions) == 2 else "HEAD"
    else:
        raise GitError("give two revisions: A..B or A B")
    return check_rev(first), check_rev(second)


def run_changes(args: argparse.Namespace) -> int:
    from featuredoc.workspace.config_file import load_for_run

    root = Path(args.root)
    config = load_for_run(root, args.config, use_file=not args.no_config)
    try:
        first, second = parse_range(list(args.revisions))
        changes = changes_between(root, first, second, config)
    except GitError as exc:
        print(f"featuredoc changes: error: {escape_text(str(exc))}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(render_json(changes, first, second))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(changes))
    else:
        sys.stdout.write(render_text(changes, first, second))
    return 0
