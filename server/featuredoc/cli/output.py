"""Rendering findings for people and machines (no LSP imports).

Formats: ``text`` (``path:line:col: severity CODE message``, 1-based
code-point columns, coloured on a terminal), ``json`` (a list of
``{path, code, severity, message, range, related}`` with the LSP range:
0-based lines, UTF-16 columns; ``related``: the other places that explain
a finding, each ``{path, message, range}``), ``github`` (workflow commands that GitHub Actions
shows as annotations) and ``gitlab`` (a GitLab Code Quality report). SARIF
is in :mod:`featuredoc.cli.sarif`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from featuredoc.cli.display import escape_text, quote_path, report_path, valid_text
from featuredoc.model.findings import Finding, Related, Severity
from featuredoc.model.text import Span, column_to_units


@dataclass(slots=True)
class FileResult:
    path: str
    lines: list[str]
    findings: list[Finding]
    #: The path relative to the workspace root, ``/``-separated (SARIF,
    #: GitHub annotations); the display path when not given.
    rel: str = ""
    #: How many findings ``--fix`` resolved in this file.
    fixed: int = 0
    #: The same, by code.
    fixed_codes: dict[str, int] = field(default_factory=dict)
    #: Remaining findings that the fixes brought up (e.g. FD106 on inserted guidance).
    introduced: list[Finding] = field(default_factory=list)
    #: Fixes that would apply (``--diff``) or applied (``--fix``), as a unified diff.
    diff: str = ""
    errors: list[str] = field(default_factory=list)
    #: One-line remarks for standard error that do not make the run fail
    #: (a file ``--fix`` left alone).
    notes: list[str] = field(default_factory=list)
    #: Where the headings of the checked text start (0-based line) and their
    #: titles, in order; only when a baseline needs them.
    headings: list[tuple[int, str]] = field(default_factory=list)

    def related_lines(self, related: Related) -> Sequence[str] | None:
        """The lines *related*'s span is on: this file's, else those the place carries."""
        if related.path in (self.path, self.root_path):
            return self.lines
        return related.lines

    @property
    def root_path(self) -> str:
        """The path CI reports name (SARIF, GitHub, GitLab).

        The displayed path when it is relative (relative to the workspace
        root, or to the current folder when the command runs above the
        root, which is where CI checks out the repository); else the path
        relative to the root.
        """
        shown = self.path
        if shown and shown != "-" and not shown.startswith("/") and ":" not in shown[:3]:
            return shown
        return self.rel or self.path


def lsp_range(span: Span, lines: Sequence[str]) -> dict[str, dict[str, int]]:
    """An LSP range (0-based, UTF-16 code units) for *span*."""

    def point(line: int, column: int) -> dict[str, int]:
        text = lines[line] if 0 <= line < len(lines) else ""
        return {"line": line, "character": column_to_units(text, column)}

    return {
        "start": point(span.start.line, span.start.column),
        "end": point(span.end.line, span.end.column),
    }


# ---- colour ---------------------------------------------------------------


def use_colour(stream_is_tty: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output: on a terminal, unless told otherwise.

    ``NO_COLOR`` (any non-empty value) turns colour off, and wins;
    ``FORCE_COLOR`` (any non-empty value) turns it on even when the output
    is not a terminal; ``TERM=dumb`` turns it off on a terminal.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return stream_is_tty and env.get("TERM") != "dumb"


_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOUR = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFORMATION: "\x1b[1;34m",
    Severity.HINT: "\x1b[1;36m",
}


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.enabled else text


# ---- text -------------------------------------------------------------------


def format_text(results: Sequence[FileResult], *, colour: bool = False) -> str:
    """One line per finding; unusual file names quoted and control characters escaped."""
    paint = _Paint(colour)
    out: list[str] = []
    for result in results:
        for f in result.findings:
            start = f.span.start
            path = quote_path(result.path)
            location = paint(f"{path}:{start.line + 1}:{start.column + 1}:", _BOLD)
            severity = paint(f.severity.label, _SEVERITY_COLOUR[f.severity])
            code = paint(f.code, _BOLD)
            out.append(f"{location} {severity} {code} {escape_text(f.message)}")
    return "\n".join(out) + ("\n" if out else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(results: Sequence[FileResult], *, fixable: int = 0, colour: bool = False) -> str:
    """One line for people: how many findings of each severity, in how many files."""
    paint = _Paint(colour)
    findings = [f for r in results for f in r.findings]
    checked = _plural(len(results), "file")
    if not findings:
        return paint(f"No findings in {checked}.", _BOLD) + "\n"
    by_severity = Counter(f.severity for f in findings)
    parts = ", ".join(
        _plural(by_severity[s], s.label) for s in Severity if by_severity.get(s, 0) > 0
    )
    files = sum(1 for r in results if r.findings)
    line = f"Found {_plural(len(findings), 'finding')} ({parts}) in {files} of {checked}."
    text = paint(line, _BOLD) + "\n"
    if fixable:
        text += f"{_plural(fixable, 'finding')} can be fixed with `featuredoc check --fix`.\n"
    return text


#: The code that reports template text left in, and the one whose fix inserts it.
PLACEHOLDER, MISSING_SECTION = "FD106", "FD101"


def fix_summary(results: Sequence[FileResult], *, dry_run: bool) -> str:
    """What ``--fix`` did (or, with *dry_run*, ``--diff`` would do), for people."""
    fixed = sum(r.fixed for r in results)
    files = sum(1 for r in results if r.fixed)
    remaining = sum(len(r.findings) for r in results)
    verb = "Would fix" if dry_run else "Fixed"
    if not fixed:
        return f"Nothing to fix ({_plural(remaining, 'finding')} remaining).\n"
    return (
        f"{verb} {_plural(fixed, 'finding')} in {_plural(files, 'file')} "
        f"({_plural(remaining, 'finding')} remaining).\n"
    ) + _guidance_note(results, dry_run=dry_run)


def _guidance_note(results: Sequence[FileResult], *, dry_run: bool) -> str:
    """Say so when the fixes inserted template guidance that FD106 now reports.

    Inserting a missing section (FD101) brings the template's guidance
    paragraph with it: the finding is gone, but the section still has to be
    written, and FD106 reports the guidance until it is replaced.
    """
    placeholders = [(r.path, f) for r in results for f in r.introduced if f.code == PLACEHOLDER]
    if not placeholders:
        return ""
    inserted = sum(1 for r in results if r.fixed_codes.get(MISSING_SECTION, 0))
    files = len({path for path, _ in placeholders})
    where = f"{_plural(len(placeholders), 'finding')} in {_plural(files, 'file')}"
    if inserted:
        did = "Would insert" if dry_run else "Inserted"
        lead = f"{did} the missing sections of {_plural(inserted, 'file')} with the template's guidance"
    else:
        lead = "Would insert" if dry_run else "Inserted"
        lead += " the template's guidance"
    then = "would then report" if dry_run else "now reports"
    return f"{lead}; fill them in: {PLACEHOLDER} {then} the guidance left in ({where}).\n"


# ---- json -------------------------------------------------------------------


def format_json(results: Sequence[FileResult], shown: Callable[[str], str] = str) -> str:
    """The findings as a JSON list; *shown* names the files of related places as paths are."""
    import json

    items = [
        {
            "path": report_path(result.path),
            "code": f.code,
            "severity": f.severity.label,
            "message": valid_text(f.message),
            "range": lsp_range(f.span, result.lines),
            "related": [_json_related(r, result, shown) for r in f.related],
        }
        for result in results
        for f in result.findings
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _json_related(
    related: Related, result: FileResult, shown: Callable[[str], str]
) -> dict[str, object]:
    """A related place: its file named like the findings' files, its range in LSP units.

    A place in another file is converted with the lines the rule read it
    from; one without them keeps code-point columns.
    """
    lines = result.related_lines(related)
    same = lines is result.lines
    return {
        "path": report_path(result.path if same else shown(related.path)),
        "message": valid_text(related.message),
        "range": lsp_range(related.span, lines or ()),
    }


# ---- statistics -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statistic:
    code: str
    name: str
    count: int
    fixable: int


def statistics(results: Sequence[FileResult], names: Mapping[str, str]) -> list[Statistic]:
    """Counts per code, most frequent first (then by code)."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    for result in results:
        for f in result.findings:
            counts[f.code] += 1
            if any(fix.safe for fix in f.fixes):
                fixable[f.code] += 1
    return [
        Statistic(code, names.get(code, ""), count, fixable[code])
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def format_statistics_text(stats: Sequence[Statistic]) -> str:
    if not stats:
        return ""
    width = max(len(str(s.count)) for s in stats)
    lines = [
        f"{s.count:>{width}}  {s.code}  {'[*]' if s.fixable else '   '} {s.name}".rstrip()
        for s in stats
    ]
    return "\n".join(lines) + "\n"


def format_statistics_json(stats: Sequence[Statistic]) -> str:
    import json

    items = [
        {"code": s.code, "name": s.name, "count": s.count, "fixable": s.fixable} for s in stats
    ]
    return json.dumps(items, indent=2) + "\n"


# ---- GitHub Actions ---------------------------------------------------------


def github_escape_data(text: str) -> str:
    """Escape a workflow command's message (as GitHub's toolkit does)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a workflow command property value (``file=``, ``title=``...)."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}


def format_github(results: Sequence[FileResult]) -> str:
    """``::error file=...,line=...::message`` lines for GitHub Actions.

    Lines and columns are 1-based; the columns are code points, as in the
    text format. GitHub accepts ``col``/``endColumn`` only for an annotation
    on one line, so a range over several lines gives lines only.
    """
    out: list[str] = []
    for result in results:
        for f in result.findings:
            start, end = f.span.start, f.span.end
            props = [
                ("file", quote_path(result.root_path)),
                ("line", str(start.line + 1)),
                ("endLine", str(end.line + 1)),
            ]
            if start.line == end.line:
                props.insert(2, ("col", str(start.column + 1)))
                props.append(("endColumn", str(end.column + 1)))
            props.append(("title", f.code))
            rendered = ",".join(f"{k}={github_escape_property(v)}" for k, v in props)
            message = github_escape_data(escape_text(f.message, keep="\r\n"))
            out.append(f"::{_GITHUB_LEVEL[f.severity]} {rendered}::{message}")
    return "\n".join(out) + ("\n" if out else "")


# ---- GitLab Code Quality ----------------------------------------------------

_GITLAB_SEVERITY = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFORMATION: "info",
    Severity.HINT: "info",
}


def format_gitlab(results: Sequence[FileResult]) -> str:
    """A GitLab Code Quality report (``artifacts: reports: codequality``).

    The fingerprint hashes the path, code, message and the finding's rank
    among identical ones in the file, not its line, so that a finding keeps
    its identity when lines above it move.
    """
    import hashlib
    import json

    issues = []
    for result in results:
        seen: Counter[tuple[str, str]] = Counter()
        path = report_path(result.root_path)
        for f in result.findings:
            message = valid_text(f.message)
            seen[(f.code, message)] += 1
            key = "\0".join((path, f.code, message, str(seen[(f.code, message)])))
            issues.append(
                {
                    "type": "issue",
                    "check_name": f.code,
                    "description": f"{f.code} {message}",
                    "categories": ["Style"],
                    "severity": _GITLAB_SEVERITY[f.severity],
                    "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                    "location": {
                        "path": path,
                        "lines": {"begin": f.span.start.line + 1, "end": f.span.end.line + 1},
                    },
                }
            )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
