"""Protocol edge cases: the server answers, stays alive and keeps an exact copy."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from featuredoc.model.text import Position, replace_range
from robustness.lsp_client import LspClient, lsp_range
from robustness.test_storm import FIXTURE, expected_diagnostics, published

URI = "file:///storm/docs/features/storm.pandoc"
TEXT = FIXTURE.read_text(encoding="utf-8")


@pytest.fixture
def client() -> Iterator[LspClient]:
    c = LspClient()
    c.initialize()
    yield c
    c.kill()


def _alive(client: LspClient) -> None:
    """A request round trip: the server still reads, handles and answers."""
    assert client.proc.poll() is None
    client.request(
        "textDocument/completion",
        {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
    )


def test_change_with_a_range_past_the_end_is_clamped_and_the_next_change_works(
    client: LspClient,
) -> None:
    client.open(URI, TEXT, version=1)
    client.change(URI, 2, [{"range": lsp_range(500, 3, 900, 0), "text": "\n# Extra\n"}])
    after = client.wait_for_version(URI, 2)
    # defined: the edit lands at the end of the document
    clamped = replace_range(TEXT, Position(500, 3), Position(900, 0), "\n# Extra\n")
    assert published(after) == expected_diagnostics(clamped)
    # a start past the end of a line is clamped to the line's end
    client.change(URI, 3, [{"range": lsp_range(0, 999, 0, 999), "text": "!"}])
    clamped = replace_range(clamped, Position(0, 999), Position(0, 999), "!")
    assert published(client.wait_for_version(URI, 3)) == expected_diagnostics(clamped)
    fixed = TEXT.replace("Supperted", "Supported")
    client.change(URI, 4, [{"text": fixed}])
    assert published(client.wait_for_version(URI, 4)) == expected_diagnostics(fixed)
    assert client.diagnostics_for(URI)[-1]["diagnostics"] == []


def test_a_reversed_range_is_applied_as_its_ordered_twin(client: LspClient) -> None:
    col = TEXT.split("\n")[5].index("Supperted")
    client.open(URI, TEXT, version=1)
    client.change(URI, 2, [{"range": lsp_range(5, col + 9, 5, col), "text": "Supported"}])
    assert client.wait_for_version(URI, 2)["diagnostics"] == []


def test_change_for_a_document_never_opened_is_ignored(client: LspClient) -> None:
    client.change("file:///nowhere.pandoc", 2, [{"range": lsp_range(0, 0, 0, 0), "text": "x"}])
    client.open(URI, TEXT, version=1)
    _alive(client)
    assert client.wait_for_version(URI, 1)


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("textDocument/completion", {"position": {"line": 0, "character": 0}}),
        ("textDocument/hover", {"position": {"line": 0, "character": 0}}),
        ("textDocument/documentSymbol", {}),
        (
            "textDocument/codeAction",
            {"range": lsp_range(0, 0, 0, 0), "context": {"diagnostics": []}},
        ),
        ("textDocument/formatting", {"options": {"tabSize": 4, "insertSpaces": True}}),
        ("textDocument/documentLink", {}),
        ("textDocument/foldingRange", {}),
        ("textDocument/diagnostic", {}),
    ],
)
def test_requests_for_a_uri_never_opened(client: LspClient, method: str, params: dict) -> None:
    params = {"textDocument": {"uri": "file:///never/opened.pandoc"}, **params}
    reply = client.response(client.request_async(method, params))
    if "error" in reply:  # a method the server does not offer
        assert reply["error"]["code"] == -32601, reply
    else:
        assert reply["result"] in (None, [], {}) or reply["result"].get("items") == [], reply
    _alive(client)


def test_untitled_and_percent_encoded_uris_get_diagnostics(client: LspClient) -> None:
    for uri in ("untitled:Untitled-1", "file:///tmp/my%20docs/docs/features/a%20b.pandoc"):
        client.open(uri, TEXT, version=7)
        got = client.wait_for_version(uri, 7)
        assert [d["code"] for d in got["diagnostics"]] == ["FD201"], got
        client.change(uri, 8, [{"text": TEXT.replace("Supperted", "Supported")}])
        assert client.wait_for_version(uri, 8)["diagnostics"] == []


def test_unknown_methods(client: LspClient) -> None:
    reply = client.response(client.request_async("featuredoc/noSuchMethod", {"x": 1}))
    assert reply["error"]["code"] == -32601
    client.notify("featuredoc/noSuchNotification", {"x": 1})
    client.notify("$/noSuchOptionalNotification", {})
    _alive(client)


@pytest.mark.parametrize(
    ("method", "params", "reason"),
    [
        (
            "textDocument/completion",
            {"textDocument": {"uri": URI}, "position": {"line": -1, "character": 0}},
            "Position.line should be in range [0:2147483647], but was -1.",
        ),
        ("textDocument/hover", {"textDocument": {"uri": URI}}, "missing 'position'"),
        (
            "textDocument/formatting",
            {"textDocument": {"uri": URI}, "options": {"tabSize": "four", "insertSpaces": True}},
            "tab_size",
        ),
    ],
)
def test_a_request_whose_params_cannot_be_read_is_answered_invalid_params(
    client: LspClient, method: str, params: dict, reason: str
) -> None:
    client.open(URI, TEXT, version=1)
    reply = client.response(client.request_async(method, params), timeout=20)
    assert reply["error"]["code"] == -32602, reply  # InvalidParams
    assert reply["error"]["message"].startswith(f"invalid params for {method}: "), reply
    assert reason in reply["error"]["message"], reply
    _alive(client)
    # and the next request of the same kind, with good params, is answered as usual
    good = {"textDocument": {"uri": URI}, "position": {"line": 5, "character": 20}}
    assert "error" not in client.response(client.request_async("textDocument/hover", good))


def test_a_notification_whose_params_cannot_be_read_is_logged_and_ignored(
    client: LspClient,
) -> None:
    client.open(URI, TEXT, version=1)
    client.wait_for_version(URI, 1)
    before_line = lsp_range(-1, 0, 0, 0)
    client.change(URI, 2, [{"range": before_line, "text": "garbage"}])
    client.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x.pandoc"}})
    fixed = TEXT.replace("Supperted", "Supported")
    client.change(URI, 3, [{"text": fixed}])
    assert client.wait_for_version(URI, 3)["diagnostics"] == []
    _alive(client)
    assert client.diagnostics_for("file:///x.pandoc") == []
    assert not [n for n in client.notifications if n.get("method") == "window/showMessage"]
    for method in ("textDocument/didChange", "textDocument/didOpen"):
        _logged(client, f"{method} notification ignored: invalid params")
    # The change that could not be read was not applied: version 2 was never published.
    assert [p["version"] for p in client.diagnostics_for(URI)] == [1, 3]


def _logged(client: LspClient, text: str) -> None:
    """Wait for *text* in the server's log (standard error is read on its own thread)."""
    deadline = time.monotonic() + 30
    while text not in "".join(client.stderr_lines):
        assert time.monotonic() < deadline, f"not logged: {text}\n{''.join(client.stderr_lines)}"
        time.sleep(0.05)


