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
import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls import uris

if TYPE_CHECKING:
    from featuredoc.lsp.folders import Folder

log = logging.getLogger("featuredoc")

#: How long a workspace/diagnostic request with nothing new is held open.
HOLD_SECONDS = 20.0
#: Pushed workspace diagnostics wait this long for more changes.
PUSH_DELAY = 0.3
SETTING = "workspaceDiagnostics"


@dataclass(slots=True)
class State:
    """Per server: cached reports and what was pushed."""

    #: (uri) → (result id, diagnostics)
    reports: dict[str, tuple[str, list[types.Diagnostic]]] = field(default_factory=dict)
    pushed: dict[str, str] = field(default_factory=dict)  # uri → result id pushed
    push_pending: bool = False
    changed: asyncio.Event | None = None


def state_of(ls: Any) -> State:  # noqa: ANN401
    state: State | None = ls.__dict__.get("_workspace_diagnostics")
    if state is None:
        state = ls.__dict__["_workspace_diagnostics"] = State()
    return state


def result_id(ls: Any, folder: Folder) -> str:  # noqa: ANN401
    return f"{ls.generation}:{folder.version}"


def _open_paths(ls: Any) -> set[str]:  # noqa: ANN401
    opened = set()
    for uri in ls.workspace.text_documents:
        if uri.startswith("file:"):
            opened.add(str(Path(ls.path_for(uri)).resolve()))
    return opened


def closed_documents(ls: Any, folder: Folder) -> list[str]:  # noqa: ANN401
    """The folder's indexed paths that are not open in the editor."""
    opened = _open_paths(ls)
    return [p for p in folder.index.paths() if str(Path(p).resolve()) not in opened]


def analyse_file(ls: Any, folder: Folder, path: str) -> list[types.Diagnostic] | None:  # noqa: ANN401
    """The diagnostics of the file *path* as it is on disk (``None``: unreadable)."""
    from featuredoc.engine import analyse
    from featuredoc.model.text import split_lines
    from featuredoc.workspace.files import UnreadableFile, read_decoded

    try:
        decoded = read_decoded(Path(path))
    except UnreadableFile:
        return None
    kind = folder.index.kind(path)
    if kind is None:
        return None
    uri = uris.from_fs_path(path) or Path(path).as_uri()
    inputs = ls.inputs(uri)
    if decoded.lossy:  # bytes that are not UTF-8: FD904 at each
        inputs = dataclasses.replace(inputs, decoded=decoded)
    analysis = analyse(decoded.text, path, folder.index.config, kind=kind, inputs=inputs)
    diagnostics: list[types.Diagnostic] = ls.to_diagnostics(
        split_lines(decoded.text), analysis.findings
    )
    return diagnostics


def _report_for(ls: Any, folder: Folder, path: str) -> tuple[str, str, list[types.Diagnostic]]:  # noqa: ANN401
    uri = uris.from_fs_path(path) or Path(path).as_uri()
    rid = result_id(ls, folder)
    state = state_of(ls)
    cached = state.reports.get(uri)
    if cached is not None and cached[0] == rid:
        return uri, rid, cached[1]
    diagnostics = analyse_file(ls, folder, path) or []
    state.reports[uri] = (rid, diagnostics)
    return uri, rid, diagnostics


def _folders(ls: Any) -> list[Folder]:  # noqa: ANN401
    keys = ls._folder_uris() or [""]
    folders = []
    for key in keys:
        folder = ls.folder_by_key(key)
        if folder is not None:
            folders.append(folder)
    return folders


def workspace_report(
    ls: Any,  # noqa: ANN401
    params: types.WorkspaceDiagnosticParams,
) -> tuple[types.WorkspaceDiagnosticReport, bool]:
    """The report, and whether anything in it is new to the client."""
    previous = {item.uri: item.value for item in params.previous_result_ids or []}
    items: list[types.WorkspaceDocumentDiagnosticReport] = []
    new = False
    for folder in _folders(ls):
        rid = result_id(ls, folder)
        for path in closed_documents(ls, folder):
            uri = uris.from_fs_path(path) or Path(path).as_uri()
            if previous.get(uri) == rid:
                items.append(
                    types.WorkspaceUnchangedDocumentDiagnosticReport(
                        uri=uri, result_id=rid, version=None
                    )
                )
                continue
            uri, rid, diagnostics = _report_for(ls, folder, path)
            new = True
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, items=diagnostics, result_id=rid, version=None
                )
            )
    if set(previous) != {item.uri for item in items}:
        new = True  # a document was opened, closed, created or deleted
    return types.WorkspaceDiagnosticReport(items=items), new


async def workspace_diagnostic(
    ls: Any,  # noqa: ANN401
    params: types.WorkspaceDiagnosticParams,
) -> types.WorkspaceDiagnosticReport:
    """``workspace/diagnostic``: answer at once when something is new, else wait for a change."""
    report, new = workspace_report(ls, params)
    if new or not params.previous_result_ids:
        return report
    state = state_of(ls)
    if state.changed is None:
        state.changed = asyncio.Event()
    state.changed.clear()
    try:
        await asyncio.wait_for(state.changed.wait(), HOLD_SECONDS)
    except asyncio.TimeoutError:
        return report
    report, _ = workspace_report(ls, params)
    return report


# ---- push ------------------------------------------------------------------------------


def wants_push(ls: Any) -> bool:  # noqa: ANN401
    if ls.pull_diagnostics:
        return False
    return ls.server_setting(ls.workspace.root_uri or "", SETTING) is True


def workspace_changed(ls: Any, folder: Folder, closed: str | None = None) -> None:  # noqa: ANN401
    """Something in *folder* changed: wake held requests, schedule pushed diagnostics."""
    state = state_of(ls)
    if state.changed is not None:
        state.changed.set()
    if closed is not None:  # the editor cleared it on close: push it again
        state.pushed.pop(closed, None)
        state.pushed.pop(uris.from_fs_path(ls.path_for(closed)) or closed, None)
    if not wants_push(ls):
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        push_all(ls)
        return
    if state.push_pending:
        return
    state.push_pending = True

    def fire() -> None:
        state.push_pending = False
        try:
            push_all(ls)
        except Exception:  # noqa: BLE001 - the next change tries again
            log.exception("featuredoc: pushing workspace diagnostics failed")

    loop.call_later(PUSH_DELAY, fire)


def push_all(ls: Any) -> None:  # noqa: ANN401
    """Publish the diagnostics of every closed document (and clear vanished ones)."""
    state = state_of(ls)
    now: dict[str, str] = {}
    for folder in _folders(ls):
        if not folder.ready:
            continue
        for path in closed_documents(ls, folder):
            uri = uris.from_fs_path(path) or Path(path).as_uri()
            if state.pushed.get(uri) == result_id(ls, folder):
                now[uri] = state.pushed[uri]
                continue  # the client has these already
            uri, rid, diagnostics = _report_for(ls, folder, path)
            now[uri] = rid
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
            )
    opened = set(ls.workspace.text_documents)
    for uri in set(state.pushed) - set(now):
        if uri not in opened:
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
    state.pushed = now
