"""Cross-document knowledge in the language server: one workspace index per folder.

Each workspace folder gets a :class:`featuredoc.workspace.index.WorkspaceIndex`
(every feature document and the SUPPORT.md), built in the background after
``initialized`` with ``$/progress`` work-done progress, and kept current:

- open documents count with the editor's text (the analysis of each
  version is handed to the index, no second parse) and fall back to the
  disk when closed;
- ``workspace/didChangeWatchedFiles`` re-reads changed files;
- when what another document depends on changes (a feature document's
  title, support entry or statuses; SUPPORT.md's status lines), the open
  documents that depend on it are checked again (pushed, or a diagnostic
  refresh for pull clients).

Scans, re-reading changed files and keeping each index current run on the
worker thread (:mod:`featuredoc.lsp.worker`), its only writer; other
threads read an index while holding :attr:`FolderIndexes.lock`. What the
rules get from here is assembled by :mod:`featuredoc.lsp.rule_inputs`.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.context import DocumentContext, path_for
from featuredoc.lsp.folders import (
    Folder,
    IndexEvents,
    moved_signature,
    same_status_lines,
    signature,
)
from featuredoc.lsp.progress import Progress
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.worker import Worker

if TYPE_CHECKING:
    from featuredoc.engine import Analysis
    from featuredoc.model.document import Document, DocumentKind

log = logging.getLogger("featuredoc")

#: Files indexed per job on the worker (analyses of open documents go in between).
FILES_PER_STEP = 16


#: Glob patterns watched for changes (with the configured support file).
class FolderIndexes:
    """One :class:`featuredoc.workspace.index.WorkspaceIndex` per workspace folder.

    *events* are what a change here means elsewhere
    (:class:`featuredoc.lsp.folders.IndexEvents`).
    """

    def __init__(
        self,
        settings: Settings,
        worker: Worker,
        progress: Progress,
        root: Callable[[], Path | None],
        generation: Callable[[], int],
        events: IndexEvents | None = None,
    ) -> None:
        self._settings = settings
        self._events = events or IndexEvents()
        self._worker = worker
        self._progress = progress
        self._root = root
        self._generation = generation
        self.folders: dict[str, Folder] = {}
        #: indexes being rebuilt (new settings); the previous one serves meanwhile
        self.pending: dict[str, Folder] = {}
        #: the progress token of each folder being indexed (on the worker only): an
        #: index started again under new settings carries on with the same bar
        self._indexing: dict[str, str] = {}
        #: held by the worker while it changes an index, and by other threads reading one
        self.lock = threading.RLock()

    # ---- the index of a folder -------------------------------------------------

    def folder_root(self, key: str) -> Path | None:
        path = uris.to_fs_path(key) if key else None
        if path:
            return Path(path)
        return self._root()

    def folder_index(self, uri: str, *, build: bool = True) -> Folder | None:
        """The index of the folder holding document *uri* (started when missing or stale).

        For a file outside every workspace folder: the index of the project
        root above it, found as the command line finds it (a folder holding
        ``.featuredoc.yaml``, ``.git``, the support file or ``docs/features``),
        so it is compared with its own SUPPORT.md; none when there is no
        such root.
        """
        key = self.key_for(uri)
        return None if key is None else self.folder_by_key(key, build=build)

    def key_for(self, uri: str) -> str | None:
        """The key of the index document *uri* belongs to (see :meth:`folder_index`)."""
        if not uri.startswith("file:"):
            return None
        key = self._settings.folder_for(uri)
        if key is not None or not self._settings.folder_uris():
            return key or ""
        root = self.outside_root(uri)
        return None if root is None else root.as_uri()

    def outside_root(self, uri: str) -> Path | None:
        """For a file outside every folder: the project root marked above it, if any.

        The same root whose ``.featuredoc.yaml`` the file's settings come from
        (:meth:`featuredoc.lsp.settings.Settings.outside_root`).
        """
        return self._settings.outside_root(uri)

    def folder_by_key(self, key: str, *, build: bool = True) -> Folder | None:
        generation = self._generation()
        folder = self.folders.get(key)
        if folder is not None and folder.generation == generation:
            return folder
        if not build:
            return folder
        with self.lock:
            pending = self.pending.get(key)
            if pending is not None and pending.generation == generation:
                return folder if folder is not None and folder.ready else pending
            root = self.folder_root(key)
            if root is None:
                return None
            from featuredoc.workspace.index import WorkspaceIndex  # loads the engine

            config = self._settings.config_at(key)
            fresh = Folder(key, WorkspaceIndex(root, config), generation)
            if folder is not None:
                fresh.version = folder.version + 1
            if folder is None or not folder.ready:
                self.folders[key] = fresh  # nothing better to serve meanwhile
            self.pending[key] = fresh
        self._worker.submit(lambda: self._scan(fresh))
        return self.folders[key]

    def _add_open_documents(self, folder: Folder) -> None:
        for uri, document in self._events.open_documents():
            if not uri.startswith("file:"):
                continue
            if self.key_for(uri) != folder.key:
                continue
            path = path_for(uri)
            if folder.index.wants(path):
                folder.index.set_document(path, document)

    def _scan(self, folder: Folder) -> None:
        """Index *folder* on the worker, a few files per job (analyses go in between)."""
        token = self._indexing.get(folder.key)
        if token is None:
            token = self._indexing[folder.key] = f"featuredoc-index-{id(folder)}"
            self._progress.begin(token, "featuredoc: indexing", folder.index.root.name)
        total = [0]

        def count(done: int, all_files: int, _path: str) -> None:
            total[0] = all_files
            if done == 1 or done % (FILES_PER_STEP * 4) == 0:
                self._progress.report(token, done, all_files)

        steps = folder.index.scan_steps(count)

        def step() -> None:
            finished = True
            try:
                for _ in range(FILES_PER_STEP):
                    if self.pending.get(folder.key) is not folder:
                        break  # the configuration changed: a newer index is being built
                    with self.lock:
                        if next(steps, None) is None:
                            break
                else:
                    finished = False
            except Exception:  # noqa: BLE001 - a broken file system must not stop the server
                log.exception("featuredoc: indexing %s failed", folder.index.root)
            if not finished:
                self._worker.submit(step)
                return
            newer = self.pending.get(folder.key)
            if newer is not None and newer is not folder:
                return  # the newer index goes on with the bar, and ends it
            self._indexing.pop(folder.key, None)
            self._progress.end(token, f"{total[0]} documents")
            if newer is folder:
                self._indexed(folder)

        step()

    def _indexed(self, folder: Folder) -> None:
        with self.lock:
            if self.pending.get(folder.key) is folder:
                del self.pending[folder.key]
            self.folders[folder.key] = folder  # replaces the index that served meanwhile
            self._add_open_documents(folder)  # checked while it was being built
            folder.ready = True
            folder.version += 1
        self._events.indexed()
        log.info("featuredoc: indexed %d documents under %s", len(folder.index), folder.index.root)
        self._events.dependents_changed(folder, None, None)
        self._events.workspace_changed(folder, None)

    def indexed_features(self, root: Path) -> list[Document] | None:
        """The feature documents of the folder at *root*, when its index is built."""
        with self.lock:
            for folder in list(self.folders.values()):
                if folder.ready and folder.index.root == root.resolve():
                    return list(folder.index.features())
        return None

    def support_document(self, key: str | None) -> Document | None:
        """The indexed SUPPORT.md of the index *key* (``None``: not indexed yet)."""
        folder = self.folder_by_key(key, build=False) if key is not None else None
        if folder is None or not folder.ready:
            return None
        with self.lock:
            return folder.index.support()

    def all_folders(self) -> list[Folder]:
        """The index of every workspace folder (started when missing or stale)."""
        found = []
        for key in self._settings.folder_uris() or [""]:
            folder = self.folder_by_key(key)
            if folder is not None:
                found.append(folder)
        return found

    def start(self) -> None:
        """Index every workspace folder (after ``initialized``)."""
        self.all_folders()

    # ---- keeping the index current ----------------------------------------------------

    def document_checked(self, context: DocumentContext, analysis: Analysis) -> None:
        """An open document was analysed (on the worker): the index gets it, dependents too.

        After an edit of prose (see :func:`moved_signature`) the index gets the document
        to build when asked for.
        """
        key = context.index_key
        folder = self.folder_by_key(key, build=False) if key is not None else None
        if folder is None or (analysis.built and analysis.document is None):
            return
        uri, path = context.uri, context.path
        if not folder.index.wants(path):
            return
        if not analysis.built and context.kind is not None:
            known = folder.signatures.get(unquote(uri))
            after = (
                moved_signature(known, analysis.moved, context.kind) if known is not None else None
            )
            if known is not None and after is not None:
                with self.lock:
                    folder.index.set_source(path, lambda: analysis.document, context.kind)
                self._changed(folder, uri, known, after, context.kind)
                return
        document = analysis.document
        if document is None:
            return
        from featuredoc.model.document import DocumentKind

        before = self._signature_of(folder, uri, path)
        support = document.kind is DocumentKind.SUPPORT  # only its status lines are compared
        with self.lock:
            previous = folder.index.document(path) if support else None
            folder.index.set_document(path, document)
        same = same_status_lines(previous, document) and unquote(uri) in folder.signatures
        after = before if same else signature(document, folder.index.config)
        self._changed(folder, uri, before, after, document.kind)

    def document_closed(self, uri: str) -> None:
        """The editor closed *uri*: its index entry falls back to the disk (on the worker)."""
        self._worker.submit(lambda: self._closed(uri))

    def _closed(self, uri: str) -> None:
        from featuredoc.model.document import DocumentKind

        folder = self.folder_index(uri, build=False)
        if folder is None:
            return
        path = path_for(uri)
        if not folder.index.wants(path):
            return
        before = self._signature_of(folder, uri, path)
        with self.lock:
            folder.index.forget(path)
        document = folder.index.document(path)
        kind = folder.index.kind(path) or DocumentKind.FEATURE  # wanted: never None
        self._changed(folder, uri, before, signature(document, folder.index.config), kind)
        self._events.workspace_changed(folder, uri)

    def files_changed(self, changes: Iterable[types.FileEvent]) -> None:
        """``workspace/didChangeWatchedFiles`` (not the configuration): re-read on the worker."""
        uris_changed = [change.uri for change in changes]
        self._worker.submit(lambda: self._files_changed(uris_changed))

    def _files_changed(self, changed: list[str]) -> None:
        from featuredoc.model.document import DocumentKind
        from featuredoc.workspace.inputs import is_version_file  # the engine: on the worker

        touched: dict[str, Folder] = {}
        for uri in changed:
            folder = self.folder_index(uri, build=False)
            if folder is None:
                continue
            path = path_for(uri)
            if not folder.index.wants(path):
                if is_version_file(folder.index.root, path, folder.index.config):  # for SUPPORT.md
                    self._events.dependents_changed(folder, uri, DocumentKind.FEATURE)
                continue
            before = self._signature_of(folder, uri, path)
            with self.lock:
                folder.index.file_changed(path)
            document = folder.index.document(path)
            kind = folder.index.kind(path) or DocumentKind.FEATURE  # wanted: never None
            folder.version += 1  # the file's own findings may have changed
            self._changed(folder, uri, before, signature(document, folder.index.config), kind)
            touched[folder.key] = folder
        for folder in touched.values():
            self._events.workspace_changed(folder, None)

    def _signature_of(self, folder: Folder, uri: str, path: str) -> tuple[Any, ...]:
        known = folder.signatures.get(unquote(uri))
        if known is not None:
            return known
        return signature(folder.index.document(path), folder.index.config)

    def _changed(
        self,
        folder: Folder,
        uri: str,
        before: tuple[Any, ...],
        after: tuple[Any, ...],
        kind: DocumentKind,
    ) -> None:
        folder.signatures[unquote(uri)] = after
        if before == after:
            return
        folder.version += 1
        if folder.ready:
            self._events.dependents_changed(folder, uri, kind)
            self._events.workspace_changed(folder, None)

    # ---- relatedInformation -------------------------------------------------------------

    def lines_reader(self) -> Callable[[str], list[str] | None]:
        """The lines of other documents as the rules saw them (index, else the disk),
        for the many related places of one analysis.

        The workspace folders are read once, not once per place: SUPPORT.md
        in a large workspace points into hundreds of documents.
        """
        from featuredoc.model.text import split_lines
        from featuredoc.workspace.files import UnreadableFile, read_text

        folders = tuple(self._settings.folder_uris())

        def lines_of(path: str) -> list[str] | None:
            uri = _file_uri(path)
            folder = (
                self.folder_by_key(self._settings.folder_for(uri, folders) or "", build=False)
                if uri.startswith("file:")
                else None
            )
            if folder is not None:
                with self.lock:
                    document = folder.index.document(path)
                if document is not None:
                    return document.lines
            try:
                return split_lines(read_text(Path(path)))
            except UnreadableFile:
                return None

        return lines_of


@functools.lru_cache(maxsize=4096)
def _file_uri(path: str) -> str:
    """The ``file:`` uri of *path* (asked for every related place of every keystroke)."""
    return uris.from_fs_path(path) or ""


__all__ = ["FolderIndexes", "IndexEvents", "path_for"]
