"""``featuredoc-ls``: the language server over stdio.

Wiring only. :func:`wire` builds the parts, each with one job and given
only what it uses (see ``docs/architecture.md``); the features
(:data:`featuredoc.lsp.features.FEATURES`, one module each) are
registered with them; :func:`main` serves over standard input and
output. The parser and the rules are imported on first use, so
``initialize`` is answered without waiting for them.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pygls.lsp.server import LanguageServer
from pygls.workspace import Workspace

from featuredoc import __version__
from featuredoc.lsp.arguments import parse_arguments
from featuredoc.lsp.base_revisions import BaseRevisions
from featuredoc.lsp.checking import Checker
from featuredoc.lsp.client import Client
from featuredoc.lsp.context import Contexts
from featuredoc.lsp.documents import Documents
from featuredoc.lsp.editing_index import EditingIndex
from featuredoc.lsp.features import FEATURES
from featuredoc.lsp.features.base import guarded, register
from featuredoc.lsp.knowledge import Knowledge
from featuredoc.lsp.lenses import LensRefresh
from featuredoc.lsp.progress import Progress
from featuredoc.lsp.protocol import ServerProtocol, exit_status
from featuredoc.lsp.rule_inputs import RuleInputs
from featuredoc.lsp.services import Services
from featuredoc.lsp.settings import Settings, position_encoding, workspace_root
from featuredoc.lsp.transport import LockedWriter, ReadAhead, serve
from featuredoc.lsp.worker import Worker
from featuredoc.lsp.workspace_diagnostics import WorkspaceDiagnostics
from featuredoc.lsp.workspaces import FolderIndexes, IndexEvents

log = logging.getLogger("featuredoc")


class FeaturedocServer(LanguageServer):
    """pygls's LanguageServer with featuredoc's parts and features.

    *input_pending*: whether more of the client's input is already waiting
    (:meth:`featuredoc.lsp.transport.ReadAhead.pending`); *direct*: messages
    may be written from any thread (the transport writes whole messages
    under a lock).
    """

    def __init__(
        self, input_pending: Callable[[], bool] | None = None, *, direct: bool = False
    ) -> None:
        super().__init__("featuredoc", __version__, protocol_cls=ServerProtocol)
        self.services = wire(self, input_pending, direct=direct)
        register(self, self.services, FEATURES)


@dataclass(frozen=True, slots=True)
class _Editor:
    """pygls's view of the editor, looked up on each use (``initialize`` replaces it)."""

    server: LanguageServer

    def workspace(self) -> Workspace:
        return self.server.workspace

    def encoding(self) -> str:
        return position_encoding(self.server.workspace)

    def root(self) -> Path | None:
        return workspace_root(self.server.workspace)

    def root_uri(self) -> str:
        return self.server.workspace.root_uri or ""


def wire(
    server: LanguageServer, input_pending: Callable[[], bool] | None, *, direct: bool
) -> Services:
    """Build the parts, each given what it uses, all through their constructors.

    Parts built before the ones they call back (the worker's preferred job, the settings'
    change, the folder indexes' :class:`IndexEvents`, the lenses' texts) get closures
    over the names bound below, called only once everything is built.
    """
    editor = _Editor(server)
    workspace, encoding = editor.workspace, editor.encoding
    worker = Worker(preferred=lambda: documents.analyses.take())
    client = Client(server, worker, direct=direct)
    lenses = LensRefresh(client, worker, lambda uri: lens_texts(services, uri))
    settings = Settings(workspace, client, lambda: documents.configuration_changed())
    generation = lambda: settings.generation  # noqa: E731
    events = IndexEvents(
        open_documents=lambda: documents.open_documents(),
        dependents_changed=_each(lambda *c: documents.dependents_changed(*c), lenses.changed),
        workspace_changed=lambda *changed: workspace_diagnostics.changed(*changed),
        indexed=lambda: editing_index.invalidate(),
    )
    progress = Progress(client, worker)
    indexes = FolderIndexes(settings, worker, progress, editor.root, generation, events)
    #: Basics values and SUPPORT.md labels for completion and hover
    editing_index = EditingIndex(indexes.indexed_features)
    contexts = Contexts(settings, indexes.key_for, indexes.folder_root)
    rule_inputs = RuleInputs(settings, BaseRevisions(client))
    checker = Checker(settings, contexts, rule_inputs, indexes, encoding)
    documents = Documents(
        workspace,
        settings,
        client,
        worker,
        contexts,
        checker,
        rule_inputs,
        indexes,
        encoding,
        input_pending,
        configuration_changed=editing_index.invalidate,
    )
    workspace_diagnostics = WorkspaceDiagnostics(
        workspace, client, settings, indexes, worker, generation, checker.analyse_file
    )
    services = Services(
        client=client,
        settings=settings,
        worker=worker,
        contexts=contexts,
        indexes=indexes,
        documents=documents,
        knowledge=Knowledge(workspace, editing_index, indexes, documents.cursor_documents),
        workspace_diagnostics=workspace_diagnostics,
        lenses=lenses,
        rule_inputs=rule_inputs,
        encoding=encoding,
        root_uri=editor.root_uri,
    )
    return services


def _each(*calls: Callable[..., None]) -> Callable[..., None]:
    """One callback making each of *calls* with its arguments."""

    def each(*args: Any) -> None:  # noqa: ANN401
        for call in calls:
            call(*args)

    return each


async def lens_texts(services: Services, uri: str) -> tuple[str, ...] | None:
    """The texts of the open document *uri*'s lenses now (``None``: it is not open)."""
    from featuredoc.lsp.nav_view import document_lenses

    found = await document_lenses(services, uri)
    return None if found is None else tuple(lens.text for lens in found[1])


def main() -> None:
    if sys.argv[1:]:  # --help and --version exit here, before the server starts
        parse_arguments(sys.argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # pygls logs every message it sends at INFO: megabytes on stderr for big documents,
    # and a client that does not drain stderr would block the server.
    logging.getLogger("pygls").setLevel(logging.WARNING)
    try:
        reader = ReadAhead(sys.stdin.buffer)
    except (AttributeError, OSError, ValueError):  # no file descriptor to read ahead
        ls = FeaturedocServer()
        ls.start_io()
    else:
        ls = FeaturedocServer(reader.pending, direct=True)
        run_stdio(ls, reader)
    raise SystemExit(exit_status(ls.protocol))


def run_stdio(ls: FeaturedocServer, reader: ReadAhead) -> None:
    """Serve over standard input and output (see :mod:`featuredoc.lsp.transport`)."""
    stop = threading.Event()
    ls.protocol.set_writer(LockedWriter(sys.stdout.buffer))
    try:
        protocol = ls.protocol
        assert isinstance(protocol, ServerProtocol)  # FeaturedocServer's protocol_cls
        asyncio.run(serve(protocol, reader, stop, ls.services.documents.refused))
    except BrokenPipeError:
        log.error("featuredoc: the client closed its end of the connection")
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()


__all__ = ["FeaturedocServer", "guarded", "main", "wire"]
