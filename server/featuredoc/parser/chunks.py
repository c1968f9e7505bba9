"""Independent chunks of a document, for incremental parsing.

An ATX heading at column 0 always starts a new block in CommonMark and in
our pandoc rules, unless it sits inside a fenced code block, an HTML block or
the YAML metadata block at the start. So a document splits, at those
headings, into chunks whose block structure does not depend on each other:
each chunk can be tokenized alone and its blocks cached by its text. An edit
then re-tokenizes only the chunk it touched.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HTML_START = re.compile(r" {0,3}<")
_HTML_COMMENT = re.compile(r" {0,3}<!--")
_HTML_RAW = re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)", re.I)
_HTML_RAW_END = re.compile(r"</(?:script|pre|style|textarea)>", re.I)
_YAML_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")


#: First characters of lines that may open a fence, an HTML block, YAML or a heading.
_SPECIAL = frozenset("#`~ <-\t")


class _YamlEnds:
    """The closing line of a YAML block opened at a line, if it has one.

    Openers are asked about in increasing line order, so the search goes on
    from where the last one stopped: every line is looked at once in all.
    (Searching from each opener to the end took time quadratic in a run of
    lines that open a block but never close one, such as ``---`` followed
    by a form feed.)
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.scanned = 0  # lines before this one hold no closing line but `found`
        self.found: int | None = None

    def after(self, start: int) -> int | None:
        if self.found is not None and self.found > start:
            return self.found
        index = max(start + 1, self.scanned)
        while index < len(self.lines):
            if _YAML_END.match(self.lines[index]):
                self.found, self.scanned = index, index + 1
                return index
            index += 1
        self.found, self.scanned = None, len(self.lines)
        return None


def chunk_starts(lines: list[str]) -> list[int]:
    """First line of every chunk; always starts with 0."""
    return scan_chunks(lines).starts


@dataclass(frozen=True, slots=True)
class ChunkScan:
    """Where a document's chunks start, and what a later scan needs to resume.

    ``unclosed_yaml``: lines of ``---`` candidates whose YAML block found no
    closing line. Their fate depends on every line below them, so an edit
    after one of them is rescanned from the top.
    """

    starts: list[int]
    unclosed_yaml: tuple[int, ...] = ()
    #: After a rescan: ``(index, previous index)``, the first chunk from which on the
    #: starts are the previous scan's moved, and where it was there (None: none is).
    moved_from: tuple[int, int] | None = field(default=None, compare=False)


def scan_chunks(lines: list[str]) -> ChunkScan:
    """The chunks of *lines*, scanned from the top."""
    starts = [0]
    yaml_ends = _YamlEnds(lines)
    unclosed: list[int] = []
    index = 0
    n = len(lines)
    # The YAML metadata block or title block at the very start stays in chunk 0.
    first = 0
    while first < n and not lines[first].strip():
        first += 1
    if first < n and lines[first].rstrip() == "---":
        end = yaml_ends.after(first)
        if end is not None:
            index = end + 1
        else:
            unclosed.append(first)
    _scan_from(lines, index, starts, unclosed, None, yaml_ends, first_characters(lines))
    return ChunkScan(starts, tuple(unclosed))


def rescan_chunks(
    previous: ChunkScan, lines: list[str], first_changed: int, tail: int, delta: int
) -> ChunkScan:
    """The chunks of *lines*, an edited version of the document *previous* was scanned from.

    Lines before *first_changed* and the last *tail* lines are unchanged (the
    latter moved by *delta* lines). Only the chunk holding the first change
    and those after it are scanned again, up to the first chunk start past
    the change that the previous version had too: from there on both
    versions split alike. Gives exactly what :func:`scan_chunks` gives.
    """
    old = previous.starts
    if first_changed == 0 or any(y < first_changed for y in previous.unclosed_yaml):
        return scan_chunks(lines)
    k = bisect.bisect_left(old, first_changed) - 1  # the last start before the change
    if k <= 0:
        return scan_chunks(lines)
    starts = old[: k + 1]
    unclosed: list[int] = []
    settled = len(lines) - tail  # from here on, lines are the previous version's, moved
    resumed = _scan_from(
        lines, old[k] + 1, starts, unclosed, (settled, old, delta), _YamlEnds(lines)
    )
    if resumed is None:
        return ChunkScan(starts, tuple(unclosed))
    # starts[-1] is a start both versions have: the rest is the previous scan's, moved
    at = bisect.bisect_left(old, starts[-1] - delta) + 1
    moved_from = (len(starts) - 1, at - 1)
    if delta:
        starts.extend([s + delta for s in old[at:]])
        unclosed.extend(y + delta for y in previous.unclosed_yaml if y > old[at - 1])
    else:
        starts.extend(old[at:])
        unclosed.extend(y for y in previous.unclosed_yaml if y > old[at - 1])
    return ChunkScan(starts, tuple(unclosed), moved_from)


