"""Telling a SUPPORT.md by its text, whatever the file is called.

A saved revision (``old_SUPPORT.md``), a copy under another name or a buffer
without a file is still SUPPORT.md, and checking it as a feature document
buries it under findings about template sections it never had. Only files
named explicitly (on the command line, on standard input, open in the
editor) are recognised this way; folder scans go by path alone
(:meth:`featuredoc.model.config.Config.classify`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: The release block SUPPORT.md opens with (``    Xen-Version: 4.18``).
_RELEASE_LINE = re.compile(
    r"(?: {4}|\t)[ \t]*(?:Xen-Version|Initial-Release|Supported-Until|Security-Support-Until)"
    r"[ \t]*:"
)
#: A status line of an indented fragment (``    Status, x86: Supported``).
_STATUS_LINE = re.compile(r"(?: {4}|\t)[ \t]*Status(?:[ \t]*|,[^:]*):[ \t]*\S")
#: A feature document's Basics heading, ATX (``# Basics``) or setext (its first line).
_BASICS = re.compile(r"(?:#{1,6}[ \t]+)?Basics[ \t#]*", re.I)
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_BASICS_WORD = re.compile("basics", re.I)
#: First characters of the lines that a fence, a release or a status line starts with.
_ALWAYS = frozenset(" \t`~")
#: Those of a Basics heading (looked for only in a text that has the word).
_BASICS_FIRST = frozenset("#Bb")
#: A line boundary of ``str.splitlines`` and a line after it that starts with
#: one of :data:`_ALWAYS` (or of :data:`_BASICS_FIRST` too).
_ANY_START = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029][ \t`~]")
_ANY_BASICS_START = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029][ \t`~#Bb]")
# Each pattern is matched at the start of one line, and none can backtrack
# more than once over a run of blanks: linear in the line's length.
#: How many status lines make a SUPPORT.md without a release block.
MIN_STATUS_LINES = 3


def looks_like_support(text: str) -> bool:
    """Whether *text* is a SUPPORT.md rather than a feature document.

    It is when it has no ``Basics`` section (every feature document written
    from the template has one; SUPPORT.md has a title block too, so that
    tells nothing), and it either has a release block line
    (``Xen-Version:``, ``Initial-Release:``, ``Supported-Until:``,
    ``Security-Support-Until:``, indented as SUPPORT.md's fragments are) or
    at least :data:`MIN_STATUS_LINES` indented ``Status[, qualifier]:``
    lines. Lines in fenced code blocks (examples in other documents) do not
    count. Every SUPPORT.md of the Xen releases from 4.10 on is, and none of
    their other documents.
    """
    release = False
    statuses = 0
    fence: str | None = None
    basics = _BASICS_WORD.search(text) is not None
    # Only lines that start with one of these can match a pattern below: with
    # none (a document of nothing but headings), no need to split the text.
    firsts = _ALWAYS | _BASICS_FIRST if basics else _ALWAYS
    starting = _ANY_BASICS_START if basics else _ANY_START
    for start in _line_starts(text, firsts, starting):
        line, after = _line_at(text, start)
        opening = _FENCE.match(line)
        if fence is not None:
            if opening is not None and opening.group(1) == fence:
                fence = None
            continue
        if opening is not None:
            fence = opening.group(1)
            continue
        if _BASICS.fullmatch(line):
            atx = line.lstrip().startswith("#")
            if atx or (after is not None and _SETEXT.fullmatch(_line_at(text, after)[0])):
                return False
        if _RELEASE_LINE.match(line):
            release = True
        elif _STATUS_LINE.match(line):
            statuses += 1
    return release or statuses >= MIN_STATUS_LINES


#: A line break as ``str.splitlines`` knows them.
_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _line_starts(text: str, firsts: frozenset[str], starting: re.Pattern[str]) -> Iterator[int]:
    """Where the lines that start with one of *firsts* start, in order, found as they are
    asked for: a feature document is told by its Basics heading near the top, and the
    lines below it are never looked at."""
    if text[:1] in firsts:
        yield 0
    for m in starting.finditer(text):
        yield m.start() + 1


def _line_at(text: str, start: int) -> tuple[str, int | None]:
    """The line starting at *start* (as ``str.splitlines`` splits), and where the next
    one starts (None: it is the last)."""
    found = _BREAK.search(text, start)
    if found is None:
        return text[start:], None
    after = found.end()
    return text[start : found.start()], after if after < len(text) else None
