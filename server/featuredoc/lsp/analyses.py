"""Analyses of the open documents: on the worker thread, newest version only.

The event loop hands over a :class:`Snapshot` (the text and version of a
document when it changed); the worker analyses the newest snapshot of each
document, never an older one once a newer is waiting. The worker publishes
a finished analysis only if it is still the document's current version and
settings: a result overtaken by a newer version is dropped, and as the
worker analyses one version after the other, diagnostics never go back to
an older version.

Requests (completion, hover, ...) never wait for an analysis: they take
:meth:`DocumentAnalyses.latest` when it is current, else a model parsed on
the spot (:meth:`DocumentAnalyses.model`). ``textDocument/diagnostic`` waits
for its analysis (:meth:`DocumentAnalyses.analysis`); cancelling it drops
the queued analysis when nothing else wants it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lsprotocol import types

from featuredoc.lsp.context import DocumentContext, Snapshot
from featuredoc.lsp.worker import Worker

if TYPE_CHECKING:
    from featuredoc.engine import Analysis
    from featuredoc.model.document import Document

log = logging.getLogger("featuredoc")


@dataclass(slots=True)
class Checked:
    """An analysis of one version of an open document, and its diagnostics."""

    version: int | None
    lines: list[str]
    analysis: Analysis
    generation: int = 0  # the configuration generation it was checked with
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    context: DocumentContext | None = None  # None: the analysis failed before it was known

    def matches(self, snapshot: Snapshot) -> bool:
        return self.version == snapshot.version and self.generation == snapshot.generation


@dataclass(slots=True)
class Model:
    """A parsed (not analysed) version of an open document, for requests.

    *parsed*: its document; or *source*, which builds it when asked for and
    gives completion and hover a smaller one (:meth:`for_cursor`).
    """

    version: int | None
    generation: int
    lines: list[str]
    parsed: Document | None
    context: DocumentContext
    source: Analysis | None = None

    @property
    def document(self) -> Document | None:
        return self.source.document if self.source is not None else self.parsed

    def for_cursor(self) -> Document | None:
        """What completion and hover read: the document, or its chunks they read."""
        return self.source.cursor_document() if self.source is not None else self.parsed


class DocumentAnalyses:
    """The scheduler: *analyse* runs on the worker, *finished* on the event loop.

    The worker asks :meth:`take` for an analysis before any other job.
    """

    def __init__(
        self,
        worker: Worker,
        analyse: Callable[[Snapshot], Checked],
        finished: Callable[[str, Checked], None],
        is_open: Callable[[str], bool],
        on_demand: Callable[[], bool] = lambda: False,
    ) -> None:
        """*finished* is called on the worker, as soon as an analysis is done;
        *on_demand* tells whether analyses run only for the requests waiting for
        them (pull clients)."""
        self._worker = worker
        self._is_open = is_open
        self._analyse = analyse
        self._finished = finished
        self._lock = threading.Lock()
        self._pending: dict[str, Snapshot] = {}  # in the order they were asked for
        self._latest: dict[str, Checked] = {}
        self._models: dict[str, Model] = {}
        self._waiters: dict[str, list[asyncio.Future[Checked]]] = {}
        #: analyses run (for tests and benchmarks)
        self.runs = 0
        self._on_demand = on_demand

    # ---- asking ------------------------------------------------------------------------

    def request(self, snapshot: Snapshot) -> None:
        """Analyse *snapshot* (it replaces an older one of the same document still waiting)."""
        with self._lock:
            self._pending.pop(snapshot.uri, None)
            self._pending[snapshot.uri] = snapshot
        self._worker.wake()

    async def analysis(self, snapshot: Snapshot) -> Checked:
        """The analysis of *snapshot*, or of a newer version (from the event loop)."""
        checked = self.latest(snapshot.uri)
        if checked is not None and checked.matches(snapshot):
            return checked
        future: asyncio.Future[Checked] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(snapshot.uri, []).append(future)
        self.request(snapshot)
        try:
            return await future
        except asyncio.CancelledError:
            self._give_up(snapshot.uri, future)
            raise

    def _give_up(self, uri: str, future: asyncio.Future[Checked]) -> None:
        waiting = self._waiters.get(uri, [])
        if future in waiting:
            waiting.remove(future)
        if not waiting:
            self._waiters.pop(uri, None)
            if not self._on_demand():
                return  # pushed diagnostics still want it
            with self._lock:
                if self._pending.pop(uri, None) is not None:
                    log.info("featuredoc: analysis of %s dropped (cancelled)", uri)

    def forget(self, uri: str) -> None:
        """The document was closed."""
        with self._lock:
            self._pending.pop(uri, None)
            self._latest.pop(uri, None)
            self._models.pop(uri, None)
        for future in self._waiters.pop(uri, []):
            future.cancel()

    def forget_result(self, uri: str) -> None:
        """What *uri* depends on changed: its analysis is no longer current."""
        with self._lock:
            self._latest.pop(uri, None)
            self._models.pop(uri, None)

    def invalidate(self) -> None:
        """The configuration changed: no analysis is current any more."""
        with self._lock:
            self._latest.clear()
            self._models.clear()

    # ---- results -------------------------------------------------------------------------

    def latest(self, uri: str) -> Checked | None:
        return self._latest.get(uri)

    def waiting(self, uri: str) -> bool:
        return uri in self._pending

    def open_documents(self, *, cursor: bool = False) -> list[tuple[str, Document]]:
        """The latest analysed model of every document analysed so far.

        ``cursor=True``: what completion reads of each (see
        :meth:`featuredoc.engine.Analysis.cursor_document`), which is not the
        whole document of a long one being typed in.
        """
        with self._lock:
            items = list(self._latest.items())
        found = [
            (uri, c.analysis.cursor_document() if cursor else c.analysis.document)
            for uri, c in items
        ]
        return [(uri, document) for uri, document in found if document is not None]

    def model(self, snapshot: Snapshot, parse: Callable[[Snapshot], Model]) -> Model:
        """A model of *snapshot* for a request: the analysed one when current, else parsed now."""
        checked = self.latest(snapshot.uri)
        if checked is not None and checked.matches(snapshot) and checked.context is not None:
            return Model(
                checked.version,
                checked.generation,
                checked.lines,
                None,
                checked.context,
                checked.analysis,
            )
        model = self._models.get(snapshot.uri)
        if model is not None and (model.version, model.generation) == (
            snapshot.version,
            snapshot.generation,
        ):
            return model
        model = parse(snapshot)
        self._models[snapshot.uri] = model
        return model

    # ---- on the worker ---------------------------------------------------------------------

    def take(self) -> Callable[[], None] | None:
        """The next analysis to run (the worker's preferred job), ``None`` when none waits."""
        with self._lock:
            if not self._pending:
                return None
            uri = next(iter(self._pending))
            snapshot = self._pending.pop(uri)
        return lambda: self._run(snapshot)

    def _run(self, snapshot: Snapshot) -> None:
        self.runs += 1
        checked = self._analyse(snapshot)
        self._finished(snapshot.uri, checked)  # published at once when still current
        uri = snapshot.uri
        with self._lock:  # a close takes the lock to forget: never kept after it
            if self._is_open(uri):
                self._latest[uri] = checked
        if self._waiters.get(uri):  # the event loop is woken only for someone waiting
            self._worker.to_loop(self._deliver, uri, checked)

    def _deliver(self, uri: str, checked: Checked) -> None:
        """Hand *checked* to the requests waiting for it (on the event loop).

        A request that starts waiting just after :meth:`_run` looked has
        asked for an analysis of its own (:meth:`analysis`), which wakes it.
        """
        if not self._is_open(uri):
            return  # closed meanwhile
        for future in self._waiters.pop(uri, []):
            if not future.done():
                future.set_result(checked)
