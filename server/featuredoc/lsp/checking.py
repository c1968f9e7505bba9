"""Analysing and parsing a document, from its context: the work the worker does.

:meth:`Checker.analyse` runs the engine on an open document's version
(findings, diagnostics, the folder index told), :meth:`Checker.parse`
parses one for requests, :meth:`Checker.analyse_file` checks a closed file
as it is on disk (workspace diagnostics). Each takes the document's
:class:`featuredoc.lsp.context.DocumentContext` (resolved once per version)
and its rule inputs from there; none runs on the event loop.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.allocation import keep_large_texts_on_heap
from featuredoc.lsp.analyses import Checked, Model
from featuredoc.lsp.context import Contexts, DocumentContext, Snapshot
from featuredoc.lsp.folders import Folder
from featuredoc.lsp.rule_inputs import RuleInputs
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.workspaces import FolderIndexes

log = logging.getLogger("featuredoc")


class Checker:
    """Analyses and parses documents (on the worker or the io thread)."""

    def __init__(
        self,
        settings: Settings,
        contexts: Contexts,
        rule_inputs: RuleInputs,
        indexes: FolderIndexes,
        encoding: Callable[[], str],
    ) -> None:
        self._settings = settings
        self._contexts = contexts
        self._inputs = rule_inputs
        self._indexes = indexes
        self._encoding = encoding

    def _folder(self, context: DocumentContext) -> Folder | None:
        """The index of the document's folder (started when missing or stale)."""
        key = context.index_key
        return None if key is None else self._indexes.folder_by_key(key)

    def analyse(self, snapshot: Snapshot) -> Checked:
        """Analyse *snapshot* (on the worker): findings, diagnostics, the index updated."""
        from featuredoc import engine
        from featuredoc.incremental import analyse_edit
        from featuredoc.lsp.publishing import to_diagnostics
        from featuredoc.model.text import split_lines

        uri, text = snapshot.uri, snapshot.text
        context = None
        keep_large_texts_on_heap(len(text))
        try:
            context = self._contexts.of(snapshot)
            if context.config_file:
                findings = self._settings.config_file_findings(uri, text)
                analysis = engine.Analysis(None, findings)
                lines = split_lines(text)
            elif context.kind is None:
                analysis, lines = engine.Analysis(None, []), split_lines(text)
            else:
                folder = self._folder(context)
                analysis = analyse_edit(
                    text,
                    context.path,
                    context.config,
                    kind=context.kind,
                    inputs=self._inputs.for_context(context, folder),
                )
                # the parser split the text already: its lines are the document's
                lines = analysis.lines if analysis.lines is not None else split_lines(text)
                self._indexes.document_checked(context, analysis)
            diagnostics = to_diagnostics(
                lines, analysis.findings, self._encoding(), self._lines_of(context, lines), uri
            )
        except Exception:  # noqa: BLE001 - the server keeps serving
            log.exception("featuredoc: analysing %s failed", uri)
            analysis, lines, diagnostics = engine.Analysis(None, []), split_lines(text), []
        return Checked(snapshot.version, lines, analysis, snapshot.generation, diagnostics, context)

    def _lines_of(
        self, context: DocumentContext | None, lines: list[str]
    ) -> Callable[[str], list[str] | None]:
        """The lines of a document a related place is in: this one's are *lines* (its
        document may not be built, see :mod:`featuredoc.incremental`)."""
        others = self._indexes.lines_reader()
        own = context.path if context is not None else None
        return lambda path: lines if path == own else others(path)

    def parse(self, snapshot: Snapshot) -> Model:
        """A model of *snapshot* for requests: parsed, not analysed."""
        from featuredoc.model.text import split_lines

        context = self._contexts.of(snapshot)
        kind = None if context.config_file else context.kind
        if kind is None:
            lines = split_lines(snapshot.text)
            return Model(snapshot.version, snapshot.generation, lines, None, context)
        from featuredoc.incremental import request_analysis

        parsed = request_analysis(snapshot.text, context.path, context.config, kind)
        if parsed.built:
            document = parsed.document
            assert document is not None
            return Model(snapshot.version, snapshot.generation, document.lines, document, context)
        assert parsed.lines is not None
        return Model(snapshot.version, snapshot.generation, parsed.lines, None, context, parsed)

    def analyse_file(self, folder: Folder, path: str) -> list[types.Diagnostic] | None:
        """The diagnostics of the closed file *path* as it is on disk (on the worker)."""
        from featuredoc.engine import analyse
        from featuredoc.lsp.publishing import to_diagnostics
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
        context = self._contexts.resolve(uri, None, self._settings.generation, None)
        inputs = self._inputs.build(context, self._folder(context))
        if decoded.lossy:  # bytes that are not UTF-8: FD904 at each
            inputs = dataclasses.replace(inputs, decoded=decoded)
        analysis = analyse(decoded.text, path, folder.index.config, kind=kind, inputs=inputs)
        return to_diagnostics(
            split_lines(decoded.text),
            analysis.findings,
            self._encoding(),
            self._indexes.lines_reader(),
        )
