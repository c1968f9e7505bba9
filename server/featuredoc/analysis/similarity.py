"""Near-miss detection: is a misspelled word really close to a known one?"""

from __future__ import annotations

import functools
from collections.abc import Container, Iterable

from featuredoc.model.text import fold


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance (Levenshtein plus transpositions).

    With *limit*, any distance above it is reported as ``limit + 1`` early.
    """
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    # One edit changes the set of characters used by at most two (a
    # substitution drops one and brings one): a cheap lower bound that spares
    # the table for words that share few letters (a document of thousands of
    # headings compares each with every missing section name).
    if limit is not None and (len(set(a) ^ set(b)) + 1) // 2 > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        row_min = i
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if limit is not None and row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(word: str) -> int:
    """How many edits still count as 'really close' for a word this long."""
    n = len(word)
    if n <= 3:
        return 0
    if n <= 5:
        return 1
    if n <= 12:
        return 2
    return 3


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate *word* most likely misspells, or ``None`` when none is close.

    Comparison is case-insensitive and ignores surrounding space; ties go
    to the earlier candidate. Results are memoised: rules ask again on
    every keystroke.
    """
    return _closest(word, tuple(candidates))


@functools.lru_cache(maxsize=2048)
def _closest(word: str, candidates: tuple[str, ...]) -> str | None:
    return closest_folded(fold(word), candidates)


def closest_folded(needle: str, candidates: tuple[str, ...]) -> str | None:
    """:func:`closest` for a *needle* already folded, not memoised.

    For callers that fold the word anyway and ask about many different
    words (every heading of a document), where a memo would only churn.
    """
    if not needle:
        return None
    # Only candidates whose length is within reach of the needle's (a flood
    # of headings asks about every one, most of them out of reach of all).
    within = _within_reach(candidates).get(len(needle))
    if within is None:
        return None
    best: tuple[int, int, str] | None = None
    chars = set(needle)
    for order, target, limit, candidate, target_chars in within:
        # each character of the needle that the target lacks takes an edit of its own
        if len(chars.difference(target_chars)) > limit:
            continue
        distance = edit_distance(needle, target, limit)
        if distance <= limit and (best is None or (distance, order) < best[:2]):
            best = (distance, order, candidate)
    return best[2] if best else None


@functools.lru_cache(maxsize=64)
def _targets(candidates: tuple[str, ...]) -> tuple[tuple[str, int, str], ...]:
    """Each candidate folded, with the distance allowed for it."""
    return tuple((fold(c), allowed_distance(fold(c)), c) for c in candidates)


@functools.lru_cache(maxsize=64)
def _within_reach(
    candidates: tuple[str, ...],
) -> dict[int, tuple[tuple[int, str, int, str, frozenset[str]], ...]]:
    """Word length → the candidates that length may match: (order, folded, limit, as
    given, the folded one's characters)."""
    reach: dict[int, list[tuple[int, str, int, str, frozenset[str]]]] = {}
    for order, (target, limit, candidate) in enumerate(_targets(candidates)):
        entry = (order, target, limit, candidate, frozenset(target))
        for size in range(max(0, len(target) - limit), len(target) + limit + 1):
            reach.setdefault(size, []).append(entry)
    return {size: tuple(found) for size, found in reach.items()}


def lengths_in_reach(candidates: tuple[str, ...]) -> Container[int]:
    """The lengths of the folded words that may be close to one of *candidates*."""
    return _within_reach(candidates).keys()
