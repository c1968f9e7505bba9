"""Matching a document's top-level headings to the template's sections."""

from __future__ import annotations

import re

from featuredoc.config import Config
from featuredoc.model import Document, Section

_SPLIT = re.compile(r"\s*/\s*")


def normal(title: str) -> str:
    """Headings are compared case-insensitively after trimming."""
    return " ".join(title.split()).lower()


def heading_names(title: str) -> list[str]:
    """The template sections a heading names: ``A / B`` names both."""
    whole = normal(title)
    parts = [normal(p) for p in _SPLIT.split(title) if p.strip()]
    return [whole] + [p for p in parts if p != whole]


def template_sections(doc: Document, config: Config) -> dict[str, list[Section]]:
    """Mandatory section name → the top-level sections that provide it."""
    wanted = {normal(name): name for name in config.sections}
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
