"""The server keeps nothing per message once the message is handled."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from featuredoc.lsp.protocol import ServerProtocol
from featuredoc.lsp.server import FeaturedocServer
from featuredoc.lsp.transport import _handle


class Discard:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def test_notifications_leave_no_future_behind(tmp_path: Path) -> None:
    """pygls files a future for every notification it hands to a generator handler
    (its own ``didChange``) and never drops it: one per keystroke, for as long as the
    server runs. The server drops each once it is done."""
    server = FeaturedocServer()
    protocol = server.protocol
    assert isinstance(protocol, ServerProtocol)
    protocol.set_writer(Discard())
    uri = (tmp_path / "docs" / "features" / "größe.pandoc").as_uri()

    def send(message: dict[str, object]) -> None:
        _handle(protocol, json.dumps({"jsonrpc": "2.0", **message}).encode())

    async def session() -> int:
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
            }
        )
        send({"method": "initialized", "params": {}})
        text = "% Größe 😀\n% Revision 1\n\n# Basics\n"
        send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "pandoc",
                        "version": 1,
                        "text": text,
                    }
                },
            }
        )
        for version in range(2, 302):
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
            await asyncio.sleep(0)
        await asyncio.sleep(0.2)
        return len(protocol._request_futures)  # noqa: SLF001

    assert asyncio.run(session()) < 5
