"""Feature documents against SUPPORT.md: matching entries and comparing statuses.

Pure functions over parsed documents; the workspace index
(:mod:`featuredoc.workspace.index`) supplies the documents and the FD6xx rules
report what these functions find.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from featuredoc.analysis.status import StatusValue, status_values
from featuredoc.analysis.title_similarity import closest_title
from featuredoc.model.config import Config
from featuredoc.model.document import Document, Field, Heading, StatusLine
from featuredoc.model.text import Span, fold

SUPPORT_ENTRY_KEY = "Support entry"
SUPPORT_ENTRY_METADATA = "support-entry"
_ARCH_SPLIT = re.compile(r"[\s,/()]+")


@dataclass(slots=True)
class SupportEntry:
    """A SUPPORT.md heading with the status lines written under it."""

    title: str
    heading: Heading | None
    lines: list[StatusLine]


_last_entries: list[tuple[Document, dict[str, SupportEntry]]] = []


def support_entries(support: Document) -> dict[str, SupportEntry]:
    """Entries of SUPPORT.md by normalised heading title, in document order.

    The entries of the last SUPPORT.md asked for are kept: every feature
    document is compared with the same parsed SUPPORT.md until it changes.
    Do not modify the result.
    """
    if _last_entries and _last_entries[0][0] is support:
        return _last_entries[0][1]
    entries = _support_entries(support)
    _last_entries[:] = [(support, entries)]
    return entries


def _support_entries(support: Document) -> dict[str, SupportEntry]:
    headings = {h.title: h for h in support.headings}
    entries: dict[str, SupportEntry] = {}
    for line in support.status_lines:
        if line.section is None:
            continue
        key = fold(line.section)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = SupportEntry(line.section, headings.get(line.section), [])
        entry.lines.append(line)
    return entries


@dataclass(slots=True)
class EntryMatch:
    entry: SupportEntry | None
    explicit: Field | None  # the Basics row naming the entry, if any
    explicit_name: str | None  # what it names (also from metadata)
    suggestion: str | None  # closest entry title when nothing matched


def explicit_entry(doc: Document, config: Config) -> tuple[str | None, Field | None]:
    if doc.basics is not None:
        for item in doc.basics.fields:
            if config.canonical_key(item.key) == SUPPORT_ENTRY_KEY or fold(item.key) == fold(
                SUPPORT_ENTRY_KEY
            ):
                return item.value.strip(), item
    meta = doc.metadata
    if meta is not None and isinstance(meta.data, dict):
        value = meta.data.get(SUPPORT_ENTRY_METADATA)
        if isinstance(value, str) and value.strip():
            return value.strip(), None
    return None, None


@dataclass(frozen=True, slots=True)
class DocumentName:
    """What a feature document calls itself, and where."""

    text: str
    span: Span
    from_heading: bool  # no title block: the document's one top-level heading


def document_name(doc: Document, config: Config) -> DocumentName | None:
    """The name a feature document is matched to SUPPORT.md by.

    The title block's title; without one, the document's first heading when
    it is its only heading at the top level and not a template section
    (``Dom0less`` over ``Booting Multiple Domains from Device Tree`` and
    the other ``##`` sections), as pandoc renders such a document.
    """
    tb = doc.title_block
    if tb is not None and tb.title:
        span = tb.title_span if tb.title_span is not None else Span.on_line(0, 0, 0)
        return DocumentName(tb.title, span, False)
    if tb is not None or not doc.headings:
        return None
    first = doc.headings[0]
    top = min(h.level for h in doc.headings)
    if first.level != top or sum(1 for h in doc.headings if h.level == top) != 1:
        return None
    if fold(first.title) in {fold(s) for s in config.sections} or not first.title.strip():
        return None
    return DocumentName(first.title, first.span, True)


def match_entry(
    doc: Document, entries: dict[str, SupportEntry], config: Config, *, suggest: bool = True
) -> EntryMatch:
    """The SUPPORT.md entry of *doc*; *suggest*: name the closest title when none matches.

    The one matching used everywhere (FD601, FD602, ``featuredoc matrix``):
    the explicit ``Support entry`` when there is one, else the
    :func:`document_name`.
    """
    name, field = explicit_entry(doc, config)
    own = document_name(doc, config)
    wanted = name if name is not None else (own.text if own else None)
    if not wanted:
        return EntryMatch(None, None, None, None)
    entry = entries.get(fold(wanted))
    suggestion = None
    if entry is None and suggest:
        suggestion = _closest(wanted, tuple(e.title for e in entries.values()))
    return EntryMatch(entry, field, name, suggestion)


@functools.lru_cache(maxsize=1024)
def _closest(title: str, titles: tuple[str, ...]) -> str | None:
    return closest_title(title, titles)


def support_label(value: str, config: Config) -> str | None:
    """The label a SUPPORT.md value starts with (longest first), case-insensitively."""
    folded = fold(value)
    for label in config.tier_set().support_labels():
        if folded.startswith(fold(label)):
            rest = value[len(label) :]
            if not rest or not rest[0].isalnum():
                return label
    return None


def _arch_tokens(text: str | None) -> set[str]:
    if not text:
        return set()
    tokens = {fold(t) for t in _ARCH_SPLIT.split(text) if t}
    return tokens - {"all", "and"}


def _arch_match(doc_arch: set[str], qualifier: str) -> bool:
    support = _arch_tokens(qualifier)
    for a in doc_arch:
        for s in support:
            if a == s or s.startswith(a) or a.startswith(s):
                return True
    return False


@dataclass(slots=True)
class Disagreement:
    status: StatusValue
    line: StatusLine
    support_value: str
    architecture: str | None


def paired_lines(
    status: StatusValue, statuses: list[StatusValue], entry: SupportEntry
) -> list[StatusLine]:
    """The SUPPORT.md lines of *entry* that *status* (one of *statuses*) is compared with.

    By architecture when the status names one (``Architecture: ARM`` after it,
    or ``Status, ARM:``) and SUPPORT.md qualifies a line with it; else the
    unqualified lines; a document with a single unqualified status is
    compared with every line.
    """
    unqualified = [line for line in entry.lines if not line.qualifier]
    arch = _arch_tokens(status.qualifier or status.architecture)
    if arch:
        pairs = [ln for ln in entry.lines if ln.qualifier and _arch_match(arch, ln.qualifier)]
        return pairs or unqualified
    return unqualified or (list(entry.lines) if len(statuses) == 1 else [])


def real_statuses(doc: Document, config: Config) -> list[StatusValue]:
    """The document's status rows, without the template's placeholder row."""
    return [s for s in status_values(doc, config) if not s.is_placeholder]


def agrees(status: StatusValue, line: StatusLine, config: Config) -> bool | None:
    """Whether *status* and the SUPPORT.md *line* name the same tier (None: unknown label)."""
    label = support_label(line.value, config)
    if label is None:
        return None  # an unknown SUPPORT.md label is FD501's business
    mine = status.tier.name if status.tier else status.text
    return fold(label) == fold(mine)


def disagreements(doc: Document, entry: SupportEntry, config: Config) -> list[Disagreement]:
    """Status rows of *doc* that disagree with the SUPPORT.md *entry*."""
    found: list[Disagreement] = []
    statuses = real_statuses(doc, config)
    tiers = config.tier_set()
    for status in statuses:
        if status.tier is None:
            parts = [p.strip().strip("*_ ") for p in status.text.split("/")]
            if len(parts) < 2 or not all(tiers.lookup(p) for p in parts):
                continue  # not a status at all: FD201 reports it
        arch_text = status.qualifier or status.architecture
        for line in paired_lines(status, statuses, entry):
            if agrees(status, line, config) is False:
                label = support_label(line.value, config) or line.value
                found.append(Disagreement(status, line, label, arch_text))
    return found


def wanted_entry(doc: Document, config: Config) -> str | None:
    """The normalised SUPPORT.md entry name a feature document is compared with on SUPPORT.md.

    The same name :func:`match_entry` looks up from the feature document's
    side: the explicit ``Support entry``, else the :func:`document_name`.
    """
    name, _ = explicit_entry(doc, config)
    own = document_name(doc, config) if name is None else None
    wanted = name if name is not None else (own.text if own else None)
    return fold(wanted) if wanted else None


def support_disagreements(
    features: Iterable[Document], entries: dict[str, SupportEntry], config: Config
) -> Iterator[tuple[Document, list[Disagreement]]]:
    """``(feature, disagreements)`` for each feature document that disagrees, in their order.

    What FD602 reports on SUPPORT.md, computed from scratch;
    :class:`SupportComparisons` gives the same, redoing only what changed.
    """
    for doc in features:
        wanted = wanted_entry(doc, config)
        entry = entries.get(wanted) if wanted is not None else None
        if entry is None:
            continue
        found = disagreements(doc, entry, config)
        if found:
            yield doc, found


#: A disagreement of a feature document with an entry, its line given by its index there.
_Pairing = tuple[StatusValue, int, str, str | None]

R = TypeVar("R")


@dataclass(slots=True)
class _EntryResult(Generic[R]):
    """What one SUPPORT.md entry yielded: valid while its lines and its documents are the same."""

    lines: tuple[StatusLine, ...]
    group: tuple[Document, ...]
    results: list[R]


class SupportComparisons(Generic[R]):
    """Every feature document compared with SUPPORT.md, redone only where something changed.

    FD602 on SUPPORT.md reports, for every entry, the feature documents
    that name it and disagree with it. While SUPPORT.md is edited, the
    feature documents stay the same objects (``features()`` is even the same
    sequence) and most entries keep the same status lines, usually the same
    objects; so

    - the documents are grouped by the entry they name once per sequence of
      feature documents;
    - an entry whose lines and documents are those of the last call gives
      the results built last time (:meth:`results`);
    - a document is compared again with an entry only when the entry's
      qualifiers and values differ from those it was last compared with: a
      line moved by an edit above it is only looked up by its index.

    Only the documents and entries of the last call are remembered.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config: Config | None = None
        self._features: Sequence[Document] | None = None
        self._groups: dict[str, tuple[Document, ...]] = {}
        self._wanted: dict[int, tuple[Document, str | None]] = {}
        self._pairings: dict[int, tuple[Document, tuple[object, ...], tuple[_Pairing, ...]]] = {}
        self._entries: dict[str, _EntryResult[R]] = {}

    def results(
        self,
        features: Sequence[Document],
        entries: dict[str, SupportEntry],
        config: Config,
        build: Callable[[list[tuple[Document, Disagreement]]], list[R]],
    ) -> list[R]:
        """``build(pairs)`` for each entry some feature document disagrees with, in order.

        *pairs*: the entry's ``(feature, disagreement)`` pairs, by feature
        document in the order of *features*, then as :func:`disagreements`
        finds them; the results of an unchanged entry are the very objects
        built before.
        """
        with self._lock:
            if self._config is not config:
                self._config, self._features = config, None
                self._wanted, self._pairings, self._entries = {}, {}, {}
            if self._features is not features:
                self._group(features, config)
            groups, previous = self._groups, self._entries
            current: dict[str, _EntryResult[R]] = {}
            out: list[R] = []
            for key, entry in entries.items():
                group = groups.get(key)
                if not group:
                    continue
                lines = tuple(entry.lines)
                known = previous.get(key)
                if known is None or known.group is not group or known.lines != lines:
                    known = _EntryResult(lines, group, self._build(group, entry, config, build))
                current[key] = known
                out.extend(known.results)
            self._entries = current
            return out

    def _group(self, features: Sequence[Document], config: Config) -> None:
        wanted_of = self._wanted
        known: dict[int, tuple[Document, str | None]] = {}
        groups: dict[str, list[Document]] = {}
        for doc in features:
            memo = wanted_of.get(id(doc))
            if memo is None or memo[0] is not doc:
                memo = (doc, wanted_entry(doc, config))
            known[id(doc)] = memo
            if memo[1] is not None:
                groups.setdefault(memo[1], []).append(doc)
        self._features, self._wanted = features, known
        self._groups = {key: tuple(docs) for key, docs in groups.items()}
        self._pairings = {k: v for k, v in self._pairings.items() if k in known}
        self._entries = {}

    def _build(
        self,
        group: tuple[Document, ...],
        entry: SupportEntry,
        config: Config,
        build: Callable[[list[tuple[Document, Disagreement]]], list[R]],
    ) -> list[R]:
        content = tuple((line.qualifier, line.value) for line in entry.lines)
        pairs: list[tuple[Document, Disagreement]] = []
        for doc in group:
            memo = self._pairings.get(id(doc))
            if memo is None or memo[0] is not doc or memo[1] != content:
                index = {id(line): number for number, line in enumerate(entry.lines)}
                found = tuple(
                    (d.status, index[id(d.line)], d.support_value, d.architecture)
                    for d in disagreements(doc, entry, config)
                )
                memo = (doc, content, found)
                self._pairings[id(doc)] = memo
            for status, number, value, architecture in memo[2]:
                line = entry.lines[number]
                pairs.append((doc, Disagreement(status, line, value, architecture)))
        return build(pairs) if pairs else []
