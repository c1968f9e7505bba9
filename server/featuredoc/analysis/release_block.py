"""SUPPORT.md's Release Support block, and the version the tree says it is.

Xen's SUPPORT.md opens with a code block of ``Key: value`` lines that
starts with ``Xen-Version:`` (the one block Xen's support-matrix generator
reads that way), followed by a ``Release Notes`` definition whose link
names the release::

    # Release Support

        Xen-Version: 4.22
        Initial-Release: 2026-07-30
        Supported-Until: 2029-07-30
        Security-Support-Until: 2031-07-30

    Release Notes
    : <a href="https://wiki.xenproject.org/wiki/Xen_Project_4.22_Release_Notes">RN</a>

In a development tree the block holds placeholders instead:
``4.23-unstable``, ``n/a``, ``TBD``, ``Unreleased - not yet
security-supported`` and a link naming ``X.YY``.

:func:`release_block` reads the block (once per parsed document);
:func:`tree_version` reads the version from the text of the version file
(``version_file``, Xen's ``xen/Makefile``). Both are pure: the shells read
the file (:func:`featuredoc.workspace.inputs.rule_inputs`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
from dataclasses import dataclass

from featuredoc.model.document import Block, BlockType, Document
from featuredoc.model.text import Span

#: The key that starts the block (the generator's test).
VERSION_KEY = "Xen-Version"
#: The keys that hold dates, in the order they must be in time.
DATE_KEYS = ("Initial-Release", "Supported-Until", "Security-Support-Until")
#: The suffix a development tree's ``Xen-Version`` carries.
UNSTABLE = "-unstable"
#: The version a development tree's release-notes link names.
LINK_PLACEHOLDER = "X.YY"

_FIELD = re.compile(r"^(\s*)([A-Z][-A-Za-z0-9]+):[ \t]+(\S(?:.*\S)?)\s*$")
_NOTES = re.compile(r"Xen_Project_([^_/\s\"'<>]+)_Release_Notes")
_VERSION = re.compile(r"^(\d+)\.(\d+)((?:-unstable)?)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PLACEHOLDERS = ("n/a", "tbd")
_DERIVED_KEY = "release-block"


@dataclass(frozen=True, slots=True)
class ReleaseField:
    """One ``Key: value`` line of the block."""

    key: str
    value: str
    line: int
    key_span: Span
    value_span: Span


@dataclass(frozen=True, slots=True)
class NotesLink:
    """The release-notes link after the block: the version it names, and where."""

    version: str
    span: Span  # the version inside the link


@dataclass(frozen=True, slots=True)
class ReleaseBlock:
    """The Release Support block: its fields (the first of each key) and the link."""

    fields: dict[str, ReleaseField]
    notes: NotesLink | None

    def get(self, key: str) -> ReleaseField | None:
        return self.fields.get(key)


@dataclass(frozen=True, slots=True)
class Version:
    """A ``Xen-Version`` value read as ``MAJOR.MINOR`` with its ``-unstable`` suffix."""

    number: str  # "4.22"
    unstable: bool
    number_span: Span
    suffix_span: Span  # empty when there is no suffix


@dataclass(frozen=True, slots=True)
class TreeVersion:
    """What the version file says: ``XEN_VERSION.XEN_SUBVERSION`` and ``XEN_EXTRAVERSION``."""

    major: int
    minor: int
    extra: str  # with variable references such as $(XEN_VENDORVERSION) dropped

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def full(self) -> str:
        return f"{self.number}{self.extra}"

    @property
    def development(self) -> bool:
        """An unreleased tree: ``-unstable`` (the development branch) or ``-rc`` (a candidate)."""
        return "-unstable" in self.extra or "-rc" in self.extra


def release_block(doc: Document) -> ReleaseBlock | None:
    """The document's Release Support block (``None`` without one), read once per document."""
    derived = doc.derived
    if _DERIVED_KEY not in derived:
        derived[_DERIVED_KEY] = _read(doc)
    found: ReleaseBlock | None = derived[_DERIVED_KEY]
    return found


def release_lines(doc: Document) -> list[tuple[int, int]]:
    """The lines the Release Support block is read from: the block, and those below it up
    to the next heading (where the release notes link is)."""
    found = _located(doc)
    return [] if found is None else [(found[0].first, found[1] - 1)]


def _located(doc: Document) -> tuple[Block, int] | None:
    """The Release Support block, and the first line of the heading after it."""
    blocks = doc.blocks
    code, heading = BlockType.CODE, BlockType.HEADING
    for index, block in enumerate(blocks):
        if block.type is code and block.text.startswith(VERSION_KEY + ":"):
            stop = next(
                (b.first for b in itertools.islice(blocks, index + 1, None) if b.type is heading),
                len(doc.lines),
            )
            return block, stop
    return None


