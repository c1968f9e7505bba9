"""The server's copy of a document follows the client's edits exactly.

:func:`featuredoc.lsp.text_sync.apply_content_changes` is compared with an
independent model of what an LSP client does: the text as UTF-16 code
units, lines ended by ``\\r\\n``, ``\\n`` or ``\\r`` only.
"""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from featuredoc.lsp.text_sync import apply_content_changes
from featuredoc.lsp.throttle import PublishThrottle
from featuredoc.model.text import Position, replace_range

ALPHABET = st.sampled_from(
    ["a", "b", " ", "\n", "\r\n", "\r", "\u2028", "\x0c", "\x85", "\x0b", "😀", "é", "\t"]
)
texts = st.lists(ALPHABET, max_size=40).map("".join)


def _units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def _from_units(units: list[int]) -> str:
    data = b"".join(u.to_bytes(2, "little") for u in units)
    return data.decode("utf-16-le", "surrogatepass")


def _client_apply(text: str, sl: int, sc: int, el: int, ec: int, new: str) -> str:
    units = _units(text)
    starts, ends = [0], []
    i = 0
    while i < len(units):
        if units[i] == 13 and i + 1 < len(units) and units[i + 1] == 10:
            ends.append(i)
            starts.append(i + 2)
            i += 2
            continue
        if units[i] in (10, 13):
            ends.append(i)
            starts.append(i + 1)
        i += 1
    ends.append(len(units))

    def offset(line: int, char: int) -> int:
        if line >= len(starts):
            return len(units)
        return starts[line] + min(char, ends[line] - starts[line])

    a, b = sorted((offset(sl, sc), offset(el, ec)))
    return _from_units(units[:a] + _units(new) + units[b:])


@st.composite
def edits(draw: st.DrawFn, text: str) -> tuple[int, int, int, int, str]:
    lines = max(1, text.count("\n") + text.count("\r") + 1)
    sl = draw(st.integers(0, lines + 1))
    el = draw(st.integers(sl, lines + 1))
    sc = draw(st.integers(0, 12))
    ec = draw(st.integers(0, 12))
    if sl == el:
        sc, ec = min(sc, ec), max(sc, ec)
    return sl, sc, el, ec, draw(texts)


def _snap(text: str, line: int, char: int) -> int:
    """Move a UTF-16 column off the middle of a surrogate pair (clients never send those)."""
    from featuredoc.model.text import split_lines

    lines = split_lines(text)
    if line >= len(lines):
        return char
    units = 0
    for ch in lines[line]:
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > char:
            return units if char < units + width and width == 2 and char > units else char
        units += width
    return char


@given(st.data(), texts)
def test_incremental_changes_match_the_clients_model(data: st.DataObject, text: str) -> None:
    """Three changes in a row, lines counted from the previous change's line (the anchor)."""
    anchor = None
    for _ in range(3):
        sl, sc, el, ec, new = data.draw(edits(text))
        sc, ec = _snap(text, sl, sc), _snap(text, el, ec)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=sl, character=sc),
                end=types.Position(line=el, character=ec),
            ),
            text=new,
        )
        got, anchor = apply_content_changes(text, [change], "utf-16", anchor)
        assert got == _client_apply(text, sl, sc, el, ec, new)
        assert got == apply_content_changes(text, [change], "utf-16")[0]  # counted from the top
        text = got


def test_whole_document_change_replaces_everything() -> None:
    change = types.TextDocumentContentChangeWholeDocument(text="new\u2028text")
    assert apply_content_changes("old", [change], "utf-16") == ("new\u2028text", None)


def test_replace_range_clamps_and_orders() -> None:
    assert replace_range("ab\ncd", Position(9, 9), Position(9, 9), "!") == "ab\ncd!"
    assert replace_range("ab\ncd", Position(0, 9), Position(0, 9), "!") == "ab!\ncd"
    assert replace_range("ab\ncd", Position(1, 1), Position(0, 1), "") == "ad"
    assert replace_range("a\u2028b\r\nc", Position(1, 0), Position(1, 1), "X") == "a\u2028b\r\nX"


def test_throttle_publishes_a_lone_change_at_once() -> None:
    published: list[str] = []

    async def typing() -> None:
        throttle = PublishThrottle(published.append, interval=0.05)
        for expected in range(1, 4):
            throttle.changed("u")  # nothing else waiting: no timer in the way
            assert published == ["u"] * expected

    asyncio.run(typing())


def test_throttle_folds_a_burst_into_one_publish() -> None:
    published: list[str] = []
    waiting = [True]

    async def storm() -> None:
        throttle = PublishThrottle(published.append, interval=0.05, pending=lambda: waiting[0])
        for _ in range(500):
            throttle.changed("u")  # more input waiting: deferred
        assert published == []
        waiting[0] = False
        throttle.changed("u")  # the last change of the burst
        assert published == ["u"]
        await asyncio.sleep(0.1)
        assert published == ["u"]  # the deferred timer was cancelled

    asyncio.run(storm())


