"""Which lines of the working tree changed since a git revision (``check --new-only``).

One ``git diff`` against the working tree, its file list read with ``-z``
(names as bytes, never quoted: any Unicode, tabs and newlines included) and
its hunks paired with the list in order, and one ``git ls-files`` for the
files git does not track yet. Renames are followed (``-M``): a renamed
file's changed lines are those its diff shows, not all of them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from featuredoc.workspace.gitbase import GitError, run_git

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True, slots=True)
class ChangedLines:
    """The changed lines (0-based, in the working tree's text) of each changed file.

    *whole*: files new since the revision (added, or not tracked by git),
    every line of which is new; *tracked*: the files git tracks. A tracked
    file in neither did not change.
    """

    lines: dict[str, list[int]] = field(default_factory=dict)  # sorted, by root-relative path
    whole: frozenset[str] = frozenset()
    tracked: frozenset[str] = frozenset()

    def touches(self, rel: str, first: int, last: int) -> bool:
        """Whether any line from *first* to *last* (0-based, inclusive) of *rel* is new."""
        if rel in self.whole or not self._known(rel):
            return True
        lines = self.lines.get(rel)
        if not lines:
            return False
        at = bisect.bisect_left(lines, first)
        return at < len(lines) and lines[at] <= last

    def _known(self, rel: str) -> bool:
        return rel in self.tracked or rel in self.lines


def changed_lines(root: Path, commit: str) -> ChangedLines:
    """The lines of the files under *root* that differ from *commit* (a verified revision).

    Paths are relative to *root*, ``/``-separated. Raises :class:`GitError`
    when git cannot answer.
    """
    diff = run_git(
        root,
        *("-c", "core.quotePath=false", "diff", "--raw", "-p", "-z", "--unified=0"),
        *("-M", "--text", "--no-color", "--no-ext-diff", "--no-textconv", "--relative"),
        *(commit, "--"),
    )
    if diff.returncode != 0:
        raise GitError(f"git diff {commit} failed: {_first_line(diff.stderr)}")
    listed = run_git(root, "ls-files", "-z", "--cached")
    if listed.returncode != 0:
        raise GitError(f"git ls-files failed: {_first_line(listed.stderr)}")
    tracked = frozenset(_names(listed.stdout.split(b"\0")))
    entries, patch = _raw_entries(diff.stdout)
    lines: dict[str, list[int]] = {}
    whole: set[str] = set()
    for (status, path), hunks in zip(entries, _patches(patch), strict=False):
        if status in ("A", "T", "U", "X"):  # new, or no longer the same kind of file
            whole.add(path)
        elif status != "D":
            lines[path] = _new_lines(hunks)
    return ChangedLines(lines, frozenset(whole), tracked)


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"


def _names(raw: list[bytes]) -> list[str]:
    # Names that are not UTF-8 read as the file system's surrogate escapes do.
    return [name.decode("utf-8", "surrogateescape") for name in raw if name]


def _raw_entries(output: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """The ``--raw -z`` records (status letter, path now) and the patch text after them."""
    entries: list[tuple[str, str]] = []
    at = 0
    while at < len(output) and output[at : at + 1] == b":":
        end = output.index(b"\0", at)
        status = output[at:end].rsplit(b" ", 1)[-1].decode("ascii", "replace")[:1]
        paths = 2 if status in ("R", "C") else 1
        names = []
        for _ in range(paths):
            start, end = end + 1, output.index(b"\0", end + 1)
            names.append(output[start:end])
        entries.append((status, _names(names[-1:])[0]))
        at = end + 1
    if output[at : at + 1] == b"\0":  # the empty record that ends the list
        at += 1
    return entries, output[at:]


def _patches(patch: bytes) -> list[list[tuple[int, int]]]:
    """Each file's hunks, in the order of the list: (first new line, 1-based; count)."""
    files: list[list[tuple[int, int]]] = []
    for line in patch.split(b"\n"):
        if line.startswith(b"diff --git "):
            files.append([])
        elif files and line.startswith(b"@@ "):
            match = _HUNK.match(line)
            if match:
                count = int(match.group(2)) if match.group(2) is not None else 1
                files[-1].append((int(match.group(1)), count))
    return files


def _new_lines(hunks: list[tuple[int, int]]) -> list[int]:
    """The 0-based lines the hunks add; for a deletion, the lines either side of it."""
    lines: set[int] = set()
    for start, count in hunks:
        if count:
            lines.update(range(start - 1, start - 1 + count))
        else:  # lines removed after line *start*: its neighbours are where it happened
            lines.update(line for line in (start - 1, start) if line >= 0)
    return sorted(lines)