def _read(doc: Document) -> ReleaseBlock | None:
    found = _located(doc)
    if found is None:
        return None
    block, stop = found
    # what the block is read from: a keystroke elsewhere reads it again from here
    key = (block.first, block.last, tuple(doc.lines[block.first : stop]))
    with _lock:
        if _last and _last[0][0] == key:
            return _last[0][1]
    fields: dict[str, ReleaseField] = {}
    for number in range(block.first, block.last + 1):
        field = _field(doc.lines[number], number)
        if field is not None:
            fields.setdefault(field.key, field)
    found_block = ReleaseBlock(fields, _notes(doc.lines, block.last + 1, stop))
    with _lock:
        _last[:] = [(key, found_block)]
    return found_block


#: The last block read, by its lines and where they are (one SUPPORT.md edited at a time).
_last: list[tuple[tuple[int, int, tuple[str, ...]], ReleaseBlock]] = []
_lock = threading.Lock()


def _field(line: str, number: int) -> ReleaseField | None:
    m = _FIELD.match(line)
    if m is None:
        return None
    key_start = len(m.group(1))
    return ReleaseField(
        m.group(2),
        m.group(3),
        number,
        Span.on_line(number, key_start, m.end(2)),
        Span.on_line(number, m.start(3), m.end(3)),
    )


def _notes(lines: list[str], first: int, stop: int) -> NotesLink | None:
    for number in range(first, stop):
        m = _NOTES.search(lines[number])
        if m is not None:
            return NotesLink(m.group(1), Span.on_line(number, m.start(1), m.end(1)))
    return None


def parse_version(field: ReleaseField) -> Version | None:
    """``Xen-Version``'s value as a :class:`Version` (``None``: not ``X.Y[-unstable]``)."""
    m = _VERSION.match(field.value)
    if m is None:
        return None
    line = field.line
    start = field.value_span.start.column
    split = start + m.end(2)
    end = field.value_span.end.column
    return Version(
        f"{m.group(1)}.{m.group(2)}",
        bool(m.group(3)),
        Span.on_line(line, start, split),
        Span.on_line(line, split, end),
    )


def is_placeholder_date(value: str) -> bool:
    """A development tree's stand-in for a date: ``n/a``, ``TBD``, ``Unreleased…``."""
    folded = value.strip().casefold()
    return folded in _PLACEHOLDERS or folded.startswith("unreleased")


def strict_date(value: str) -> dt.date | None:
    """The date *value* names when written exactly ``YYYY-MM-DD``."""
    if not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def padded_date(value: str) -> str | None:
    """*value* with month and day zero-padded, when that makes a valid date (else ``None``)."""
    m = _LOOSE_DATE.match(value)
    if m is None:
        return None
    candidate = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return candidate if strict_date(candidate) else None


# ---- the version file --------------------------------------------------------------

_ASSIGNMENT = re.compile(
    r"^[ \t]*(?:export[ \t]+)?(XEN_VERSION|XEN_SUBVERSION|XEN_EXTRAVERSION)[ \t]*"
    r"(?:::=|:=|\?=|\+=|=)[ \t]*([^#\r\n]*)",
    re.M,
)
_REFERENCE = re.compile(r"\$(?:\([^()]*\)|\{[^{}]*\})")
#: More digits than a version number has (``int()`` refuses over 4300).
_MAX_DIGITS = 100


def tree_version(text: str) -> TreeVersion | None:
    """The version a Makefile sets (``None`` when it sets no whole-number version).

    The first assignment of ``XEN_VERSION``, ``XEN_SUBVERSION`` and
    ``XEN_EXTRAVERSION`` counts (``export``, ``=``, ``:=``, ``?=`` alike);
    references to other variables (``$(XEN_VENDORVERSION)``) are dropped,
    as a build without them sets them empty.
    """
    found: dict[str, str] = {}
    for m in _ASSIGNMENT.finditer(text):
        found.setdefault(m.group(1), _REFERENCE.sub("", m.group(2)).strip())
    major, minor = found.get("XEN_VERSION", ""), found.get("XEN_SUBVERSION", "")
    if not all(n.isascii() and n.isdigit() and len(n) <= _MAX_DIGITS for n in (major, minor)):
        return None
    return TreeVersion(int(major), int(minor), found.get("XEN_EXTRAVERSION", ""))
