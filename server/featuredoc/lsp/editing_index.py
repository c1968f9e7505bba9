"""What editing help (completion, hover) knows about the workspace beyond the open documents.

Not the cross-document index of the rules
(:class:`featuredoc.workspace.index.WorkspaceIndex`, one per folder in
:mod:`featuredoc.lsp.workspaces`), though it reads its feature documents once
that is built:

- Basics values (Architecture, Component, ...) used across the feature
  documents matched by the include globs, for completion. The files are
  read once and cached until :meth:`EditingIndex.invalidate` (a watched
  file changed, a document was saved, the configuration changed); open
  documents always count with their current text.
- The status-label definitions of the workspace's SUPPORT.md, cached by the
  file's modification time and size (the open text wins when it is open).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from featuredoc.model.config import Config
    from featuredoc.model.document import Document
    from featuredoc.model.tiers import Tier

log = logging.getLogger("featuredoc")

#: At most this many files are read for completion values.
MAX_FILES = 500


class EditingIndex:
    """Completion values, SUPPORT.md's label definitions and SUPPORT.md itself, cached."""

    def __init__(self, documents: Callable[[Path], list[Document] | None] | None = None) -> None:
        """*documents*: the feature documents of the folder at a root, from the
        cross-document index once it is built (``None`` until then: the files are read here).
        """
        self._documents = documents
        self._lock = threading.Lock()
        self._values: dict[Path, dict[str, set[str]]] | None = None
        self._definitions: tuple[tuple[str, int, int], dict[str, Tier]] | None = None
        self._support: tuple[tuple[str, int, int] | str, Document | None] | None = None

    def invalidate(self) -> None:
        with self._lock:
            self._values = None

    # ---- Basics values -------------------------------------------------

    def values(
        self, root: Path | None, config: Config, open_docs: Mapping[Path, Document]
    ) -> dict[str, set[str]]:
        """Canonical key → values, from the workspace's files and the open documents."""
        from featuredoc.editing.completion import workspace_values

        with self._lock:
            if self._values is None:
                self._values = self._scan(root, config)
            per_file = dict(self._values)
        for path, doc in open_docs.items():
            per_file[path] = workspace_values([doc], config)
        merged: dict[str, set[str]] = {}
        for found in per_file.values():
            for key, values in found.items():
                merged.setdefault(key, set()).update(values)
        return merged

    @staticmethod
    def feature_files(root: Path, config: Config) -> list[Path]:
        from featuredoc.model.document import DocumentKind

        found: dict[Path, None] = {}
        for pattern in config.include:
            try:
                for path in sorted(root.glob(pattern)):
                    rel = path.relative_to(root).as_posix()
                    if path.is_file() and config.classify(rel) is DocumentKind.FEATURE:
                        found.setdefault(path.resolve(), None)
                    if len(found) >= MAX_FILES:
                        return list(found)
            except (OSError, ValueError):
                continue
        return list(found)

    def _scan(self, root: Path | None, config: Config) -> dict[Path, dict[str, set[str]]]:
        if root is None:
            return {}
        from featuredoc.editing.completion import workspace_values

        indexed = self._documents(root) if self._documents is not None else None
        if indexed is not None:  # the same documents the cross-document rules see
            return {Path(d.path).resolve(): workspace_values([d], config) for d in indexed}
        from featuredoc.engine import parse
        from featuredoc.model.document import DocumentKind
        from featuredoc.workspace.files import UnreadableFile, read_text

        result: dict[Path, dict[str, set[str]]] = {}
        for path in self.feature_files(root, config):
            try:
                doc = parse(read_text(path), str(path), config, DocumentKind.FEATURE)
            except UnreadableFile:
                continue
            except Exception:  # noqa: BLE001 - one bad file must not stop completion
                log.exception("featuredoc: reading %s for completion failed", path)
                continue
            result[path] = workspace_values([doc], config)
        return result

    # ---- SUPPORT.md definitions ----------------------------------------

    def definitions(
        self, root: Path | None, config: Config, open_text: str | None = None
    ) -> dict[str, Tier]:
        """The labels defined by the workspace's SUPPORT.md (empty when it has none)."""
        from featuredoc.analysis.support_defs import read_definitions
        from featuredoc.model.text import split_lines

        if open_text is not None:
            return read_definitions(split_lines(open_text))
        if root is None or not config.support_file:
            return {}
        from featuredoc.workspace.files import inside_workspace

        path = inside_workspace(root, config.support_file)  # never a file outside the workspace
        if path is None:
            return {}
        try:
            stat = path.stat()
        except OSError:
            return {}
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._definitions is not None and self._definitions[0] == key:
                return self._definitions[1]
        from featuredoc.workspace.files import UnreadableFile, read_text

        try:
            found = read_definitions(split_lines(read_text(path)))
        except UnreadableFile:
            found = {}
        with self._lock:
            self._definitions = (key, found)
        return found

    # ---- SUPPORT.md itself, before the cross-document index is built ----

    def support_document(
        self, root: Path | None, config: Config, open_text: str | None = None
    ) -> Document | None:
        """The workspace's SUPPORT.md, parsed (the open text wins); ``None``: it has none.

        For requests (hover, completion) that come before the folder's index
        is built: the file is read and parsed once per modification.
        """
        if root is None or not config.support_file:
            return None
        from featuredoc.workspace.files import UnreadableFile, inside_workspace, read_text

        path = inside_workspace(root, config.support_file)  # never a file outside the workspace
        if path is None:
            return None
        key: tuple[str, int, int] | str
        if open_text is not None:
            key = open_text
        else:
            try:
                stat = path.stat()
            except OSError:
                return None
            key = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._support is not None and self._support[0] == key:
                return self._support[1]
        from featuredoc.engine import parse
        from featuredoc.model.document import DocumentKind

        try:
            text = open_text if open_text is not None else read_text(path)
        except UnreadableFile:
            return None
        document = parse(text, str(path), config, DocumentKind.SUPPORT)
        with self._lock:
            self._support = (key, document)
        return document


def documents_by_path(items: Iterable[tuple[str, Document | None]]) -> dict[Path, Document]:
    return {Path(path).resolve(): doc for path, doc in items if doc is not None and path}
