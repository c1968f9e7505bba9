"""Applying fixes to text: one place for the CLI's ``--fix`` and the server's fix-all."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from featuredoc.model.findings import Finding, Fix, TextEdit
from featuredoc.model.text import LineIndex, Position, Span, line_ending, with_line_ending


def select_fixes(findings: Iterable[Finding], *, safe_only: bool = True) -> list[Fix]:
    """One fix per finding (the preferred one first), none overlapping another.

    Findings are served in order; a finding gets its first fix (preferred
    ones first) whose edits touch no text that a fix chosen before touches
    (insertions at one point do not), unless that fix is the very same as
    one already chosen for another finding. Each question is answered in
    logarithmic time (see :class:`_Taken`), so choosing among n fixes takes
    O(n log n).
    """
    candidates: list[list[Fix]] = []
    for finding in findings:
        fixes = sorted(finding.fixes, key=lambda f: not f.preferred)
        candidates.append([f for f in fixes if f.safe or not safe_only])
    taken = _Taken(
        sorted(
            {_key(edit.span.start) for fixes in candidates for fix in fixes for edit in fix.edits}
        )
    )
    chosen: list[Fix] = []
    seen: set[_EditsKey] = set()
    for fixes in candidates:
        for fix in fixes:
            if any(taken.overlaps(edit.span) for edit in fix.edits):
                continue
            edits = _edits_key(fix.edits)
            if edits in seen:
                break  # the same fix already chosen for another finding
            chosen.append(fix)
            seen.add(edits)
            for edit in fix.edits:
                taken.add(edit.span)
            break
    return chosen


def _key(pos: Position) -> tuple[int, int]:
    return (pos.line, pos.column)


_EditsKey = tuple[tuple[int, int, int, int, str], ...]


def _edits_key(edits: Sequence[TextEdit]) -> _EditsKey:
    """*edits* as plain values: equal exactly when the edits are (and cheaper to hash)."""
    return tuple(
        (e.span.start.line, e.span.start.column, e.span.end.line, e.span.end.column, e.new_text)
        for e in edits
    )


_NOTHING = (-1, -1)  # before every position


class _Taken:
    """The spans of the chosen fixes' edits, asked whether a span overlaps one of them.

    Spans ``t`` and ``q`` overlap when ``t.start < q.end and q.start < t.end``:
    the latest end among the taken spans that start before ``q.end`` tells.
    A Fenwick tree over the (known in advance) start positions keeps that
    maximum for every prefix, for O(log n) additions and questions.
    """

    __slots__ = ("_starts", "_tree")

    def __init__(self, starts: list[tuple[int, int]]) -> None:
        self._starts = starts  # sorted, without repeats
        self._tree = [_NOTHING] * (len(starts) + 1)

    def add(self, span: Span) -> None:
        end = _key(span.end)
        i = bisect_left(self._starts, _key(span.start)) + 1
        tree = self._tree
        while i < len(tree):
            if tree[i] < end:
                tree[i] = end
            i += i & -i

    def overlaps(self, span: Span) -> bool:
        latest = _NOTHING
        i = bisect_left(self._starts, _key(span.end))  # the taken spans starting before its end
        tree = self._tree
        while i > 0:
            if tree[i] > latest:
                latest = tree[i]
            i -= i & -i
        return latest > _key(span.start)


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """Apply non-overlapping *edits* (code-point positions) to *text*.

    Line breaks are kept as they are in *text*: an edit's new text written
    with ``\\n`` is converted to the document's own line ending (CRLF, LF,
    or CR for a file with CR line endings only).
    """
    if not edits:
        return text
    newline = line_ending(text)
    index = LineIndex(text)
    # offsets into the original text, which may use CRLF
    raw_starts = _raw_line_starts(text)

    def offset(pos: Position) -> int:
        line = max(0, min(pos.line, len(index.lines) - 1))
        return raw_starts[line] + min(pos.column, len(index.lines[line]))

    # In order of position; insertions at one point keep their order in *edits*
    # and come before an edit that replaces text from that point.
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].span.start, ie[1].span.end, ie[0]))
    pieces: list[str] = []
    done = 0  # the original text is copied up to here
    for _, edit in ordered:
        start, end = offset(edit.span.start), offset(edit.span.end)
        if start < done or end < start:  # edits that overlap: the old way, one at a time
            return _apply_one_by_one(
                text,
                [(offset(e.span.start), offset(e.span.end), e) for _, e in reversed(ordered)],
                newline,
            )
        pieces.append(text[done:start])
        pieces.append(with_line_ending(edit.new_text, newline))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _apply_one_by_one(text: str, edits: list[tuple[int, int, TextEdit]], newline: str) -> str:
    """Edits that overlap, applied back to front to what the ones after them left."""
    out = text
    for start, end, edit in edits:
        out = out[:start] + with_line_ending(edit.new_text, newline) + out[end:]
    return out


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _raw_line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    return apply_edits(text, [edit for fix in fixes for edit in fix.edits])


#: Fixes are applied, the text checked again and fixes applied again, at most this often.
MAX_FIX_PASSES = 10


@dataclass(slots=True)
class FixRun:
    """What applying every safe fix to a text did."""

    text: str  # the text after the fixes
    findings: list[Finding]  # the findings that remain
    #: How many findings the fixes resolved, by code.
    fixed: Counter[str] = field(default_factory=Counter)
    #: Remaining findings that the fixes brought up (not there before them),
    #: e.g. the template guidance an inserted section carries (FD106).
    introduced: list[Finding] = field(default_factory=list)


def fixed_codes(findings: Sequence[Finding], fixes: Sequence[Fix]) -> Counter[str]:
    """How many of *findings* the chosen *fixes* resolve, by code (one fix may serve several)."""
    same = {id(fix) for fix in fixes}
    chosen = {_edits_key(fix.edits) for fix in fixes}
    return Counter(
        f.code
        for f in findings
        if any(id(fx) in same or _edits_key(fx.edits) in chosen for fx in f.fixes)
    )


def introduced_by(before: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
    """The findings of *after* that *before* did not have (compared by code and message)."""
    left = Counter((f.code, f.message) for f in before)
    new: list[Finding] = []
    for finding in after:
        key = (finding.code, finding.message)
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(finding)
    return new


def fix_repeatedly(
    text: str,
    findings: list[Finding],
    recheck: Callable[[str], list[Finding]],
    *,
    passes: int = MAX_FIX_PASSES,
) -> FixRun:
    """Apply the safe fixes of *findings* to *text*, check it again with
    *recheck*, and repeat until nothing is left to fix (``featuredoc check --fix``).
    """
    run = FixRun(text, findings)
    for _ in range(passes):
        fixes = select_fixes(run.findings, safe_only=True)
        if not fixes:
            break
        new = apply_fixes(run.text, fixes)
        if new == run.text:
            break
        run.fixed.update(fixed_codes(run.findings, fixes))
        run.text = new
        run.findings = recheck(new)
    if run.text != text:
        run.introduced = introduced_by(findings, run.findings)
    return run
