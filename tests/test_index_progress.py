"""A folder indexed again under new settings shows one progress bar, ended when it is indexed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from featuredoc.lsp.workspaces import FolderIndexes
from featuredoc.model.config import Config


class Jobs:
    """The worker, run by hand."""

    def __init__(self) -> None:
        self.queue: list[Callable[[], None]] = []

    def submit(self, job: Callable[[], None]) -> None:
        self.queue.append(job)

    def to_loop(self, func: Callable[..., Any], *args: Any) -> None:  # noqa: ANN401
        func(*args)

    def run_one(self) -> None:
        self.queue.pop(0)()

    def run_all(self) -> None:
        while self.queue:
            self.run_one()


class Bar:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []

    def begin(self, token: str, title: str, message: str) -> None:
        self.events.append(("begin", token, message))

    def report(self, token: str, done: int, total: int) -> None:
        pass

    def end(self, token: str, message: str) -> None:
        self.events.append(("end", token, message))


class Settings:
    def __init__(self) -> None:
        self.config = Config()

    def config_for(self, uri: str) -> Config:
        return self.config

    def config_at(self, key: str) -> Config:
        return self.config

    def folder_uris(self) -> list[str]:
        return []

    def folder_for(self, uri: str, folders: object = None) -> str | None:
        return None


def test_an_index_started_again_carries_on_with_the_same_bar(tmp_path: Path) -> None:
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    for number in range(40):  # three steps of sixteen files
        (features / f"größe-{number}.pandoc").write_text("% Größe\n", encoding="utf-8")
    jobs, bar, generation = Jobs(), Bar(), [0]
    indexes = FolderIndexes(
        Settings(),  # type: ignore[arg-type]
        jobs,  # type: ignore[arg-type]
        bar,  # type: ignore[arg-type]
        lambda: tmp_path,
        lambda: generation[0],
    )
    indexes.start()
    jobs.run_one()  # the first sixteen files
    assert [e[0] for e in bar.events] == ["begin"]
    generation[0] = 1  # the settings arrived: the folder is indexed again
    indexes.start()
    jobs.run_all()
    assert [e[0] for e in bar.events] == ["begin", "end"]
    assert bar.events[0][1] == bar.events[1][1]
    assert bar.events[1][2] == "40 documents"
    folder = indexes.folders[""]
    assert folder.ready and len(folder.index) == 40
