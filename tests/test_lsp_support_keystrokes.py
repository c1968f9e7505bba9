"""Typing in SUPPORT.md: the rule inputs are built once, and the version file is still followed.

The server is driven in process, message by message, as in
``test_lsp_context.py``. A new version of SUPPORT.md takes the previous
version's rule inputs while nothing they were built from changed; the
version file (``xen/Makefile``) changed on disk is read at the next
keystroke, even from a client that does not report changed files.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from featuredoc import engine
from featuredoc.lsp.protocol import ServerProtocol
from featuredoc.lsp.server import FeaturedocServer
from featuredoc.lsp.transport import _handle
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.workspace.inputs import rule_inputs

SUPPORT = """\
% Support statement for this release

# Release Support

    Xen-Version: 4.22
    Initial-Release: 2026-07-30
    Supported-Until: 2029-07-30
    Security-Support-Until: 2031-07-30

# Feature Support

## Größe 😀

    Status: Supported

See docs/misc/missing.txt.
"""


def makefile(subversion: int) -> str:
    return f"XEN_VERSION = 4\nXEN_SUBVERSION = {subversion}\nXEN_EXTRAVERSION ?= .0\n"


class Silent:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def test_support_versions_share_their_inputs_until_the_version_file_changes(
    tmp_path: Path,
) -> None:
    (tmp_path / "xen").mkdir()
    (tmp_path / "docs" / "misc").mkdir(parents=True)
    version_file = tmp_path / "xen" / "Makefile"
    version_file.write_text(makefile(22), encoding="utf-8")
    support = tmp_path / "SUPPORT.md"
    support.write_text(SUPPORT, encoding="utf-8")
    uri = support.as_uri()
    server = FeaturedocServer()
    services = server.services
    protocol = server.protocol
    assert isinstance(protocol, ServerProtocol)
    protocol.set_writer(Silent())

    def send(message: dict[str, Any]) -> None:
        _handle(protocol, json.dumps({"jsonrpc": "2.0", **message}).encode())

    async def codes(version: int) -> list[str]:
        for _ in range(600):
            checked = services.documents.analyses.latest(uri)
            if checked is not None and checked.version == version:
                return [f.code for f in checked.analysis.findings]
            await asyncio.sleep(0.05)
        raise AssertionError(f"version {version} was never analysed")

    def type_at_end(version: int, char: str) -> None:
        line = SUPPORT.count("\n")  # the empty last line
        position = {"line": line, "character": version}
        change = {"range": {"start": position, "end": position}, "text": char}
        send(
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [change],
                },
            }
        )

    async def session() -> tuple[list[str], list[str], list[str], str]:
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
            }
        )
        send({"method": "initialized", "params": {}})
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": SUPPORT}
        send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        opened = await codes(1)
        key = services.indexes.key_for(uri)
        assert key is not None
        for _ in range(600):  # the folder indexed: no re-check will come in between
            folder = services.indexes.folder_by_key(key, build=False)
            if folder is not None and folder.ready and not services.documents.analyses.waiting(uri):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        before[:] = [services.rule_inputs.builds, services.rule_inputs.reused]
        for version in range(2, 7):  # five keystrokes
            type_at_end(version, "é")
            typed = await codes(version)
        version_file.write_text(makefile(23), encoding="utf-8")
        stat = version_file.stat()  # a new modification time even on a coarse clock
        os.utime(version_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        type_at_end(7, "x")  # no file watcher told: the keystroke finds it
        changed = await codes(7)
        document = services.documents.document(uri)
        assert document is not None
        return opened, typed, changed, document.source

    before: list[int] = []
    opened, typed, changed, text = asyncio.run(session())
    assert "FD520" not in opened and "FD520" not in typed
    assert "FD520" in changed  # Xen-Version 4.22 against a tree of 4.23
    # built once after the version file changed; taken over by the five keystrokes before
    assert services.rule_inputs.builds - before[0] == 1
    assert services.rule_inputs.reused - before[1] == 5
    assert services.contexts.resolutions == 7  # still one per version
    config = Config()
    inputs = rule_inputs(str(support), config, root=tmp_path)
    fresh = engine.check(text, str(support), config, kind=DocumentKind.SUPPORT, inputs=inputs)
    assert changed == [f.code for f in fresh]
