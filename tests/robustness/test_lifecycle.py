"""The LSP life cycle and message framing over stdio, as the specification has them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from robustness.lsp_client import LspClient
from robustness.test_storm import FIXTURE

URI = "file:///life/docs/features/life.pandoc"
TEXT = FIXTURE.read_text(encoding="utf-8")
HOVER = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}


@pytest.fixture
def fresh() -> Iterator[LspClient]:
    c = LspClient()
    yield c
    c.kill()


def _message(payload: dict, header: bytes = b"Content-Length") -> bytes:
    body = json.dumps(payload).encode("utf-8")
    return header + b": %d\r\n\r\n%s" % (len(body), body)


def test_requests_before_initialize_are_refused(fresh: LspClient) -> None:
    reply = fresh.response(fresh.request_async("textDocument/hover", HOVER), timeout=20)
    assert reply["error"]["code"] == -32002, reply  # ServerNotInitialized
    fresh.open(URI, TEXT, version=1)  # a notification before initialize: dropped
    fresh.initialize()
    reply = fresh.response(fresh.request_async("textDocument/hover", HOVER), timeout=20)
    assert reply.get("result") is None and "error" not in reply, reply  # never opened
    assert fresh.diagnostics_for(URI) == []


def test_a_second_initialize_is_an_invalid_request(fresh: LspClient) -> None:
    fresh.initialize()
    reply = fresh.response(fresh.request_async("initialize", {"capabilities": {}}), timeout=20)
    assert reply["error"]["code"] == -32600, reply  # InvalidRequest


def test_requests_after_shutdown_are_invalid_requests(fresh: LspClient) -> None:
    fresh.initialize()
    fresh.request("shutdown")
    reply = fresh.response(fresh.request_async("textDocument/hover", HOVER), timeout=20)
    assert reply["error"]["code"] == -32600, reply
    fresh.notify("exit")
    assert fresh.wait_exit() == 0


def test_header_names_are_case_insensitive(fresh: LspClient) -> None:
    fresh.initialize()
    fresh.send_raw(_message({"jsonrpc": "2.0", "id": 900, "method": "shutdown"}, b"content-length"))
    reply = fresh.response(900, timeout=20)
    assert "error" not in reply, reply


def test_a_request_cancelled_before_it_ran_is_not_run(fresh: LspClient) -> None:
    fresh.initialize()
    fresh.open(URI, TEXT, version=1)
    fresh.wait_for_version(URI, 1)
    completion = {"textDocument": {"uri": URI}, "position": {"line": 5, "character": 20}}
    # the request and its cancellation arrive together: the request never starts
    fresh.send_raw(
        _message(
            {"jsonrpc": "2.0", "id": 901, "method": "textDocument/completion", "params": completion}
        )
        + _message({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 901}})
    )
    reply = fresh.response(901, timeout=20)
    assert reply.get("error", {}).get("code") == -32800, reply  # RequestCancelled
    # a request that is not cancelled is answered
    assert fresh.request("textDocument/completion", completion) is not None
