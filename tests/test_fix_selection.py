"""Choosing and applying fixes: the same choice as the plain algorithm, in n log n.

``select_fixes``, ``fixed_codes`` and ``apply_edits`` once compared every
fix with every fix chosen before it, and applied edits one string copy
each: minutes for a document of 30,000 fixable rows. The reference
versions below are those plain algorithms, kept as the definition of what
is chosen and written; random findings and edits compare the two, and a
count of function calls shows that the work grows no faster than the
number of fixes (a count, not a timing).
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from types import FrameType
from typing import Any

import pytest

from featuredoc.analysis.fixes import apply_edits, fixed_codes, select_fixes
from featuredoc.model.findings import Finding, Fix, Severity, TextEdit
from featuredoc.model.text import LineIndex, Position, Span

# ---- the plain algorithms, as the definition --------------------------------------


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end


def reference_select(findings: Iterable[Finding], *, safe_only: bool = True) -> list[Fix]:
    chosen: list[Fix] = []
    taken: list[TextEdit] = []
    for finding in findings:
        for fix in sorted(finding.fixes, key=lambda f: not f.preferred):
            if safe_only and not fix.safe:
                continue
            if any(_overlaps(e, t) for e in fix.edits for t in taken):
                continue
            if any(fix.edits == c.edits for c in chosen):
                break
            chosen.append(fix)
            taken.extend(fix.edits)
            break
    return chosen


def reference_fixed_codes(findings: Sequence[Finding], fixes: Sequence[Fix]) -> Counter[str]:
    chosen = [fix.edits for fix in fixes]
    return Counter(f.code for f in findings if any(fx.edits in chosen for fx in f.fixes))


def reference_apply(text: str, edits: Sequence[TextEdit]) -> str:
    if not edits:
        return text
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    index = LineIndex(text)
    raw_starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                i += 1
            raw_starts.append(i + 1)
        elif text[i] == "\n":
            raw_starts.append(i + 1)
        i += 1

    def offset(pos: Position) -> int:
        line = max(0, min(pos.line, len(index.lines) - 1))
        return raw_starts[line] + min(pos.column, len(index.lines[line]))

    ordered = sorted(
        enumerate(edits), key=lambda ie: (ie[1].span.start, ie[1].span.end, ie[0]), reverse=True
    )
    out = text
    for _, edit in ordered:
        start, end = offset(edit.span.start), offset(edit.span.end)
        new_text = edit.new_text.replace("\r\n", "\n")
        if newline != "\n":
            new_text = new_text.replace("\n", newline)
        out = out[:start] + new_text + out[end:]
    return out


# ---- random findings ------------------------------------------------------------------


def _position(rng: random.Random) -> Position:
    return Position(rng.randrange(6), rng.randrange(9))


def _edit(rng: random.Random) -> TextEdit:
    start = _position(rng)
    if rng.random() < 0.3:  # an insertion
        end = start
    else:
        end = max(start, _position(rng))
    return TextEdit(Span(start, end), rng.choice(["", "x", "é\n", "ab", "\r\n😀"]))


def random_findings(rng: random.Random, count: int) -> list[Finding]:
    findings: list[Finding] = []
    made: list[Fix] = []
    for _ in range(count):
        fixes: list[Fix] = []
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            roll = rng.random()
            if made and roll < 0.15:
                fix = rng.choice(made)  # the very same fix for another finding
            elif made and roll < 0.3:
                fix = Fix("again", list(rng.choice(made).edits))  # an equal one
            else:
                fix = Fix("fix", [_edit(rng) for _ in range(rng.choice([0, 1, 1, 2, 3]))])
            fix.preferred = rng.random() < 0.3
            fix.safe = rng.random() < 0.8
            fixes.append(fix)
            made.append(fix)
        code = rng.choice(["FD101", "FD201", "FD402"])
        findings.append(Finding(code, Severity.WARNING, "m", _edit(rng).span, fixes))
    return findings


@pytest.mark.parametrize("seed", range(300))
def test_the_same_fixes_are_chosen_as_by_the_plain_algorithm(seed: int) -> None:
    rng = random.Random(seed)
    findings = random_findings(rng, rng.randrange(1, 25))
    for safe_only in (True, False):
        got = select_fixes(findings, safe_only=safe_only)
        want = reference_select(findings, safe_only=safe_only)
        assert [id(f) for f in got] == [id(f) for f in want]
        assert fixed_codes(findings, got) == reference_fixed_codes(findings, want)


def _random_text(rng: random.Random) -> str:
    newline = rng.choice(["\n", "\r\n", "\r"])
    lines = ["".join(rng.choice("aé😀 -") for _ in range(rng.randrange(8))) for _ in range(5)]
    return newline.join(lines) + rng.choice(["", newline])


@pytest.mark.parametrize("seed", range(300))
def test_edits_are_applied_as_by_the_plain_algorithm(seed: int) -> None:
    rng = random.Random(seed)
    text = _random_text(rng)
    findings = random_findings(rng, rng.randrange(1, 12))
    # edits that do not overlap (what fixes are), and any edits at all
    chosen = [e for fix in select_fixes(findings, safe_only=False) for e in fix.edits]
    anything = [_edit(rng) for _ in range(rng.randrange(4))]
    for edits in (chosen, anything):
        assert apply_edits(text, edits) == reference_apply(text, edits)


def test_insertions_at_one_point_keep_their_order() -> None:
    text = "ab\r\ncd\r\n"
    edits = [
        TextEdit(Span.on_line(1, 0, 2), "X"),
        TextEdit(Span.on_line(1, 0, 0), "1\n"),
        TextEdit(Span.on_line(1, 0, 0), "2"),
        TextEdit(Span.on_line(0, 2, 2), "é"),
    ]
    assert apply_edits(text, edits) == "abé\r\n1\r\n2X\r\n"


# ---- how the work grows -------------------------------------------------------------------


def _history_findings(rows: int) -> list[Finding]:
    """One fixable finding a row, as FD402 reports unpadded History dates."""
    return [
        Finding(
            "FD402",
            Severity.WARNING,
            "m",
            Span.on_line(row, 0, 9),
            [Fix("pad", [TextEdit(Span.on_line(row, 0, 9), "2025-03-04")], preferred=True)],
        )
        for row in range(rows)
    ]


def _calls(work: Callable[[], Any]) -> int:
    """Python and C function calls made by *work* (generator steps count too)."""
    count = 0

    def profile(_frame: FrameType, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_choosing_fixes_grows_with_the_number_of_fixes_not_its_square() -> None:
    small, large = _history_findings(200), _history_findings(800)
    ratios = []
    for findings in (small, large):
        fixes = select_fixes(findings)
        assert len(fixes) == len(findings)
        ratios.append(
            _calls(lambda f=findings: select_fixes(f))
            + _calls(lambda f=findings, x=fixes: fixed_codes(f, x))
        )
    # 4 times the fixes: about 4 times the calls (16 times for the plain algorithm)
    assert ratios[1] < 6 * ratios[0], ratios
