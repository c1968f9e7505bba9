"""Work-done progress (``$/progress``) for background work, from any thread."""

from __future__ import annotations

import logging

from lsprotocol import types

from featuredoc.lsp.client import Client
from featuredoc.lsp.worker import Worker

log = logging.getLogger("featuredoc")


class Progress:
    """A progress bar per token, when the client shows them; calls are sent from the loop."""

    def __init__(self, client: Client, worker: Worker) -> None:
        self._client = client
        self._worker = worker
        self._accepted: set[str] = set()
        self._ended: set[str] = set()  # ended before the client accepted the token
        self._ended_with: dict[str, str] = {}  # and the message they ended with

    def begin(self, token: str, title: str, message: str) -> None:
        if not self._client.features.work_done_progress:
            return
        self._worker.to_loop(self._begin, token, title, message)

    def _begin(self, token: str, title: str, message: str) -> None:
        def created(_result: object) -> None:
            try:
                self._client.work_done_progress.begin(
                    token,
                    types.WorkDoneProgressBegin(
                        title=title, message=message, percentage=0, cancellable=False
                    ),
                )
            except Exception:  # noqa: BLE001 - no progress bar is no reason not to work
                log.info("featuredoc: the client did not accept a progress token")
                self._ended.discard(token)
                self._ended_with.pop(token, None)
                return
            self._accepted.add(token)
            if token in self._ended:  # over before the bar could be shown: ended at once,
                self._ended.discard(token)  # so a client waiting for the end sees it
                self._end(token, self._ended_with.pop(token, ""))

        try:
            self._client.work_done_progress.create(token, callback=created)
        except Exception:  # noqa: BLE001
            log.info("featuredoc: the client did not accept a progress token")

    def report(self, token: str, done: int, total: int) -> None:
        self._worker.to_loop(self._report, token, done, total)

    def _report(self, token: str, done: int, total: int) -> None:
        if token not in self._accepted:
            return
        try:
            self._client.work_done_progress.report(
                token,
                types.WorkDoneProgressReport(
                    message=f"{done}/{total}", percentage=int(100 * done / max(total, 1))
                ),
            )
        except Exception:  # noqa: BLE001
            log.debug("featuredoc: progress report failed", exc_info=True)

    def end(self, token: str, message: str) -> None:
        self._worker.to_loop(self._end, token, message)

    def _end(self, token: str, message: str) -> None:
        if token not in self._accepted:
            self._ended.add(token)
            self._ended_with[token] = message
            return
        self._accepted.discard(token)
        try:
            self._client.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))
        except Exception:  # noqa: BLE001
            log.debug("featuredoc: progress end failed", exc_info=True)
