"""Status-label definitions read from a project's SUPPORT.md.

SUPPORT.md defines its labels in a "Definition of Status labels" section: one
sub-heading per label, each followed by an indented fragment of
``Key: value`` lines::

    ### Tech Preview

        Functional completeness: Yes
        Functional stability: Quirky
        Interface stability: Provisionally stable
        Security supported: No

When a workspace has such a section its wording wins over the built-in
definitions (see :func:`merge_definitions`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

from featuredoc.model.document import Document
from featuredoc.model.text import fold, squash
from featuredoc.model.tiers import Tier

SECTION_TITLE = "definition of status labels"
SECURITY_KEY = "security supported"

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# Written so that no two quantifiers can share a run of blanks: the lazy form
# backtracked in cubic time (an indented line of 3,000 spaces took minutes).
_FRAGMENT = re.compile(
    r"^(?= {4}|\t)[ \t]*(?P<key>[^: \t](?:[^:]*[^: \t])?)[ \t]*:[ \t]*(?P<value>(?:.*[^ \t])?)[ \t]*$"
)


def read_definitions(lines: Sequence[str]) -> dict[str, Tier]:
    """Label name → its definition, from the lines of a SUPPORT.md.

    Returns an empty mapping when the document has no definitions section.
    A label's ``Security supported`` line sets :attr:`Tier.security_supported`;
    the other lines become its properties, in the document's order.
    """
    found: dict[str, Tier] = {}
    level: int | None = None
    label: str | None = None
    properties: list[tuple[str, str]] = []
    security: bool | None = None

    def flush() -> None:
        if label and (properties or security is not None):
            found[label] = Tier(label, bool(security), "", tuple(properties))

    for line in lines:
        # a heading has its "#" within its first four characters: most lines are not looked at
        heading = _HEADING.match(line) if "#" in line[:4] else None
        if heading:
            depth = len(heading.group(1))
            title = squash(heading.group(2))
            if level is None:
                if fold(title) == SECTION_TITLE:
                    level = depth
                continue
            if depth <= level:
                break
            flush()
            label, properties, security = title, [], None
            continue
        if level is None or label is None:
            continue
        m = _FRAGMENT.match(line)
        if m is None:
            continue
        key, value = m.group("key").strip(), m.group("value")
        if fold(key) == SECURITY_KEY:
            security = fold(value).startswith("yes")
        else:
            properties.append((key, value))
    flush()
    return found


def definitions_in(document: Document) -> Mapping[str, Tier]:
    """:func:`read_definitions` of a parsed SUPPORT.md, reading only its definitions section.

    The section is found among the document's headings; its lines are read
    once per distinct text (cached), so a keystroke elsewhere costs a lookup.
    The mapping is shared: do not change it. Worked out once per parsed document.
    """
    found = document.derived.get(_DEFINITIONS)
    if found is None:
        found = document.derived[_DEFINITIONS] = _definitions_in(document)
    return cast("Mapping[str, Tier]", found)


_DEFINITIONS = "support_defs.definitions"


def _definitions_in(document: Document) -> Mapping[str, Tier]:
    found = _section(document)
    if found is None:
        return {}
    return _cached_definitions(tuple(document.lines[found[0] : found[1]]))


def definitions_lines(document: Document) -> list[tuple[int, int]]:
    """The lines of the definitions section (``(first, last)``), which FD501 reads."""
    found = _section(document)
    return [] if found is None else [(found[0], found[1] - 1)]


def _section(document: Document) -> tuple[int, int] | None:
    """The lines ``[start, end)`` of the definitions section."""
    headings = document.headings
    titles = _SECTION_TITLES
    if len(titles) > 4096:
        titles.clear()
    for number, heading in enumerate(headings):
        title = heading.title
        found = titles.get(title)
        if found is None:
            found = titles[title] = fold(title) == SECTION_TITLE
        if not found:
            continue
        start = heading.span.start.line
        end = next(
            (h.span.start.line for h in headings[number + 1 :] if h.level <= heading.level),
            len(document.lines),
        )
        return start, end
    return None


#: Whether each heading title seen names the definitions section (every heading of
#: SUPPORT.md is asked on each keystroke).
_SECTION_TITLES: dict[str, bool] = {}


@functools.lru_cache(maxsize=16)
def _cached_definitions(lines: tuple[str, ...]) -> Mapping[str, Tier]:
    return read_definitions(lines)


def merge_definitions(tiers: Iterable[Tier], definitions: Mapping[str, Tier]) -> dict[str, Tier]:
    """The configured tiers, with a SUPPORT.md definition replacing each one it names.

    A definition keeps the configured description (SUPPORT.md's fragments
    have none) and takes its properties and security support from SUPPORT.md.
    Labels SUPPORT.md defines that are not configured tiers are added too.
    """
    merged: dict[str, Tier] = {}
    for tier in tiers:
        own = definitions.get(tier.name)
        if own is None:
            merged[tier.name] = tier
        else:
            merged[tier.name] = Tier(
                tier.name,
                own.security_supported,
                tier.description,
                own.properties or tier.properties,
            )
    for name, own in definitions.items():
        merged.setdefault(name, own)
    return merged
