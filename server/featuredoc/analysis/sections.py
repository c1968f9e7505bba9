"""Matching a document's top-level headings to the template's sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from featuredoc.analysis.similarity import closest
from featuredoc.model.config import Config
from featuredoc.model.document import Document, Section
from featuredoc.model.text import Span, fold

_SPLIT = re.compile(r"\s*/\s*")


def heading_names(title: str) -> list[str]:
    """The template sections a heading names: ``A / B`` names both."""
    whole = fold(title)
    parts = [fold(p) for p in _SPLIT.split(title) if p.strip()]
    return [whole] + [p for p in parts if p != whole]


def template_sections(doc: Document, config: Config) -> dict[str, list[Section]]:
    """Mandatory section name → the top-level sections that provide it."""
    wanted = {fold(name): name for name in config.sections}
    found: dict[str, list[Section]] = {name: [] for name in config.sections}
    for section in doc.top_sections():
        for name in heading_names(section.title):
            if name in wanted:
                found[wanted[name]].append(section)
    return found


def top_heading_prefix(doc: Document) -> str:
    top = doc.top_sections()
    level = top[0].level if top else 1
    return "#" * level


def provided_names(section: Section, config: Config) -> list[str]:
    """The mandatory sections (config spelling, template order) *section* provides."""
    names = set(heading_names(section.title))
    return [name for name in config.sections if fold(name) in names]


def template_headings(doc: Document, config: Config) -> list[tuple[Section, list[str]]]:
    """Top-level sections that provide at least one mandatory section, in order."""
    result: list[tuple[Section, list[str]]] = []
    for section in doc.top_sections():
        names = provided_names(section, config)
        if names:
            result.append((section, names))
    return result


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
    found = template_sections(doc, config)
    missing = [name for name in config.sections if not found.get(name)]
    if not missing:
        return []
    result: list[NearMiss] = []
    taken: set[str] = set()
    known = {fold(name) for name in config.sections}
    for section in doc.top_sections():
        heading = section.heading
        one_line = heading.span.start.line == heading.span.end.line
        if not provided_names(section, config):
            name = closest(section.title, [n for n in missing if n not in taken])
            if name:
                taken.add(name)
                span = heading.span if one_line else None
                result.append(NearMiss(section, name, section.title, span))
                continue
        if "/" not in section.title:
            continue
        for m in _PART.finditer(section.title):
            part = m.group().strip()
            if not part or fold(part) in known:
                continue
            name = closest(part, [n for n in missing if n not in taken])
            if not name:
                continue
            taken.add(name)
            span = None
            if one_line:
                lead = len(m.group()) - len(m.group().lstrip())
                start = heading.span.start.column + m.start() + lead
                span = Span.on_line(heading.span.start.line, start, start + len(part))
            result.append(NearMiss(section, name, part, span))
    return result


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
