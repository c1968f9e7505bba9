"""Matching a document's top-level headings to the template's sections."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from featuredoc.analysis.similarity import (
    allowed_distance,
    closest,
    closest_folded,
    lengths_in_reach,
)
from featuredoc.model.config import Config
from featuredoc.model.document import Document, Section
from featuredoc.model.text import Span, fold

_SPLIT = re.compile(r"\s*/\s*")


def heading_names(title: str) -> list[str]:
    """The template sections a heading names: ``A / B`` names both."""
    return list(_names(title))


def _names(title: str) -> tuple[str, ...]:
    """:func:`heading_names` as a tuple (smaller, kept for every top-level heading)."""
    whole = fold(title)
    if "/" not in title:  # the common case: the split below would give the title alone
        return (whole,)
    parts = [fold(p) for p in _SPLIT.split(title) if p.strip()]
    return (whole, *(p for p in parts if p != whole))


T = TypeVar("T")


def _once(doc: Document, question: Hashable, answer: Callable[[], T]) -> T:
    """*answer* to *question* about *doc*, worked out once per document.

    A dozen rules ask which headings provide which sections: on a document
    of many thousands of headings, working it out for each was most of the
    time. The answers are kept on the document (which is never changed once
    parsed); callers get them as they are and must not change them.
    """
    derived = doc.derived
    if question in derived:
        return cast("T", derived[question])
    value = derived[question] = answer()
    return value


def _top_names(doc: Document) -> tuple[list[Section], list[tuple[str, ...]]]:
    """Each top-level section, and the (folded) names its heading gives.

    Kept as two lists, not pairs: a pair per heading was a tenth of the
    memory of a document of half a million headings.
    """

    def answer() -> tuple[list[Section], list[tuple[str, ...]]]:
        sections = doc.top_sections()
        names = [
            (title,) if "/" not in title else _names(section.heading.title)
            for section, title in zip(sections, doc.top_titles(), strict=True)
        ]
        return sections, names

    return _once(doc, "top-names", answer)


@dataclass(frozen=True, slots=True)
class _Index:
    """The top-level sections looked up by name, built in one pass over their titles.

    *sections* and *names* as :func:`_top_names` pairs them; *by_title*: each
    whole (folded) title, ``names[0]`` → the indexes of the sections with
    it, in order; *by_part*: the same for the ``/`` parts of titles. Questions
    about titles go over each distinct title once (a flood of one heading
    repeated has one); a section named X is looked up, not searched for.
    A title found once has its index alone; more, an array of machine
    integers (a list of int objects was 18 MB for a document of half a
    million equal headings, an array is 2).
    """

    sections: list[Section]
    names: list[tuple[str, ...]]
    by_title: dict[str, int | array[int]]
    by_part: dict[str, array[int]]

    def named(self, name: str) -> Sequence[int]:
        """The indexes of the sections whose heading names *name*, in order."""
        whole = _indexes(self.by_title.get(name, _NONE))
        part = self.by_part.get(name)
        return _merged(iter((whole, part))) if part else whole

    def at(self, indexes: Iterable[int]) -> list[tuple[Section, tuple[str, ...]]]:
        sections, names = self.sections, self.names
        return [(sections[i], names[i]) for i in indexes]


def _index(doc: Document) -> _Index:
    """The names index of *doc*, worked out once per document."""

    def answer() -> _Index:
        sections, names = _top_names(doc)
        by_title: dict[str, int | array[int]] = {}
        by_part: dict[str, array[int]] = {}
        for index, given in enumerate(names):
            title = given[0]
            seen = by_title.get(title)
            if seen is None:
                by_title[title] = index
            elif isinstance(seen, int):
                by_title[title] = array("i", (seen, index))
            else:
                seen.append(index)
            if len(given) > 1:  # the parts of a title with a `/`
                for part in given[1:]:
                    found = by_part.setdefault(part, array("i"))
                    if not found or found[-1] != index:  # a part may repeat (``A / A``)
                        found.append(index)
        return _Index(sections, names, by_title, by_part)

    return _once(doc, "names-index", answer)


#: No index.
_NONE: array[int] = array("i")


def _indexes(found: int | array[int]) -> Sequence[int]:
    return (found,) if isinstance(found, int) else found


def _merged(lists: Iterator[Sequence[int]]) -> list[int]:
    """The indexes in any of *lists*, each once, in order."""
    merged: set[int] = set()
    for found in lists:
        merged.update(found)
    return sorted(merged)


def _naming(doc: Document, wanted: frozenset[str]) -> list[tuple[Section, tuple[str, ...]]]:
    """The top-level sections whose heading names any of *wanted* (folded), with its names.

    Kept per document and set (callers must not change the list): the
    template's sections are looked for by several rules.
    """

    def answer() -> list[tuple[Section, tuple[str, ...]]]:
        index = _index(doc)
        return index.at(_merged(index.named(name) for name in wanted))

    return _once(doc, ("naming", wanted), answer)


def sections_named(doc: Document, name: str) -> list[Section]:
    """The top-level sections whose heading names *name* (folded), in order."""
    index = _index(doc)
    sections = index.sections
    return [sections[i] for i in index.named(name)]


def template_sections(doc: Document, config: Config) -> dict[str, list[Section]]:
    """Mandatory section name → the top-level sections that provide it."""

    def answer() -> dict[str, list[Section]]:
        wanted = {fold(name): name for name in config.sections}
        found: dict[str, list[Section]] = {name: [] for name in config.sections}
        for section, names in _naming(doc, frozenset(wanted)):
            for name in names:
                if name in wanted:
                    found[wanted[name]].append(section)
        return found

    cached = _once(doc, ("template-sections", tuple(config.sections)), answer)
    return {name: list(sections) for name, sections in cached.items()}


def top_heading_prefix(doc: Document) -> str:
    top = doc.top_sections()
    level = top[0].level if top else 1
    return "#" * level


def provided_names(section: Section, config: Config) -> list[str]:
    """The mandatory sections (config spelling, template order) *section* provides."""
    return _provided(heading_names(section.title), config)


def _provided(names: Sequence[str], config: Config) -> list[str]:
    return [name for name in config.sections if fold(name) in names]


def template_headings(doc: Document, config: Config) -> list[tuple[Section, list[str]]]:
    """Top-level sections that provide at least one mandatory section, in order."""

    def answer() -> list[tuple[Section, list[str]]]:
        known = frozenset(fold(name) for name in config.sections)
        return [(section, _provided(names, config)) for section, names in _naming(doc, known)]

    cached = _once(doc, ("template-headings", tuple(config.sections)), answer)
    return [(section, list(names)) for section, names in cached]


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A top-level heading (or one ``/`` part of it) that misspells a section."""

    section: Section
    name: str  # the mandatory section it most likely means
    text: str  # the misspelled text as written
    span: Span | None  # the misspelled text, when it is on one line


