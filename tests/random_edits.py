"""Random edits of a text, for the tests that compare an incremental result with a fresh one."""

from __future__ import annotations

import random
from collections.abc import Sequence


def random_edit(
    rng: random.Random,
    text: str,
    snippets: Sequence[str],
    *,
    insert_share: float,
    longest_cut: int,
) -> str:
    """*text* with one of *snippets* typed at a random place (about *insert_share* of the
    time, and always into an empty text), or else up to *longest_cut* characters cut."""
    if not text or rng.random() < insert_share:
        pos = rng.randint(0, len(text))
        return text[:pos] + rng.choice(snippets) + text[pos:]
    start = rng.randint(0, len(text) - 1)
    end = min(len(text), start + rng.randint(1, longest_cut))
    return text[:start] + text[end:]
