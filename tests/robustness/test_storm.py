"""Edit storms over LSP: the server keeps up and never shows stale results.

2,000 incremental edits are sent without waiting for anything; in the
middle a completion request must still be answered, and at the end the
last diagnostics published are exactly the engine's findings for the
final text, for the final version. Versions of published diagnostics never
go backwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from featuredoc.engine import check
from featuredoc.lsp.convert import Converter
from featuredoc.model.config import Config
from featuredoc.model.text import split_lines
from robustness.lsp_client import LspClient, lsp_range

FIXTURE = Path(__file__).parent.parent / "fixtures" / "rules" / "FD201" / "misspelled.pandoc"
URI = "file:///storm/docs/features/storm.pandoc"
PATH = "/storm/docs/features/storm.pandoc"


@pytest.fixture
def client() -> Iterator[LspClient]:
    c = LspClient()
    c.initialize()
    yield c
    c.kill()


def _utf16(line: str) -> int:
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in line)


def expected_diagnostics(text: str) -> list[tuple[Any, ...]]:
    lines = split_lines(text)
    convert = Converter(lines)
    out = []
    for f in check(text, PATH, Config()):
        rng = convert.range(f.span)
        out.append(
            (
                f.code,
                rng.start.line,
                rng.start.character,
                rng.end.line,
                rng.end.character,
                f.message,
                int(f.severity),
            )
        )
    return sorted(out)


def published(params: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            d["code"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
            d["message"],
            d["severity"],
        )
        for d in params["diagnostics"]
    )


class Editor:
    """The client's copy of the text, edited the way an editor would."""

    def __init__(self, text: str, seed: int) -> None:
        self.lines = split_lines(text)
        self.rng = random.Random(seed)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def random_edit(self) -> dict[str, Any]:
        r = self.rng
        line = r.randrange(len(self.lines))
        current = self.lines[line]
        kind = r.random()
        if kind < 0.45:  # type a character
            col = r.randint(0, len(current))
            ch = r.choice("abcdefgh *#:-😀é\u2028\x0c\x85")
            self.lines[line] = current[:col] + ch + current[col:]
            u = _utf16(current[:col])
            return {"range": lsp_range(line, u, line, u), "text": ch}
        if kind < 0.8 and current:  # delete a character (never half a pair)
            col = r.randrange(len(current))
            self.lines[line] = current[:col] + current[col + 1 :]
            u = _utf16(current[:col])
            return {"range": lsp_range(line, u, line, u + _utf16(current[col])), "text": ""}
        if kind < 0.9:  # split the line
            col = r.randint(0, len(current))
            self.lines[line : line + 1] = [current[:col], current[col:]]
            u = _utf16(current[:col])
            return {"range": lsp_range(line, u, line, u), "text": "\n"}
        if line + 1 < len(self.lines):  # join with the next line
            nxt = self.lines[line + 1]
            self.lines[line : line + 2] = [current + nxt]
            u = _utf16(current)
            return {"range": lsp_range(line, u, line + 1, 0), "text": ""}
        return {"range": lsp_range(line, 0, line, 0), "text": ""}


def _assert_versions_never_go_back(client: LspClient, uri: str) -> list[int]:
    versions = [p["version"] for p in client.diagnostics_for(uri) if p.get("version") is not None]
    assert versions == sorted(versions), f"diagnostics went back to an older version: {versions}"
    return versions


def test_storm_of_2000_edits_ends_with_the_final_texts_diagnostics(client: LspClient) -> None:
    editor = Editor(FIXTURE.read_text(encoding="utf-8"), seed=20)
    client.open(URI, editor.text, version=0)
    completion_id = None
    for version in range(1, 2001):
        client.change(URI, version, [editor.random_edit()])
        if version == 1000:
            completion_id = client.request_async(
                "textDocument/completion",
                {"textDocument": {"uri": URI}, "position": {"line": 5, "character": 17}},
            )
    assert completion_id is not None
    reply = client.response(completion_id)  # answered, not lost behind the storm
    assert "error" not in reply, reply
    final = client.wait_for_version(URI, 2000)
    assert published(final) == expected_diagnostics(editor.text)
    versions = _assert_versions_never_go_back(client, URI)
    assert versions[-1] == 2000
    # nothing older arrives afterwards: a request round trip flushes the pipe
    client.request(
        "textDocument/completion",
        {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
    )
    assert client.diagnostics_for(URI)[-1]["version"] == 2000


def test_storm_of_whole_document_changes(client: LspClient) -> None:
    base = FIXTURE.read_text(encoding="utf-8")
    client.open(URI, base, version=0)
    texts = [base.replace("Supperted", "Supported" if i % 2 else f"Sup{i}") for i in range(1, 301)]
    for version, text in enumerate(texts, start=1):
        client.change(URI, version, [{"text": text}])
    final = client.wait_for_version(URI, len(texts))
    assert published(final) == expected_diagnostics(texts[-1])
    _assert_versions_never_go_back(client, URI)


def test_rapid_open_close_reopen(client: LspClient) -> None:
    base = FIXTURE.read_text(encoding="utf-8")
    fixed = base.replace("Supperted", "Supported")
    for i in range(200):
        client.open(URI, base if i % 2 else fixed, version=i)
        client.close(URI)
    client.open(URI, base, version=1000)
    final = client.wait_for_version(URI, 1000)
    assert published(final) == expected_diagnostics(base)
    assert any(d["code"] == "FD201" for d in final["diagnostics"])
    # after a close, the last thing published for the uri is an empty list
    client.close(URI)
    client.wait_for(
        lambda: (
            client.diagnostics_for(URI)[-1]["diagnostics"] == []
            and client.diagnostics_for(URI)[-1].get("version") is None
        ),
        what="diagnostics cleared after close",
    )
    client.request("shutdown")
    assert client.diagnostics_for(URI)[-1]["diagnostics"] == []


def test_storm_with_pulled_diagnostics() -> None:
    c = LspClient()
    try:
        c.initialize(pull=True)
        editor = Editor(FIXTURE.read_text(encoding="utf-8"), seed=7)
        c.open(URI, editor.text, version=0)
        for version in range(1, 2001):
            c.change(URI, version, [editor.random_edit()])
        report = c.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})
        assert report["kind"] == "full"
        assert published({"diagnostics": report["items"]}) == expected_diagnostics(editor.text)
        # a pull client gets nothing pushed
        assert c.diagnostics_for(URI) == []
    finally:
        c.kill()
