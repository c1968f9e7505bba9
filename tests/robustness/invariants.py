"""Invariants every analysis must keep, whatever the input text.

Used by the property-based tests: they generate hostile documents and call
:func:`assert_sound` on each. A violated invariant is a bug in featuredoc,
never in the generated text.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import signal
from collections.abc import Iterator
from typing import Any

from featuredoc.analysis.fixes import apply_edits
from featuredoc.engine import INTERNAL_ERROR, analyse
from featuredoc.lsp.convert import Converter
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding, TextEdit
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Position, Span, split_lines

TODAY = dt.date(2026, 1, 1)


@contextlib.contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (POSIX); not a timing assertion: the bound is minutes."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hung(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s: catastrophic backtracking?")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def spans_in(value: Any, seen: set[int] | None = None) -> Iterator[tuple[str, Span]]:
    """Every :class:`Span` reachable from a model object, with a path for messages."""
    if seen is None:
        seen = set()
    stack: list[tuple[str, Any]] = [("document", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, Span):
            yield where, item
            continue
        if isinstance(item, (str, int, float, bool, type(None), Position)):
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                if f.name == "lines":
                    continue
                stack.append((f"{where}.{f.name}", getattr(item, f.name)))
        elif isinstance(item, dict):
            stack.extend((f"{where}[{k!r}]", v) for k, v in item.items())
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(item))


def _utf16_units(text: str) -> list[str]:
    """UTF-16 code units of *text* (lone surrogates kept as one unit)."""
    units: list[str] = []
    for ch in text:
        if ord(ch) > 0xFFFF:
            v = ord(ch) - 0x10000
            units.append(chr(0xD800 + (v >> 10)))
            units.append(chr(0xDC00 + (v & 0x3FF)))
        else:
            units.append(ch)
    return units


def _splits_pair(units: list[str], index: int) -> bool:
    if not 0 < index < len(units):
        return False
    return 0xD800 <= ord(units[index - 1]) <= 0xDBFF and 0xDC00 <= ord(units[index]) <= 0xDFFF


def check_span(lines: list[str], span: Span, what: str) -> None:
    assert span.start <= span.end, f"{what}: start after end: {span}"
    for pos in (span.start, span.end):
        assert 0 <= pos.line < len(lines), f"{what}: line {pos.line} outside 0..{len(lines) - 1}"
        line = lines[pos.line]
        assert 0 <= pos.column <= len(line), (
            f"{what}: column {pos.column} outside line {pos.line} of length {len(line)}"
        )
        # A code-point column never splits a character; text whose surrogate
        # halves are separate code points must not be split between them.
        assert not _splits_pair(list(line), pos.column), f"{what}: splits a surrogate pair"


def check_lsp_range(lines: list[str], span: Span, what: str) -> None:
    convert = Converter(lines, "utf-16")
    rng = convert.range(span)
    for pos, cp in ((rng.start, span.start), (rng.end, span.end)):
        units = _utf16_units(lines[pos.line])
        assert pos.line == cp.line, f"{what}: line changed in conversion"
        assert 0 <= pos.character <= len(units), f"{what}: UTF-16 column past the line end"
        assert not _splits_pair(units, pos.character), f"{what}: UTF-16 column inside a pair"
        back = convert.from_position(pos)
        assert back == cp, f"{what}: {cp} -> {pos} -> {back} does not round-trip"
    assert (rng.start.line, rng.start.character) <= (rng.end.line, rng.end.character)


def _raw_offset(text: str, pos: Position) -> int:
    """Offset into *text* (any line endings) of a code-point position."""
    line = 0
    i = 0
    n = len(text)
    while line < pos.line:
        j = i
        while j < n and text[j] not in "\r\n":
            j += 1
        if j >= n:
            raise AssertionError("position past the last line")
        j += 2 if text.startswith("\r\n", j) else 1
        i = j
        line += 1
    return i + pos.column


def check_fix_edits(text: str, edits: list[TextEdit], what: str) -> str:
    """Apply *edits*; text outside their spans must come through untouched."""
    lines = split_lines(text)
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    for edit in ordered:
        check_span(lines, edit.span, what)
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a.span.end <= b.span.start, f"{what}: edits overlap: {a.span} and {b.span}"
    result = apply_edits(text, edits)
    # the document's own line ending: CRLF if it has one, CR when it has only CRs, else LF
    if "\r\n" in text:
        newline = "\r\n"
    elif "\r" in text and "\n" not in text:
        newline = "\r"
    else:
        newline = "\n"
    expected: list[str] = []
    cursor = 0
    for edit in ordered:
        start, end = _raw_offset(text, edit.span.start), _raw_offset(text, edit.span.end)
        expected.append(text[cursor:start])
        new_text = edit.new_text.replace("\r\n", "\n")
        expected.append(new_text.replace("\n", newline) if newline != "\n" else new_text)
        cursor = end
    expected.append(text[cursor:])
    assert result == "".join(expected), f"{what}: the fix changed text outside its edits"
    return result


def fingerprint(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [
        (
            f.code,
            f.severity,
            f.span,
            f.message,
            tuple((fx.title, tuple(fx.edits), fx.preferred, fx.safe) for fx in f.fixes),
        )
        for f in findings
    ]


def positions(findings: list[Finding]) -> list[tuple[str, Position, Position]]:
    return sorted((f.code, f.span.start, f.span.end) for f in findings)


def assert_sound(
    text: str,
    path: str = "docs/features/fuzz.pandoc",
    config: Config | None = None,
    kind: DocumentKind | None = None,
    *,
    check_fixes: bool = True,
) -> list[Finding]:
    """Analyse *text* and check every invariant; returns the findings."""
    analysis = analyse(text, path, config, kind=kind, inputs=Inputs(today=TODAY))
    findings = analysis.findings
    internal = [f.message for f in findings if f.code == INTERNAL_ERROR]
    assert not internal, f"internal error: {internal}"
    assert analysis.document is not None
    lines = split_lines(text)
    assert analysis.document.lines == lines
    for where, span in spans_in(analysis.document):
        check_span(lines, span, where)
        check_lsp_range(lines, span, where)
    for finding in findings:
        check_span(lines, finding.span, finding.code)
        check_lsp_range(lines, finding.span, finding.code)
        for rel in finding.related:
            if rel.path in (path, ""):
                check_span(lines, rel.span, f"{finding.code} related")
    # deterministic
    again = analyse(text, path, config, kind=kind, inputs=Inputs(today=TODAY)).findings
    assert fingerprint(again) == fingerprint(findings), "two analyses of one text differ"
    if check_fixes:
        for finding in findings:
            for fix in finding.fixes:
                fixed = check_fix_edits(text, fix.edits, f"{finding.code} fix {fix.title!r}")
                after = analyse(fixed, path, config, kind=kind, inputs=Inputs(today=TODAY)).findings
                bad = [f.message for f in after if f.code == INTERNAL_ERROR]
                assert not bad, f"internal error after applying {finding.code}'s fix: {bad}"
    return findings
