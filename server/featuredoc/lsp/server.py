"""``featuredoc-ls``: the language server over stdio.

Handlers are thin: they fetch the document, call the engine or a pure helper
(:mod:`featuredoc.editing.completion`, :mod:`featuredoc.editing.hover`, :mod:`featuredoc.editing.symbols`,
:mod:`featuredoc.editing.links`, :mod:`featuredoc.editing.formatting`) and convert the result
to lsprotocol types. A failure inside one handler is logged and never takes
the server down. The parser and the rules are imported on first use, so
``initialize`` is answered without waiting for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import posixpath
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from featuredoc import __version__
from featuredoc.lsp.arguments import parse_arguments
from featuredoc.lsp.convert import Converter, markup, text_edits
from featuredoc.lsp.settings import SettingsMixin
from featuredoc.lsp.sync import FeaturedocProtocol, PublishThrottle, ReadAhead, exit_status
from featuredoc.lsp.workspace_index import WorkspaceIndex, documents_by_path
from featuredoc.lsp.workspaces import WorkspacesMixin
from featuredoc.model.document import DocumentKind
from featuredoc.model.text import split_lines

if TYPE_CHECKING:
    from featuredoc.engine import Analysis
    from featuredoc.rules.base import Inputs

log = logging.getLogger("featuredoc")

F = TypeVar("F", bound=Callable[..., Any])

CONFIG_FILE = ".featuredoc.yaml"


@dataclass(slots=True)
class Checked:
    """The latest analysis of an open document."""

    version: int | None
    lines: list[str]
    analysis: Analysis
    generation: int = 0  # the configuration generation it was checked with


class FeaturedocServer(SettingsMixin, WorkspacesMixin, LanguageServer):
    """The server; settings come from SettingsMixin, the workspace indexes from WorkspacesMixin."""

    def __init__(self) -> None:
        super().__init__("featuredoc", __version__, protocol_cls=FeaturedocProtocol)
        #: coalesces the analyses of a burst of changes (see featuredoc.lsp.sync)
        self.throttle = PublishThrottle(self.publish)
        self.checked: dict[str, Checked] = {}
        self.index = WorkspaceIndex()
        #: bumped whenever the configuration changes; part of pull result ids
        self.generation = 0

    # ---- helpers -------------------------------------------------------

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    @property
    def pull_diagnostics(self) -> bool:
        """Whether the client pulls diagnostics (LSP 3.17); then none are pushed."""
        caps = self.client_capabilities
        return caps.text_document is not None and caps.text_document.diagnostic is not None

    @property
    def snippets(self) -> bool:
        caps = self.client_capabilities.text_document
        completion = caps.completion if caps else None
        item = completion.completion_item if completion else None
        return bool(item and item.snippet_support)

    def supports(self, field: str, wanted: Any = True) -> bool:  # noqa: ANN401
        """Whether the client's capability at dotted *field* is (or contains) *wanted*."""
        value: Any = self.client_capabilities
        for name in field.split("."):
            value = getattr(value, name, None)
            if value is None:
                return False
        if isinstance(value, (list, tuple)):  # a list of values: declared at all, or holds *wanted*
            return bool(value) if wanted is True else wanted in value
        return bool(value) if wanted is True else value == wanted

    @property
    def root(self) -> Path | None:
        path = self.workspace.root_path
        if not path and self.workspace.folders:
            first = next(iter(self.workspace.folders.values()))
            path = uris.to_fs_path(first.uri)
        return Path(path) if path else None

    def root_for(self, uri: str) -> Path | None:
        """The workspace folder holding *uri*; for a file outside every folder, its root.

        That root is found as the command line finds it
        (:func:`featuredoc.workspace.files.find_root`); other documents
        (untitled buffers) get the workspace root.
        """
        folder = self.folder_for(uri)
        path = uris.to_fs_path(folder) if folder else None
        if path:
            return Path(path)
        if uri.startswith("file:"):
            from featuredoc.workspace.files import find_root

            config = self.config_for(uri)
            return find_root(Path(self.path_for(uri)).parent, support_file=config.support_file)
        return self.root

    def path_for(self, uri: str) -> str:
        if uri.startswith("file:"):
            return uris.to_fs_path(uri) or uri
        return uri

    def kind_for(self, uri: str) -> DocumentKind | None:
        """What document *uri* is checked as; ``None``: it is not checked.

        A file is what :meth:`Config.classify` says for its path relative to
        its workspace folder, or for a file outside every folder, to the root
        above it (:func:`featuredoc.workspace.files.marked_root`); with no
        root above it, what :meth:`Config.classify_anywhere` says. So a
        README gets no findings, even from an editor that attaches the
        server to every Markdown file. A buffer without a file (untitled)
        is checked, as a feature document unless named like SUPPORT.md.
        """
        config = self.config_for(uri)
        path = self.path_for(uri)
        if not uri.startswith("file:"):
            return config.kind_of(path)
        root: Path | None
        if self.folder_for(uri) is not None:
            root = self.root_for(uri)
        else:
            from featuredoc.workspace.files import marked_root

            root = marked_root(Path(path).parent, support_file=config.support_file)
            if root is None:
                return config.classify_anywhere(path)
        if root is None:
            return None
        try:
            rel = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None
        return config.classify(rel)

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

    def check_document(self, uri: str) -> Checked | None:
        from featuredoc.engine import Analysis, analyse

        document = self.workspace.text_documents.get(unquote(uri))  # pygls keys are unquoted
        if document is None:
            return None
        text = document.source
        generation = self.generation
        if self.is_config_file(uri):
            findings = self.config_file_findings(uri, text)
            checked = Checked(
                document.version, split_lines(text), Analysis(None, findings), generation
            )
        elif (kind := self.kind_for(uri)) is None:
            checked = Checked(document.version, split_lines(text), Analysis(None, []), generation)
        else:
            config = self.config_for(uri)
            path = self.path_for(uri)
            analysis = analyse(text, path, config, kind=kind, inputs=self.inputs(uri))
            # the parser split the text already: its lines are the document's
            lines = analysis.document.lines if analysis.document else split_lines(text)
            checked = Checked(document.version, lines, analysis, generation)
            self.document_checked(uri, analysis)
        self.checked[uri] = checked
        return checked

    def inputs(self, uri: str) -> Inputs:
        """What the rules know beyond document *uri*: its folder's index, template, base."""
        from featuredoc.workspace.inputs import rule_inputs

        folder = self.folder_index(uri)
        return rule_inputs(
            self.path_for(uri),
            self.config_for(uri),
            root=self.root_for(uri),
            workspace=folder.index if folder is not None else None,
            base=self.base_for(uri),
        )

    def template_guidance(self, uri: str) -> dict[str, str]:
        """The workspace template's guidance per section (empty without a template)."""
        from featuredoc.workspace.template_file import load_for

        text = load_for(self.root_for(uri), self.config_for(uri))
        return _template_guidance(text) if text else {}

    def current(self, uri: str) -> Checked | None:
        """The analysis of the open document's current version."""
        document = self.workspace.text_documents.get(unquote(uri))  # pygls keys are unquoted
        if document is None:
            return None
        checked = self.checked.get(uri)
        if (
            checked is None
            or checked.version != document.version
            or checked.generation != self.generation
        ):
            checked = self.check_document(uri)
        return checked

    def publish(self, uri: str) -> None:
        """Push the diagnostics of the document's current version (push clients only)."""
        if self.pull_diagnostics:
            return
        checked = self.current(uri)
        if checked is None:
            return
        document = self.workspace.text_documents.get(unquote(uri))  # pygls keys are unquoted
        if document is not None and document.version != checked.version:
            return  # a newer version arrived meanwhile; its own check publishes
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=checked.version, diagnostics=self.diagnostics(checked)
            )
        )

    def diagnostics(self, checked: Checked) -> list[types.Diagnostic]:
        return self.to_diagnostics(checked.lines, checked.analysis.findings)

    def configuration_changed(self) -> None:
        """Settings or ``.featuredoc.yaml`` changed: re-check every open document now."""
        self.reload_config()
        self.generation += 1
        self.checked.clear()
        self.index.invalidate()
        if self.pull_diagnostics:
            workspace = self.client_capabilities.workspace
            diagnostics = workspace.diagnostics if workspace else None
            if diagnostics and diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for document in list(self.workspace.text_documents.values()):
            self.publish(document.uri)  # the client's own spelling of the uri

    def open_documents(self) -> dict[Path, Any]:
        pairs = []
        for uri, checked in self.checked.items():
            if uri.startswith("file:") and checked.analysis.document is not None:
                pairs.append((self.path_for(uri), checked.analysis.document))
        return documents_by_path(pairs)

    def definitions(self, uri: str) -> dict[str, Any]:
        config = self.config_for(uri)
        root = self.root_for(uri)
        open_text = None
        if root is not None and config.support_file:
            support = (root / config.support_file).resolve()
            for open_uri, document in self.workspace.text_documents.items():
                if open_uri.startswith("file:") and Path(self.path_for(open_uri)) == support:
                    open_text = document.source
        return self.index.definitions(root, config, open_text)

    def register_watchers(self) -> None:
        caps = self.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if not (watched and watched.dynamic_registration):
            return
        config = self.config_for(self.workspace.root_uri or "")
        globs = [f"**/{CONFIG_FILE}", *self.watched_globs(config)]
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
    ls.on_initialize(params)


