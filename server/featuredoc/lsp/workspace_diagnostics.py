"""Diagnostics of the documents that are not open: ``workspace/diagnostic`` and push.

Clients that pull (LSP 3.17) ask with ``workspace/diagnostic``: the
server answers a report for every indexed document that is not open (open
ones are pulled one by one with ``textDocument/diagnostic``), with result
ids so that an unchanged workspace costs nothing. When nothing changed
since the client's previous result ids, the answer waits (up to
:data:`HOLD_SECONDS`) for a change instead of letting the client ask again
at once.

Clients that only take pushed diagnostics get them when the editor setting
``workspaceDiagnostics: true`` (section ``featuredoc``) asks: after
indexing and after every change, coalesced.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.workspace import Workspace

from featuredoc.lsp.client import Client
from featuredoc.lsp.context import path_for
from featuredoc.lsp.folders import Folder
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.worker import Worker
from featuredoc.lsp.workspaces import FolderIndexes

log = logging.getLogger("featuredoc")

#: How long a workspace/diagnostic request with nothing new is held open.
HOLD_SECONDS = 20.0
#: Pushed workspace diagnostics wait this long for more changes.
PUSH_DELAY = 0.3
SETTING = "workspaceDiagnostics"


@dataclass(slots=True)
class State:
    """Cached reports and what was pushed."""

    #: (uri) → (result id, diagnostics)
    reports: dict[str, tuple[str, list[types.Diagnostic]]] = field(default_factory=dict)
    pushed: dict[str, str] = field(default_factory=dict)  # uri → result id pushed
    push_pending: bool = False
    changed: asyncio.Event | None = None


class WorkspaceDiagnostics:
    """Reports of the closed documents; the analyses run on the worker thread.

    *workspace* is pygls's workspace (which documents are open);
    *analyse_file* gives the diagnostics of a file as it is on disk
    (``None``: unreadable).
    """

    def __init__(
        self,
        workspace: Callable[[], Workspace],
        client: Client,
        settings: Settings,
        indexes: FolderIndexes,
        worker: Worker,
        generation: Callable[[], int],
        analyse_file: Callable[[Folder, str], list[types.Diagnostic] | None],
    ) -> None:
        self._workspace = workspace
        self._client = client
        self._settings = settings
        self._indexes = indexes
        self._worker = worker
        self._generation = generation
        self._analyse_file = analyse_file
        self.state = State()

    def result_id(self, folder: Folder) -> str:
        return f"{self._generation()}:{folder.version}"

    def _open_paths(self) -> set[str]:
        opened = set()
        for uri in list(self._workspace().text_documents):
            if uri.startswith("file:"):
                opened.add(str(Path(path_for(uri)).resolve()))
        return opened

    def closed_documents(self, folder: Folder) -> list[str]:
        """The folder's indexed paths that are not open in the editor."""
        opened = self._open_paths()
        with self._indexes.lock:
            paths = folder.index.paths()
        return [p for p in paths if str(Path(p).resolve()) not in opened]

    def _report_for(self, folder: Folder, path: str) -> tuple[str, str, list[types.Diagnostic]]:
        uri = uris.from_fs_path(path) or Path(path).as_uri()
        rid = self.result_id(folder)
        cached = self.state.reports.get(uri)
        if cached is not None and cached[0] == rid:
            return uri, rid, cached[1]
        diagnostics = self._analyse_file(folder, path) or []
        self.state.reports[uri] = (rid, diagnostics)
        return uri, rid, diagnostics

    def report(
        self, params: types.WorkspaceDiagnosticParams
    ) -> tuple[types.WorkspaceDiagnosticReport, bool]:
        """The report, and whether anything in it is new to the client (on the worker)."""
        previous = {item.uri: item.value for item in params.previous_result_ids or []}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        new = False
        for folder in self._indexes.all_folders():
            rid = self.result_id(folder)
            for path in self.closed_documents(folder):
                uri = uris.from_fs_path(path) or Path(path).as_uri()
                if previous.get(uri) == rid:
                    items.append(
                        types.WorkspaceUnchangedDocumentDiagnosticReport(
                            uri=uri, result_id=rid, version=None
                        )
                    )
                    continue
                uri, rid, diagnostics = self._report_for(folder, path)
                new = True
                items.append(
                    types.WorkspaceFullDocumentDiagnosticReport(
                        uri=uri, items=diagnostics, result_id=rid, version=None
                    )
                )
        if set(previous) != {item.uri for item in items}:
            new = True  # a document was opened, closed, created or deleted
        return types.WorkspaceDiagnosticReport(items=items), new

    async def answer(
        self, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        """``workspace/diagnostic``: at once when something is new, else wait for a change."""
        state = self.state
        if state.changed is None:
            state.changed = asyncio.Event()
        state.changed.clear()
        report, new = await self._worker.call(lambda: self.report(params))
        if new or not params.previous_result_ids:
            return report
        try:
            await asyncio.wait_for(state.changed.wait(), HOLD_SECONDS)
        except asyncio.TimeoutError:
            return report
        report, _ = await self._worker.call(lambda: self.report(params))
        return report

    # ---- push ------------------------------------------------------------------------------

    def wants_push(self) -> bool:
        if self._client.pulls_diagnostics:
            return False
        return self._settings.server_setting(self._workspace().root_uri or "", SETTING) is True

    def changed(self, folder: Folder, closed: str | None = None) -> None:
        """Something in *folder* changed (any thread): wake held requests, schedule a push."""
        self._worker.to_loop(self._changed, closed)

    def _changed(self, closed: str | None) -> None:
        state = self.state
        if state.changed is not None:
            state.changed.set()
        if closed is not None:  # the editor cleared it on close: push it again
            state.pushed.pop(closed, None)
            state.pushed.pop(uris.from_fs_path(path_for(closed)) or closed, None)
        if not self.wants_push():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.push_all()
            return
        if state.push_pending:
            return
        state.push_pending = True

        def fire() -> None:
            state.push_pending = False
            self._worker.submit(self.push_all)

        loop.call_later(PUSH_DELAY, fire)

    def push_all(self) -> None:
        """Publish the diagnostics of every closed document, and clear vanished ones (worker)."""
        state = self.state
        now: dict[str, str] = {}
        for folder in self._indexes.all_folders():
            if not folder.ready:
                continue
            for path in self.closed_documents(folder):
                uri = uris.from_fs_path(path) or Path(path).as_uri()
                if state.pushed.get(uri) == self.result_id(folder):
                    now[uri] = state.pushed[uri]
                    continue  # the client has these already
                uri, rid, diagnostics = self._report_for(folder, path)
                now[uri] = rid
                self._client.publish(uri, diagnostics, None)
        opened = set(self._workspace().text_documents)
        for uri in set(state.pushed) - set(now):
            if uri not in opened:
                self._client.publish(uri, [], None)
        state.pushed = now
