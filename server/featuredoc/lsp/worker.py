"""The thread that does the server's slow work, so the event loop never waits for it.

Everything that parses a whole document, runs the rules, reads files or
starts git runs here, one job at a time (so the workspace indexes have one
writer): analyses of open documents first, newest version only (see
:mod:`featuredoc.lsp.analyses`), then the other jobs in the order they came
(folder scans in small steps, changed files, workspace diagnostics).

Results go back to the event loop with :meth:`Worker.to_loop`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("featuredoc")

T = TypeVar("T")


class Worker:
    """One background thread running jobs; a preferred job (an analysis) goes first."""

    def __init__(
        self,
        name: str = "featuredoc-worker",
        preferred: Callable[[], Callable[[], None] | None] | None = None,
    ) -> None:
        """*preferred* returns the next preferred job (an analysis) or ``None``;
        it is asked before every other job."""
        self._name = name
        self._jobs: deque[Callable[[], None]] = deque()
        self._preferred = preferred
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        #: run jobs in the caller (no thread): before the server loop starts, and in tests
        self.inline = False

    def attach(self) -> None:
        """Bind to the running event loop (results are delivered there)."""
        self.loop = asyncio.get_running_loop()

    def wake(self) -> None:
        """A preferred job may be waiting."""
        if self._run_inline():
            self._drain()
            return
        with self._ready:
            self._start()
            self._ready.notify()

    def submit(self, job: Callable[[], None]) -> None:
        """Run *job* on the worker thread after the preferred jobs and earlier jobs."""
        if self._run_inline():
            self._jobs.append(job)
            self._drain()
            return
        with self._ready:
            self._jobs.append(job)
            self._start()
            self._ready.notify()

    async def call(self, func: Callable[[], T]) -> T:
        """Run *func* on the worker thread and wait for its result (from the event loop)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def job() -> None:
            try:
                result = func()
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting coroutine
                loop.call_soon_threadsafe(_set_exception, future, exc)
            else:
                loop.call_soon_threadsafe(_set_result, future, result)

        if self._run_inline():
            job()
        else:
            self.submit(job)
        return await future

    def to_loop(self, func: Callable[..., Any], *args: Any) -> None:  # noqa: ANN401
        """Run ``func(*args)`` on the event loop (at once when there is none)."""
        loop = self.loop
        if loop is None or loop.is_closed() or self._in_loop(loop):
            func(*args)
            return
        try:
            loop.call_soon_threadsafe(func, *args)
        except RuntimeError:  # the loop closed meanwhile: the server is exiting
            log.debug("featuredoc: result dropped, the server is exiting")

    # ---- the thread ----------------------------------------------------------------

    def _run_inline(self) -> bool:
        return self.inline or self.loop is None

    @staticmethod
    def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
        try:
            return asyncio.get_running_loop() is loop
        except RuntimeError:
            return False

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def _next(self) -> Callable[[], None] | None:
        if self._preferred is not None:
            job = self._preferred()
            if job is not None:
                return job
        return self._jobs.popleft() if self._jobs else None

    def _drain(self) -> None:
        while (job := self._next()) is not None:
            _run(job)

    def _run(self) -> None:
        while True:
            with self._ready:
                job = self._next()
                while job is None:
                    self._ready.wait()
                    job = self._next()
            _run(job)


def _run(job: Callable[[], None]) -> None:
    try:
        job()
    except Exception:  # noqa: BLE001 - one failed job must not stop the others
        log.exception("featuredoc: a background job failed")


def _set_result(future: asyncio.Future[Any], value: Any) -> None:  # noqa: ANN401
    if not future.done():
        future.set_result(value)


def _set_exception(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
