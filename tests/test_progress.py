"""Work-done progress: a client waiting for the end of the indexing always sees it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lsprotocol import types

from featuredoc.lsp.client import ClientFeatures
from featuredoc.lsp.progress import Progress
from featuredoc.lsp.worker import Worker


class FakeProgress:
    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []
        self.callbacks: list[Callable[[object], None]] = []

    def create(self, token: str, callback: Callable[[object], None]) -> None:
        self.callbacks.append(callback)

    def begin(self, token: str, value: types.WorkDoneProgressBegin) -> None:
        self.sent.append((token, value))

    def report(self, token: str, value: types.WorkDoneProgressReport) -> None:
        self.sent.append((token, value))

    def end(self, token: str, value: types.WorkDoneProgressEnd) -> None:
        self.sent.append((token, value))


class FakeClient:
    def __init__(self) -> None:
        self.work_done_progress = FakeProgress()
        self.features = ClientFeatures(work_done_progress=True)


def make() -> tuple[Progress, FakeProgress]:
    client = FakeClient()
    progress = Progress(client, Worker())  # type: ignore[arg-type]
    return progress, client.work_done_progress


def test_work_over_before_the_client_accepted_the_token_still_ends() -> None:
    progress, bar = make()
    progress.begin("index-ü", "Indexing", "0/1")
    progress.end("index-ü", "1 document indexed")
    assert bar.sent == []  # nothing may be sent before the client accepted the token
    bar.callbacks[0](None)
    kinds = [type(value).__name__ for _, value in bar.sent]
    assert kinds == ["WorkDoneProgressBegin", "WorkDoneProgressEnd"]
    assert bar.sent[1][1].message == "1 document indexed"


def test_work_still_running_when_accepted_ends_when_it_ends() -> None:
    progress, bar = make()
    progress.begin("t", "Indexing", "")
    bar.callbacks[0](None)
    progress.report("t", 1, 2)
    assert [type(v).__name__ for _, v in bar.sent] == [
        "WorkDoneProgressBegin",
        "WorkDoneProgressReport",
    ]
    progress.end("t", "done")
    assert type(bar.sent[-1][1]).__name__ == "WorkDoneProgressEnd"
    assert len(bar.sent) == 3
