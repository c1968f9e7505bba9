"""Life cycle and document synchronisation: ``initialize`` to ``didClose``, settings, watched files.

Text synchronisation itself (applying changes as the client counts) is
:mod:`featuredoc.lsp.text_sync`; here each notification is handed to the
part that acts on it.
"""

from __future__ import annotations

import logging
import threading

from lsprotocol import types

from featuredoc.lsp.context import CONFIG_FILE, is_config_file
from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services

log = logging.getLogger("featuredoc")


def initialize(s: Services, params: types.InitializeParams) -> None:
    s.worker.attach()  # from now on, slow work runs on the worker thread
    s.client.initialized_with(params.capabilities)
    s.settings.initialized_with(params)


def initialized(s: Services, params: types.InitializedParams) -> None:
    s.worker.attach()
    s.settings.fetch_editor_settings()
    threading.Thread(target=_warm_up, name="featuredoc-warm-up", daemon=True).start()
    register_watchers(s)
    s.indexes.start()


def _warm_up() -> None:
    """Import the parser and the rules in the background after start-up."""
    try:
        import featuredoc.engine  # noqa: F401
    except Exception:  # noqa: BLE001
        log.exception("featuredoc: loading the engine failed")


def register_watchers(s: Services) -> None:
    """Watch the configuration and the documents, when the client lets us register."""
    if not s.client.features.dynamic_watched_files:
        return
    from featuredoc.lsp.folders import watched_globs

    config = s.settings.config_for(s.root_uri())
    globs = [f"**/{CONFIG_FILE}", *watched_globs(config)]
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]
    )
    s.client.register(
        types.Registration(
            id="featuredoc-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
    )


def did_open(s: Services, params: types.DidOpenTextDocumentParams) -> None:
    s.documents.schedule(params.text_document.uri)


def did_change(s: Services, params: types.DidChangeTextDocumentParams) -> None:
    s.documents.changed(params.text_document.uri)


def did_save(s: Services, params: types.DidSaveTextDocumentParams) -> None:
    if is_config_file(params.text_document.uri):
        s.documents.configuration_changed()
    else:
        s.knowledge.index.invalidate()


def did_close(s: Services, params: types.DidCloseTextDocumentParams) -> None:
    s.documents.closed(params.text_document.uri)


def did_change_configuration(s: Services, params: types.DidChangeConfigurationParams) -> None:
    s.settings.notified(params.settings)
    s.documents.configuration_changed()


def did_change_watched_files(s: Services, params: types.DidChangeWatchedFilesParams) -> None:
    if any(is_config_file(change.uri) for change in params.changes):
        s.documents.configuration_changed()
    else:
        s.knowledge.index.invalidate()
        s.indexes.files_changed(params.changes)


FEATURE = Feature(
    "life cycle and synchronisation",
    (
        Method(types.INITIALIZE, initialize),
        Method(types.INITIALIZED, initialized),
        Method(types.TEXT_DOCUMENT_DID_OPEN, did_open),
        Method(types.TEXT_DOCUMENT_DID_CHANGE, did_change),
        Method(types.TEXT_DOCUMENT_DID_SAVE, did_save),
        Method(types.TEXT_DOCUMENT_DID_CLOSE, did_close),
        Method(types.WORKSPACE_DID_CHANGE_CONFIGURATION, did_change_configuration),
        Method(types.WORKSPACE_DID_CHANGE_WATCHED_FILES, did_change_watched_files),
    ),
)
