"""Matching a document's top-level headings to the template's sections."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
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


def _top_names(doc: Document) -> Iterator[tuple[Section, tuple[str, ...]]]:
    """Each top-level section with the (folded) names its heading gives.

    Kept as two lists, paired on each call: a pair per heading was a tenth
    of the memory of a document of half a million headings.
    """

    def answer() -> tuple[list[Section], list[tuple[str, ...]]]:
        sections = doc.top_sections()
        names = [
            (title,) if "/" not in title else _names(section.heading.title)
            for section, title in zip(sections, doc.top_titles(), strict=True)
        ]
        return sections, names

    sections, names = _once(doc, "top-names", answer)
    return zip(sections, names, strict=True)


def _naming(doc: Document, wanted: frozenset[str]) -> list[tuple[Section, tuple[str, ...]]]:
    """The top-level sections whose heading names any of *wanted* (folded), with its names.

    Kept per document and set (callers must not change the list): the
    template's sections are looked for by several rules.
    """

    def answer() -> list[tuple[Section, tuple[str, ...]]]:
        isdisjoint = wanted.isdisjoint
        return [(section, names) for section, names in _top_names(doc) if not isdisjoint(names)]

    return _once(doc, ("naming", wanted), answer)


def sections_named(doc: Document, name: str) -> list[Section]:
    """The top-level sections whose heading names *name* (folded), in order."""
    return [section for section, names in _top_names(doc) if name in names]


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
    return [
        (section, names)
        for section, names in _top_names(doc)
        if "/" in names[0]
        or (
            len(names[0]) in reach and len(names[0].translate(theirs)) <= most and isdisjoint(names)
        )
    ]


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
