"""The stdio transport: whole messages from :class:`featuredoc.lsp.sync.ReadAhead`, in batches.

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
import threading
from typing import Any, BinaryIO

from pygls.exceptions import JsonRpcException

from featuredoc.lsp.protocol import INVALID_REQUEST, ServerProtocol
from featuredoc.lsp.sync import (
    MAX_MESSAGE_VALUES,
    REFUSED_HEAD,
    ReadAhead,
    message_envelope,
    too_many_values,
)

log = logging.getLogger("featuredoc")

#: Messages handled before the loop lets other work run.
BATCH = 32


async def serve(protocol: ServerProtocol, reader: ReadAhead, stop: threading.Event) -> None:
    """Read and handle messages until the input ends or *stop* is set."""
    loop = asyncio.get_running_loop()
    arrived = asyncio.Event()

    def wake() -> None:  # from the reading thread
        try:
            loop.call_soon_threadsafe(arrived.set)
        except RuntimeError:  # the loop is closed: the server is exiting
            pass

    reader.on_data = wake
    reader.on_refused = lambda head, size: refuse(
        protocol, head, f"{size:,} bytes, more than the {reader.max_message:,} read"
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
            _handle(protocol, body)
            handled += 1
            if handled % BATCH == 0:
                await asyncio.sleep(0)
        protocol.run_queued()
    finally:
        protocol.queue_requests = False
        reader.on_data = None
        reader.on_refused = None


def _handle(protocol: ServerProtocol, body: bytes) -> None:
    values = too_many_values(body)
    if values is not None:
        refuse(
            protocol,
            body[:REFUSED_HEAD],
            f"over {MAX_MESSAGE_VALUES:,} JSON values (at least {values:,})",
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


def refuse(protocol: ServerProtocol, head: bytes, reason: str) -> None:
    """A message too large to read: say so, answer it if it is a request.

    Only the start of the message (*head*) is looked at: a request whose
    ``id`` comes before its ``params`` is answered ``InvalidRequest``; an
    open document whose ``didOpen``/``didChange`` is refused is no longer
    followed (its later changes would apply to a text the editor no longer
    has), and it shows an FD905 diagnostic saying why.
    """
    envelope = message_envelope(head)
    method, ident = envelope.get("method"), envelope.get("id")
    log.error("featuredoc: a message (%s) was refused: %s", method or "unknown method", reason)
    try:
        if isinstance(ident, (int, str)) and not isinstance(ident, bool) and method:
            protocol._error(ident, INVALID_REQUEST, f"{method} refused: {reason}")  # noqa: SLF001
        uri = envelope.get("uri")
        refused = getattr(protocol._server, "document_refused", None)  # noqa: SLF001
        if method in _DOCUMENT_TEXT and isinstance(uri, str) and refused is not None:
            refused(uri, reason)
    except Exception:  # noqa: BLE001 - a bad message must not stop the server
        log.exception("featuredoc: answering a refused message failed")


#: Notifications that carry a document's text.
_DOCUMENT_TEXT = ("textDocument/didOpen", "textDocument/didChange")


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