def test_a_request_whose_params_cannot_be_read_before_initialize_is_not_initialized() -> None:
    c = LspClient()
    try:
        ident = c.request_async(
            "textDocument/completion",
            {"textDocument": {"uri": URI}, "position": {"line": -1, "character": 0}},
        )
        assert c.response(ident, timeout=20)["error"]["code"] == -32002
        c.initialize()
        _alive(c)
    finally:
        c.kill()


def test_cancelled_request_gets_an_answer_and_the_server_lives_on(client: LspClient) -> None:
    client.open(URI, TEXT, version=1)
    ident = client.request_async(
        "textDocument/completion",
        {"textDocument": {"uri": URI}, "position": {"line": 5, "character": 20}},
    )
    client.notify("$/cancelRequest", {"id": ident})
    client.notify("$/cancelRequest", {"id": 987654})  # unknown id: ignored
    reply = client.response(ident)
    assert "result" in reply or reply["error"]["code"] == -32800, reply
    _alive(client)


def test_malformed_messages_do_not_stop_the_server(client: LspClient) -> None:
    body = b"{not json"
    client.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {}}).encode()
    client.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    client.notify("textDocument/didChange", {"textDocument": {"uri": URI}})
    client.open(URI, TEXT, version=1)
    _alive(client)
    assert client.wait_for_version(URI, 1)


def test_lone_surrogates_and_nul_in_the_text(client: LspClient) -> None:
    text = TEXT.replace("Supperted", "Sup\ud800er\x00ted").replace("% Grant", "% \udfff Grant")
    client.open(URI, text, version=1)
    got = client.wait_for_version(URI, 1)
    assert published(got) == expected_diagnostics(text)
    _alive(client)


def test_line_breaks_lsp_does_not_count_keep_edits_on_their_line(client: LspClient) -> None:
    # U+2028, U+0085 and form feed are not line breaks in LSP; an edit after
    # them must land where the client put it.
    text = TEXT.replace("% Revision 2\n", "% Revision 2\n\u2028 \x0c \x85\n", 1)
    line = text.split("\n")[6]
    col = line.index("Supperted")
    client.open(URI, text, version=1)
    client.change(URI, 2, [{"range": lsp_range(6, col, 6, col + 9), "text": "Supported"}])
    assert client.wait_for_version(URI, 2)["diagnostics"] == []


