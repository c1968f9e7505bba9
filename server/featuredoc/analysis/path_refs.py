"""Paths and links a document writes, and what they name in the project's tree.

Feature documents name files of the tree in backticks or bare
(`` `docs/misc/xen-command-line.pandoc` ``, ``xen/common/sched_credit2.c``),
relative to the tree's root, and link other documents with Markdown links
(``[the template](template.pandoc#basics)``), relative to their own
folder, and URL-escaped as links are (``a%20b.pandoc`` is ``a b.pandoc``,
``#%C3%A9t%C3%A9`` is ``#été``). :func:`find_candidates` finds URLs and path-like words (the
editor's document links); :func:`path_references` finds what FD701, FD702
and go-to-definition follow, and :func:`resolve` says whether it exists in a
:class:`~featuredoc.model.tree.TreeListing`. Pure: no file is read.

Which paths are checked, so that a finding is a real broken name:

- a path in backticks or bare has a ``/`` (``xl.cfg`` or ``credit2`` are
  words, not paths); a bare one also has a file suffix or three parts
  (``and/or``, ``x86/ARM`` are prose);
- URLs, absolute paths (``/path/to/file``, ``~/...``), example paths
  (``path/to``, ``<domain>``) and text in code blocks and comments are not;
- a path is checked only when the folder holding it is in the tree: a
  missing file in an existing folder is a broken name, while a missing
  folder says nothing when the tree is a partial checkout (Xen's
  ``tools/`` and ``xen/`` trees are absent from a documentation-only copy).
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import itertools
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import cast
from urllib.parse import unquote

from featuredoc.analysis.support_reading import heading_identifiers
from featuredoc.model.cache import LruCache
from featuredoc.model.document import BlockType, Document
from featuredoc.model.text import Span
from featuredoc.model.tree import TreeListing, has_pattern, normalise
from featuredoc.parser.lines import common_prefix, common_suffix

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>`\"'\])]+")
_BACKTICK = re.compile(r"`([^`\n]+)`")
_PATHLIKE = re.compile(r"^(?:\.{1,2}/)*[\w][\w.+@-]*(?:/[\w.+@-]+)*/?$")
_BARE = re.compile(r"(?<![\w/.:@~-])(?:\.{1,2}/)*[\w][\w.+-]*(?:/[\w.+-]+)+/?")
_TRAILING = ".,;:!?"
MAX_LINKS = 2000


@dataclass(frozen=True, slots=True)
class Link:
    span: Span
    target: str  # a URL, or a path relative to the workspace root
    is_url: bool


def _overlaps(start: int, end: int, *groups: list[tuple[int, int]]) -> bool:
    """Whether ``start..end`` overlaps a span of one of *groups*.

    Each group holds spans that do not overlap, in order (one pattern's
    matches): only the last one starting before *end* can overlap, found by
    bisection, so a line with many matches is read in n log n.
    """
    for group in groups:
        at = bisect.bisect_left(group, (end, -1)) - 1
        if at >= 0 and group[at][1] > start:
            return True
    return False


def find_candidates(lines: Sequence[str]) -> list[Link]:
    """URLs and path-like words, with their spans (code-point columns)."""
    found: list[Link] = []
    for number, line in enumerate(lines):
        if "/" not in line and "`" not in line:
            continue
        urls: list[tuple[int, int]] = []
        ticks: list[tuple[int, int]] = []
        for m in _URL.finditer(line):
            url = m.group().rstrip(_TRAILING)
            end = m.start() + len(url)
            found.append(Link(Span.on_line(number, m.start(), end), url, True))
            urls.append((m.start(), end))
        for m in _BACKTICK.finditer(line):
            inner = m.group(1)
            text = inner.strip()
            start = m.start(1) + (len(inner) - len(inner.lstrip()))
            if _overlaps(m.start(), m.end(), urls):
                continue
            ticks.append((m.start(), m.end()))
            if _PATHLIKE.match(text) and ("/" in text or "." in text.strip(".")):
                found.append(Link(Span.on_line(number, start, start + len(text)), text, False))
        for m in _BARE.finditer(line):
            text = m.group().rstrip(_TRAILING)
            end = m.start() + len(text)
            if "/" not in text.strip("/") or _overlaps(m.start(), end, urls, ticks):
                continue
            found.append(Link(Span.on_line(number, m.start(), end), text, False))
        if len(found) > MAX_LINKS:
            break
    found.sort(key=lambda link: link.span.start)
    return found[:MAX_LINKS]


# ---- references FD701/FD702 check ----------------------------------------------------

#: ``[text](target)`` and ``[text](target "title")``: the target, up to a space or ``)``.
_MD_LINK = re.compile(r"\]\(\s*<?([^\s()<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
#: A path in backticks, globs (``*.[hc]``) and alternatives (``{read,write}``) allowed.
_CODE_PATH = re.compile(r"^(?:\.{1,2}/)*[\w][\w.+@*?\[\]{},-]*(?:/[\w.+@*?\[\]{},-]+)+/?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Parts that make a path an example rather than a name (``path/to/file``).
_EXAMPLE_PARTS = frozenset({"path", "to", "foo", "bar", "baz", "xxx", "example", "some"})


class RefKind(str, Enum):
    LINK = "link"  # a Markdown link's target: relative to the document's folder
    CODE = "code"  # in backticks: relative to the root (or the document's folder)
    BARE = "bare"  # in the text: the same


@dataclass(frozen=True, slots=True)
class PathReference:
    """A path (and ``#anchor``) a document writes; *span* covers the path, *anchor_span*
    the anchor without its ``#``."""

    span: Span
    path: str  # "" for a link to a heading of the document itself (``#basics``)
    kind: RefKind
    anchor: str | None = None
    anchor_span: Span | None = None
    written: str | None = None  # a link's path as written, when its %-escapes were decoded


def _skipped_lines(doc: Document) -> list[tuple[int, int]]:
    """The line ranges (first, last) of code blocks, HTML, metadata and comments, sorted."""
    code, html, metadata = _SKIPPED
    skipped = [
        (block.first, block.last)
        for block in doc.blocks
        if (kind := block.type) is code or kind is html or kind is metadata
    ]
    skipped += [(c.span.start.line, c.span.end.line) for c in doc.comments]
    skipped.sort()
    return skipped


def _skipped(number: int, skipped: list[tuple[int, int]], last_ends: list[int]) -> bool:
    """Whether line *number* is in one of the *skipped* ranges (*last_ends*: the largest
    ``last`` of the ranges up to each one, for bisection)."""
    at = bisect.bisect_right(skipped, (number, _NO_END)) - 1
    return at >= 0 and last_ends[at] >= number


_NO_END = 1 << 62
_SKIPPED = (BlockType.CODE, BlockType.HTML, BlockType.METADATA)


def _is_example(path: str) -> bool:
    parts = path.strip("/").split("/")
    return "<" in path or ">" in path or any(p.lower() in _EXAMPLE_PARTS for p in parts)


def _link_reference(number: int, m: re.Match[str]) -> PathReference | None:
    target = m.group(1)
    start = m.start(1)
    if _SCHEME.match(target) or target.startswith(("/", "~", "\\")):
        return None
    written, hashmark, anchor = target.partition("#")
    span = Span.on_line(number, start, start + len(written))
    path = unquote(written)  # a link is a URL: %20 is a blank
    own = written if path != written else None
    if not hashmark:
        return PathReference(span, path, RefKind.LINK, written=own)
    at = start + len(written) + 1
    anchor_span = Span.on_line(number, at, at + len(anchor))
    return PathReference(span, path, RefKind.LINK, unquote(anchor), anchor_span, own)


def _line_references(number: int, line: str, budget: int) -> list[PathReference]:
    """The references on *line*, at most *budget* of each kind."""
    found: list[PathReference] = []
    links: list[tuple[int, int]] = []
    for m in _MD_LINK.finditer(line):
        links.append((m.start(), m.end()))
        ref = _link_reference(number, m) if len(found) < budget else None
        if ref is not None:
            found.append(ref)
    urls = [(m.start(), m.end()) for m in _URL.finditer(line)]
    ticks: list[tuple[int, int]] = []
    for m in _BACKTICK.finditer(line):
        if _overlaps(m.start(), m.end(), links, urls):
            continue
        ticks.append((m.start(), m.end()))
        if len(found) >= 2 * budget:
            continue
        text = m.group(1).strip()
        start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        if _CODE_PATH.match(text) and not _is_example(text):
            found.append(
                PathReference(Span.on_line(number, start, start + len(text)), text, RefKind.CODE)
            )
    for m in _BARE.finditer(line):
        if len(found) >= 3 * budget:
            break
        text = m.group().rstrip(_TRAILING)
        end = m.start() + len(text)
        if _overlaps(m.start(), end, links, urls, ticks) or _is_example(text):
            continue
        if not _file_like(text):
            continue
        found.append(PathReference(Span.on_line(number, m.start(), end), text, RefKind.BARE))
    return found


def _file_like(text: str) -> bool:
    """A bare path: a suffix on its last part, or three parts (not ``and/or``)."""
    parts = text.strip("/").split("/")
    if len(parts) < 2:
        return False
    last = parts[-1]
    return len(parts) >= 3 or ("." in last.strip(".") and not last.endswith("."))


def path_references(doc: Document) -> list[PathReference]:
    """The paths and links of *doc* that name something in the tree, in order.

    At most :data:`MAX_LINKS`; lines in code blocks, HTML and comments are
    not read (see the module's docstring for what counts). Worked out once
    per parsed document (FD701, FD702 and navigation ask); do not change it.
    """
    found = doc.derived.get(_REFERENCES)
    if found is None:
        found = doc.derived[_REFERENCES] = _references(doc)
    return cast("list[PathReference]", found)


_REFERENCES = "path_refs.references"


def _references(doc: Document) -> list[PathReference]:
    # lines with neither hold no reference: most documents have few that do, and
    # a document of half a million headings none (no need to know which to skip)
    lines = doc.lines
    if doc.extent is not None:  # a part of a document: its lines alone, read now
        first, end = doc.extent
        maybe = [n for n in range(first, end) if _may_refer(lines[n])]
        table: _Table = dict.fromkeys(maybe)
    else:
        maybe, table = _line_table(doc.path, lines)
    if not maybe:
        return []
    skipped = _skipped_lines(doc)
    last_ends = list(itertools.accumulate((last for _, last in skipped), max))
    found: list[PathReference] = []
    for number in maybe:
        if skipped and _skipped(number, skipped, last_ends):
            continue
        refs = table[number]
        if refs is None:  # read when first reached, with the whole budget
            refs = table[number] = tuple(_line_references(number, lines[number], MAX_LINKS))
        budget = MAX_LINKS - len(found)
        # the whole budget reads the same as what is left of it, unless that binds
        found.extend(
            refs if len(refs) <= budget else _line_references(number, lines[number], budget)
        )
        if len(found) >= MAX_LINKS:
            break
    found.sort(key=lambda ref: ref.span.start)
    return found[:MAX_LINKS]


def _may_refer(line: str) -> bool:
    return "/" in line or "](" in line


_Table = dict[int, tuple["PathReference", ...] | None]
#: Per path, its last version's lines, the numbers of those that may hold a reference,
#: and the references on each of those (``None``: not read yet; the lines in code
#: blocks and those after the first MAX_LINKS references never are), for a few paths:
#: the documents being edited.
_LINES: LruCache[str, tuple[list[str], list[int], _Table]] = LruCache(8)


#: Lines compared per first step when looking for the lines an edit left as they were.
LINE_BLOCK = 64


def _line_table(path: str, lines: list[str]) -> tuple[list[int], _Table]:
    """The numbers of the *lines* that may hold a reference (:func:`_may_refer`), and the
    references on each as far as they were read (see :data:`_LINES`).

    The lines the previous version of *path* had too, above and below the
    edit, are not read again: an edit costs the lines it changed.
    """
    known = _LINES.get(path) if path else None
    if known is None:
        maybe = [n for n, line in enumerate(lines) if _may_refer(line)]
        table: _Table = dict.fromkeys(maybe)
    else:
        old, old_maybe, old_table = known
        head = common_prefix(old, lines, LINE_BLOCK)
        tail = common_suffix(old, lines, min(len(old), len(lines)) - head, LINE_BLOCK)
        end, delta = len(lines) - tail, len(lines) - len(old)
        above = old_maybe[: bisect.bisect_left(old_maybe, head)]
        below = old_maybe[bisect.bisect_left(old_maybe, len(old) - tail) :]
        changed = [n for n in range(head, end) if _may_refer(lines[n])]
        maybe = above + changed + ([n + delta for n in below] if delta else below)
        table = {n: old_table[n] for n in above}
        table.update(dict.fromkeys(changed))
        for n in below:
            refs = old_table[n]
            if delta and refs:
                refs = tuple(_moved(ref, n + delta) for ref in refs)
            table[n + delta] = refs
    if path:
        _LINES.put(path, (lines, maybe, table))
    return maybe, table


def _moved(ref: PathReference, number: int) -> PathReference:
    """*ref* read on line *number* instead."""
    span = Span.on_line(number, ref.span.start.column, ref.span.end.column)
    anchor = ref.anchor_span
    if anchor is not None:
        anchor = Span.on_line(number, anchor.start.column, anchor.end.column)
    return dataclasses.replace(ref, span=span, anchor_span=anchor)


# ---- what a reference names ----------------------------------------------------------


class State(str, Enum):
    FOUND = "found"
    MISSING = "missing"  # its folder is in the tree, the file is not
    UNCHECKED = "unchecked"  # nothing can be said (its folder is not in the tree ...)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a :class:`PathReference` names: *path* from the root (found, or looked for),
    and for a missing one the existing path it most likely means (see :func:`closest`)."""

    state: State
    path: str | None = None
    suggestion: str | None = None


UNCHECKED = Resolution(State.UNCHECKED)


def relative_path(path: str, root: str) -> str | None:
    """*path* (absolute, or relative to *root*) from *root*, ``/``-separated; ``None`` outside."""
    p = path.replace("\\", "/")
    r = root.replace("\\", "/").rstrip("/")
    if posixpath.isabs(p):
        if not p.startswith(r + "/"):
            return None
        p = p[len(r) + 1 :]
    return normalise(p)


def _readings(ref: PathReference, folder: str | None) -> list[str]:
    """The tree paths *ref* may mean, most likely first."""
    found: list[str | None] = []
    if ref.kind is RefKind.LINK:
        if folder is not None:
            found.append(normalise(posixpath.join(folder, ref.path)))
    else:
        found.append(normalise(ref.path))
        if folder:
            found.append(normalise(posixpath.join(folder, ref.path)))
    return [p for p in dict.fromkeys(found) if p is not None]


def resolve(
    ref: PathReference,
    doc_path: str,
    tree: TreeListing,
    *,
    suggest: bool = True,
    globs: bool = True,
) -> Resolution:
    """Whether what *ref* (in the document at *doc_path*) names is in *tree*; with *suggest*,
    the path a missing one most likely means (:func:`closest`); without *globs*, a glob
    (each reads its folder's names) is not checked."""
    if not globs and has_pattern(ref.path):
        return UNCHECKED
    rel = relative_path(doc_path, tree.root)
    folder = posixpath.dirname(rel) if rel is not None else None
    if ref.kind is RefKind.LINK and not ref.path:
        return Resolution(State.FOUND, rel) if rel is not None else UNCHECKED
    readings = _readings(ref, folder)
    for path in readings:
        if path and tree.exists(path):
            return Resolution(State.FOUND, path)
    if not tree.complete:
        return UNCHECKED
    for path in readings:
        parent = posixpath.dirname(path)
        if path and tree.is_folder(parent) and not tree.under_opaque(parent):
            return Resolution(State.MISSING, path, closest(tree, path) if suggest else None)
    return UNCHECKED


def closest(tree: TreeListing, missing: str) -> str | None:
    """The one existing path *missing* most likely means, in the same folder; ``None``
    when no candidate stands out.

    The same name with another suffix (``xen-command-line.markdown`` →
    ``xen-command-line.pandoc``) when there is exactly one, else the one name
    clearly closest in spelling.
    """
    folder, name = posixpath.split(missing)
    if not name or has_pattern(missing):
        return None
    names = [posixpath.basename(c) for c in tree.children(folder)]
    stem = name.split(".", 1)[0]
    same = [n for n in names if n.split(".", 1)[0] == stem and n != name]
    if len(same) == 1:
        return posixpath.join(folder, same[0])
    if same:
        return None
    best = _best(name, names)
    return posixpath.join(folder, best) if best is not None else None


#: How alike a name must be to be suggested, and how far ahead of the next.
CLOSE_ENOUGH = 0.8
MARGIN = 0.05


def replacement(ref: PathReference, missing: str, suggestion: str) -> str | None:
    """The text to write for *ref* so that it names *suggestion* instead of *missing*:
    its last part changed, the rest as written; ``None`` when it cannot say (a link
    written with %-escapes)."""
    if ref.written is not None:
        return None
    old = posixpath.basename(missing)
    new = posixpath.basename(suggestion)
    written = ref.path.rstrip("/")
    if posixpath.dirname(missing) != posixpath.dirname(suggestion) or not written.endswith(old):
        return None
    return written[: len(written) - len(old)] + new + ref.path[len(written) :]


# ---- headings as anchors -------------------------------------------------------------


def heading_anchors(doc: Document) -> dict[str, int]:
    """Pandoc's identifier of each heading of *doc* → the heading's index in ``doc.headings``.

    Worked out once per parsed document (do not change it); a part of a
    document (:attr:`Document.extent`) is given its whole document's.
    """
    found = doc.derived.get(ANCHORS)
    if found is None:
        ids = heading_identifiers(h.title for h in doc.headings)
        found = {}
        for index, ident in enumerate(ids):
            found.setdefault(ident, index)
        doc.derived[ANCHORS] = found
    return cast("dict[str, int]", found)


#: The key of :func:`heading_anchors` in ``Document.derived``.
ANCHORS = "path_refs.anchors"


def closest_anchor(anchor: str, anchors: Sequence[str]) -> str | None:
    """The one identifier of *anchors* closest to *anchor*, when one stands out."""
    return _best(anchor, anchors)


def _best(word: str, candidates: Sequence[str]) -> str | None:
    """The one candidate clearly closest to *word* in spelling (case aside), or ``None``.

    Candidates whose length alone rules them out are not compared.
    """
    wanted = word.lower()
    matcher = difflib.SequenceMatcher(None, "", wanted)
    scored: list[tuple[float, str]] = []
    for name in candidates:
        if 2 * min(len(name), len(wanted)) < CLOSE_ENOUGH * (len(name) + len(wanted)):
            continue  # even all of the shorter one matching would not be close enough
        matcher.set_seq1(name.lower())
        if matcher.real_quick_ratio() >= CLOSE_ENOUGH and matcher.quick_ratio() >= CLOSE_ENOUGH:
            scored.append((matcher.ratio(), name))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < CLOSE_ENOUGH:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - MARGIN:
        return None
    return scored[0][1]
