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
import logging
import os
import select
import threading
from collections.abc import Callable, Generator
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

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
    """The client's input, read ahead by a thread of its own.

    pygls reads one line at a time through an executor, so the server cannot
    tell a lone keystroke from the first change of a storm. Reading ahead
    into a buffer answers exactly that (:meth:`pending`): whether more of the
    client's messages are already waiting. It has the two methods pygls's
    reader uses, ``readline`` and ``read``; end of input reads as ``b""``.
    """

    def __init__(self, raw: Any, chunk: int = 1 << 16) -> None:  # noqa: ANN401
        self._fd: int = raw.fileno()
        self._chunk = chunk
        self._buffer = bytearray()
        self._start = 0
        self._eof = False
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._pump, name="featuredoc-stdin", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while True:
            try:
                data = os.read(self._fd, self._chunk)
            except OSError:
                data = b""
            with self._ready:
                if not data:
                    self._eof = True
                    self._ready.notify_all()
                    return
                if self._start > (1 << 20) and self._start * 2 > len(self._buffer):
                    del self._buffer[: self._start]  # compact what was consumed
                    self._start = 0
                self._buffer += data
                self._ready.notify_all()

    def _take(self, end: int) -> bytes:
        data = bytes(self._buffer[self._start : end])
        self._start = end
        if self._start == len(self._buffer):
            self._buffer.clear()
            self._start = 0
        return data

    def readline(self) -> bytes:
        with self._ready:
            while True:
                found = self._buffer.find(b"\n", self._start)
                if found >= 0:
                    return self._take(found + 1)
                if self._eof:
                    return self._take(len(self._buffer))
                self._ready.wait()

    def read(self, size: int) -> bytes:
        with self._ready:
            while len(self._buffer) - self._start < size and not self._eof:
                self._ready.wait()
            return self._take(min(len(self._buffer), self._start + size))

    def pending(self) -> bool:
        """Whether more input is already waiting (read ahead, or in the pipe)."""
        if len(self._buffer) > self._start:
            return True
        try:
            readable, _, _ = select.select([self._fd], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(readable)


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
