"""The lines of a new version of a text, from the lines of the previous one.

Splitting a long document into lines costs more than anything else a
keystroke changes; an edit touches a few lines, and the rest are the
previous version's string objects, found with block comparisons (C speed)
and taken over as they are. The result is always exactly
:func:`featuredoc.model.text.split_lines` of the new text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

from featuredoc.model.text import split_lines

#: Items (characters, or lines) compared per step when looking for the first and last
#: difference: the steps double from the first up to the largest (a larger slice of a
#: text would be a fresh memory mapping each time, which costs more than comparing it).
_BLOCK = 4096
_LARGEST = 1 << 16

S = TypeVar("S", str, list[str])


def common_prefix(a: S, b: S, first: int = _BLOCK) -> int:
    """How many items *a* and *b* start with alike, compared a block at a time (C speed):
    blocks of *first* items at first, twice as long each time up to a largest."""
    limit = min(len(a), len(b))
    low = 0
    step = first
    while low < limit:
        high = min(limit, low + step)
        if a[low:high] != b[low:high]:
            break
        low = high
        step = min(2 * step, _LARGEST)
    else:
        return limit
    # the first difference is in [low, high): narrow it down
    while high - low > 1:
        mid = (low + high) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid
    return low if a[low] != b[low] else high


def common_suffix(a: S, b: S, limit: int, first: int = _BLOCK) -> int:
    """How many items (at most *limit*) *a* and *b* end with alike (see common_prefix)."""
    la, lb = len(a), len(b)
    low = 0
    step = first
    while low < limit:
        high = min(limit, low + step)
        if a[la - high : la - low] != b[lb - high : lb - low]:
            break
        low = high
        step = min(2 * step, _LARGEST)
    else:
        return limit
    while high - low > 1:
        mid = (low + high) // 2
        if a[la - mid : la - low] == b[lb - mid : lb - low]:
            low = mid
        else:
            high = mid
    return high if a[la - high] == b[lb - high] else low


def _breaks(text: str, start: int, end: int) -> int:
    """Line breaks (``\\r\\n``, ``\\r``, ``\\n``) in ``text[start:end]``."""
    count = text.count("\n", start, end)
    if "\r" in text:
        count += text.count("\r", start, end) - text.count("\r\n", start, end)
    return count


#: Lines between two marks of a :class:`LineMarks`.
MARK_EVERY = 256


@dataclass(frozen=True, slots=True)
class LineMarks:
    """Where every :data:`MARK_EVERY`-th line of a ``\\n``-only text starts (some dropped
    where edits were): a line number from an offset counts the breaks after a mark, not
    from the top of a long text."""

    offsets: tuple[int, ...]  # increasing, offsets[0] == 0
    lines: tuple[int, ...]  # the line starting at each

    @classmethod
    def of(cls, lines: list[str]) -> LineMarks:
        starts = [0, *accumulate(len(line) + 1 for line in lines[: len(lines) - 1])]
        picked = range(0, len(starts), MARK_EVERY)
        return cls(tuple(starts[i] for i in picked), tuple(picked))

    def line_of(self, text: str, offset: int) -> int:
        """The line holding *offset* of *text* (the text these marks are of)."""
        at = bisect.bisect_right(self.offsets, offset) - 1
        return self.lines[at] + text.count("\n", self.offsets[at], offset)

    def edited(self, keep_to: int, moved_from: int, chars: int, lines: int) -> LineMarks:
        """The marks of an edited text: those at or before *keep_to* as they are, those
        after *moved_from* moved by *chars* and *lines*, those between dropped."""
        offsets, numbers = self.offsets, self.lines
        head = bisect.bisect_right(offsets, keep_to)
        tail = bisect.bisect_right(offsets, moved_from)
        return LineMarks(
            offsets[:head] + tuple(o + chars for o in offsets[tail:]),
            numbers[:head] + tuple(n + lines for n in numbers[tail:]),
        )


def relines(old_text: str, old_lines: list[str], text: str) -> tuple[list[str], int, int]:
    """``(lines, first, tail)``: the lines of *text*, where *old_lines* are *old_text*'s.

    Lines before *first* and the last *tail* lines are the same as (and the
    same objects as) the previous version's; only those in between are new.
    """
    lines, first, tail, _ = relines_marked(old_text, old_lines, text, None)
    return lines, first, tail


def relines_marked(
    old_text: str, old_lines: list[str], text: str, marks: LineMarks | None
) -> tuple[list[str], int, int, LineMarks | None]:
    """:func:`relines`, and the :class:`LineMarks` of *text* from *marks*, *old_text*'s.

    With marks (a text of ``\\n`` breaks only), lines are counted from the marks
    around the change: what the edit did not touch is never read.
    """
    if old_text == text:
        return old_lines, len(old_lines), 0, marks
    if marks is not None and "\r" not in text:
        return _marked(old_text, old_lines, text, marks)
    lines, first, tail = _relines(old_text, old_lines, text)
    return lines, first, tail, None


def _marked(
    old_text: str, old_lines: list[str], text: str, marks: LineMarks
) -> tuple[list[str], int, int, LineMarks]:
    prefix = common_prefix(old_text, text)
    suffix = common_suffix(old_text, text, min(len(old_text), len(text)) - prefix)
    line_start = text.rfind("\n", 0, prefix) + 1
    first = marks.line_of(old_text, line_start)
    at = text.find("\n", len(text) - suffix)
    chars = len(text) - len(old_text)
    if at < 0:
        middle = text[line_start:].split("\n")
        lines = [*old_lines[:first], *middle]
        return lines, first, 0, marks.edited(line_start, len(old_text), chars, 0)
    old_at = at - chars
    tail = len(old_lines) - marks.line_of(old_text, old_at) - 1
    middle = text[line_start:at].split("\n")
    lines = old_lines.copy()
    lines[first : len(old_lines) - tail] = middle
    moved = marks.edited(line_start, old_at, chars, len(lines) - len(old_lines))
    return lines, first, tail, moved


def _relines(old_text: str, old_lines: list[str], text: str) -> tuple[list[str], int, int]:
    """:func:`relines` of any text, lines counted from the top."""
    prefix = common_prefix(old_text, text)
    suffix = common_suffix(old_text, text, min(len(old_text), len(text)) - prefix)
    # the first line that may differ: the line holding the first difference, or the
    # one before when a "\r" just before it might now pair with a "\n"
    cut = prefix - 1 if prefix > 0 and text[prefix - 1] == "\r" else prefix
    line_start = max(text.rfind("\n", 0, cut), text.rfind("\r", 0, cut)) + 1
    first = _breaks(text, 0, line_start)
    # the unchanged tail: the lines after the first break in the common suffix
    end = len(text) - suffix
    nl, cr = text.find("\n", end), text.find("\r", end)
    at = min(nl, cr) if nl >= 0 and cr >= 0 else max(nl, cr)
    if at < 0:
        middle = split_lines(text[line_start:])
        return [*old_lines[:first], *middle], first, 0
    if text[at] == "\n" and at > line_start and text[at - 1] == "\r":
        at -= 1  # a "\r\n" whose "\r" is new
    width = 2 if text.startswith("\r\n", at) else 1
    tail = _breaks(text, at + width, len(text)) + 1
    middle = split_lines(text[line_start:at])
    lines = old_lines[:first]
    lines.extend(middle)
    lines.extend(old_lines[len(old_lines) - tail :])
    return lines, first, tail
