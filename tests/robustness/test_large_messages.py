"""Messages too large to read: refused with a logged reason, and the server goes on.

Python holds a JSON object of a few bytes in some 30 times that: one
message of 28 MiB of small objects took the server to 870 MB. A message
larger than ``MAX_MESSAGE_BYTES``, or with more than ``MAX_MESSAGE_VALUES``
values, is refused before it is parsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from featuredoc.lsp.message_limits import (
    MAX_MESSAGE_BYTES,
    MAX_MESSAGE_VALUES,
    message_envelope,
    too_many_values,
)
from robustness.lsp_client import LspClient
from robustness.test_storm import FIXTURE

URI = "file:///big/docs/features/big.pandoc"
TEXT = (FIXTURE.parents[1] / "FD402" / "unpadded-day.pandoc").read_text(encoding="utf-8")
_STATUS = next(n for n, line in enumerate(TEXT.split("\n")) if "**Supported**" in line)
#: on the status, which hover explains
AT = {"line": _STATUS, "character": TEXT.split("\n")[_STATUS].index("Supported") + 2}


@pytest.fixture
def client() -> Iterator[LspClient]:
    c = LspClient()
    c.initialize()
    yield c
    c.kill()


def _raw_request(client: LspClient, ident: int, method: str, params: str) -> None:
    body = f'{{"jsonrpc":"2.0","id":{ident},"method":"{method}","params":{params}}}'.encode()
    client.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def _hover_params(uri: str, padding: str = "") -> str:
    return f'{{"textDocument":{{"uri":"{uri}"}},"position":{json.dumps(AT)}{padding}}}'


def _still_answers(client: LspClient) -> None:
    client.open(URI, TEXT, version=1)
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": AT},
    )
    assert hover is not None and "contents" in hover


def test_a_message_over_the_size_limit_is_refused_and_answered(client: LspClient) -> None:
    padding = ',"padding":"' + "x" * (MAX_MESSAGE_BYTES + 1000) + '"'
    _raw_request(client, 900, "textDocument/hover", _hover_params(URI, padding))
    reply = client.response(900)
    assert reply["error"]["code"] == -32600, reply
    assert "refused" in reply["error"]["message"]
    assert f"more than the {MAX_MESSAGE_BYTES:,} read" in reply["error"]["message"]
    _still_answers(client)
    assert any("was refused" in line for line in client.stderr_lines), client.stderr_lines


def test_a_message_of_many_small_objects_is_refused_and_answered(client: LspClient) -> None:
    padding = ',"padding":[' + ",".join(['{"a":1}'] * (MAX_MESSAGE_VALUES + 10)) + "]"
    _raw_request(client, 901, "textDocument/hover", _hover_params(URI, padding))
    reply = client.response(901)
    assert reply["error"]["code"] == -32600, reply
    assert f"over {MAX_MESSAGE_VALUES:,} JSON values" in reply["error"]["message"]
    _still_answers(client)


def test_a_document_in_a_refused_message_shows_fd905_and_is_no_longer_followed(
    client: LspClient,
) -> None:
    other = "file:///big/docs/features/gr%C3%B6%C3%9Fe.pandoc"
    client.open(other, TEXT, version=1)
    client.wait_for_version(other, 1)
    huge = TEXT + "Ünïcode text, and more.\n" * (MAX_MESSAGE_BYTES // 20)
    client.change(other, 2, [{"text": huge}])
    client.wait_for(
        lambda: any(
            d["code"] == "FD905" for p in client.diagnostics_for(other) for d in p["diagnostics"]
        ),
        what="FD905 on the document",
    )
    (last,) = client.diagnostics_for(other)[-1:]
    (diagnostic,) = last["diagnostics"]
    assert "did not read it" in diagnostic["message"]
    assert diagnostic["range"]["start"] == {"line": 0, "character": 0}
    # later changes are not applied to a text the editor no longer has
    client.change(other, 3, [{"text": TEXT}])
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": other}, "position": AT},
    )
    assert hover is None
    _still_answers(client)


def test_a_large_document_with_many_commas_is_not_refused() -> None:
    text = "a, b, {c} [d]\n" * (MAX_MESSAGE_VALUES // 2)
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": URI, "version": 1, "text": text}},
        }
    ).encode()
    assert len(body) > 1 << 20
    assert too_many_values(body) is None
    many = b'{"params":[' + b",".join([b"123456"] * (MAX_MESSAGE_VALUES + 1)) + b"]}"
    counted = too_many_values(many)
    assert counted is not None and counted > MAX_MESSAGE_VALUES


def test_the_start_of_a_message_tells_who_sent_it() -> None:
    head = b'{ "jsonrpc" : "2.0", "id": 7, "method": "textDocument/didOpen", "params": '
    head += b'{"textDocument": {"uri": "file:///a%20b.pandoc", "text": "' + b"x" * 100
    assert message_envelope(head) == {
        "jsonrpc": "2.0",
        "id": 7,
        "method": "textDocument/didOpen",
        "uri": "file:///a%20b.pandoc",
    }
    assert message_envelope(b'{"params": {}, "id": "q"}') == {}
    assert message_envelope(b"not json") == {}
