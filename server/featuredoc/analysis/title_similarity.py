"""Which SUPPORT.md heading a feature title most likely means, when none is equal.

Two routes, tried in order:

1. **Spelling**: the titles read almost the same (``Live patchng`` →
   ``Live Patching``; ``Credit Scheduller`` → ``Credit Scheduler``).
2. **Words**: the titles name the same things in other words. Titles are
   split into words (lower case, without ``and``, ``of``, ``the``...), and
   words match when equal, when one inflects the other (``Technology`` /
   ``Technologies``, ``Deprivileging`` / ``Deprivilege``), or when one is
   the acronym of a run of the other's words (``dm`` / ``Device Model``,
   ``FS`` / ``file system``). A heading is suggested when all of its words
   are matched and at least half of the title's are, or the other way
   round, with at least two words matched on each side:
   ``RTDS Scheduler`` → ``RTDS based Scheduler``,
   ``QEMU Deprivileging / dm_restrict`` → ``Device Model Deprivileging``.

Either way a heading is suggested only when it stands out: when two
headings explain the title's words equally well, none is (``Device
Model`` names neither ``Device Model Stub Domains`` nor ``Device Model
Deprivileging``). One shared word is never enough (``Memory Ballooning``
is not ``Memory``; ``Scheduler`` is none of the schedulers).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from featuredoc.model.text import fold

#: Words that say nothing about which feature a title names.
STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "via", "with"}
)
_WORD = re.compile(r"[^\W_]+")
#: An inflected word shares all but this many trailing characters of the longer one.
_INFLECTION = 3
_ACRONYM_LENGTHS = range(2, 7)
#: How alike two titles must read (difflib's ratio) to be the same title misspelled.
SPELLING = 0.9


def words(title: str) -> list[str]:
    """The words of *title* that can identify a feature, lower case, in order."""
    return [w for w in _WORD.findall(title.casefold()) if w not in STOPWORDS]


def same_word(a: str, b: str) -> bool:
    """Equal, or one an inflection of the other.

    An inflection shares a stem of 4 or more characters and differs by at
    most 3 letters (``Credit``/``Credit2`` differ by a digit: two features).
    """
    if a == b:
        return True
    shortest, longest = sorted((a, b), key=len)
    if len(shortest) < 4:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    tail = longest[common:]
    return common >= 4 and len(tail) <= _INFLECTION and not any(c.isdigit() for c in tail)


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How the words of two titles correspond."""

    left: int  # how many of the left title's words are matched
    right: int
    left_total: int
    right_total: int

    @property
    def score(self) -> float:
        return (self.left / self.left_total + self.right / self.right_total) / 2

    @property
    def close(self) -> bool:
        if min(self.left, self.right) < 2:
            return False
        left, right = self.left / self.left_total, self.right / self.right_total
        return (left == 1 and right >= 0.5) or (right == 1 and left >= 0.5)


def match_words(left: list[str], right: list[str]) -> WordMatch:
    """Pair the words of two titles: equal or inflected words first, then acronyms."""
    used_left = [False] * len(left)
    used_right = [False] * len(right)
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            if not used_right[j] and same_word(a, b):
                used_left[i] = used_right[j] = True
                break
    _acronyms(left, right, used_left, used_right)
    _acronyms(right, left, used_right, used_left)
    return WordMatch(sum(used_left), sum(used_right), len(left), len(right))


def _acronyms(
    short: list[str], long: list[str], used_short: list[bool], used_long: list[bool]
) -> None:
    """Match each unmatched word of *short* that spells the initials of a run of *long*."""
    for i, word in enumerate(short):
        if used_short[i] or len(word) not in _ACRONYM_LENGTHS or not word.isalpha():
            continue
        n = len(word)
        for start in range(len(long) - n + 1):
            run = range(start, start + n)
            if any(used_long[k] for k in run):
                continue
            if "".join(long[k][0] for k in run) == word:
                used_short[i] = True
                for k in run:
                    used_long[k] = True
                break


def _spelling(wanted: str, other: str) -> float:
    return difflib.SequenceMatcher(None, wanted, other).ratio()


def closest_title(title: str, titles: Iterable[str]) -> str | None:
    """The one heading of *titles* that *title* most likely means, or ``None``."""
    found = title_candidates(title, titles)
    return found[0] if len(found) == 1 else None


def title_candidates(title: str, titles: Iterable[str]) -> list[str]:
    """The headings of *titles* that *title* most likely means: one, several equally, or none.

    The closest spelling when one reads almost the same; else the headings
    whose words explain the title's best (several when they explain it
    equally well).
    """
    candidates = list(dict.fromkeys(titles))
    wanted = fold(title)
    best: tuple[float, str] | None = None
    for candidate in candidates:
        score = _spelling(wanted, fold(candidate))
        if score >= SPELLING and (best is None or score > best[0]):
            best = (score, candidate)
    if best is not None:
        return [best[1]]
    mine = words(title)
    if not mine:
        return []
    scored: list[tuple[float, float, str]] = []
    for candidate in candidates:
        theirs = words(candidate)
        if not theirs:
            continue
        found = match_words(mine, theirs)
        if found.close:
            scored.append((found.left / found.left_total, found.score, candidate))
    if not scored:
        return []
    scored.sort(key=lambda item: item[:2], reverse=True)
    return [c for share, _, c in scored if share == scored[0][0]]
