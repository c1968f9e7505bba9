"""Telling SUPPORT.md by its text reads lines only as far as it needs, and decides as before.

:func:`featuredoc.model.sniff.looks_like_support` runs on every version of an
open document. A feature document is told by its Basics heading near the top,
so the lines below it are never split or looked at; the answer is the one of
the plain reading (every line, ``str.splitlines``), checked on random texts
made of the lines that matter, with every line break ``splitlines`` knows.
"""

from __future__ import annotations

import random

import pytest

from featuredoc.model import sniff
from featuredoc.model.sniff import looks_like_support

PIECES = (
    "# Basics",
    "Basics",
    "------",
    "======",
    "    Xen-Version: 4.18",
    "    Status, x86: Supported",
    "    Status: Tech Preview",
    "\tStatus, ARM: Experimental",
    "```",
    "~~~",
    "text ünïcode 🚀",
    "",
    "  basics",
    "## Détail",
)
BREAKS = ("\n", "\n", "\n", "\r\n", "\r", "\u2028", "\x0b", "\x85")


def _plain(text: str) -> bool:
    """The reading of every line, as :func:`looks_like_support` documents it."""
    release, statuses, fence = False, 0, None
    lines = text.splitlines()
    for number, line in enumerate(lines):
        opening = sniff._FENCE.match(line)
        if fence is not None:
            if opening is not None and opening.group(1) == fence:
                fence = None
            continue
        if opening is not None:
            fence = opening.group(1)
            continue
        if sniff._BASICS.fullmatch(line) and sniff._BASICS_WORD.search(text):
            atx = line.lstrip().startswith("#")
            if atx or (number + 1 < len(lines) and sniff._SETEXT.fullmatch(lines[number + 1])):
                return False
        if sniff._RELEASE_LINE.match(line):
            release = True
        elif sniff._STATUS_LINE.match(line):
            statuses += 1
    return release or statuses >= sniff.MIN_STATUS_LINES


def test_the_lazy_reading_decides_as_the_plain_one() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 12))]
        text = "".join(line + rng.choice(BREAKS) for line in lines)
        if rng.random() < 0.3:
            text = text.rstrip("\n")
        assert looks_like_support(text) == _plain(text), repr(text)


def test_a_feature_document_is_told_without_reading_past_its_basics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    line_at = sniff._line_at

    def counting(text: str, start: int) -> tuple[str, int | None]:
        seen.append(start)
        return line_at(text, start)

    monkeypatch.setattr(sniff, "_line_at", counting)
    text = "% Title\n\n# Basics\n\n" + "## Detail\n\n    Status: Supported\n\n" * 10_000
    assert looks_like_support(text) is False
    assert len(seen) <= 2