def _scan_from(
    lines: list[str],
    index: int,
    starts: list[int],
    unclosed: list[int],
    sync: tuple[int, list[int], int] | None,
    yaml_ends: _YamlEnds,
    firsts: str | None = None,
) -> int | None:
    """Append the chunk starts from line *index* on (outside any block) to *starts*.

    With *sync* ``(settled, previous starts, delta)``, stop at the first
    start at or after line *settled* that the previous version had (moved by
    delta) and return it; None when the scan went to the end. *firsts*:
    see :func:`_neutral_run`.
    """
    n = len(lines)
    while index < n:
        if firsts is not None:
            index = _neutral_run(lines, firsts, index, starts)
            if index >= n:
                break
        line = lines[index]
        if line[:1] not in _SPECIAL:
            index += 1  # plain text: cannot open anything that hides a heading
            continue
        # Anything that may be a YAML block stays whole (splitting less than
        # possible is always safe; splitting inside a block never is).
        if line.rstrip() == "---" and index + 1 < n and lines[index + 1].strip():
            end = yaml_ends.after(index)
            if end is not None:
                index = end + 1
                continue
            unclosed.append(index)
        if _ATX.match(line) and index > 0:
            starts.append(index)
            if sync is not None and index >= sync[0] and _started_before(sync, index):
                return index
            index += 1
            continue
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if marker[0] == "~" or "`" not in line[m.end() :]:
                index = _past_fence(lines, index + 1, marker)
                continue
        if _HTML_START.match(line):
            closer = _html_closer(line)
            if closer is not None:
                index = _past_html(lines, index + 1, closer)
                continue
        index += 1
    return None


#: First characters of the lines that may open a block (a fence, HTML, YAML).
_OPENING = re.compile(r"[`~ <\t-]")
_HASHES = re.compile("#+")


def _neutral_run(lines: list[str], firsts: str, index: int, starts: list[int]) -> int:
    """Outside any block, the chunk starts from line *index* up to the next line that
    may open a block (returned; ``len(lines)`` when none does).

    *firsts* holds the first character of each line (a line break for an
    empty line): lines between are plain text or start with ``#`` (a
    heading starts a chunk, and nothing else that starts so opens a block),
    found by searching it rather than line by line (a flood of headings).
    """
    found = _OPENING.search(firsts, index)
    stop = found.start() if found is not None else len(firsts)
    atx = _ATX.match
    for run in _HASHES.finditer(firsts, index, stop):
        starts.extend([j for j in range(max(run.start(), 1), run.end()) if atx(lines[j])])
    return stop


def first_characters(lines: list[str]) -> str:
    """The first character of each line, a line break for an empty one (see _neutral_run)."""
    return "".join([line[:1] or "\n" for line in lines])


def _started_before(sync: tuple[int, list[int], int], index: int) -> bool:
    """Whether the previous version had a chunk start at *index* (moved by the delta)."""
    old, delta = sync[1], sync[2]
    at = bisect.bisect_left(old, index - delta)
    return at < len(old) and old[at] == index - delta


def _past_fence(lines: list[str], index: int, fence: str) -> int:
    """The line after the one from *index* on that closes *fence* (the end: none does)."""
    n = len(lines)
    while index < n:
        line = lines[index]
        index += 1
        stripped = line.lstrip(" ")
        if (
            len(line) - len(stripped) <= 3
            and stripped.startswith(fence)
            and not stripped[len(fence) :].strip(fence[0]).strip()
        ):
            return index
    return n


def _html_closer(line: str) -> str | None:
    """What ends the HTML block *line* opens: "blank", "-->", "raw"; None: it ends on it."""
    if _HTML_COMMENT.match(line):
        return "-->" if "-->" not in line[line.index("<!--") + 4 :] else None
    if _HTML_RAW.match(line):
        return None if _HTML_RAW_END.search(line) else "raw"
    return "blank" if line.strip() else None


def _past_html(lines: list[str], index: int, closer: str) -> int:
    """The line after the one from *index* on that ends an HTML block (see :func:`_html_closer`)."""
    n = len(lines)
    while index < n:
        line = lines[index]
        index += 1
        if closer == "blank":
            if not line.strip():
                return index
        elif closer == "-->":
            if "-->" in line:
                return index
        elif _HTML_RAW_END.search(line):
            return index
    return n
