"""Links in a document: URLs, and in-tree paths that exist under the workspace root.

Feature documents name files of the tree in backticks or bare
(`` `docs/misc/xen-command-line.pandoc` ``, ``xen/common/sched_credit2.c``).
:func:`find_candidates` is pure; :func:`document_links` checks candidates
against the file system and never resolves a path outside the root (no
``..`` escapes, no absolute paths, no symlinks leading out).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from featuredoc.model.text import Span

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


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def find_candidates(lines: Sequence[str]) -> list[Link]:
    """URLs and path-like words, with their spans (code-point columns)."""
    found: list[Link] = []
    for number, line in enumerate(lines):
        if "/" not in line and "`" not in line:
            continue
        taken: list[tuple[int, int]] = []
        for m in _URL.finditer(line):
            url = m.group().rstrip(_TRAILING)
            end = m.start() + len(url)
            found.append(Link(Span.on_line(number, m.start(), end), url, True))
            taken.append((m.start(), end))
        for m in _BACKTICK.finditer(line):
            inner = m.group(1)
            text = inner.strip()
            start = m.start(1) + (len(inner) - len(inner.lstrip()))
            if _overlaps(m.start(), m.end(), taken):
                continue
            taken.append((m.start(), m.end()))
            if _PATHLIKE.match(text) and ("/" in text or "." in text.strip(".")):
                found.append(Link(Span.on_line(number, start, start + len(text)), text, False))
        for m in _BARE.finditer(line):
            text = m.group().rstrip(_TRAILING)
            end = m.start() + len(text)
            if "/" not in text.strip("/") or _overlaps(m.start(), end, taken):
                continue
            found.append(Link(Span.on_line(number, m.start(), end), text, False))
        if len(found) > MAX_LINKS:
            break
    found.sort(key=lambda link: link.span.start)
    return found[:MAX_LINKS]


def resolve_path(target: str, root: Path) -> Path | None:
    """The existing file or folder *target* names under *root*, or ``None``."""
    if not target or target.startswith(("/", "\\", "~")) or ":" in target:
        return None
    try:
        base = root.resolve()
        path = (base / target).resolve()
    except (OSError, RuntimeError):
        return None
    if path == base or not path.is_relative_to(base):
        return None
    try:
        return path if path.exists() else None
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    span: Span
    target: str  # a URL or a file: URI
    tooltip: str


def document_links(lines: Sequence[str], root: Path | None) -> list[ResolvedLink]:
    """URLs, and the paths that exist under *root* (none when there is no root)."""
    links: list[ResolvedLink] = []
    for link in find_candidates(lines):
        if link.is_url:
            links.append(ResolvedLink(link.span, link.target, link.target))
            continue
        if root is None:
            continue
        path = resolve_path(link.target, root)
        if path is not None:
            links.append(ResolvedLink(link.span, path.as_uri(), f"Open {link.target}"))
    return links