_PART = re.compile(r"[^/]+")


def near_misses(doc: Document, config: Config) -> list[NearMiss]:
    """Headings that name no mandatory section but are really close to a missing one.

    Only sections the document lacks are candidates: a heading such as
    ``# Nesting`` next to an existing ``# Testing`` is a section of its own.
    """
    return list(_once(doc, ("near-misses", tuple(config.sections)), lambda: _near(doc, config)))


def _near(doc: Document, config: Config) -> list[NearMiss]:
    found = template_sections(doc, config)
    missing = [name for name in config.sections if not found.get(name)]
    if not missing:
        return []
    result: list[NearMiss] = []
    taken: set[str] = set()
    known = frozenset(fold(name) for name in config.sections)
    left = tuple(missing)  # the missing names not yet taken, rebuilt only when one is
    for section, names in _near_candidates(doc, known, left):
        heading = section.heading
        if known.isdisjoint(names):
            name = closest_folded(names[0], left)  # names[0]: the whole title, folded
            if name:
                taken.add(name)
                left = tuple(n for n in missing if n not in taken)
                one_line = heading.span.start.line == heading.span.end.line
                span = heading.span if one_line else None
                result.append(NearMiss(section, name, section.title, span))
                continue
        if "/" not in section.title:
            continue
        one_line = heading.span.start.line == heading.span.end.line
        for m in _PART.finditer(section.title):
            part = m.group().strip()
            if not part or fold(part) in known:
                continue
            name = closest(part, left)
            if not name:
                continue
            taken.add(name)
            left = tuple(n for n in missing if n not in taken)
            span = None
            if one_line:
                lead = len(m.group()) - len(m.group().lstrip())
                start = heading.span.start.column + m.start() + lead
                span = Span.on_line(heading.span.start.line, start, start + len(part))
            result.append(NearMiss(section, name, part, span))
    return result


def _near_candidates(
    doc: Document, known: frozenset[str], missing: tuple[str, ...]
) -> list[tuple[Section, tuple[str, ...]]]:
    """The top-level sections that may misspell one of *missing*, with their names.

    Those that name no mandatory section, whose whole title is of a length
    within reach of a missing name and has no more characters that no
    missing name has than a name allows edits, and those with a ``/``; the
    others cannot misspell any (nor can they once names are taken).
    """
    reach = lengths_in_reach(missing)
    isdisjoint = known.isdisjoint
    folded = [fold(name) for name in missing]
    most = max((allowed_distance(name) for name in folded), default=0)
    # deletes every character some missing name has: what is left takes an edit each
    theirs = dict.fromkeys(ord(c) for name in folded for c in name)
    # the conditions on the whole title alone, once for each distinct title
    index = _index(doc)
    names = index.names
    chosen = _merged(
        _indexes(found)
        for title, found in index.by_title.items()
        if "/" in title or (len(title) in reach and len(title.translate(theirs)) <= most)
    )
    return index.at([i for i in chosen if "/" in names[i][0] or isdisjoint(names[i])])


def follows_template(doc: Document, config: Config) -> bool:
    """Whether *doc* was written from the template: a top-level heading names
    (or misspells) at least one mandatory section.

    A document that was not (the Xen Project's ``dom0less.pandoc``) has one
    cause for every missing section and for its missing title block: FD101
    reports it once, with the whole skeleton as its fix.
    """
    if not config.sections:
        return True
    found = template_sections(doc, config)
    return any(found.values()) or bool(near_misses(doc, config))
