"""``featuredoc-ls``: the language server over stdio.

:class:`FeaturedocServer` is composed of small parts, each with one job:

- :class:`featuredoc.lsp.settings.Settings`: the settings of each folder;
- :class:`featuredoc.lsp.workspaces.FolderIndexes`: a workspace index per folder;
- :class:`featuredoc.lsp.base_revisions.BaseRevisions`: the ``base`` git revision;
- :class:`featuredoc.lsp.rule_inputs.RuleInputs`: what the rules get besides the text;
- :class:`featuredoc.lsp.analyses.DocumentAnalyses`: analyses of the open documents,
  on :class:`featuredoc.lsp.worker.Worker` (never on the event loop);
- :class:`featuredoc.lsp.workspace_diagnostics.WorkspaceDiagnostics`: closed documents;
- :class:`featuredoc.lsp.client.Client`: what is sent to the editor.

Handlers are thin: they take a model of the document (never waiting for an
analysis), call a pure helper (:mod:`featuredoc.editing`) and convert the
result to lsprotocol types. Helpers that may read files run in a thread of
their own; code actions, which choose among every fix of a document, run on
the worker. A failure inside one handler is logged and never takes the
server down. The parser and the rules are imported on first use, so
``initialize`` is answered without waiting for them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import logging
import posixpath
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from featuredoc import __version__
from featuredoc.lsp.analyses import Checked, DocumentAnalyses, Model, Snapshot
from featuredoc.lsp.arguments import parse_arguments
from featuredoc.lsp.base_revisions import BaseRevisions
from featuredoc.lsp.client import Client
from featuredoc.lsp.convert import Converter, markup, text_edits
from featuredoc.lsp.folders import Folder
from featuredoc.lsp.progress import Progress
from featuredoc.lsp.protocol import ServerProtocol
from featuredoc.lsp.publishing import to_diagnostics
from featuredoc.lsp.rule_inputs import RuleInputs
from featuredoc.lsp.settings import Settings, position_encoding
from featuredoc.lsp.sync import PublishThrottle, ReadAhead, exit_status
from featuredoc.lsp.transport import LockedWriter, serve
from featuredoc.lsp.worker import Worker
from featuredoc.lsp.workspace_diagnostics import WorkspaceDiagnostics
from featuredoc.lsp.workspace_index import WorkspaceIndex, documents_by_path
from featuredoc.lsp.workspaces import FolderIndexes, path_for
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.sniff import looks_like_support
from featuredoc.model.text import split_lines

if TYPE_CHECKING:
    from featuredoc.analysis.crossdoc import SupportEntries
    from featuredoc.lsp.actions import MoreFixes
    from featuredoc.model.findings import Finding

log = logging.getLogger("featuredoc")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

CONFIG_FILE = ".featuredoc.yaml"
#: The longest code actions wait for the analysis of the document's current version (s).
FINDINGS_WAIT = 1.0


class FeaturedocServer(LanguageServer):
    """The server: pygls's LanguageServer holding featuredoc's parts."""

    def __init__(self) -> None:
        super().__init__("featuredoc", __version__, protocol_cls=ServerProtocol)
        #: bumped whenever the configuration changes; part of pull result ids
        self.generation = 0
        self.worker = Worker()
        #: reads files for requests (completion values, hover), never waits for an analysis
        self.io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="featuredoc-io")
        self.client = Client(self, self.worker)
        self.settings = Settings(self, self.client, self.configuration_changed)
        self.indexes = FolderIndexes(
            self.settings,
            self.worker,
            Progress(self, self.client, self.worker),
            lambda: self.root,
            lambda: self.generation,
        )
        self.rule_inputs = RuleInputs(self.settings, self.indexes, BaseRevisions(self.client))
        self.analyses = DocumentAnalyses(self.worker, self.analyse, self.analysed, self.is_open)
        #: Basics values and SUPPORT.md labels for completion and hover
        self.index = WorkspaceIndex()
        self.index.documents = self.indexes.indexed_features
        self.workspace_diagnostics = WorkspaceDiagnostics(
            self,
            self.client,
            self.settings,
            self.indexes,
            self.worker,
            lambda: self.generation,
            self.analyse_file,
        )
        self.indexes.open_documents = self.analyses.open_documents
        self.indexes.dependents_changed = self.dependents_changed
        self.indexes.workspace_changed = self.workspace_diagnostics.changed
        self.indexes.indexed = self.index.invalidate
        #: coalesces the analyses of a burst of changes (see featuredoc.lsp.sync)
        self.throttle = PublishThrottle(self.schedule)
        self._refresh_pending = False
        #: orders a document's last diagnostics before the empty list of its close
        self.publishing = threading.Lock()
        self._published: dict[str, tuple[int | None, int, list[types.Diagnostic]]] = {}
        #: uri → the text last looked at and whether it reads like a SUPPORT.md
        self._sniffed: dict[str, tuple[str, bool]] = {}

    # ---- the workspace -------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return position_encoding(self.workspace)

    @property
    def root(self) -> Path | None:
        path = self.workspace.root_path
        if not path and self.workspace.folders:
            first = next(iter(self.workspace.folders.values()))
            path = uris.to_fs_path(first.uri)
        return Path(path) if path else None

    def root_for(self, uri: str) -> Path | None:
        """The workspace folder holding *uri*; for a file outside every folder, its root.

        That root is found as the command line finds it, and its
        ``.featuredoc.yaml`` is the one that applies
        (:meth:`featuredoc.lsp.settings.Settings.outside_root`); other
        documents (untitled buffers) get the workspace root.
        """
        return self.rule_inputs.root_for(uri)

    def document(self, uri: str) -> TextDocument | None:
        found: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return found  # pygls keys are unquoted

    def is_open(self, uri: str) -> bool:
        return self.document(uri) is not None

    def kind_for(self, uri: str, text: str | None = None) -> DocumentKind | None:
        """What document *uri* is checked as; ``None``: it is not checked.

        An open document (or *text*, the version being analysed) that reads
        like a SUPPORT.md is one, whatever its name
        (:func:`featuredoc.model.sniff.looks_like_support`). Else a file is what :meth:`Config.classify` says for its path relative to
        its workspace folder, or for a file outside every folder, to the root
        above it (:func:`featuredoc.workspace.files.marked_root`); with no
        root above it, what :meth:`Config.classify_anywhere` says. So a
        README gets no findings, even from an editor that attaches the
        server to every Markdown file. A buffer without a file (untitled)
        is checked, as a feature document unless named like SUPPORT.md.
        """
        by_path = self._kind_by_path(uri)
        if by_path is not DocumentKind.SUPPORT and self._reads_like_support(uri, text):
            return DocumentKind.SUPPORT  # its name says otherwise; only then is the text read
        return by_path

    def _kind_by_path(self, uri: str) -> DocumentKind | None:
        """What *uri*'s path alone makes it (see :meth:`kind_for`)."""
        config = self.settings.config_for(uri)
        path = path_for(uri)
        if not uri.startswith("file:"):
            return config.kind_of(path)
        root: Path | None
        if self.settings.folder_for(uri) is not None:
            root = self.root_for(uri)
        else:
            root = self.indexes.outside_root(uri)
            if root is None:
                return config.classify_anywhere(path)
        if root is None:
            return None
        try:
            rel = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None
        return config.classify(rel)

    def may_edit(self, uri: str) -> bool:
        """Whether edits (quick fixes, formatting) may be offered for *uri*.

        As for ``featuredoc check --fix`` (:meth:`Config.rewritable`): a file
        named like a feature document (``.pandoc``, ``.md``, ``.markdown``) or
        the support file; never ``src/main.c``, even when an ``include`` glob
        makes it checked. A buffer without a file (untitled) may be edited.
        """
        if not uri.startswith("file:"):
            return True
        if self.kind_for(uri) is DocumentKind.SUPPORT:
            return True
        return self.settings.config_for(uri).rewritable(path_for(uri))

    def _reads_like_support(self, uri: str, text: str | None) -> bool:
        """Whether *text* (default: the open document's) reads like a SUPPORT.md; cached."""
        if text is None:
            document = self.document(uri)
            if document is None:
                return False  # not open: its path decides
            text = document.source
        cached = self._sniffed.get(uri)
        if cached is not None and (cached[0] is text or cached[0] == text):
            return cached[1]
        found = looks_like_support(text)
        self._sniffed[uri] = (text, found)
        return found

    def is_checked(self, uri: str) -> bool:
        """Whether *uri* is a document featuredoc checks (:meth:`kind_for`)."""
        return self.kind_for(uri) is not None

    def converter(self, lines: list[str]) -> Converter:
        return Converter(lines, self.encoding)

    def today(self) -> dt.date:
        return dt.date.today()

    @staticmethod
    def is_config_file(uri: str) -> bool:
        return posixpath.basename(uri.split("?", 1)[0]) == CONFIG_FILE

    # ---- analyses ------------------------------------------------------------------

    def snapshot(self, uri: str) -> Snapshot | None:
        """The open document's current text and version (from the event loop)."""
        document = self.document(uri)
        if document is None:
            return None
        return Snapshot(uri, document.version, document.source, self.generation)

    def schedule(self, uri: str) -> None:
        """Analyse the document's current version and push its diagnostics (push clients)."""
        if self.client.pulls_diagnostics:
            return  # a pull client asks for each analysis it wants
        snapshot = self.snapshot(uri)
        if snapshot is not None:
            self.analyses.request(snapshot)

    def analyse(self, snapshot: Snapshot) -> Checked:
        """Analyse *snapshot* (on the worker): findings, diagnostics, the index updated."""
        from featuredoc import engine

        uri, text = snapshot.uri, snapshot.text
        try:
            if self.is_config_file(uri):
                findings = self.settings.config_file_findings(uri, text)
                analysis = engine.Analysis(None, findings)
                lines = split_lines(text)
            elif (kind := self.kind_for(uri, text)) is None:
                analysis, lines = engine.Analysis(None, []), split_lines(text)
            else:
                analysis = engine.analyse(
                    text,
                    path_for(uri),
                    self.settings.config_for(uri),
                    kind=kind,
                    inputs=self.rule_inputs.for_document(uri),
                )
                # the parser split the text already: its lines are the document's
                lines = analysis.document.lines if analysis.document else split_lines(text)
                self.indexes.document_checked(uri, analysis.document)
            diagnostics = to_diagnostics(
                lines, analysis.findings, self.encoding, self.indexes.lines_reader(), uri
            )
        except Exception:  # noqa: BLE001 - the server keeps serving
            log.exception("featuredoc: analysing %s failed", uri)
            analysis, lines, diagnostics = engine.Analysis(None, []), split_lines(text), []
        return Checked(snapshot.version, lines, analysis, snapshot.generation, diagnostics)

    def analysed(self, uri: str, checked: Checked) -> None:
        """An analysis is done (on the worker): publish it if it is still current."""
        if self.client.pulls_diagnostics:
            return
        with self.publishing:  # not after the document's close cleared its diagnostics
            current = self.snapshot(uri)
            if current is None or not checked.matches(current):
                return  # overtaken by a newer version or new settings: never published
            shown = (checked.version, checked.generation, checked.diagnostics)
            if self._published.get(uri) == shown:
                return  # checked again (a dependency changed): the editor shows these already
            self._published[uri] = shown
            self.client.publish(uri, checked.diagnostics, checked.version)

    def closed(self, uri: str) -> None:
        """The editor closed *uri*: forget it, and clear its diagnostics (push clients)."""
        self.throttle.forget(uri)
        self._sniffed.pop(uri, None)
        with self.publishing:
            self.analyses.forget(uri)
            self._published.pop(uri, None)
            if not self.client.pulls_diagnostics:
                self.client.publish(uri, [], None)
        self.indexes.document_closed(uri)

    def document_refused(self, uri: str, reason: str) -> None:
        """The editor sent *uri*'s text in a message too large to read (see
        :func:`featuredoc.lsp.transport.refuse`): stop following the document,
        whose later changes would apply to a text the editor no longer has, and
        say so on it with FD905."""
        from featuredoc.model.findings import Finding, Severity
        from featuredoc.model.text import Span

        self.workspace.remove_text_document(uri)
        self.closed(uri)
        code = "FD905"
        severity = self.settings.config_for(uri).severity_for(code, Severity.ERROR)
        if severity is None:
            return
        message = (
            f"The editor sent this document in a message of {reason}: the server did not "
            "read it and checks this document no more until it is opened again"
        )
        finding = Finding(code, severity, message, Span.on_line(0, 0, 0))
        self.client.publish(uri, [self.converter([""]).diagnostic(finding)], None)

    def analyse_file(self, folder: Folder, path: str) -> list[types.Diagnostic] | None:
        """The diagnostics of the closed file *path* as it is on disk (on the worker)."""
        from featuredoc.engine import analyse
        from featuredoc.workspace.files import UnreadableFile, read_decoded

        try:
            decoded = read_decoded(Path(path))
        except UnreadableFile:
            return None
        kind = folder.index.kind(path)
        if kind is None:
            return None
        uri = uris.from_fs_path(path) or Path(path).as_uri()
        inputs = self.rule_inputs.for_document(uri)
        if decoded.lossy:  # bytes that are not UTF-8: FD904 at each
            inputs = dataclasses.replace(inputs, decoded=decoded)
        analysis = analyse(decoded.text, path, folder.index.config, kind=kind, inputs=inputs)
        return to_diagnostics(
            split_lines(decoded.text), analysis.findings, self.encoding, self.indexes.lines_reader()
        )

    def dependents_changed(
        self, folder: Folder, changed: str | None, kind: DocumentKind | None
    ) -> None:
        """Check again the open documents of *folder* that depend on what changed (any thread).

        A feature document changed (*kind* FEATURE): SUPPORT.md depends on it.
        SUPPORT.md changed, or the index was (re)built: every open document.
        """
        self.worker.to_loop(self._recheck, folder, changed, kind)

    def _recheck(self, folder: Folder, changed: str | None, kind: DocumentKind | None) -> None:
        for uri in list(self.workspace.text_documents):
            if self.indexes.key_for(uri) != folder.key:
                continue
            if changed is not None and unquote(uri) == unquote(changed):
                continue
            if kind is DocumentKind.FEATURE and not folder.index.is_support(path_for(uri)):
                continue
            if self.client.pulls_diagnostics:
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
            self.client.refresh_diagnostics()

        asyncio.get_running_loop().call_later(0.05, fire)

    def configuration_changed(self) -> None:
        """Settings or ``.featuredoc.yaml`` changed: re-check every open document now."""
        self.settings.reload()
        self.generation += 1
        self.analyses.invalidate()
        self.index.invalidate()
        if self.client.pulls_diagnostics:
            self.client.refresh_diagnostics()
            return
        for document in list(self.workspace.text_documents.values()):
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
        if checked is not None and checked.matches(snapshot):
            return self.analyses.model(snapshot, self.parse)
        return await self.in_thread(lambda: self.analyses.model(snapshot, self.parse))

    def parse(self, snapshot: Snapshot) -> Model:
        uri = snapshot.uri
        kind = None if self.is_config_file(uri) else self.kind_for(uri, snapshot.text)
        if kind is None:
            return Model(snapshot.version, snapshot.generation, split_lines(snapshot.text), None)
        from featuredoc import engine

        config = self.settings.config_for(uri)
        document = engine.parse(snapshot.text, path_for(uri), config, kind)
        return Model(snapshot.version, snapshot.generation, document.lines, document)

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

    def open_documents(self) -> dict[Path, Document]:
        return documents_by_path(
            (path_for(uri), document)
            for uri, document in self.analyses.open_documents()
            if uri.startswith("file:")
        )

    def _support_text(self, uri: str) -> str | None:
        """The editor's text of *uri*'s workspace SUPPORT.md when it is open."""
        config = self.settings.config_for(uri)
        root = self.root_for(uri)
        if root is not None and config.support_file:
            support = (root / config.support_file).resolve()
            for open_uri, document in list(self.workspace.text_documents.items()):
                if open_uri.startswith("file:") and Path(path_for(open_uri)) == support:
                    source: str = document.source
                    return source
        return None

    def definitions(self, uri: str) -> dict[str, Any]:
        """The SUPPORT.md labels of *uri*'s workspace (reads the file: call off the loop)."""
        config = self.settings.config_for(uri)
        return self.index.definitions(self.root_for(uri), config, self._support_text(uri))

    def support_entries(self, uri: str) -> SupportEntries | None:
        """The entries of *uri*'s workspace SUPPORT.md (reads the file: call off the loop).

        The folder's index once it is built; before that, the file itself
        (the editor's text when it is open), so a hover or completion right
        after start-up already knows the entries.
        """
        from featuredoc.analysis.crossdoc import support_entries

        support = self.indexes.support_document(uri)
        if support is None:
            support = self.index.support_document(
                self.root_for(uri), self.settings.config_for(uri), self._support_text(uri)
            )
        return support_entries(support) if support is not None else None

    def template_guidance(self, uri: str) -> dict[str, str]:
        """The workspace template's guidance per section (reads the file: call off the loop)."""
        from featuredoc.workspace.template_file import load_for

        text = load_for(self.root_for(uri), self.settings.config_for(uri))
        return _template_guidance(text) if text else {}

    def register_watchers(self) -> None:
        caps = self.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if not (watched and watched.dynamic_registration):
            return
        config = self.settings.config_for(self.workspace.root_uri or "")
        globs = [f"**/{CONFIG_FILE}", *self.indexes.watched_globs(config)]
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]
        )
        registration = types.Registration(
            id="featuredoc-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        self.client_register_capability(types.RegistrationParams(registrations=[registration]))


@functools.lru_cache(maxsize=4)
def _template_guidance(text: str) -> dict[str, str]:
    from featuredoc.editing.hover import template_guidance
    from featuredoc.parser import parse_document

    return template_guidance(parse_document(text, "template"))


def guarded(default: Any = None) -> Callable[[F], F]:  # noqa: ANN401
    """Log a handler's exception and answer *default* instead of failing."""

    def wrap(func: F) -> F:
        if asyncio.iscoroutinefunction(func):

            @functools.wraps(func)
            async def waiting(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
                try:
                    return await func(*args, **kwargs)
                except Exception:  # noqa: BLE001
                    log.exception("featuredoc: %s failed", func.__name__)
                    return default

            return waiting  # type: ignore[return-value]

        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            try:
                return func(*args, **kwargs)
            except Exception:  # noqa: BLE001
                log.exception("featuredoc: %s failed", func.__name__)
                return default

        return inner  # type: ignore[return-value]

    return wrap


def _warm_up() -> None:
    """Import the parser and the rules in the background after start-up."""
    try:
        import featuredoc.engine  # noqa: F401
    except Exception:  # noqa: BLE001
        log.exception("featuredoc: loading the engine failed")


server = FeaturedocServer()


# ---- life cycle and synchronisation --------------------------------------------


@server.feature(types.INITIALIZE)
@guarded()
def initialize(ls: FeaturedocServer, params: types.InitializeParams) -> None:
    ls.worker.attach()  # from now on, slow work runs on the worker thread
    ls.settings.initialized_with(params)
    ls.analyses.on_demand = ls.client.pulls_diagnostics


@server.feature(types.INITIALIZED)
@guarded()
def initialized(ls: FeaturedocServer, params: types.InitializedParams) -> None:
    ls.worker.attach()
    ls.settings.fetch_editor_settings()
    threading.Thread(target=_warm_up, name="featuredoc-warm-up", daemon=True).start()
    ls.register_watchers()
    ls.indexes.start()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: FeaturedocServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: FeaturedocServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.throttle.changed(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded()
def did_save(ls: FeaturedocServer, params: types.DidSaveTextDocumentParams) -> None:
    if ls.is_config_file(params.text_document.uri):
        ls.configuration_changed()
    else:
        ls.index.invalidate()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: FeaturedocServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.closed(params.text_document.uri)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded()
def did_change_configuration(
    ls: FeaturedocServer, params: types.DidChangeConfigurationParams
) -> None:
    ls.settings.notified(params.settings)
    ls.configuration_changed()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_watched_files(
    ls: FeaturedocServer, params: types.DidChangeWatchedFilesParams
) -> None:
    if any(ls.is_config_file(change.uri) for change in params.changes):
        ls.configuration_changed()
    else:
        ls.index.invalidate()
        ls.indexes.files_changed(params.changes)


# ---- diagnostics (pull) ---------------------------------------------------------

#: A pull waits for at most this many analyses of a document that keeps changing.
MAX_PULL_ROUNDS = 8


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(
        identifier="featuredoc", inter_file_dependencies=True, workspace_diagnostics=True
    ),
)
@guarded()
async def diagnostic(
    ls: FeaturedocServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    uri = params.text_document.uri
    checked = None
    for _ in range(MAX_PULL_ROUNDS):
        snapshot = ls.snapshot(uri)
        if snapshot is None:
            break
        checked = await ls.analyses.analysis(snapshot)
        current = ls.snapshot(uri)
        if current is None or checked.matches(current):
            break
    if checked is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    items = checked.diagnostics
    result_id = result_id_of(checked, items)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)


def result_id_of(checked: Checked, items: list[types.Diagnostic]) -> str:
    """The version and a digest of the diagnostics: unchanged exactly when they are.

    A digest rather than a counter, so a document re-checked because another
    one changed (cross-document rules) or the settings changed gets a new id
    only when its diagnostics differ.
    """
    import hashlib

    text = repr([(d.code, d.severity, d.message, d.range) for d in items])
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"{checked.version}:{digest}"


@server.feature(types.WORKSPACE_DIAGNOSTIC)
@guarded(default=types.WorkspaceDiagnosticReport(items=[]))
async def workspace_diagnostic(
    ls: FeaturedocServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    """Documents that are not open (see featuredoc.lsp.workspace_diagnostics)."""
    return await ls.workspace_diagnostics.answer(params)


# ---- editing help ---------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["*", ":", " ", "#", ","]),
)
@guarded()
async def completion(
    ls: FeaturedocServer, params: types.CompletionParams
) -> types.CompletionList | None:
    from featuredoc.editing.completion import Workspace, complete

    uri = params.text_document.uri
    model = await ls.model(uri)
    kind = ls.kind_for(uri)
    if model is None or ls.is_config_file(uri) or kind is None:
        return None
    convert = ls.converter(model.lines)
    pos = convert.from_position(params.position)
    config = ls.settings.config_for(uri)
    root = ls.root_for(uri)
    values = functools.partial(ls.index.values, root, config, ls.open_documents())

    def run() -> list[Any]:  # reads the workspace's files when it must
        workspace = Workspace(
            ls.today(), values, ls.definitions(uri), lambda: ls.support_entries(uri)
        )
        return complete(model.document, model.lines, pos.line, pos.column, kind, config, workspace)

    found = await ls.in_thread(run)
    if not found:
        return None
    markdown = ls.client.supports(
        "text_document.completion.completion_item.documentation_format", types.MarkupKind.Markdown
    )
    snippets = ls.client.supports("text_document.completion.completion_item.snippet_support")
    items = [convert.completion_item(c, pos.line, snippets, markdown) for c in found]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
async def hover(ls: FeaturedocServer, params: types.HoverParams) -> types.Hover | None:
    from featuredoc.editing.hover import hover_at

    uri = params.text_document.uri
    model = await ls.model(uri)
    if model is None or model.document is None:
        return None
    document = model.document
    convert = ls.converter(model.lines)
    pos = convert.from_position(params.position)
    config = ls.settings.config_for(uri)
    info = await ls.in_thread(
        lambda: hover_at(
            document,
            config,
            pos,
            ls.definitions(uri),
            ls.template_guidance(uri),
            ls.support_entries(uri),
        )
    )
    if info is None:
        return None
    markdown = not ls.client.supports("text_document.hover.content_format") or ls.client.supports(
        "text_document.hover.content_format", types.MarkupKind.Markdown
    )
    contents = markup(info.markdown, markdown) or ""
    return types.Hover(contents=contents, range=convert.range(info.span))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[
            types.CodeActionKind.QuickFix,
            types.CodeActionKind.SourceFixAll,
        ]
    ),
)
@guarded(default=None)
async def code_action(
    ls: FeaturedocServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    from featuredoc.lsp.actions import code_actions

    uri = params.text_document.uri
    model = await ls.model(uri)
    if model is None or not ls.may_edit(uri):
        return None
    checked = await ls.findings_soon(uri, model)
    findings = checked.analysis.findings if checked is not None else []
    published = checked.diagnostics if checked is not None else []
    convert = ls.converter(model.lines)
    at = convert.from_range(params.range)
    only = [str(getattr(k, "value", k)) for k in params.context.only or []]
    asked = [
        (str(d.code), convert.from_range(d.range))
        for d in params.context.diagnostics
        if d.source == "featuredoc" and d.code is not None
    ]
    more = _config_fixes(ls, uri, model.document)
    # choosing the fixes takes time on a large document: never on the event loop
    actions = await ls.worker.call(
        lambda: code_actions(
            uri, model.document, findings, convert, at, only, asked, published, more
        )
    )
    return actions or None


def _config_fixes(ls: FeaturedocServer, uri: str, doc: Document | None) -> MoreFixes | None:
    """Fixes that add to the root's ``.featuredoc.yaml`` (run on the worker: it reads the file)."""
    from featuredoc.lsp.config_actions import config_actions, config_file_of

    root = ls.root_for(uri)
    if root is None or doc is None:
        return None
    config = ls.settings.config_for(uri)
    # The editor's text of the file, taken here on the event loop; the disk's on the worker.
    opened = ls.document((root / CONFIG_FILE).as_uri())
    editor = (opened.source, opened.version or 0) if opened is not None else None

    def open_text(config_uri: str) -> tuple[str, int] | None:
        return editor

    def more(
        findings: Sequence[Finding], diagnostic_of: Callable[[Finding], types.Diagnostic]
    ) -> list[types.CodeAction]:
        wanted = [f for f in findings if f.code in ("FD501", "FD302")]
        if not wanted:
            return []
        file = config_file_of(root, open_text)
        return config_actions(doc, wanted, diagnostic_of, config, file, ls.encoding)

    return more


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded()
async def document_symbol(
    ls: FeaturedocServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    from featuredoc.editing.symbols import outline

    model = await ls.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    convert = ls.converter(model.lines)
    return [convert.symbol(s) for s in outline(model.document)]


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
@guarded()
async def folding_range(
    ls: FeaturedocServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange] | None:
    from featuredoc.editing.symbols import folding_ranges

    model = await ls.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    return [Converter.folding_range(f) for f in folding_ranges(model.document)]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)
@guarded()
async def document_link(
    ls: FeaturedocServer, params: types.DocumentLinkParams
) -> list[types.DocumentLink] | None:
    from featuredoc.editing.links import document_links

    uri = params.text_document.uri
    model = await ls.model(uri)
    if model is None:
        return None
    convert = ls.converter(model.lines)
    tooltips = ls.client.supports("text_document.document_link.tooltip_support")
    root = ls.root_for(uri)
    links = await ls.in_thread(lambda: document_links(model.lines, root))
    return [
        types.DocumentLink(
            range=convert.range(link.span),
            target=link.target,
            tooltip=link.tooltip if tooltips else None,
        )
        for link in links
    ]


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@guarded()
async def formatting(
    ls: FeaturedocServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    from featuredoc.editing.formatting import format_document

    model = await ls.model(params.text_document.uri)
    doc = model.document if model else None
    if model is None or doc is None or doc.kind is not DocumentKind.FEATURE:
        return None
    if not ls.may_edit(params.text_document.uri):
        return None
    return text_edits(ls.converter(model.lines), format_document(doc))


def main() -> None:
    parse_arguments(sys.argv[1:])  # --help and --version exit here, before the server starts
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # pygls logs every message it sends at INFO: megabytes on stderr for big documents,
    # and a client that does not drain stderr would block the server.
    logging.getLogger("pygls").setLevel(logging.WARNING)
    try:
        reader = ReadAhead(sys.stdin.buffer)
    except (AttributeError, OSError, ValueError):  # no file descriptor to read ahead
        server.start_io()
    else:
        server.throttle.pending = reader.pending
        run_stdio(server, reader)
    raise SystemExit(exit_status(server.protocol))


def run_stdio(ls: FeaturedocServer, reader: ReadAhead) -> None:
    """Serve over standard input and output (see :mod:`featuredoc.lsp.transport`)."""
    stop = threading.Event()
    ls.protocol.set_writer(LockedWriter(sys.stdout.buffer))
    ls.client.direct = True
    try:
        protocol = ls.protocol
        assert isinstance(protocol, ServerProtocol)  # FeaturedocServer's protocol_cls
        asyncio.run(serve(protocol, reader, stop))
    except BrokenPipeError:
        log.error("featuredoc: the client closed its end of the connection")
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()


__all__ = ["Checked", "FeaturedocServer", "guarded", "main", "server"]
