"""The open documents: their snapshots, their analyses and what is published for them.

:class:`Documents` takes each version of an open document as a
:class:`featuredoc.lsp.context.Snapshot`, has it analysed on the worker
(:class:`featuredoc.lsp.analyses.DocumentAnalyses`, coalesced during bursts
by :class:`featuredoc.lsp.throttle.PublishThrottle`) and pushes the
diagnostics of an analysis only while it is still current. Requests take a
:class:`featuredoc.lsp.analyses.Model` (:meth:`Documents.model`), never
waiting for an analysis; code actions wait briefly for findings
(:meth:`Documents.findings_soon`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from featuredoc.lsp.analyses import Checked, DocumentAnalyses, Model
from featuredoc.lsp.checking import Checker
from featuredoc.lsp.client import Client
from featuredoc.lsp.context import Contexts, Snapshot, path_for
from featuredoc.lsp.folders import Folder
from featuredoc.lsp.rule_inputs import RuleInputs
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.throttle import PublishThrottle
from featuredoc.lsp.worker import Worker
from featuredoc.lsp.workspaces import FolderIndexes

if TYPE_CHECKING:
    from featuredoc.model.document import Document, DocumentKind

T = TypeVar("T")

#: The longest code actions wait for the analysis of the document's current version (s).
FINDINGS_WAIT = 1.0


class Documents:
    """The open documents, from the editor's text to the diagnostics shown."""

    def __init__(
        self,
        workspace: Callable[[], Workspace],
        settings: Settings,
        client: Client,
        worker: Worker,
        contexts: Contexts,
        checker: Checker,
        rule_inputs: RuleInputs,
        indexes: FolderIndexes,
        encoding: Callable[[], str],
        input_pending: Callable[[], bool] | None = None,
        configuration_changed: Callable[[], None] = lambda: None,
    ) -> None:
        """*input_pending*: whether more of the client's input is waiting (bursts);
        *configuration_changed*: called when the settings change, before re-checking."""
        self._workspace = workspace
        self._worker = worker
        self._encoding = encoding
        self._settings = settings
        self._client = client
        self._contexts = contexts
        self._checker = checker
        self._rule_inputs = rule_inputs
        self._indexes = indexes
        self._configuration_changed = configuration_changed
        self.analyses = DocumentAnalyses(
            worker,
            checker.analyse,
            self._analysed,
            self.is_open,
            on_demand=lambda: client.pulls_diagnostics,
        )
        #: coalesces the analyses of a burst of changes (see featuredoc.lsp.throttle)
        self.throttle = PublishThrottle(self.schedule, pending=input_pending)
        #: reads files for requests (completion values, hover), never waits for an analysis
        self.io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="featuredoc-io")
        self._refresh_pending = False
        #: orders a document's last diagnostics before the empty list of its close
        self._publishing = threading.Lock()
        self._published: dict[str, tuple[int | None, int, list[types.Diagnostic]]] = {}

    # ---- the editor's documents ----------------------------------------------------

    def document(self, uri: str) -> TextDocument | None:
        found: TextDocument | None = self._workspace().text_documents.get(unquote(uri))
        return found  # pygls keys are unquoted

    def open_uris(self) -> list[str]:
        """The uris of the open documents, as the client spells them."""
        return [document.uri for document in list(self._workspace().text_documents.values())]

    def is_open(self, uri: str) -> bool:
        return self.document(uri) is not None

    def snapshot(self, uri: str) -> Snapshot | None:
        """The open document's current text and version (from the event loop)."""
        document = self.document(uri)
        if document is None:
            return None
        return Snapshot(uri, document.version, document.source, self._settings.generation)

    def open_documents(self, *, cursor: bool = False) -> list[tuple[str, Document]]:
        """The latest analysed model of every document analysed so far (see
        :meth:`DocumentAnalyses.open_documents`)."""
        return self.analyses.open_documents(cursor=cursor)

    def cursor_documents(self) -> list[tuple[str, Document]]:
        """What completion reads of every open document (its Basics values)."""
        return self.analyses.open_documents(cursor=True)

    # ---- analyses and publishing ------------------------------------------------------

    def changed(self, uri: str) -> None:
        """A change arrived: analysed now, or at the end of its burst."""
        self.throttle.changed(uri)

    def schedule(self, uri: str) -> None:
        """Analyse the document's current version and push its diagnostics (push clients)."""
        if self._client.pulls_diagnostics:
            return  # a pull client asks for each analysis it wants
        snapshot = self.snapshot(uri)
        if snapshot is not None:
            self.analyses.request(snapshot)

    def _analysed(self, uri: str, checked: Checked) -> None:
        """An analysis is done (on the worker): publish it if it is still current."""
        if self._client.pulls_diagnostics:
            return
        with self._publishing:  # not after the document's close cleared its diagnostics
            current = self.snapshot(uri)
            if current is None or not checked.matches(current):
                return  # overtaken by a newer version or new settings: never published
            shown = (checked.version, checked.generation, checked.diagnostics)
            if self._published.get(uri) == shown:
                return  # checked again (a dependency changed): the editor shows these already
            self._published[uri] = shown
            self._client.publish(uri, checked.diagnostics, checked.version)

    def closed(self, uri: str) -> None:
        """The editor closed *uri*: forget it, and clear its diagnostics (push clients)."""
        self.throttle.forget(uri)
        self._contexts.forget(uri)
        self._rule_inputs.forget(uri)
        with self._publishing:
            self.analyses.forget(uri)
            self._published.pop(uri, None)
            if not self._client.pulls_diagnostics:
                self._client.publish(uri, [], None)
        self._indexes.document_closed(uri)

    def refused(self, uri: str, reason: str) -> None:
        """The editor sent *uri*'s text in a message too large to read (see
        :func:`featuredoc.lsp.message_limits.refuse`): stop following the document,
        whose later changes would apply to a text the editor no longer has, and
        say so on it with FD905."""
        from featuredoc.lsp.convert import Converter
        from featuredoc.model.findings import Finding, Severity
        from featuredoc.model.text import Span

        self._workspace().remove_text_document(uri)
        self.closed(uri)
        code = "FD905"
        severity = self._settings.config_for(uri).severity_for(code, Severity.ERROR)
        if severity is None:
            return
        message = (
            f"The editor sent this document in a message of {reason}: the server did not "
            "read it and checks this document no more until it is opened again"
        )
        finding = Finding(code, severity, message, Span.on_line(0, 0, 0))
        diagnostic = Converter([""], self._encoding()).diagnostic(finding)
        self._client.publish(uri, [diagnostic], None)

    def dependents_changed(
        self, folder: Folder, changed: str | None, kind: DocumentKind | None
    ) -> None:
        """Check again the open documents of *folder* that depend on what changed (any thread).

        A feature document changed (*kind* FEATURE): SUPPORT.md depends on it.
        SUPPORT.md changed, or the index was (re)built: every open document.
        """
        self._worker.to_loop(self._recheck, folder, changed, kind)

    def _recheck(self, folder: Folder, changed: str | None, kind: DocumentKind | None) -> None:
        from featuredoc.model.document import DocumentKind

        for uri in list(self._workspace().text_documents):
            if self._indexes.key_for(uri) != folder.key:
                continue
            if changed is not None and unquote(uri) == unquote(changed):
                continue
            if kind is DocumentKind.FEATURE and not folder.index.is_support(path_for(uri)):
                continue
            self._rule_inputs.forget(uri)  # what they were built from changed
            if self._client.pulls_diagnostics:
                self._request_refresh()  # the client pulls its open documents again
                self.analyses.forget_result(uri)
            else:
                document = self.document(uri)
                self.schedule(document.uri if document is not None else uri)

    def _request_refresh(self) -> None:
        if self._refresh_pending:
            return  # one refresh for a burst of changes
        self._refresh_pending = True

        def fire() -> None:
            self._refresh_pending = False
            self._client.refresh_diagnostics()

        asyncio.get_running_loop().call_later(0.05, fire)

    def configuration_changed(self) -> None:
        """Settings or ``.featuredoc.yaml`` changed: re-check every open document now."""
        self._settings.reload()
        self.analyses.invalidate()
        self._configuration_changed()
        if self._client.pulls_diagnostics:
            self._client.refresh_diagnostics()
            return
        for document in list(self._workspace().text_documents.values()):
            self.schedule(document.uri)  # the client's own spelling of the uri

    # ---- what requests see -----------------------------------------------------------

    async def in_thread(self, func: Callable[[], T]) -> T:
        """Run *func* (which may read files) off the event loop, without waiting for analyses."""
        return await asyncio.get_running_loop().run_in_executor(self.io, func)

    async def model(self, uri: str) -> Model | None:
        """The document's current version, parsed: the analysed model, else parsed now."""
        snapshot = self.snapshot(uri)
        if snapshot is None:
            return None
        checked = self.analyses.latest(uri)
        parse = self._checker.parse
        if checked is not None and checked.matches(snapshot) and checked.context is not None:
            return self.analyses.model(snapshot, parse)
        return await self.in_thread(lambda: self.analyses.model(snapshot, parse))

    def current_findings(self, uri: str, model: Model) -> Checked | None:
        """The analysis of the model's version, when it is done (requests never wait for it)."""
        checked = self.analyses.latest(uri)
        if checked is not None and (checked.version, checked.generation) == (
            model.version,
            model.generation,
        ):
            return checked
        return None

    async def findings_soon(self, uri: str, model: Model) -> Checked | None:
        """The analysis of the model's version, waiting for it at most :data:`FINDINGS_WAIT`.

        Code actions are made of findings: right after a change they wait
        briefly for the analysis under way, then answer with what is known.
        """
        checked = self.current_findings(uri, model)
        snapshot = self.snapshot(uri)
        if checked is not None or snapshot is None:
            return checked
        try:
            await asyncio.wait_for(asyncio.shield(self.analyses.analysis(snapshot)), FINDINGS_WAIT)
        except asyncio.TimeoutError:
            return None
        return self.current_findings(uri, model)
