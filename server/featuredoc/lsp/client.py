"""What the server sends to the editor on its own initiative, from any thread.

Messages are written from the event loop only (one writer, whole
messages): a call from the worker thread is handed to the loop. Failures
to send (the client went away) are logged, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from featuredoc.lsp.worker import Worker

log = logging.getLogger("featuredoc")


class Client:
    """The editor, as the server's parts see it."""

    def __init__(self, server: LanguageServer, worker: Worker) -> None:
        self._server = server
        self._worker = worker
        #: notifications may be written from any thread (the writer takes a lock)
        self.direct = False

    @property
    def capabilities(self) -> types.ClientCapabilities:
        return self._server.client_capabilities

    def supports(self, field: str, wanted: Any = True) -> bool:  # noqa: ANN401
        """Whether the client's capability at dotted *field* is (or contains) *wanted*."""
        value: Any = self.capabilities
        for name in field.split("."):
            value = getattr(value, name, None)
            if value is None:
                return False
        if isinstance(value, (list, tuple)):  # a list of values: declared at all, or holds *wanted*
            return bool(value) if wanted is True else wanted in value
        return bool(value) if wanted is True else value == wanted

    @property
    def pulls_diagnostics(self) -> bool:
        """Whether the client pulls diagnostics (LSP 3.17); then none are pushed."""
        caps = self.capabilities
        return caps.text_document is not None and caps.text_document.diagnostic is not None

    def _send(self, what: str, send: Callable[[], Any]) -> None:
        def run() -> None:
            try:
                send()
            except Exception:  # noqa: BLE001 - a closed stream must not break the caller
                log.exception("featuredoc: could not send %s", what)

        if self.direct:
            run()  # whole messages under the writer's lock, from any thread
        else:
            self._worker.to_loop(run)

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        params = types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        self._send("diagnostics", lambda: self._server.text_document_publish_diagnostics(params))

    def show(self, kind: types.MessageType, message: str) -> None:
        params = types.ShowMessageParams(type=kind, message=message)
        self._send("a message", lambda: self._server.window_show_message(params))

    def refresh_diagnostics(self) -> None:
        """Ask a pull client to pull again, when it can be asked."""
        workspace = self.capabilities.workspace
        diagnostics = workspace.diagnostics if workspace else None
        if diagnostics and diagnostics.refresh_support:  # a request: sent from the loop
            self._worker.to_loop(self._refresh)

    def _refresh(self) -> None:
        try:
            self._server.workspace_diagnostic_refresh(None)
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: could not ask for a diagnostic refresh")
