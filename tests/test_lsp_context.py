"""A document's context (folder, root, settings, kind, rule inputs) is worked out once per version.

The server is driven in process, message by message, so its counters can
be read: each version of an open document costs one context resolution and
one set of rule inputs, whatever the analysis, the publishing and the
requests on that version ask; a request on a version already resolved
resolves nothing.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from featuredoc.lsp.protocol import ServerProtocol
from featuredoc.lsp.server import FeaturedocServer
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.transport import _handle
from featuredoc.model.config import Config

TEXT = "% Größe 😀\n% Revision 1\n\n# Basics\n\nStatus: **Supported**\n"


class Answers:
    """The ids of the responses the server wrote."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def write(self, data: bytes) -> None:
        body = json.loads(data.partition(b"\r\n\r\n")[2])
        if isinstance(body.get("id"), int) and "method" not in body:
            self.ids.add(body["id"])

    def close(self) -> None:
        pass


@pytest.fixture
def config_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every uri the settings are looked up for (the work a resolution does)."""
    asked: list[str] = []
    original = Settings.config_for

    def counted(self: Settings, uri: str) -> Config:
        asked.append(uri)
        return original(self, uri)

    monkeypatch.setattr(Settings, "config_for", counted)
    return asked


def test_one_resolution_per_version(tmp_path: Path, config_lookups: list[str]) -> None:
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    document = features / "größe.pandoc"
    document.write_text(TEXT, encoding="utf-8")
    uri = document.as_uri()
    server = FeaturedocServer()
    services = server.services
    protocol = server.protocol
    assert isinstance(protocol, ServerProtocol)
    answers = Answers()
    protocol.set_writer(answers)

    def send(message: dict[str, Any]) -> None:
        _handle(protocol, json.dumps({"jsonrpc": "2.0", **message}).encode())

    async def analysed(version: int) -> None:
        for _ in range(600):
            checked = services.documents.analyses.latest(uri)
            if checked is not None and checked.version == version:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"version {version} was never analysed")

    async def session() -> tuple[int, int, int]:
        caps: dict[str, Any] = {}
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": caps},
            }
        )
        send({"method": "initialized", "params": {}})
        item = {"uri": uri, "languageId": "pandoc", "version": 1, "text": TEXT}
        send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        await analysed(1)
        text = TEXT
        for version in range(2, 7):  # five edits
            text += "ü"
            send(
                {
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"text": text}],
                    },
                }
            )
            await analysed(version)
        before = services.contexts.resolutions, len(config_lookups)
        position = {"line": 5, "character": 10}
        for ident, method in enumerate(
            ("textDocument/hover", "textDocument/documentSymbol", "textDocument/completion"), 2
        ):
            params: dict[str, Any] = {"textDocument": {"uri": uri}}
            if method != "textDocument/documentSymbol":
                params["position"] = position
            send({"id": ident, "method": method, "params": params})
        for _ in range(600):
            if {2, 3, 4} <= answers.ids:
                break
            await asyncio.sleep(0.05)
        assert {2, 3, 4} <= answers.ids
        after = services.contexts.resolutions, len(config_lookups)
        assert after == before, "a request on an unchanged version resolved its context again"
        return services.contexts.resolutions, services.rule_inputs.builds, len(config_lookups)

    resolutions, inputs, lookups = asyncio.run(session())
    assert resolutions == 6  # open + 5 edits
    assert inputs == 1  # the edits change nothing the inputs are made of
    assert lookups == 6  # the settings of the document, once per version
