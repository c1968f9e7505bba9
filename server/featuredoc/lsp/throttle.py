"""Analysing only the latest version of a document during a burst of changes.

:class:`featuredoc.lsp.transport.ReadAhead` reads the client's input ahead,
so :class:`PublishThrottle` can tell a keystroke (analysed and published at
once) from a burst of changes (folded into one analysis of the then-current
text): a storm of 2,000 changes costs a handful of analyses, requests in
the middle are answered, and nothing stale is ever published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

log = logging.getLogger("featuredoc")

#: the longest a document waits to be analysed while more input keeps arriving
PUBLISH_INTERVAL = 0.15


class PublishThrottle:
    """Analyse a changed document now, unless more of the client's input is waiting.

    A lone change (typing) is analysed and published at once: no timer
    stands between a keystroke and its diagnostics. While further messages
    are already waiting (a storm, a paste, a replace-all), the analysis is
    left to the last change of the burst, and a short timer makes sure a
    document is published even when the waiting input is something else.
    """

    def __init__(
        self,
        publish: Callable[[str], None],
        interval: float = PUBLISH_INTERVAL,
        pending: Callable[[], bool] | None = None,
    ) -> None:
        self._publish = publish
        #: the longest a deferred document waits for its burst to end
        self.interval = interval
        self.pending = pending or (lambda: False)
        self._deferred: dict[str, asyncio.TimerHandle] = {}

    def changed(self, uri: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the server's loop (unit tests)
            self._publish(uri)
            return
        if self.pending():
            if uri not in self._deferred:
                self._deferred[uri] = loop.call_later(self.interval, self._fire, uri)
            return
        handle = self._deferred.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self._run(uri)

    def forget(self, uri: str) -> None:
        handle = self._deferred.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def _fire(self, uri: str) -> None:
        self._deferred.pop(uri, None)
        self._run(uri)

    def _run(self, uri: str) -> None:
        try:
            self._publish(uri)
        except Exception:  # noqa: BLE001 - a failed analysis must not stop later ones
            log.exception("featuredoc: publishing diagnostics for %s failed", uri)
