"""The stdio transport: the client's input read ahead (:class:`ReadAhead`), handled in batches.

pygls's own loop reads a header line at a time through an executor and
matches ``Content-Length`` case-sensitively. This loop takes whole messages
from the read-ahead buffer without leaving the event loop while they are
there, and hands them to the protocol; when the buffer is empty it runs the
requests the protocol queued (see :mod:`featuredoc.lsp.protocol`) and waits
until the reading thread says more input arrived. It yields to the event loop every
:data:`BATCH` messages, so timers and finished analyses are delivered
during a flood.

Output is written whole, under a lock (:class:`LockedWriter`), so the worker
thread can publish diagnostics without a detour through the event loop.
It is written synchronously to standard output: when the client stops
reading, the pipe fills and the write blocks, so the server waits (its
memory does not grow), and its input is bounded by the read-ahead budget.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import select
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from pygls.exceptions import JsonRpcException

from featuredoc.lsp.message_limits import (
    MAX_MESSAGE_BYTES,
    MAX_MESSAGE_VALUES,
    REFUSED_HEAD,
    refuse,
    too_many_values,
)
from featuredoc.lsp.protocol import ServerProtocol

log = logging.getLogger("featuredoc")

#: Messages handled before the loop lets other work run.
BATCH = 32
#: the most bytes of the client's input read ahead (then the pipe makes the client wait)
READ_AHEAD_LIMIT = 4 << 20


class ReadAhead:
    """The client's input, read ahead by a thread of its own, within a byte budget.

    pygls reads one line at a time through an executor, so the server cannot
    tell a lone keystroke from the first change of a storm. Reading ahead
    into a buffer answers exactly that (:meth:`pending`): whether more of the
    client's messages are already waiting.

    The buffer is bounded: once *limit* bytes are waiting unread, the thread
    stops reading until the server has taken some, so a client that floods
    its input while the server is busy fills the pipe and is made to wait
    (backpressure) instead of growing the server's memory. Only the message
    being read may take the buffer past the limit (a large ``didOpen``).

    :meth:`message` returns whole messages (header names are
    case-insensitive); ``readline`` and ``read`` serve a line-based reader.
    End of input reads as ``b""``.
    """

    def __init__(
        self,
        raw: Any,  # noqa: ANN401
        chunk: int = 1 << 16,
        limit: int = READ_AHEAD_LIMIT,
        max_message: int = MAX_MESSAGE_BYTES,
    ) -> None:
        self._fd: int = raw.fileno()
        self._chunk = chunk
        #: the most bytes read ahead of what the server asked for
        self.limit = limit
        #: a message whose body is larger than this is skipped, never held in memory
        self.max_message = max_message
        #: called with the first :data:`REFUSED_HEAD` bytes and the size of a
        #: message skipped for its size (from the thread that reads messages)
        self.on_refused: Callable[[bytes, int], None] | None = None
        self._buffer = bytearray()
        self._start = 0
        self._need = 0  # bytes the reader waits for (the message being read)
        self._eof = False
        #: the largest number of unread bytes ever held (for tests and benchmarks)
        self.high_water = 0
        #: called (from the reading thread) when input arrived or ended
        self.on_data: Callable[[], None] | None = None
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._pump, name="featuredoc-stdin", daemon=True)
        self._thread.start()

    @property
    def buffered(self) -> int:
        """Bytes read from the client and not yet taken by the server."""
        return len(self._buffer) - self._start

    def _pump(self) -> None:
        while True:
            with self._ready:
                # backpressure: leave the rest in the pipe until the server catches up
                while self.buffered >= max(self.limit, self._need):
                    self._ready.wait()
            try:
                data = os.read(self._fd, self._chunk)
            except OSError:
                data = b""
            with self._ready:
                if not data:
                    self._eof = True
                    self._ready.notify_all()
                else:
                    if self._start > (1 << 20) and self._start * 2 > len(self._buffer):
                        del self._buffer[: self._start]  # compact what was consumed
                        self._start = 0
                    self._buffer += data
                    self.high_water = max(self.high_water, self.buffered)
                    self._ready.notify_all()
            if self.on_data is not None:
                self.on_data()
            if not data:
                return

    def _take(self, end: int) -> bytes:
        data = bytes(self._buffer[self._start : end])
        self._start = end
        if self._start == len(self._buffer):
            self._buffer.clear()
            self._start = 0
        self._ready.notify_all()  # room again for the reading thread
        return data

    def _wait_for(self, size: int) -> None:
        """Wait (lock held) until *size* unread bytes are here or the input ended."""
        before = self._need
        self._need = max(size, before)
        try:
            while self.buffered < size and not self._eof:
                self._ready.notify_all()
                self._ready.wait()
        finally:
            self._need = before

    def readline(self) -> bytes:
        with self._ready:
            while True:
                found = self._buffer.find(b"\n", self._start)
                if found >= 0:
                    return self._take(found + 1)
                if self._eof:
                    return self._take(len(self._buffer))
                self._wait_for(self.buffered + 1)

    def read(self, size: int) -> bytes:
        with self._ready:
            self._wait_for(size)
            return self._take(min(len(self._buffer), self._start + size))

    def message(self, wait: bool = True) -> bytes | None:
        """The body of the next message.

        ``None`` when *wait* is false and no whole message is here yet.
        Raises :class:`EOFError` at the end of the input. Headers without a
        ``Content-Length`` (any case) are skipped; a body larger than
        :attr:`max_message` is read and thrown away (logged).
        """
        with self._ready:
            while True:
                end = self._buffer.find(b"\r\n\r\n", self._start)
                if end < 0:
                    if self._eof:
                        raise EOFError
                    if not wait:
                        return None
                    self._wait_for(self.buffered + 1)
                    continue
                header = bytes(self._buffer[self._start : end])
                length = _content_length(header)
                if length is None:
                    log.warning("featuredoc: a message header without Content-Length; skipped")
                    self._take(end + 4)
                    continue
                body_start = end + 4
                if length > self.max_message:
                    self._take(body_start)
                    log.error(
                        "featuredoc: a message of %d bytes is larger than %d; skipped",
                        length,
                        self.max_message,
                    )
                    head_size = min(length, REFUSED_HEAD)
                    self._wait_for(head_size)
                    head = bytes(self._buffer[self._start : self._start + head_size])
                    self._skip(length)
                    if self.on_refused is not None:
                        self.on_refused(head, length)
                    continue
                have = len(self._buffer) - body_start
                if have < length:
                    if self._eof:
                        raise EOFError
                    # the reading thread goes past the budget for this message only
                    self._need = body_start - self._start + length
                    self._ready.notify_all()
                    if not wait:
                        return None
                    self._wait_for(self._need)
                    continue
                self._need = 0
                self._take(body_start)
                return self._take(self._start + length)

    def _skip(self, size: int) -> None:
        while size > 0:
            if self.buffered == 0:
                if self._eof:
                    return
                self._wait_for(1)
                continue
            step = min(size, self.buffered)
            self._take(self._start + step)
            size -= step

    def pending(self) -> bool:
        """Whether more input is already waiting (read ahead, or in the pipe)."""
        if len(self._buffer) > self._start:
            return True
        try:
            readable, _, _ = select.select([self._fd], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(readable)


def _content_length(header: bytes) -> int | None:
    """The ``Content-Length`` of a message header (names are case-insensitive)."""
    for line in header.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if sep and name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return None
            return length if length >= 0 else None
    return None


async def serve(
    protocol: ServerProtocol,
    reader: ReadAhead,
    stop: threading.Event,
    document_refused: Callable[[str, str], None] | None = None,
) -> None:
    """Read and handle messages until the input ends or *stop* is set.

    *document_refused* is told of an open document whose text came in a
    message too large to read (see :func:`featuredoc.lsp.message_limits.refuse`).
    """
    loop = asyncio.get_running_loop()
    arrived = asyncio.Event()

    def wake() -> None:  # from the reading thread
        try:
            loop.call_soon_threadsafe(arrived.set)
        except RuntimeError:  # the loop is closed: the server is exiting
            pass

    reader.on_data = wake
    reader.on_refused = lambda head, size: refuse(
        protocol,
        head,
        f"{size:,} bytes, more than the {reader.max_message:,} read",
        document_refused,
    )
    protocol.queue_requests = True
    handled = 0
    try:
        while not stop.is_set():
            try:
                body = reader.message(wait=False)
                if body is None:
                    protocol.run_queued()  # the batch is over: answer its requests
                    arrived.clear()
                    body = reader.message(wait=False)  # arrived before the clear?
                    if body is None:
                        await arrived.wait()
                        continue
            except EOFError:
                break
            _handle(protocol, body, document_refused)
            handled += 1
            if handled % BATCH == 0:
                await asyncio.sleep(0)
        protocol.run_queued()
    finally:
        protocol.queue_requests = False
        reader.on_data = None
        reader.on_refused = None


def _handle(
    protocol: ServerProtocol,
    body: bytes,
    document_refused: Callable[[str, str], None] | None = None,
) -> None:
    values = too_many_values(body)
    if values is not None:
        refuse(
            protocol,
            body[:REFUSED_HEAD],
            f"over {MAX_MESSAGE_VALUES:,} JSON values (at least {values:,})",
            document_refused,
        )
        return
    try:
        message: Any = json.loads(body, object_hook=protocol.structure_message)
        protocol.handle_message(message)
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - a bad message must not stop the server
        log.exception("featuredoc: unable to handle a message")
        protocol._server._report_server_error(exc, JsonRpcException)  # noqa: SLF001


class LockedWriter:
    """pygls's writer interface over a stream, one whole message at a time from any thread."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._stream.close()

    def write(self, data: bytes) -> None:
        with self._lock:
            self._stream.write(data)
            self._stream.flush()
