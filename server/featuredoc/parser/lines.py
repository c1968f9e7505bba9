"""The lines of a new version of a text, from the lines of the previous one.

Splitting a long document into lines costs more than anything else a
keystroke changes; an edit touches a few lines, and the rest are the
previous version's string objects, found with block comparisons (C speed)
and taken over as they are. The result is always exactly
:func:`featuredoc.model.text.split_lines` of the new text.
"""

from __future__ import annotations

from featuredoc.model.text import split_lines

#: Characters compared per step when looking for the first and last difference.
_BLOCK = 4096


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    low = 0
    step = _BLOCK
    while low < limit:
        high = min(limit, low + step)
        if a[low:high] != b[low:high]:
            break
        low = high
        step *= 2
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


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix of *a* and *b*, at most *limit*."""
    la, lb = len(a), len(b)
    low = 0
    step = _BLOCK
    while low < limit:
        high = min(limit, low + step)
        if a[la - high : la - low] != b[lb - high : lb - low]:
            break
        low = high
        step *= 2
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


def relines(old_text: str, old_lines: list[str], text: str) -> tuple[list[str], int, int]:
    """``(lines, first, tail)``: the lines of *text*, where *old_lines* are *old_text*'s.

    Lines before *first* and the last *tail* lines are the same as (and the
    same objects as) the previous version's; only those in between are new.
    """
    if old_text == text:
        return old_lines, len(old_lines), 0
    prefix = _common_prefix(old_text, text)
    suffix = _common_suffix(old_text, text, min(len(old_text), len(text)) - prefix)
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
