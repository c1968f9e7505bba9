"""Feature documents against SUPPORT.md: matching entries and comparing statuses.

Pure functions over parsed documents; the workspace index
(:mod:`featuredoc.workspace.index`) supplies the documents and the FD6xx rules
report what these functions find.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

from featuredoc.analysis.entry_inference import (
    NO_CANDIDATE,
    Inference,
    Vocabulary,
    infer,
    vocabulary,
)
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


class SupportEntries(dict[str, SupportEntry]):
    """SUPPORT.md's entries by folded heading title, in document order, and what links to them.

    The entries are the headings with status lines under them. The
    :attr:`groups` are the headings that hold no status line themselves but
    entries one level below them, and none further down (``## Hypervisor
    file system`` over ``### Build info`` ...; not ``# Feature Support``):
    a feature document may stand for the whole group; its lines are those
    of the entries below it. Which entry a feature document
    is inferred to stand for is remembered (see :meth:`inferred`), so it
    is worked out once per set of SUPPORT.md headings and document.
    """

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, SupportEntry] = {}
        self._titles: tuple[str, ...] | None = None

    def target(self, key: str) -> SupportEntry | None:
        """The entry or group titled *key* (folded)."""
        return self.get(key) or self.groups.get(key)

    def titles(self) -> tuple[str, ...]:
        """Every heading a feature document may link to: entries, then groups."""
        if self._titles is None:
            self._titles = tuple(e.title for e in self.values()) + tuple(
                g.title for g in self.groups.values()
            )
        return self._titles

    def inferred(self, key: tuple[object, ...], name: str | None, vocab: Vocabulary) -> Inference:
        """:func:`~featuredoc.analysis.entry_inference.infer`, remembered by *key*.

        What is remembered outlives this SUPPORT.md while the next one has
        the same headings: an edit to SUPPORT.md's status lines or prose
        does not infer every document's entry again.
        """
        titles = self.titles()
        with _inferred_lock:
            if _inferred_for[0] != titles:
                _inferred_for[:] = [titles, {}]
            known: dict[tuple[object, ...], Inference] = _inferred_for[1]
            found = known.get(key)
        if found is None:
            found = infer(name, vocab, titles)
            with _inferred_lock:
                if len(known) > 4096:
                    known.clear()
                known[key] = found
        return found


#: The headings the remembered inferences were made with, and the inferences by key.
_inferred_for: list[Any] = [(), {}]
_inferred_lock = threading.Lock()

_last_entries: list[tuple[Document, SupportEntries]] = []


def support_entries(support: Document) -> SupportEntries:
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


def _support_entries(support: Document) -> SupportEntries:
    headings = {h.title: h for h in support.headings}
    entries = SupportEntries()
    for line in support.status_lines:
        if line.section is None:
            continue
        key = fold(line.section)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = SupportEntry(line.section, headings.get(line.section), [])
        entry.lines.append(line)
    all_headings = support.headings
    for at, heading in enumerate(all_headings):
        key = fold(heading.title)
        if key in entries or not key:
            continue
        lines: list[StatusLine] = []
        for below in all_headings[at + 1 :]:
            if below.level <= heading.level:
                break
            entry = entries.get(fold(below.title))
            if entry is not None and below.level != heading.level + 1:
                break  # entries further down: a division of the document, not a feature
            if entry is not None:
                lines.extend(entry.lines)
        else:
            below = None
        if below is not None and below.level > heading.level:
            continue
        if lines and key not in entries.groups:
            entries.groups[key] = SupportEntry(heading.title, heading, lines)
    return entries


def entry_markdown(entry: SupportEntry) -> str:
    """What SUPPORT.md says under *entry*: its heading and status lines (hover, completion)."""
    rows = [
        f"- Status{', ' + line.qualifier if line.qualifier else ''}: {line.value}"
        + (f" ({line.section})" if line.section and fold(line.section) != fold(entry.title) else "")
        for line in entry.lines
    ]
    return f"SUPPORT.md: **{entry.title}**\n\n" + "\n".join(rows)


@dataclass(slots=True)
class EntryMatch:
    entry: SupportEntry | None
    explicit: Field | None  # the Basics row naming the entry, if any
    explicit_name: str | None  # what it names (also from metadata)
    suggestion: str | None  # closest entry title when the named one does not exist
    #: without an explicit name: the headings inferred (one when linked, several
    #: when ambiguous), and how (see :mod:`featuredoc.analysis.entry_inference`)
    inference: Inference = NO_CANDIDATE

    @property
    def inferred(self) -> bool:
        """Whether the entry was inferred rather than named by the document."""
        return self.entry is not None and self.explicit_name is None


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


def architectures(doc: Document, config: Config) -> list[str]:
    """The document's ``Architecture`` values."""
    if doc.basics is None:
        return []
    return [f.value for f in doc.basics.fields if config.canonical_key(f.key) == "Architecture"]


def link_key(doc: Document, config: Config) -> tuple[object, ...]:
    """What the SUPPORT.md entry of *doc* depends on: equal keys, equal links.

    The explicit name, else the document's name, file name, architectures
    and the acronyms it spells out (see :func:`vocabulary`).
    """
    name, _ = explicit_entry(doc, config)
    if name:
        return ("explicit", fold(name))
    own = document_name(doc, config)
    vocab = _vocabulary(doc, config, own.text if own else None)
    return ("inferred", fold(own.text) if own else None, vocab)


_vocabularies: dict[int, tuple[Document, Vocabulary]] = {}
_vocabularies_lock = threading.Lock()


def _vocabulary(doc: Document, config: Config, name: str | None) -> Vocabulary:
    with _vocabularies_lock:
        known = _vocabularies.get(id(doc))
    if known is not None and known[0] is doc:
        return known[1]
    vocab = vocabulary(name, doc.path, doc.lines, architectures(doc, config))
    with _vocabularies_lock:
        if len(_vocabularies) > 4096:
            _vocabularies.clear()
        _vocabularies[id(doc)] = (doc, vocab)
    return vocab


def match_entry(
    doc: Document, entries: dict[str, SupportEntry], config: Config, *, suggest: bool = True
) -> EntryMatch:
    """The SUPPORT.md entry of *doc*; *suggest*: name the closest title when the named is unknown.

    The one matching used everywhere (FD601, FD602, FD605, ``featuredoc
    matrix``): the explicit ``Support entry`` when there is one, else the
    entry inferred from the document (see
    :mod:`featuredoc.analysis.entry_inference`), when exactly one heading
    is inferred.
    """
    name, field = explicit_entry(doc, config)
    target = entries.target if isinstance(entries, SupportEntries) else entries.get
    if name:
        entry = target(fold(name))
        suggestion = None
        if entry is None and suggest:
            titles = (
                entries.titles()
                if isinstance(entries, SupportEntries)
                else tuple(e.title for e in entries.values())
            )
            suggestion = _closest(name, titles)
        return EntryMatch(entry, field, name, suggestion)
    own = document_name(doc, config)
    vocab = _vocabulary(doc, config, own.text if own else None)
    key = (fold(own.text) if own else None, vocab)
    if isinstance(entries, SupportEntries):
        found = entries.inferred(key, own.text if own else None, vocab)
    else:
        found = infer(own.text if own else None, vocab, tuple(e.title for e in entries.values()))
    entry = target(fold(found.candidates[0])) if len(found.candidates) == 1 else None
    return EntryMatch(entry, None, None, None, found)


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