def test_throttle_publishes_a_deferred_document_when_other_input_waits() -> None:
    published: list[str] = []

    async def run() -> None:
        throttle = PublishThrottle(published.append, interval=0.02, pending=lambda: True)
        throttle.changed("u")
        throttle.changed("v")
        throttle.forget("v")
        assert published == []
        await asyncio.sleep(0.1)
        assert published == ["u"]

    asyncio.run(run())


def test_read_ahead_reads_lines_bodies_and_reports_pending_input() -> None:
    import os
    import time

    from featuredoc.lsp.transport import ReadAhead

    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "rb", buffering=0) as raw:
        reader = ReadAhead(raw)
        assert not reader.pending()
        os.write(write_fd, b"Content-Length: 5\r\n\r\nhelloContent-Length: 2\r\n")
        deadline = time.monotonic() + 5
        while not reader.pending() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reader.readline() == b"Content-Length: 5\r\n"
        assert reader.readline() == b"\r\n"
        assert reader.read(5) == b"hello"
        assert reader.pending()  # the next message's header is already here
        assert reader.readline() == b"Content-Length: 2\r\n"
        os.close(write_fd)
        assert reader.readline() == b""  # end of input


def test_throttle_outside_a_loop_publishes_at_once() -> None:
    published: list[str] = []
    throttle = PublishThrottle(published.append)
    throttle.changed("u")
    throttle.changed("u")
    assert published == ["u", "u"]


def test_throttle_survives_a_failing_publish() -> None:
    calls: list[str] = []

    def publish(uri: str) -> None:
        calls.append(uri)
        raise RuntimeError("boom")

    async def run() -> None:
        throttle = PublishThrottle(publish, interval=0.01)
        throttle.changed("u")
        throttle.changed("u")  # the first failure did not stop the second
        await asyncio.sleep(0.05)

    asyncio.run(run())
    assert calls == ["u", "u"]


def test_read_ahead_is_bounded_and_the_pipe_holds_the_rest() -> None:
    """A client that floods its input while the server does not read is made to wait."""
    import os
    import threading
    import time

    from featuredoc.lsp.transport import ReadAhead

    total = 64 << 20
    limit = 1 << 20
    read_fd, write_fd = os.pipe()
    written = [0]
    message = b"Content-Length: 65530\r\n\r\n" + b"x" * 65530

    def flood() -> None:
        with os.fdopen(write_fd, "wb", buffering=0) as out:
            while written[0] < total:
                out.write(message)
                written[0] += len(message)

    with os.fdopen(read_fd, "rb", buffering=0) as raw:
        reader = ReadAhead(raw, limit=limit)
        writer = threading.Thread(target=flood, daemon=True)
        writer.start()
        # the server reads nothing: wait until the flood stalls
        before = -1
        while written[0] != before:
            before = written[0]
            time.sleep(0.3)
        assert reader.buffered <= limit + (1 << 16)
        assert written[0] < total  # the client waits on the full pipe
        got = 0
        while got < total // len(message):  # the server catches up: everything arrives
            body = reader.message()
            assert body == b"x" * 65530
            got += 1
        writer.join(30)
        assert not writer.is_alive()
        assert reader.high_water <= limit + (1 << 16)


def test_read_ahead_skips_an_oversized_message() -> None:
    import os

    from featuredoc.lsp.transport import ReadAhead

    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "rb", buffering=0) as raw:
        reader = ReadAhead(raw, max_message=10)
        os.write(write_fd, b"Content-Length: 20\r\n\r\n" + b"y" * 20)
        os.write(write_fd, b"content-length: 2\r\n\r\nok")
        assert reader.message() == b"ok"
        os.close(write_fd)
        with pytest.raises(EOFError):
            reader.message()


def test_a_message_larger_than_the_budget_is_read_without_blocking() -> None:
    import os
    import threading
    import time

    from featuredoc.lsp.transport import ReadAhead

    read_fd, write_fd = os.pipe()
    body = "é".encode() * (1 << 20)  # 2 MiB, the budget is 256 KiB
    data = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)

    def send() -> None:
        with os.fdopen(write_fd, "wb", buffering=0) as out:
            out.write(data)

    with os.fdopen(read_fd, "rb", buffering=0) as raw:
        reader = ReadAhead(raw, limit=256 << 10)
        threading.Thread(target=send, daemon=True).start()
        deadline = time.monotonic() + 30
        got = None
        while got is None and time.monotonic() < deadline:
            got = reader.message(wait=False)  # as the server's loop asks
            time.sleep(0.01)
        assert got == body


def test_lines_are_counted_from_the_previous_change() -> None:
    """Typing down a long text: each change's line found from the last one's, exactly."""
    lines = [f"línea {i} 🚀" for i in range(3000)]
    text = "\n".join(lines)
    anchor = None
    for line in (1500, 1501, 1400, 1999, 2999, 10, 1700):
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=line, character=9),
                end=types.Position(line=line, character=9),
            ),
            text="x\n",
        )
        text, anchor = apply_content_changes(text, [change], "utf-16", anchor)
        lines[line : line + 1] = [lines[line][:9] + "x", lines[line][9:]]
        assert text == "\n".join(lines)
        assert anchor is not None and anchor.line == line
        assert anchor.offset == sum(len(before) + 1 for before in lines[:line])
