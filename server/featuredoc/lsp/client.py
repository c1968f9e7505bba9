"""The editor as the server's parts see it: what it can do, and what is sent to it.

:class:`ClientFeatures` is what the client declared in ``initialize``,
read once into booleans. :class:`Client` sends to the editor from any
thread: messages are written from the event loop only (one writer, whole
messages), so a call from the worker thread is handed to the loop, unless
the transport writes whole messages under a lock (*direct*).
Failures to send (the client went away) are logged, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from featuredoc.lsp.worker import Worker

if TYPE_CHECKING:
    from pygls.progress import Progress as WorkDoneProgress

log = logging.getLogger("featuredoc")


@dataclass(frozen=True, slots=True)
class ClientFeatures:
    """What the client can do, from its ``initialize`` capabilities."""

    #: it pulls diagnostics (LSP 3.17): none are pushed
    pulls_diagnostics: bool = False
    #: it may be asked to pull again (``workspace/diagnostic/refresh``)
    diagnostic_refresh: bool = False
    #: hovers in Markdown (also when it declares no format)
    markdown_hover: bool = True
    #: completion items documented in Markdown
    markdown_completion_docs: bool = False
    #: completion items may be snippets
    snippets: bool = False
    #: document links may carry a tooltip
    link_tooltips: bool = False
    #: file watchers may be registered dynamically
    dynamic_watched_files: bool = False
    #: it shows ``$/progress`` work-done progress
    work_done_progress: bool = False
    #: it answers ``workspace/configuration``
    configuration: bool = False
    #: workspace edits may hold ``documentChanges``
    document_changes: bool = False
    #: what it does when applying a workspace edit fails (its ``failureHandling``:
    #: ``abort``, ``transactional``, ``undo``, ``textOnlyTransactional``; ``None``: unsaid)
    failure_handling: str | None = None
    #: it shows code lenses
    code_lens: bool = False
    #: it may be asked to request code lenses again (``workspace/codeLens/refresh``)
    code_lens_refresh: bool = False

    @classmethod
    def of(cls, caps: types.ClientCapabilities) -> ClientFeatures:
        text = caps.text_document
        workspace = caps.workspace
        hover = text.hover if text else None
        formats = hover.content_format if hover else None
        completion = text.completion if text else None
        item = completion.completion_item if completion else None
        link = text.document_link if text else None
        watched = workspace.did_change_watched_files if workspace else None
        diagnostics = workspace.diagnostics if workspace else None
        edit = workspace.workspace_edit if workspace else None
        lens = workspace.code_lens if workspace else None
        failing = edit.failure_handling if edit else None
        return cls(
            pulls_diagnostics=text is not None and text.diagnostic is not None,
            diagnostic_refresh=bool(diagnostics and diagnostics.refresh_support),
            markdown_hover=not formats or types.MarkupKind.Markdown in formats,
            markdown_completion_docs=bool(
                item
                and item.documentation_format
                and types.MarkupKind.Markdown in item.documentation_format
            ),
            snippets=bool(item and item.snippet_support),
            link_tooltips=bool(link and link.tooltip_support),
            dynamic_watched_files=bool(watched and watched.dynamic_registration),
            work_done_progress=bool(caps.window and caps.window.work_done_progress),
            configuration=bool(workspace and workspace.configuration),
            document_changes=bool(edit and edit.document_changes),
            failure_handling=str(failing.value) if failing is not None else None,
            code_lens=text is not None and text.code_lens is not None,
            code_lens_refresh=bool(lens and lens.refresh_support),
        )


class Client:
    """The editor: its features (known after ``initialize``) and what is sent to it."""

    def __init__(self, server: LanguageServer, worker: Worker, *, direct: bool = False) -> None:
        """*direct*: notifications may be written from any thread (the writer takes a lock)."""
        self._server = server
        self._worker = worker
        self._direct = direct
        #: what the client declared, resolved once in ``initialize``
        self.features = ClientFeatures()

    def initialized_with(self, capabilities: types.ClientCapabilities) -> None:
        self.features = ClientFeatures.of(capabilities)

    @property
    def pulls_diagnostics(self) -> bool:
        """Whether the client pulls diagnostics (LSP 3.17); then none are pushed."""
        return self.features.pulls_diagnostics

    @property
    def work_done_progress(self) -> WorkDoneProgress:
        """pygls's ``$/progress`` sender."""
        return self._server.work_done_progress

    def _send(self, what: str, send: Callable[[], Any]) -> None:
        def run() -> None:
            try:
                send()
            except Exception:  # noqa: BLE001 - a closed stream must not break the caller
                log.exception("featuredoc: could not send %s", what)

        if self._direct:
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
        if self.features.diagnostic_refresh:  # a request: sent from the loop
            self._worker.to_loop(self._refresh)

    def _refresh(self) -> None:
        try:
            self._server.workspace_diagnostic_refresh(None)
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: could not ask for a diagnostic refresh")

    def refresh_code_lenses(self) -> None:
        """Ask the client to request its code lenses again, when it can be asked."""
        if self.features.code_lens_refresh:  # a request: sent from the loop
            self._worker.to_loop(self._refresh_lenses)

    def _refresh_lenses(self) -> None:
        try:
            self._server.workspace_code_lens_refresh(None)
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: could not ask for a code lens refresh")

    def configuration(self, params: types.ConfigurationParams) -> Future[Any]:
        """Ask for ``workspace/configuration`` (from the event loop)."""
        future: Future[Any] = self._server.workspace_configuration(params)
        return future

    def register(self, registration: types.Registration) -> None:
        """Register a capability dynamically (from the event loop)."""
        self._server.client_register_capability(
            types.RegistrationParams(registrations=[registration])
        )