def test_utf8_position_encoding_with_incremental_edits() -> None:
    c = LspClient()
    try:
        result = c.initialize(encodings=["utf-8"])
        encoding = result["capabilities"].get("positionEncoding", "utf-16")
        text = TEXT.replace("% Grant Table v3", "% Grant 😀 Tablé v3")
        c.open(URI, text, version=1)
        title = text.split("\n")[0]
        units = len(title.encode("utf-8" if encoding == "utf-8" else "utf-16-le"))
        units //= 1 if encoding == "utf-8" else 2
        c.change(URI, 2, [{"range": lsp_range(0, units, 0, units), "text": " ✓"}])
        got = c.wait_for_version(URI, 2)
        assert [d["code"] for d in got["diagnostics"]] == ["FD201"]
        # the end of the title in the client's units, if a range points there
        c.change(
            URI, 3, [{"range": lsp_range(5, 0, 5, 999), "text": "         Status: **Supported**"}]
        )
        assert c.wait_for_version(URI, 3)["diagnostics"] == []
    finally:
        c.kill()


def test_shutdown_then_exit_exits_0() -> None:
    c = LspClient()
    try:
        c.initialize()
        c.open(URI, TEXT)
        assert c.shutdown_and_exit() == 0
    finally:
        c.kill()


def test_exit_without_shutdown_exits_1() -> None:
    c = LspClient()
    try:
        c.initialize()
        c.notify("exit")
        assert c.wait_exit() == 1
    finally:
        c.kill()


def test_requests_after_shutdown_do_not_stop_the_exit() -> None:
    c = LspClient()
    try:
        c.initialize()
        c.request("shutdown")
        c.request_async(
            "textDocument/hover",
            {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
        )
        c.notify("exit")
        assert c.wait_exit() == 0
    finally:
        c.kill()


@pytest.mark.parametrize("initialized", [True, False])
def test_stdin_closed_ends_the_process(initialized: bool) -> None:
    c = LspClient()
    try:
        if initialized:
            c.initialize()
            c.open(URI, TEXT)
        assert c.proc.stdin is not None
        c.proc.stdin.close()
        assert c.wait_exit(timeout=15) == 1  # the client went away without shutdown
    finally:
        c.kill()


def _big_document(target_bytes: int) -> str:
    body = TEXT.split("# Overview", 1)[1]
    parts = [TEXT.split("# Overview", 1)[0], "# Overview"]
    size = 0
    i = 0
    while size < target_bytes:
        chunk = f"\n## Part {i}\n\n" + body.replace("# ", "### ")
        parts.append(chunk)
        size += len(chunk)
        i += 1
    return "".join(parts)


def test_huge_document_does_not_stop_other_documents(client: LspClient) -> None:
    big = _big_document(10 * 1024 * 1024)
    small = "file:///storm/docs/features/small.pandoc"
    big_uri = "file:///storm/docs/features/big.pandoc"
    client.open(big_uri, big, version=1)
    client.open(small, TEXT, version=1)
    reply = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": small}, "position": {"line": 5, "character": 17}},
        timeout=300,
    )
    assert reply is None or "items" in reply
    got = client.wait_for_version(small, 1, timeout=300)
    assert [d["code"] for d in got["diagnostics"]] == ["FD201"]
    big_diags = client.wait_for_version(big_uri, 1, timeout=300)
    # larger than max_document_size (2 MiB by default): reported, not analysed
    assert [(d["code"], d["range"]["start"]) for d in big_diags["diagnostics"]] == [
        ("FD905", {"line": 0, "character": 0})
    ]


def test_workspace_root_that_does_not_exist(tmp_path: Path) -> None:
    c = LspClient(cwd=tmp_path)
    try:
        c.initialize(root=tmp_path / "missing")
        c.open(URI, TEXT, version=1)
        assert c.wait_for_version(URI, 1)
        assert c.shutdown_and_exit() == 0
    finally:
        c.kill()


def test_many_documents_open_at_once(client: LspClient) -> None:
    uris = [f"file:///storm/docs/features/d{i}.pandoc" for i in range(200)]
    for i, uri in enumerate(uris):
        client.open(uri, TEXT if i % 2 else TEXT.replace("Supperted", "Supported"), version=i)
    for i, uri in enumerate(uris):
        got = client.wait_for_version(uri, i)
        assert len(got["diagnostics"]) == (1 if i % 2 else 0)
