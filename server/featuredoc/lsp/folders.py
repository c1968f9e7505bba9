"""One workspace folder's index, its change signatures, what its changes mean elsewhere
(:class:`IndexEvents`) and the git base state."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from featuredoc.model.config import Config
    from featuredoc.model.document import Document, DocumentKind, StatusLine
    from featuredoc.model.inputs import BaseRevision
    from featuredoc.workspace.index import WorkspaceIndex


def signature(document: Document | None, config: Config) -> tuple[Any, ...]:
    """What other documents' findings depend on in *document*."""
    if document is None:
        return ()
    from featuredoc.model.document import DocumentKind

    if document.kind is DocumentKind.SUPPORT:
        return tuple(
            (line.section, line.qualifier, line.value, line.value_span.start.line)
            for line in document.status_lines
        )
    from featuredoc.analysis.crossdoc import document_name, link_key, real_statuses

    own = document_name(document, config)
    return (
        own.text if own is not None else None,
        link_key(document, config),
        tuple(
            (s.text, s.qualifier, s.architecture, s.span.start.line, s.span.start.column)
            for s in real_statuses(document, config)
        ),
        tuple((s.raw, s.date) for s in document.signoffs),
    )


def moved_signature(
    known: tuple[Any, ...], moved: tuple[int, int] | None, kind: DocumentKind
) -> tuple[Any, ...] | None:
    """The :func:`signature` of a document whose signature was *known*, after an edit that
    moved its lines from ``moved[0]`` on by ``moved[1]`` and changed nothing else other
    documents read; None when only the document itself can tell.

    An analysis that reused its previous version's (an edit of prose, see
    :mod:`featuredoc.incremental`) changed nothing other documents read but the
    lines it moved. A SUPPORT.md's signature holds the line of each Status
    line, moved here; a feature document's holds its Status rows', and one
    that moved is read again from the document.
    """
    from featuredoc.model.document import DocumentKind

    if moved is None or moved[1] == 0:
        return known
    after, delta = moved
    if kind is DocumentKind.SUPPORT:
        return tuple(
            (section, qualifier, value, line + delta if line >= after else line)
            for section, qualifier, value, line in known
        )
    if len(known) != 4:
        return None
    return known if all(status[3] < after for status in known[2]) else None


@dataclass(slots=True)
class Folder:
    """The index of one workspace folder."""

    key: str  # the folder's uri ("" for a document outside every folder)
    index: WorkspaceIndex
    generation: int  # the configuration generation it was built with
    ready: bool = False
    #: bumped whenever a document of the folder changes (workspace diagnostic result ids)
    version: int = 0
    signatures: dict[str, tuple[Any, ...]] = field(default_factory=dict)


@dataclass(slots=True)
class BaseState:
    rev: str | None = None
    commit: str | None = None
    checked_at: float = 0.0
    error: str | None = None
    #: (commit, path) → the document at that commit
    documents: dict[tuple[str, str], BaseRevision] = field(default_factory=dict)


def _no_documents() -> list[tuple[str, Document]]:
    return []


def _ignore(*_args: object) -> None:
    pass


@dataclass(frozen=True, slots=True)
class IndexEvents:
    """What :class:`FolderIndexes` asks of the rest of the server, all called on the worker."""

    #: the latest analysed model of each open document (they count with the editor's text)
    open_documents: Callable[[], list[tuple[str, Document]]] = _no_documents
    #: a folder, the uri that changed (``None``: everything) and its kind: the open
    #: documents that depend on it are to be checked again
    dependents_changed: Callable[[Folder, str | None, DocumentKind | None], None] = _ignore
    #: anything in a folder changed (and the uri of a document just closed): workspace diagnostics
    workspace_changed: Callable[[Folder, str | None], None] = _ignore
    #: a folder's index is built
    indexed: Callable[[], None] = _ignore


def same_status_lines(previous: Document | None, document: Document) -> bool:
    """Whether *document* is a SUPPORT.md whose :func:`signature` is that of *previous*.

    Its Status lines are compared one by one as the signature holds them;
    most are the very objects of *previous* (the parser keeps those of the
    chunks an edit did not touch), and only the others are read.
    """
    from featuredoc.model.document import DocumentKind

    if previous is None or previous.kind is not DocumentKind.SUPPORT:
        return False
    if document.kind is not DocumentKind.SUPPORT:
        return False
    old, new = previous.status_lines, document.status_lines
    if len(old) != len(new):
        return False
    changed = compress(range(len(new)), map(operator.is_not, old, new))
    return all(_status_key(old[index]) == _status_key(new[index]) for index in changed)


def _status_key(line: StatusLine) -> tuple[str | None, str | None, str, int]:
    """What SUPPORT.md's :func:`signature` holds of a Status line."""
    return line.section, line.qualifier, line.value, line.value_span.start.line


#: What the server asks the client to watch, beside each configuration's own files.
WATCHED = ("**/*.{pandoc,md}", "**/.featuredoc.yaml")


def watched_globs(config: Config) -> list[str]:
    """The globs of the files whose changes the index follows, for *config*."""
    import posixpath

    globs = list(WATCHED)
    support = posixpath.basename(config.support_file)
    if support and not support.endswith(".md"):
        globs.append(f"**/{support}")
    globs += [f"**/{pattern}" for pattern in config.include if not pattern.endswith(".md")]
    globs += [f"**/{config.version_file}"] if config.version_file else []  # for SUPPORT.md
    return list(dict.fromkeys(globs))
