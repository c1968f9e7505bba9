"""Document synchronisation that holds under hostile input and edit storms.

Two things pygls does not do for us:

* **Lines the LSP way.** pygls applies an incremental change on
  ``str.splitlines()`` lines, which also break at U+2028, U+0085, form feed
  and a few other characters no LSP client counts: after one of them every
  edit lands on the wrong line and the server's text silently diverges from
  the editor's. :class:`FeaturedocProtocol` applies changes with
  :func:`featuredoc.model.text.replace_range` on ``\\r\\n``/``\\n``/``\\r`` lines, and a
  range past the end of the document is clamped to it (and logged), so the
  server's copy is always defined.
* **Analysing only the latest version.** :class:`ReadAhead` reads the
  client's input ahead, so :class:`PublishThrottle` can tell a keystroke
  (analysed and published at once) from a burst of changes (folded into one
  analysis of the then-current text): a storm of 2,000 changes costs a
  handful of analyses, requests in the middle are answered, and nothing
  stale is ever published.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import select
import threading
from collections.abc import Callable, Generator
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from featuredoc.model.config import DEFAULT_MAX_DOCUMENT_SIZE
from featuredoc.model.text import (
    Position,
    column_from_units,
    line_bounds,
    replace_range,
    split_lines,
)

log = logging.getLogger("featuredoc")

#: the longest a document waits to be analysed while more input keeps arriving
PUBLISH_INTERVAL = 0.15
#: the most bytes of the client's input read ahead (then the pipe makes the client wait)
READ_AHEAD_LIMIT = 4 << 20
#: A message with a larger body is refused (logged, a request answered with an
#: error) and skipped instead of being held in memory: room for a document at
#: the default size cap with every character escaped (``\\u00XX``, six bytes).
MAX_MESSAGE_BYTES = 8 * DEFAULT_MAX_DOCUMENT_SIZE
#: A message with more JSON values than this (outside strings) is refused too:
#: Python holds each small object in some 30 times its bytes (a message of
#: 28 MiB of ``{"a":1}`` took 870 MB). LSP messages hold a handful; a
#: document's text is one string however long.
MAX_MESSAGE_VALUES = 200_000
#: Bodies smaller than this are never counted (30 times it is little).
_COUNTED_FROM = 1 << 20
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_SCALAR_MEMBER = re.compile(rb'\s*"([A-Za-z]+)"\s*:\s*(-?\d+|"[^"\\]*"|true|false|null)\s*([,}])')
_URI = re.compile(rb'"uri"\s*:\s*"([^"\\]*)"')
#: How much of a refused message is kept to tell who sent it.
REFUSED_HEAD = 1 << 16


def too_many_values(body: bytes, limit: int = MAX_MESSAGE_VALUES) -> int | None:
    """About how many JSON values *body* holds when more than *limit*, else ``None``.

    Values are bounded by the commas and openers outside strings: those of
    the whole body, less those inside its strings, which are looked at only
    when the whole body has too many, and one at a time up to *limit*
    strings (more strings than that is too many values already).
    """
    if len(body) < _COUNTED_FROM:
        return None
    everywhere = body.count(b",") + body.count(b"{") + body.count(b"[")
    if everywhere < limit:
        return None
    inside = 0
    for strings, m in enumerate(_STRING.finditer(body), 1):
        if strings > limit:
            return strings
        text = m.group()
        inside += text.count(b",") + text.count(b"{") + text.count(b"[")
    values = everywhere - inside + 1
    return values if values > limit else None


def message_envelope(head: bytes) -> dict[str, Any]:
    """What the start of a message says of itself: its leading scalar members
    (``id``, ``method`` when they come before ``params``, as clients write
    them) and the first ``uri``. For a message too large to be read whole."""
    found: dict[str, Any] = {}
    start = head.find(b"{")
    pos = start + 1 if start >= 0 else len(head)
    while (m := _SCALAR_MEMBER.match(head, pos)) is not None:
        try:
            found[m.group(1).decode()] = json.loads(m.group(2))
        except ValueError:
            break
        pos = m.end()
        if m.group(3) == b"}":
            break
    uri = _URI.search(head)
    if uri is not None:
        try:
            found.setdefault("uri", json.loads(b'"' + uri.group(1) + b'"'))
        except ValueError:
            pass
    return found


def _position(text: str, pos: types.Position, encoding: str) -> tuple[Position, bool]:
    """A client position in code points, and whether its line is past the end.

    Only the line the position is on is looked at: applying a keystroke to a
    long document does not split all of it into lines. Clamping is left to
    :func:`featuredoc.model.text.replace_range`.
    """
    bounds = line_bounds(text, pos.line)
    if bounds is None:
        return Position(pos.line, pos.character), True
    line = text[bounds[0] : bounds[1]]
    return Position(pos.line, column_from_units(line, pos.character, encoding)), False


def apply_content_changes(
    text: str, changes: list[types.TextDocumentContentChangeEvent], encoding: str
) -> str:
    """*text* after *changes* (client positions in *encoding* units), applied in order."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            rng = change.range
            start, start_past = _position(text, rng.start, encoding)
            end, end_past = _position(text, rng.end, encoding)
            if start_past or end_past:
                log.warning(
                    "featuredoc: a change's range (%d:%d-%d:%d) is past the end of the "
                    "document (%d lines); applied at the end",
                    rng.start.line,
                    rng.start.character,
                    rng.end.line,
                    rng.end.character,
                    len(split_lines(text)),
                )
            text = replace_range(text, start, end, change.text)
        else:
            text = change.text
    return text


