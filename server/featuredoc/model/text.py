"""Source text, positions and ranges.

The document model and the findings use *code-point* columns (Python string
indices) on lines split the way LSP splits them (``\\r\\n``, ``\\n`` and a lone
``\\r`` all end a line).  Adapters convert to the client's code units at the
edge (:func:`column_to_units`, :func:`column_from_units`), so a CRLF document
reports the same lines and columns as its LF twin. Names (titles, headings,
keys) are compared through :func:`fold`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A 0-based line and a code-point column on that line."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Span:
    """A range from ``start`` (inclusive) to ``end`` (exclusive)."""

    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, start: int, end_line: int | None = None, end: int = 0) -> Span:
        return cls(Position(line, start), Position(line if end_line is None else end_line, end))

    @classmethod
    def on_line(cls, line: int, start: int, end: int) -> Span:
        return cls(Position(line, start), Position(line, end))

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end

    def overlaps(self, other: Span) -> bool:
        """Whether the two ranges share a character."""
        return self.start < other.end and other.start < self.end


def split_lines(text: str) -> list[str]:
    """Split *text* into lines without their line breaks.

    A text ending with a line break has a final empty line, as in LSP: the
    position just after the last break is valid.
    """
    if "\r" not in text:
        return text.split("\n")
    return _LINE_BREAK.split(text)


def replace_range(text: str, start: Position, end: Position, new_text: str) -> str:
    """*text* with the range from *start* to *end* replaced by *new_text*.

    Lines are counted the LSP way (``\\r\\n``, ``\\n``, ``\\r``; never U+2028,
    form feed or the other breaks :meth:`str.splitlines` knows), columns are
    code points, and positions past a line's or the text's end are clamped
    to it, so any range gives a defined result. Line breaks outside the
    range are kept as they are.
    """

    def offset(pos: Position) -> int:
        if pos.line < 0:
            return 0
        bounds = line_bounds(text, pos.line)
        if bounds is None:
            return len(text)
        first, last = bounds
        return first + max(0, min(pos.column, last - first))

    a, b = offset(start), offset(end)
    if b < a:
        a, b = b, a
    return text[:a] + new_text + text[b:]


def line_bounds(text: str, line: int) -> tuple[int, int] | None:
    """Start and end (before its break) of LSP line *line*, or None past the end.

    Scans only up to that line: an edit in a long document costs what the
    text before it costs, not two passes over all of it.
    """
    if "\r" not in text:
        pos = 0
        if line > 0:
            # one split in C up to that line: the last piece starts where the line does
            parts = text.split("\n", line)
            if len(parts) <= line:
                return None
            pos = len(text) - len(parts[-1])
        end = text.find("\n", pos)
        return pos, len(text) if end < 0 else end
    pos = 0
    breaks = 0
    for m in _LINE_BREAK.finditer(text):
        if breaks == line:
            return pos, m.start()
        pos = m.end()
        breaks += 1
    return (pos, len(text)) if line == breaks else None


def normalize_newlines(text: str) -> str:
    """Return *text* with every line break written as ``\\n``."""
    if "\r" not in text:
        return text
    return _LINE_BREAK.sub("\n", text)


def _units(ch: str, encoding: str) -> int:
    cp = ord(ch)
    if encoding == "utf-8":
        return 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    if encoding == "utf-32":
        return 1
    return 2 if cp > 0xFFFF else 1


def column_to_units(line: str, column: int, encoding: str = "utf-16") -> int:
    """The code-point *column* on *line* in *encoding* code units (LSP, SARIF, JSON output)."""
    prefix = line[:column]
    if prefix.isascii():
        return len(prefix)
    return sum(_units(ch, encoding) for ch in prefix)


def column_from_units(line: str, units: int, encoding: str = "utf-16") -> int:
    """The code-point column of *units* *encoding* code units on *line*, clamped to the line.

    A column inside a character (between the halves of a surrogate pair, or
    the bytes of a UTF-8 sequence) rounds up to the end of that character.
    """
    if line.isascii():
        return max(0, min(units, len(line)))
    total = 0
    for index, ch in enumerate(line):
        if total >= units:
            return index
        total += _units(ch, encoding)
    return len(line)


def squash(text: str) -> str:
    """*text* with each run of white space one space, and none at either end."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """*text* as names are compared: white space squashed and case folded.

    Titles, headings, Basics keys, status labels and team names all match
    through this one function (``casefold``: ``Straße`` matches ``STRASSE``).
    """
    return _fold(text)


def _fold(text: str) -> str:
    return squash(text).casefold()


#: Where a text joined with line breaks has white space that :func:`squash` changes.
_UNSQUASHED = re.compile(r"[^\S\n ]|  |^ | $", re.M)


def fold_each(texts: list[str]) -> list[str]:
    """:func:`fold` of each of *texts*, without its memo.

    For many texts each folded once (every heading of a long document),
    where the memo would only be churned: texts with nothing to squash
    (single spaces between words, no line break) are case folded all at
    once; equal texts give one string.
    """
    joined = "\n".join(texts)
    folded = joined.casefold().split("\n") if _UNSQUASHED.search(joined) is None else []
    if len(folded) != len(texts):  # some to squash (or a line break in one)
        folded = [_fold(text) for text in texts]
    seen: dict[str, str] = {}
    return [seen.setdefault(text, text) for text in folded]


class LineIndex:
    """Lines of a text, with conversions between offsets and positions."""

    __slots__ = ("lines", "_starts")

    def __init__(self, text: str) -> None:
        normalized = normalize_newlines(text)
        self.lines = normalized.split("\n")
        starts = [0]
        total = 0
        for line in self.lines[:-1]:
            total += len(line) + 1
            starts.append(total)
        self._starts = starts

    def line(self, number: int) -> str:
        if 0 <= number < len(self.lines):
            return self.lines[number]
        return ""

    def position(self, offset: int) -> Position:
        """Position of an offset into the *normalized* text."""
        import bisect

        line = bisect.bisect_right(self._starts, offset) - 1
        line = max(0, min(line, len(self.lines) - 1))
        return Position(line, min(offset - self._starts[line], len(self.lines[line])))

    def offset(self, pos: Position) -> int:
        line = max(0, min(pos.line, len(self.lines) - 1))
        return self._starts[line] + min(pos.column, len(self.lines[line]))

    def end(self) -> Position:
        return Position(len(self.lines) - 1, len(self.lines[-1]))


def line_ending(text: str) -> str:
    """A text's line ending: CRLF if it has one, CR when it has only CRs, else LF."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def with_line_ending(new_text: str, newline: str) -> str:
    """*new_text* (an edit's, written with ``\n``) with the document's line ending."""
    new_text = new_text.replace("\r\n", "\n")
    return new_text if newline == "\n" else new_text.replace("\n", newline)
