"""Links in a document: URLs, and in-tree paths that exist under the workspace root.

Feature documents name files of the tree in backticks or bare
(`` `docs/misc/xen-command-line.pandoc` ``, ``xen/common/sched_credit2.c``).
:func:`~featuredoc.analysis.path_refs.find_candidates` (pure) finds them; :func:`document_links` checks candidates
against the file system and never resolves a path outside the root (no
``..`` escapes, no absolute paths, no symlinks leading out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from featuredoc.analysis.path_refs import MAX_LINKS, Link, find_candidates
from featuredoc.model.text import Span

__all__ = ["MAX_LINKS", "Link", "ResolvedLink", "document_links", "find_candidates", "resolve_path"]


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
