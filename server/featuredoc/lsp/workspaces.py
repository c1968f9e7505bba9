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

The rules see the index as ``Inputs.workspace``; with the ``base``
setting (a git revision) they also get ``Inputs.base`` (FD603/FD604).
Diagnostics of documents that are not open are produced by
:mod:`featuredoc.lsp.workspace_diagnostics`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.folders import BaseState, Folder, signature
from featuredoc.model.document import Document, DocumentKind

if TYPE_CHECKING:
    from featuredoc.engine import Analysis
    from featuredoc.model.config import Config
    from featuredoc.model.findings import Finding

log = logging.getLogger("featuredoc")

#: Yield to the event loop after indexing this many files.
FILES_PER_STEP = 16
#: How long a resolved ``base`` revision is trusted before asking git again (seconds).
BASE_TTL = 30.0
#: Glob patterns watched for changes (with the configured support file).
WATCHED = ("**/*.{pandoc,md}", "**/.featuredoc.yaml")


class WorkspacesMixin:
    """Workspace-index methods of :class:`featuredoc.lsp.server.FeaturedocServer`."""

    # From FeaturedocServer / SettingsMixin / LanguageServer:
    workspace: Any
    client_capabilities: Any
    checked: dict[str, Any]
    generation: int

    # ---- state ---------------------------------------------------------------

    @property
    def folders_state(self) -> dict[str, Folder]:
        state = self.__dict__.get("_folders_state")
        if state is None:
            state = self.__dict__["_folders_state"] = {}
        return state

    @property
    def base_state(self) -> BaseState:
        state = self.__dict__.get("_base_state")
        if state is None:
            state = self.__dict__["_base_state"] = BaseState()
        return state

    def server_setting(self, uri: str, name: str) -> Any:  # noqa: ANN401
        """A server-only editor setting (``base``, ``workspaceDiagnostics``) for *uri*."""
        settings = self.editor_settings(self.folder_for(uri))  # type: ignore[attr-defined]
        return settings.get(name) if isinstance(settings, dict) else None

    # ---- the index of a folder -------------------------------------------------

    def folder_root(self, key: str) -> Path | None:
        path = uris.to_fs_path(key) if key else None
        if path:
            return Path(path)
        root = self.root  # type: ignore[attr-defined]
        return root if isinstance(root, Path) else None

    def folder_index(self, uri: str, *, build: bool = True) -> Folder | None:
        """The index of the folder holding document *uri* (started when missing or stale)."""
        if not uri.startswith("file:"):
            return None
        key = self.folder_for(uri) or ""  # type: ignore[attr-defined]
        return self.folder_by_key(key, build=build)

    @property
    def pending_folders(self) -> dict[str, Folder]:
        """Indexes being rebuilt (new settings); the previous one serves meanwhile."""
        state = self.__dict__.get("_pending_folders")
        if state is None:
            state = self.__dict__["_pending_folders"] = {}
        return state

    def folder_by_key(self, key: str, *, build: bool = True) -> Folder | None:
        folder = self.folders_state.get(key)
        if folder is not None and folder.generation == self.generation:
            return folder
        if not build:
            return folder
        pending = self.pending_folders.get(key)
        if pending is not None and pending.generation == self.generation:
            return folder if folder is not None and folder.ready else pending
        root = self.folder_root(key)
        if root is None:
            return None
        from featuredoc.workspace.index import WorkspaceIndex

        config = self.config_for(key or root.as_uri())  # type: ignore[attr-defined]
        fresh = Folder(key, WorkspaceIndex(root, config), self.generation)
        if folder is not None:
            fresh.version = folder.version + 1
        if folder is None or not folder.ready:
            self.folders_state[key] = fresh  # nothing better to serve meanwhile
        self.pending_folders[key] = fresh
        self._add_open_documents(fresh)
        self._start_scan(fresh)
        return self.folders_state[key]

    def _add_open_documents(self, folder: Folder) -> None:
        for uri, checked in list(self.checked.items()):
            document = checked.analysis.document
            if document is None or not uri.startswith("file:"):
                continue
            if (self.folder_for(uri) or "") != folder.key:  # type: ignore[attr-defined]
                continue
            path = self.path_for(uri)  # type: ignore[attr-defined]
            if folder.index.wants(path):
                folder.index.set_document(path, document)

    def _start_scan(self, folder: Folder) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (unit tests): index now
            self._scan_now(folder)
            return
        loop.create_task(self._scan_async(folder))

    def _scan_now(self, folder: Folder) -> None:
        try:
            folder.index.scan()
        except Exception:  # noqa: BLE001 - a broken file system must not stop the server
            log.exception("featuredoc: indexing %s failed", folder.index.root)
        self._indexed(folder)

    async def _scan_async(self, folder: Folder) -> None:
        token = f"featuredoc-index-{id(folder)}"
        progress = await self._progress_begin(token, folder)
        total = [0]

        def count(done: int, all_files: int, _path: str) -> None:
            total[0] = all_files
            if progress and (done == 1 or done % (FILES_PER_STEP * 4) == 0):
                self._progress_report(token, done, all_files)

        try:
            for done in folder.index.scan_steps(count):
                if self.pending_folders.get(folder.key) is not folder:
                    break  # the configuration changed meanwhile: a newer index is being built
                if done % FILES_PER_STEP == 0:
                    await asyncio.sleep(0)
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: indexing %s failed", folder.index.root)
        finally:
            if progress:
                self._progress_end(token, f"{total[0]} documents")
        if self.pending_folders.get(folder.key) is folder:
            self._indexed(folder)

    async def _progress_begin(self, token: str, folder: Folder) -> bool:
        caps = getattr(self.client_capabilities, "window", None)
        if not (caps and caps.work_done_progress):
            return False
        try:
            await self.work_done_progress.create_async(token)  # type: ignore[attr-defined]
            self.work_done_progress.begin(  # type: ignore[attr-defined]
                token,
                types.WorkDoneProgressBegin(
                    title="featuredoc: indexing",
                    message=folder.index.root.name,
                    percentage=0,
                    cancellable=False,
                ),
            )
        except Exception:  # noqa: BLE001 - no progress bar is no reason not to index
            log.info("featuredoc: the client did not accept a progress token")
            return False
        return True

    def _progress_report(self, token: str, done: int, total: int) -> None:
        try:
            self.work_done_progress.report(  # type: ignore[attr-defined]
                token,
                types.WorkDoneProgressReport(
                    message=f"{done}/{total}", percentage=int(100 * done / max(total, 1))
                ),
            )
        except Exception:  # noqa: BLE001
            log.debug("featuredoc: progress report failed", exc_info=True)

    def _progress_end(self, token: str, message: str) -> None:
        try:
            self.work_done_progress.end(  # type: ignore[attr-defined]
                token, types.WorkDoneProgressEnd(message=message)
            )
        except Exception:  # noqa: BLE001
            log.debug("featuredoc: progress end failed", exc_info=True)

    def _indexed(self, folder: Folder) -> None:
        if self.pending_folders.get(folder.key) is folder:
            del self.pending_folders[folder.key]
        self.folders_state[folder.key] = folder  # replaces the index that served meanwhile
        self._add_open_documents(folder)  # checked while it was being built
        folder.ready = True
        folder.version += 1
        completion = getattr(self, "index", None)
        if completion is not None:
            completion.invalidate()
        log.info("featuredoc: indexed %d documents under %s", len(folder.index), folder.index.root)
        self.recheck_open(folder, None)
        self.workspace_changed(folder)

    def indexed_features(self, root: Path) -> list[Document] | None:
        """The feature documents of the folder at *root*, when its index is built."""
        for folder in self.folders_state.values():
            if folder.ready and folder.index.root == root.resolve():
                return list(folder.index.features())
        return None

    def start_indexing(self) -> None:
        """Index every workspace folder (after ``initialized``)."""
        completion = getattr(self, "index", None)  # completion's values come from here too
        if completion is not None:
            completion.documents = self.indexed_features
        keys = self._folder_uris() or [""]  # type: ignore[attr-defined]
        for key in keys:
            self.folder_by_key(key)

    # ---- what the rules get ------------------------------------------------------

    def base_for(self, uri: str) -> Any:  # noqa: ANN401
        rev = self.server_setting(uri, "base")
        if not isinstance(rev, str) or not rev.strip() or not uri.startswith("file:"):
            return None
        from featuredoc.workspace.gitbase import GitError, load_base, verify

        rev = rev.strip()
        root = self.root_for(uri)  # type: ignore[attr-defined]
        if root is None:
            return None
        state = self.base_state
        now = time.monotonic()
        if state.rev != rev or now - state.checked_at > BASE_TTL:
            state.rev, state.checked_at = rev, now
            try:
                state.commit, state.error = verify(root, rev), None
            except GitError as exc:
                state.commit = None
                if state.error != str(exc):
                    state.error = str(exc)
                    self._show_base_error(str(exc))
        if state.commit is None:
            return None
        path = self.path_for(uri)  # type: ignore[attr-defined]
        key = (state.commit, path)
        if key not in state.documents:
            try:
                config = self.config_for(uri)  # type: ignore[attr-defined]
                state.documents[key] = load_base(
                    root, state.commit, Path(path), config, verified=True, label=rev
                )
            except GitError as exc:
                log.warning("featuredoc: base %s of %s: %s", rev, path, exc)
                return None
        return state.documents[key]

    def _show_base_error(self, message: str) -> None:
        log.warning("featuredoc: base revision: %s", message)
        try:
            self.window_show_message(  # type: ignore[attr-defined]
                types.ShowMessageParams(
                    type=types.MessageType.Warning,
                    message=f"featuredoc: the 'base' setting cannot be used ({message}); "
                    "FD603/FD604 are off until it can.",
                )
            )
        except Exception:  # noqa: BLE001
            log.debug("featuredoc: could not show a message", exc_info=True)

    # ---- keeping the index current ----------------------------------------------------

    def document_checked(self, uri: str, analysis: Analysis) -> None:
        """An open document was analysed: the index gets it, dependents are re-checked."""
        document = analysis.document
        folder = self.folder_index(uri, build=False)
        if folder is None or document is None:
            return
        path = self.path_for(uri)  # type: ignore[attr-defined]
        if not folder.index.wants(path):
            return
        before = self._signature_of(folder, uri, path)
        folder.index.set_document(path, document)
        self._changed(folder, uri, before, signature(document, folder.index.config), document.kind)

    def document_closed(self, uri: str) -> None:
        folder = self.folder_index(uri, build=False)
        if folder is None:
            return
        path = self.path_for(uri)  # type: ignore[attr-defined]
        if not folder.index.wants(path):
            return
        before = self._signature_of(folder, uri, path)
        folder.index.forget(path)
        document = folder.index.document(path)
        kind = folder.index.kind(path) or DocumentKind.FEATURE  # wanted: never None
        self._changed(folder, uri, before, signature(document, folder.index.config), kind)
        self.workspace_changed(folder, closed=uri)

    def files_changed(self, changes: Iterable[types.FileEvent]) -> None:
        """``workspace/didChangeWatchedFiles`` (not the configuration: handled before)."""
        touched: dict[str, Folder] = {}
        for change in changes:
            uri = change.uri
            folder = self.folder_index(uri, build=False)
            if folder is None:
                continue
            path = self.path_for(uri)  # type: ignore[attr-defined]
            if not folder.index.wants(path):
                continue
            before = self._signature_of(folder, uri, path)
            folder.index.file_changed(path)
            document = folder.index.document(path)
            kind = folder.index.kind(path) or DocumentKind.FEATURE  # wanted: never None
            folder.version += 1  # the file's own findings may have changed
            self._changed(folder, uri, before, signature(document, folder.index.config), kind)
            touched[folder.key] = folder
        for folder in touched.values():
            self.workspace_changed(folder)

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
            self.recheck_open(folder, uri, kind)
            self.workspace_changed(folder)

    def recheck_open(
        self, folder: Folder, changed: str | None, kind: DocumentKind | None = None
    ) -> None:
        """Check again the open documents of *folder* that depend on what changed.

        A feature document changed (*kind* FEATURE): SUPPORT.md depends on it.
        SUPPORT.md changed, or the index was (re)built: every open document.
        """
        for uri in list(self.checked):
            if (self.folder_for(uri) or "") != folder.key:  # type: ignore[attr-defined]
                continue
            if changed is not None and unquote(uri) == unquote(changed):
                continue
            path = self.path_for(uri)  # type: ignore[attr-defined]
            if kind is DocumentKind.FEATURE and not folder.index.is_support(path):
                continue
            self.checked.pop(uri, None)
            self.republish(uri)

    def republish(self, uri: str) -> None:
        """Show document *uri*'s diagnostics again (push) or ask the client to pull."""
        if self.pull_diagnostics:  # type: ignore[attr-defined]
            self.request_refresh()  # the client pulls its open documents again
        else:
            self.publish(uri)  # type: ignore[attr-defined]

    def request_refresh(self) -> None:
        caps = getattr(self.client_capabilities, "workspace", None)
        diagnostics = caps.diagnostics if caps else None
        if not (diagnostics and diagnostics.refresh_support):
            return
        loop = _running_loop()
        if loop is None:
            self.workspace_diagnostic_refresh(None)  # type: ignore[attr-defined]
            return
        if self.__dict__.get("_refresh_pending"):
            return  # one refresh for a burst of changes
        self.__dict__["_refresh_pending"] = True

        def fire() -> None:
            self.__dict__["_refresh_pending"] = False
            try:
                self.workspace_diagnostic_refresh(None)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001
                log.debug("featuredoc: diagnostic refresh failed", exc_info=True)

        loop.call_later(0.05, fire)

    def workspace_changed(self, folder: Folder, closed: str | None = None) -> None:
        """Hook for workspace diagnostics (see :mod:`featuredoc.lsp.workspace_diagnostics`)."""
        from featuredoc.lsp.workspace_diagnostics import workspace_changed

        workspace_changed(self, folder, closed)

    # ---- watching files ----------------------------------------------------------------

    def watched_globs(self, config: Config) -> list[str]:
        import posixpath

        globs = list(WATCHED)
        support = posixpath.basename(config.support_file)
        if support and not support.endswith(".md"):
            globs.append(f"**/{support}")
        globs += [f"**/{pattern}" for pattern in config.include if not pattern.endswith(".md")]
        return list(dict.fromkeys(globs))

    # ---- relatedInformation -------------------------------------------------------------

    def lines_of(self, path: str) -> list[str] | None:
        """The lines of another document as the rules saw them (index, else the disk)."""
        uri = uris.from_fs_path(path) or ""
        folder = self.folder_index(uri, build=False)
        if folder is not None:
            document = folder.index.document(path)
            if document is not None:
                return document.lines
        from featuredoc.model.text import split_lines
        from featuredoc.workspace.files import UnreadableFile, read_text

        try:
            return split_lines(read_text(Path(path)))
        except UnreadableFile:
            return None

    def to_diagnostics(self, lines: list[str], findings: list[Finding]) -> list[types.Diagnostic]:
        """Diagnostics with ``relatedInformation`` in the other document's uri and units."""
        from featuredoc.lsp.convert import Converter

        convert = self.converter(lines)  # type: ignore[attr-defined]
        encoding = self.encoding  # type: ignore[attr-defined]
        result: list[types.Diagnostic] = []
        cache: dict[str, tuple[str, Converter | None]] = {}
        for finding in findings:
            diagnostic = convert.diagnostic(finding)
            if finding.related:
                related = []
                for item in finding.related:
                    if item.path not in cache:
                        other = self.lines_of(item.path)
                        target = (
                            uris.from_fs_path(item.path) or item.path
                            if Path(item.path).is_absolute()
                            else item.path
                        )
                        cache[item.path] = (
                            target,
                            Converter(other, encoding) if other is not None else None,
                        )
                    target, other_convert = cache[item.path]
                    rng = (
                        other_convert.range(item.span)
                        if other_convert is not None
                        else types.Range(
                            start=types.Position(line=item.span.start.line, character=0),
                            end=types.Position(line=item.span.start.line, character=0),
                        )
                    )
                    related.append(
                        types.DiagnosticRelatedInformation(
                            location=types.Location(uri=target, range=rng), message=item.message
                        )
                    )
                diagnostic.related_information = related
            result.append(diagnostic)
        return result


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
