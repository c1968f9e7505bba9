"""Failing CI only on what is new: ``check --baseline FILE`` and ``check --new-only --base REV``.

A baseline (``check --write-baseline FILE``) records the findings a tree
has today, each by file, code, *context* (the heading it is under) and
*content* (the text of the line it points at, white space squashed), with a
count: never by line number, so it survives lines moving above it. With
``--baseline FILE`` those findings are not reported, up to their count;
entries no longer found are named as stale, without failing.
``--new-only`` keeps the findings on lines changed since ``--base``. The
format is documented in docs/baseline.md.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from featuredoc.cli.display import escape_text, quote_path
from featuredoc.cli.output import FileResult
from featuredoc.model.findings import Finding
from featuredoc.workspace.files import project_path
from featuredoc.workspace.gitdiff import ChangedLines, changed_lines

#: The format written and read; a reader refuses other versions.
VERSION = 1
#: Content and context longer than this are cut (matching compares what is kept).
MAX_TEXT = 200
_LINE_NUMBER = re.compile(r"\b(lines?) \d+(?:\s*[-–]\s*\d+)?")

#: What a finding is matched by: path, code, context, content.
Key = tuple[str, str, str, str]


class BaselineError(Exception):
    """The baseline cannot be read or written; one line that says where and why."""


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    """One line of findings in the baseline: *count* findings with the same key."""

    path: str
    code: str
    context: str
    content: str
    message: str  # for people reading the file; not compared
    count: int = 1

    @property
    def key(self) -> Key:
        return (self.path, self.code, self.context, self.content)


@dataclass(slots=True)
class Outcome:
    """What the gate left out, for the summary."""

    baselined: int = 0
    stale: list[Entry] = field(default_factory=list)
    unchanged: int = 0  # --new-only: findings on lines not changed since the base


def squash(text: str) -> str:
    """*text* with runs of white space as one space, trimmed, cut at MAX_TEXT, storable."""
    text = " ".join(text.split())
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "…"
    # Lone surrogates (file names that are not UTF-8) as U+FFFD: JSON files are UTF-8.
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def context_of(result: FileResult, line: int) -> str:
    """The title of the heading *line* is under (its own, on a heading), or ``""``."""
    starts = [start for start, _ in result.headings]
    at = bisect.bisect_right(starts, line) - 1
    return squash(result.headings[at][1]) if at >= 0 else ""


def key_of(result: FileResult, finding: Finding) -> Key:
    line = finding.span.start.line
    content = result.lines[line] if 0 <= line < len(result.lines) else ""
    path = squash(result.rel or result.path)
    return (path, finding.code, context_of(result, line), squash(content))


def entries(results: Iterable[FileResult]) -> list[Entry]:
    """Every finding of *results* as baseline entries, identical ones counted, sorted."""
    counts: Counter[tuple[Key, str]] = Counter()
    for result in results:
        for finding in result.findings:
            message = _LINE_NUMBER.sub(r"\1 N", squash(finding.message))
            counts[(key_of(result, finding), message)] += 1
    return sorted(Entry(*key, message, count) for (key, message), count in counts.items())


def render(found: Sequence[Entry]) -> str:
    """The baseline file: JSON, one finding key per object, sorted, keys in a fixed order."""
    items = [
        {
            "path": e.path,
            "code": e.code,
            "context": e.context,
            "content": e.content,
            "message": e.message,
            "count": e.count,
        }
        for e in found
    ]
    document = {"featuredoc-baseline": VERSION, "findings": items}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---- reading ------------------------------------------------------------------

_FIELDS = ("path", "code", "context", "content", "message", "count")


def load(path: Path) -> list[Entry]:
    """The entries of the baseline *path*; :class:`BaselineError` says where it is wrong."""
    shown = str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a folder; a FIFO would block
            raise BaselineError(f"{shown}: cannot read the baseline (not a regular file)")
        data = path.read_bytes()
    except OSError as exc:
        raise BaselineError(f"{shown}: cannot read the baseline ({exc.strerror or exc})") from None
    document = _parse(data, shown)
    if not isinstance(document, dict) or "featuredoc-baseline" not in document:
        raise BaselineError(
            f'{shown}: not a featuredoc baseline (no "featuredoc-baseline" version at its top; '
            "write one with `featuredoc check --write-baseline FILE`)"
        )
    version = document["featuredoc-baseline"]
    if version != VERSION or isinstance(version, bool):
        raise BaselineError(
            f'{shown}: "featuredoc-baseline": version {json.dumps(version)} is not one this '
            f"featuredoc reads ({VERSION}); write the baseline again"
        )
    items = document.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f'{shown}: "findings" must be a list')
    return [_entry(item, f"{shown}: findings[{i}]") for i, item in enumerate(items)]


#: More digits than any count needs; Python refuses to read an int of over 4300.
_MAX_DIGITS = 100


class _LongNumber(Exception):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def _whole_number(digits: str) -> int:
    if len(digits) > _MAX_DIGITS:
        raise _LongNumber(digits)
    return int(digits)


def _parse(data: bytes, shown: str) -> object:
    """The JSON of *data*; :class:`BaselineError` with the place of what is wrong."""
    try:
        text = data.decode("utf-8")
        return json.loads(text, parse_int=_whole_number)
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{shown}: byte {exc.start} is not UTF-8; not a baseline") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise BaselineError(f"{shown}: not valid JSON: nested too deeply") from None
    except _LongNumber as exc:
        at = text.find(exc.digits)
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise BaselineError(
            f"{shown}:{line}:{column}: not valid JSON: a number of more than {_MAX_DIGITS} digits"
        ) from None


def _entry(item: object, where: str) -> Entry:
    if not isinstance(item, dict):
        raise BaselineError(f"{where}: must be an object")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise BaselineError(f"{where}: unknown key {json.dumps(unknown[0])}")
    values: list[str] = []
    for name in _FIELDS[:4]:
        value = item.get(name, "" if name in ("context", "content") else None)
        if not isinstance(value, str):
            raise BaselineError(f"{where}.{name}: must be a string")
        values.append(value)
    message, count = item.get("message", ""), item.get("count", 1)
    if not isinstance(message, str):
        raise BaselineError(f"{where}.message: must be a string")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{where}.count: must be a whole number of at least 1")
    path, code, context, content = values
    return Entry(path, code, context, content, message, count)


# ---- writing ------------------------------------------------------------------


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def write(path: Path, found: Sequence[Entry], root: Path) -> None:
    """Write the baseline to *path*, atomically.

    The path as the user named it, even outside the workspace; but a name
    inside the workspace (or, outside it, in some folder) whose links lead
    out of it is refused, as ``--fix`` refuses it: nothing is written
    outside the workspace unless the user named a path there.
    """
    from featuredoc.cli.runner import replace_file

    lexical = os.path.abspath(path)
    real_root = os.path.realpath(root)
    if _inside(lexical, os.path.abspath(root)) or _inside(lexical, real_root):
        boundary, what = real_root, "the workspace"
    else:
        boundary, what = os.path.realpath(os.path.dirname(lexical)), "its folder"
    target = os.path.realpath(lexical)
    if not _inside(target, boundary):
        raise BaselineError(
            f"{path}: baseline not written: its real path {target} is outside {what} {boundary}"
        )
    try:
        replace_file(Path(lexical), render(found).encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None


# ---- leaving out what is not new ----------------------------------------------


def apply_baseline(
    results: Sequence[FileResult], baseline: Sequence[Entry], reported: Callable[[str], bool]
) -> Outcome:
    """Drop the findings of *results* the baseline holds, up to each entry's count.

    Identical findings beyond the count stay (the last ones in the file).
    Stale entries: those of a checked file, of a code *reported* (selected
    and switched on), that nothing matched.
    """
    budget: Counter[Key] = Counter()
    for entry in baseline:
        budget[entry.key] += entry.count
    outcome = Outcome()
    for result in results:
        kept = []
        for finding in result.findings:
            key = key_of(result, finding)
            if budget[key] > 0:
                budget[key] -= 1
                outcome.baselined += 1
            else:
                kept.append(finding)
        result.findings = kept
    checked = {squash(result.rel or result.path) for result in results if not result.errors}
    for entry in sorted(baseline):
        left = min(budget[entry.key], entry.count)
        if left > 0 and entry.path in checked and reported(entry.code):
            budget[entry.key] -= left
            outcome.stale.append(dataclasses.replace(entry, count=left))
    return outcome


def keep_changed(results: Sequence[FileResult], changed: ChangedLines, root: Path) -> int:
    """Drop the findings that touch no line changed since the base; how many were dropped.

    A finding touches a line with its range, the ranges its fixes edit
    (a missing section: where it would be inserted) or a related place
    in a changed file (the SUPPORT.md line a feature document disagrees with).
    """
    dropped = 0
    for result in results:
        rel = result.rel or result.path
        kept = [f for f in result.findings if _touches(f, rel, result.path, changed, root)]
        dropped += len(result.findings) - len(kept)
        result.findings = kept
    return dropped


def _touches(finding: Finding, rel: str, shown: str, changed: ChangedLines, root: Path) -> bool:
    spans = [finding.span, *(e.span for fix in finding.fixes for e in fix.edits)]
    if any(changed.touches(rel, s.start.line, s.end.line) for s in spans):
        return True
    for related in finding.related:
        other = rel if related.path == shown else project_path(Path(related.path), root)
        if other in changed.lines or other in changed.whole:
            if changed.touches(other, related.span.start.line, related.span.end.line):
                return True
    return False


# ---- saying so --------------------------------------------------------------------


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_lines(outcome: Outcome, baseline: str | None, base: str | None) -> list[str]:
    """What was left out, for people: after the summary, or on standard error."""
    lines = []
    if baseline is not None:
        lines.append(
            f"{_plural(outcome.baselined, 'finding', 'findings')} in the baseline "
            f"({escape_text(baseline)}) not shown."
        )
    if outcome.stale:
        count = sum(entry.count for entry in outcome.stale)
        lines.append(
            f"{_plural(count, 'baseline finding is', 'baseline findings are')} no longer "
            "found (fixed, or its line changed); write the baseline again to drop "
            f"{'it' if count == 1 else 'them'}:"
        )
        for entry in outcome.stale:
            times = f" (x{entry.count})" if entry.count > 1 else ""
            under = f" under '{entry.context}'" if entry.context else ""
            lines.append(
                f"  {quote_path(entry.path)}: {entry.code}{under}: "
                f'"{escape_text(entry.content)}"{times}'
            )
    if base is not None:
        lines.append(
            f"{_plural(outcome.unchanged, 'finding', 'findings')} on lines not changed "
            f"since {escape_text(base)} not shown (--new-only)."
        )
    return lines


# ---- the command's steps ----------------------------------------------------------


class GateUsage(Exception):
    """A combination of the gate's options that makes no sense; one line, exit status 2."""