class FeaturedocProtocol(LanguageServerProtocol):
    """pygls's protocol with LSP-exact incremental synchronisation."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        identifier = params.text_document
        workspace = self.workspace
        document = workspace.text_documents.get(unquote(identifier.uri))
        if document is None:
            log.warning("featuredoc: change for %s, which is not open; ignored", identifier.uri)
            return
        encoding = workspace.position_encoding
        text = apply_content_changes(
            document.source,
            list(params.content_changes),
            str(getattr(encoding, "value", encoding) or "utf-16"),
        )
        workspace.put_text_document(
            types.TextDocumentItem(
                uri=document.uri,
                language_id=document.language_id or "",
                version=identifier.version,
                text=text,
            )
        )
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


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


class PublishThrottle:
    """Analyse a changed document now, unless more of the client's input is waiting.

    A lone change (typing) is analysed and published at once: no timer
    stands between a keystroke and its diagnostics. While further messages
    are already waiting (a storm, a paste, a replace-all), the analysis is
    left to the last change of the burst, and a short timer makes sure a
    document is published even when the waiting input is something else.
    """

    def __init__(
        self,
        publish: Callable[[str], None],
        interval: float = PUBLISH_INTERVAL,
        pending: Callable[[], bool] | None = None,
    ) -> None:
        self._publish = publish
        #: the longest a deferred document waits for its burst to end
        self.interval = interval
        self.pending = pending or (lambda: False)
        self._deferred: dict[str, asyncio.TimerHandle] = {}

    def changed(self, uri: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the server's loop (unit tests)
            self._publish(uri)
            return
        if self.pending():
            if uri not in self._deferred:
                self._deferred[uri] = loop.call_later(self.interval, self._fire, uri)
            return
        handle = self._deferred.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self._run(uri)

    def forget(self, uri: str) -> None:
        handle = self._deferred.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def _fire(self, uri: str) -> None:
        self._deferred.pop(uri, None)
        self._run(uri)

    def _run(self, uri: str) -> None:
        try:
            self._publish(uri)
        except Exception:  # noqa: BLE001 - a failed analysis must not stop later ones
            log.exception("featuredoc: publishing diagnostics for %s failed", uri)


def exit_status(protocol: LanguageServerProtocol) -> int:
    """The process exit status once the server loop has ended.

    LSP: 0 after a ``shutdown`` request, 1 otherwise (``exit`` without
    ``shutdown``, or the client went away). pygls swallows the status of its
    own ``sys.exit`` in the ``exit`` handler, so it is decided here.
    """
    return 0 if getattr(protocol, "_shutdown", False) else 1
