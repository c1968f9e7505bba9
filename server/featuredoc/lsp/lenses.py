"""Asking the client to refresh its code lenses when their text changes.

A lens on a feature document's Status row says what SUPPORT.md says, and
one on a SUPPORT.md entry's heading names its feature documents
(:mod:`featuredoc.editing.lens`): either side's change changes the other
side's lenses. :class:`LensRefresh` keeps the texts of the lenses last
given for each document; when a change reaches the folder's index (the
index's ``dependents_changed``: a feature document's title, link or
statuses, or SUPPORT.md's entries changed), it waits for the burst to end
(:data:`LENS_DELAY`), works the texts out again, and sends
``workspace/codeLens/refresh`` only when one of them changed, and only to
a client that declared ``refreshSupport``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from featuredoc.lsp.client import Client
from featuredoc.lsp.worker import Worker

log = logging.getLogger("featuredoc")

#: How long after the last change the lens texts are worked out again (s).
LENS_DELAY = 0.3

Texts = tuple[str, ...]


class LensRefresh:
    """The lens texts last given per document; a refresh when they change (see the module)."""

    def __init__(
        self,
        client: Client,
        worker: Worker,
        texts_of: Callable[[str], Awaitable[Texts | None]],
        delay: float = LENS_DELAY,
    ) -> None:
        """*texts_of*: a document's lens texts now (``None``: it is no longer open)."""
        self._client = client
        self._worker = worker
        self._texts_of = texts_of
        self._delay = delay
        self._given: dict[str, Texts] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._again = False
        #: the times the texts were worked out again, and refreshes asked (tests, benchmarks)
        self.checks = 0
        self.refreshes = 0

    def given(self, uri: str, texts: Texts) -> None:
        """The lenses of *uri* were given to the client with these texts."""
        self._given[uri] = texts

    def changed(self, *_what: object) -> None:
        """Something lenses show may have changed (any thread; what changed is not needed)."""
        if self._given and self._client.features.code_lens_refresh:
            self._worker.to_loop(self._schedule)

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()  # a burst of changes: one check at its end
        self._timer = asyncio.get_running_loop().call_later(self._delay, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._task is not None and not self._task.done():
            self._again = True  # checked again once the check under way is done
            return
        self._task = asyncio.get_running_loop().create_task(self._check())

    async def _check(self) -> None:
        self.checks += 1
        changed = False
        try:
            for uri, before in list(self._given.items()):
                now = await self._texts_of(uri)
                if now is None:
                    self._given.pop(uri, None)
                elif now != before:
                    self._given[uri] = now
                    changed = True
        except Exception:  # noqa: BLE001 - the server keeps serving
            log.exception("featuredoc: working out the code lenses failed")
        if changed:
            self.refreshes += 1
            self._client.refresh_code_lenses()
        if self._again:
            self._again = False
            self._schedule()
