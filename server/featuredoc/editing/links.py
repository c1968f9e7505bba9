"""Links in a document: URLs, and in-tree paths that exist under the workspace root.

Feature documents name files of the tree in backticks or bare
(`` `docs/misc/xen-command-line.pandoc` ``, ``xen/common/sched_credit2.c``),
relative to the root, and link other documents with Markdown links
(``[the template](template.pandoc#basics)``, ``a%20b.pandoc``), relative to
their own folder and URL-escaped.
:func:`~featuredoc.analysis.path_refs.find_candidates` (pure) finds the
first, :func:`~featuredoc.analysis.path_refs.path_references` the links (as
FD701 and go-to-definition read them); :func:`document_links` checks them
against the file system and never resolves a path outside the root (no
``..`` escapes, no absolute paths, no symlinks leading out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from featuredoc.analysis.path_refs import MAX_LINKS, Link, RefKind, find_candidates, path_references
from featuredoc.model.document import Document
from featuredoc.model.text import Span

__all__ = ["MAX_LINKS", "Link", "ResolvedLink", "document_links", "find_candidates", "resolve_path"]


def resolve_path(target: str, root: Path, folder: Path | None = None) -> Path | None:
    """The existing file or folder *target* names under *root*, or ``None``.

    *target* is relative to *folder* (a folder under *root*), by default *root*.
    """
    if not target or target.startswith(("/", "\\", "~")) or ":" in target:
        return None
    try:
        base = root.resolve()
        path = ((folder or root).resolve() / target).resolve()
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


def document_links(
    lines: Sequence[str], root: Path | None, document: Document | None = None
) -> list[ResolvedLink]:
    """URLs, the paths that exist under *root*, and with the parsed *document* the files
    its Markdown links name (none but URLs when there is no root), in order."""
    links = _markdown_links(document, root) if document is not None and root else []
    taken = [link.span for link in links]
    for link in find_candidates(lines):
        if any(link.span.overlaps(span) for span in taken):
            continue  # a Markdown link's target, read as a link
        if link.is_url:
            links.append(ResolvedLink(link.span, link.target, link.target))
            continue
        if root is None:
            continue
        path = resolve_path(link.target, root)
        if path is not None:
            links.append(ResolvedLink(link.span, path.as_uri(), f"Open {link.target}"))
    if taken:
        links.sort(key=lambda link: (link.span.start.line, link.span.start.column))
    return links


def _markdown_links(document: Document, root: Path) -> list[ResolvedLink]:
    """The existing files under *root* that *document*'s Markdown links name."""
    folder = Path(document.path).parent if document.path else root
    found: list[ResolvedLink] = []
    for ref in path_references(document):
        if ref.kind is not RefKind.LINK or not ref.path:
            continue
        path = resolve_path(ref.path, root, folder)
        if path is not None:
            found.append(ResolvedLink(ref.span, path.as_uri(), f"Open {ref.written or ref.path}"))
    return found