@server.feature(types.INITIALIZED)
@guarded()
def initialized(ls: FeaturedocServer, params: types.InitializedParams) -> None:
    ls.fetch_editor_settings()
    threading.Thread(target=_warm_up, name="featuredoc-warm-up", daemon=True).start()
    ls.register_watchers()
    ls.start_indexing()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: FeaturedocServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


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
    uri = params.text_document.uri
    ls.throttle.forget(uri)
    ls.checked.pop(uri, None)
    ls.document_closed(uri)
    if not ls.pull_diagnostics:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded()
def did_change_configuration(
    ls: FeaturedocServer, params: types.DidChangeConfigurationParams
) -> None:
    ls.settings_notified(params.settings)
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
        ls.files_changed(params.changes)


# ---- diagnostics (pull) ---------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(
        identifier="featuredoc", inter_file_dependencies=True, workspace_diagnostics=True
    ),
)
@guarded()
def diagnostic(
    ls: FeaturedocServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    checked = ls.current(params.text_document.uri)
    if checked is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    items = ls.diagnostics(checked)
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
async def workspace_diagnostic(
    ls: FeaturedocServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    """Documents that are not open (see featuredoc.lsp.workspace_diagnostics)."""
    from featuredoc.lsp.workspace_diagnostics import workspace_diagnostic as report

    try:
        return await report(ls, params)
    except Exception:  # noqa: BLE001
        log.exception("featuredoc: workspace/diagnostic failed")
        return types.WorkspaceDiagnosticReport(items=[])


# ---- editing help ---------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["*", ":", " ", "#", ","]),
)
@guarded()
def completion(ls: FeaturedocServer, params: types.CompletionParams) -> types.CompletionList | None:
    from featuredoc.editing.completion import Workspace, complete

    uri = params.text_document.uri
    checked = ls.current(uri)
    kind = ls.kind_for(uri)
    if checked is None or ls.is_config_file(uri) or kind is None:
        return None
    convert = ls.converter(checked.lines)
    pos = convert.from_position(params.position)
    config = ls.config_for(uri)
    root = ls.root_for(uri)
    values = functools.partial(ls.index.values, root, config, ls.open_documents())
    workspace = Workspace(ls.today(), values, ls.definitions(uri))
    doc = checked.analysis.document
    found = complete(doc, checked.lines, pos.line, pos.column, kind, config, workspace)
    if not found:
        return None
    markdown = ls.supports(
        "text_document.completion.completion_item.documentation_format", types.MarkupKind.Markdown
    )
    items = [convert.completion_item(c, pos.line, ls.snippets, markdown) for c in found]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
def hover(ls: FeaturedocServer, params: types.HoverParams) -> types.Hover | None:
    from featuredoc.editing.hover import hover_at

    uri = params.text_document.uri
    checked = ls.current(uri)
    if checked is None or checked.analysis.document is None:
        return None
    convert = ls.converter(checked.lines)
    pos = convert.from_position(params.position)
    doc = checked.analysis.document
    config = ls.config_for(uri)
    info = hover_at(doc, config, pos, ls.definitions(uri), ls.template_guidance(uri))
    if info is None:
        return None
    markdown = not ls.supports("text_document.hover.content_format") or ls.supports(
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
def code_action(
    ls: FeaturedocServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    from featuredoc.lsp.actions import code_actions

    uri = params.text_document.uri
    checked = ls.current(uri)
    if checked is None:
        return None
    convert = ls.converter(checked.lines)
    at = convert.from_range(params.range)
    only = [str(getattr(k, "value", k)) for k in params.context.only or []]
    analysis = checked.analysis
    asked = [
        (str(d.code), convert.from_range(d.range))
        for d in params.context.diagnostics
        if d.source == "featuredoc" and d.code is not None
    ]
    actions = code_actions(uri, analysis.document, analysis.findings, convert, at, only, asked)
    return actions or None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded()
def document_symbol(
    ls: FeaturedocServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    from featuredoc.editing.symbols import outline

    checked = ls.current(params.text_document.uri)
    if checked is None or checked.analysis.document is None:
        return None
    convert = ls.converter(checked.lines)
    return [convert.symbol(s) for s in outline(checked.analysis.document)]


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
@guarded()
def folding_range(
    ls: FeaturedocServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange] | None:
    from featuredoc.editing.symbols import folding_ranges

    checked = ls.current(params.text_document.uri)
    if checked is None or checked.analysis.document is None:
        return None
    return [Converter.folding_range(f) for f in folding_ranges(checked.analysis.document)]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)
@guarded()
def document_link(
    ls: FeaturedocServer, params: types.DocumentLinkParams
) -> list[types.DocumentLink] | None:
    from featuredoc.editing.links import document_links

    checked = ls.current(params.text_document.uri)
    if checked is None:
        return None
    convert = ls.converter(checked.lines)
    tooltips = ls.supports("text_document.document_link.tooltip_support")
    return [
        types.DocumentLink(
            range=convert.range(link.span),
            target=link.target,
            tooltip=link.tooltip if tooltips else None,
        )
        for link in document_links(checked.lines, ls.root_for(params.text_document.uri))
    ]


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@guarded()
def formatting(
    ls: FeaturedocServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    from featuredoc.editing.formatting import format_document

    uri = params.text_document.uri
    checked = ls.current(uri)
    doc = checked.analysis.document if checked else None
    if checked is None or doc is None or doc.kind is not DocumentKind.FEATURE:
        return None
    return text_edits(ls.converter(checked.lines), format_document(doc))


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
        server.start_io(stdin=reader)  # type: ignore[arg-type]
    raise SystemExit(exit_status(server.protocol))


if __name__ == "__main__":
    main()


__all__ = ["Checked", "FeaturedocServer", "guarded", "main", "server"]
