"""Document synchronisation that holds under hostile input and edit storms.

Two things pygls does not do for us:

* **Lines the LSP way.** pygls applies an incremental change on
  ``str.splitlines()`` lines, which also break at U+2028, U+0085, form feed
  and a few other characters no LSP client counts: after one of them every
  edit lands on the wrong line and the server's text silently diverges from
  the editor's. :class:`FeaturedocProtocol` applies changes with
  :func:`featuredoc.text.replace_range` on ``\\r\\n``/``\\n``/``\\r`` lines, and a
  range past the end of the document is clamped to it (and logged), so the
  server's copy is always defined.
* **Analysing only the latest version.** :class:`PublishThrottle` publishes
  a changed document at once when it has not been analysed recently, and
  otherwise folds every change of a burst into one later analysis of the
  then-current text: a storm of 2,000 changes costs a handful of analyses,
  requests in the middle are answered, and nothing stale is ever published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Generator
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from featuredoc.lsp.convert import Converter
from featuredoc.text import replace_range, split_lines

log = logging.getLogger("featuredoc")

#: at most one analysis per document in this many seconds while changes keep coming
PUBLISH_INTERVAL = 0.15


def apply_content_changes(
    text: str, changes: list[types.TextDocumentContentChangeEvent], encoding: str
) -> str:
    """*text* after *changes* (client positions in *encoding* units), applied in order."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            lines = split_lines(text)
            rng = change.range
            if rng.start.line >= len(lines) or rng.end.line >= len(lines):
                log.warning(
                    "featuredoc: a change's range (%d:%d-%d:%d) is past the end of the "
                    "document (%d lines); applied at the end",
                    rng.start.line,
                    rng.start.character,
                    rng.end.line,
                    rng.end.character,
                    len(lines),
                )
            convert = Converter(lines, encoding)
            start, end = convert.from_position(rng.start), convert.from_position(rng.end)
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


class PublishThrottle:
    """Publish a document's diagnostics now, or once after the current burst of changes."""

    def __init__(self, publish: Callable[[str], None], interval: float = PUBLISH_INTERVAL) -> None:
        self._publish = publish
        self.interval = interval
        self._last: dict[str, float] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}

    def changed(self, uri: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the server's loop (unit tests)
            self._publish(uri)
            return
        if uri in self._pending:
            return  # the scheduled analysis will read the text as it is then
        last = self._last.get(uri)
        now = loop.time()
        if last is None or now - last >= self.interval:
            self._run(uri, loop)
        else:
            self._pending[uri] = loop.call_later(last + self.interval - now, self._fire, uri)

    def forget(self, uri: str) -> None:
        handle = self._pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self._last.pop(uri, None)

    def _fire(self, uri: str) -> None:
        self._pending.pop(uri, None)
        self._run(uri, asyncio.get_running_loop())

    def _run(self, uri: str, loop: asyncio.AbstractEventLoop) -> None:
        try:
            self._publish(uri)
        except Exception:  # noqa: BLE001 - a failed analysis must not stop later ones
            log.exception("featuredoc: publishing diagnostics for %s failed", uri)
        self._last[uri] = loop.time()


def exit_status(protocol: LanguageServerProtocol) -> int:
    """The process exit status once the server loop has ended.

    LSP: 0 after a ``shutdown`` request, 1 otherwise (``exit`` without
    ``shutdown``, or the client went away). pygls swallows the status of its
    own ``sys.exit`` in the ``exit`` handler, so it is decided here.
    """
    return 0 if getattr(protocol, "_shutdown", False) else 1
