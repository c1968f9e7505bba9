"""Applying fixes to text: one place for the CLI's ``--fix`` and the server's fix-all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from featuredoc.model.findings import Finding, Fix, TextEdit
from featuredoc.model.text import LineIndex, Position


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    """Whether two edits touch the same text (insertions at one point do not)."""
    return a.span.start < b.span.end and b.span.start < a.span.end


def select_fixes(findings: Iterable[Finding], *, safe_only: bool = True) -> list[Fix]:
    """One fix per finding (the preferred one first), none overlapping another."""
    chosen: list[Fix] = []
    taken: list[TextEdit] = []
    for finding in findings:
        fixes = sorted(finding.fixes, key=lambda f: not f.preferred)
        for fix in fixes:
            if safe_only and not fix.safe:
                continue
            if any(_overlaps(e, t) for e in fix.edits for t in taken):
                continue
            if any(fix.edits == c.edits for c in chosen):
                break  # the same fix already chosen for another finding
            chosen.append(fix)
            taken.extend(fix.edits)
            break
    return chosen


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """Apply non-overlapping *edits* (code-point positions) to *text*.

    Line breaks are kept as they are in *text*: an edit's new text written
    with ``\\n`` is converted to the document's own line ending (CRLF, LF,
    or CR for a file with CR line endings only).
    """
    if not edits:
        return text
    newline = _line_ending(text)
    index = LineIndex(text)
    # offsets into the original text, which may use CRLF
    raw_starts = _raw_line_starts(text)

    def offset(pos: Position) -> int:
        line = max(0, min(pos.line, len(index.lines) - 1))
        return raw_starts[line] + min(pos.column, len(index.lines[line]))

    # Back to front; insertions at one point keep their order in *edits*.
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


def _line_ending(text: str) -> str:
    """The document's line ending: CRLF if it has one, CR when it has only CRs, else LF."""
    if "\r\n" in text:
        return "\r\n"
    if "\r" in text and "\n" not in text:
        return "\r"
    return "\n"


def _raw_line_starts(text: str) -> list[int]:
    starts = [0]
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\r":
            if i + 1 < n and text[i + 1] == "\n":
                i += 1
            starts.append(i + 1)
        elif ch == "\n":
            starts.append(i + 1)
        i += 1
    return starts


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
    chosen = [fix.edits for fix in fixes]
    return Counter(f.code for f in findings if any(fx.edits in chosen for fx in f.fixes))


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