def start(args: argparse.Namespace, stdin: bool) -> list[Entry] | None:
    """Check the options together, and read ``--baseline`` before any file is checked."""
    if args.write_baseline is not None:
        clash = [
            name
            for name, given in (
                ("--baseline", args.baseline is not None),
                ("--new-only", args.new_only),
                ("--diff", args.diff),
                ("--statistics", args.statistics),
            )
            if given
        ]
        if clash:
            raise GateUsage(
                f"--write-baseline records every finding instead of reporting them: "
                f"leave out {', '.join(clash)}"
            )
    if args.new_only and args.base is None:
        raise GateUsage(
            "--new-only needs --base REV: the revision the changed lines are counted from"
        )
    if args.new_only and stdin:
        raise GateUsage("--new-only compares the files on disk with --base; not standard input")
    if args.baseline is None:
        return None
    try:
        return load(args.baseline)
    except BaselineError as exc:
        raise GateUsage(str(exc)) from None


def finish(
    args: argparse.Namespace,
    results: Sequence[FileResult],
    root: Path,
    reported: Callable[[str], bool],
    baseline: Sequence[Entry] | None,
) -> list[str]:
    """Leave out the findings the baseline holds and, with ``--new-only``, those on lines
    not changed; the summary lines saying so."""
    if baseline is None and not args.new_only:
        return []
    outcome = Outcome()
    if baseline is not None:
        outcome = apply_baseline(results, baseline, reported)
    if args.new_only:
        from featuredoc.workspace.gitbase import verify

        outcome.unchanged = keep_changed(
            results, changed_lines(root, verify(root, args.base)), root
        )
    shown = None if args.baseline is None else str(args.baseline)
    return summary_lines(outcome, shown, args.base if args.new_only else None)


def write_from(
    args: argparse.Namespace, results: Sequence[FileResult], root: Path, problems: list[str]
) -> bool:
    """``--write-baseline``: every finding of *results*; False (nothing written) on *problems*."""
    path: Path = args.write_baseline
    if problems:
        problems.append(f"{path}: baseline not written: some files could not be checked")
        return False
    found = entries(results)
    try:
        write(path, found, root)
    except BaselineError as exc:
        problems.append(str(exc))
        return False
    if args.quiet:
        return True
    total = sum(entry.count for entry in found)
    files = len({entry.path for entry in found})
    print(
        f"featuredoc: wrote the baseline {escape_text(str(path))}: "
        f"{_plural(total, 'finding', 'findings')} in {_plural(files, 'file', 'files')}",
        file=sys.stderr,
    )
    return True
