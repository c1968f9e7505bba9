"""The JSON-RPC rules pygls leaves open: the life cycle, and cancelling queued requests.

* **Life cycle** (LSP): a request before ``initialize`` is answered
  ``ServerNotInitialized`` (-32002) and a notification before it is dropped
  (``exit`` excepted); a second ``initialize`` and any request after
  ``shutdown`` are answered ``InvalidRequest`` (pygls would stay silent).
* **Diagnostics as JSON.** ``textDocument/publishDiagnostics`` is written
  from each diagnostic's JSON, kept while the diagnostic object is the same
  (the conversion reuses unchanged diagnostics, see
  :mod:`featuredoc.lsp.convert`): SUPPORT.md in a large workspace has
  hundreds, and serialising them all again cost more than the analysis.
* **Cancelling.** Requests read in one batch of input are queued until the
  batch is handled (see :mod:`featuredoc.lsp.transport`): a
  ``$/cancelRequest`` in the same batch removes its request before it runs,
  and the request is answered ``RequestCancelled`` (-32800). Any other
  notification runs the queued requests first, so every request is answered
  against the state the client saw when it sent it. A request already
  running as a coroutine (``textDocument/diagnostic`` waiting for its
  analysis) is cancelled by pygls itself.
* **Params that cannot be read.** A message whose params do not fit its
  method (a position at line -1, a missing field) fails while it is
  deserialised, before pygls knows what to answer: a request is answered
  ``InvalidParams`` (-32602) saying what is wrong, a notification is logged
  and ignored. Either way the server goes on.
* **Memory.** pygls keeps the future of each notification it hands to a
  coroutine, generator or thread handler until an answer that never comes:
  one per keystroke. It is dropped once done (:meth:`ServerProtocol._execute_handler`).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import MsgId, RPCNotification, RPCRequest

from featuredoc.lsp.text_sync import FeaturedocProtocol
from featuredoc.model.cache import LruCache

log = logging.getLogger("featuredoc")

SERVER_NOT_INITIALIZED = int(types.ErrorCodes.ServerNotInitialized)
INVALID_REQUEST = int(types.ErrorCodes.InvalidRequest)
REQUEST_CANCELLED = int(types.LSPErrorCodes.RequestCancelled)


#: Each diagnostic's JSON, by the object (kept with it, so an id is never taken for another's).
_DIAGNOSTIC_JSON: LruCache[int, tuple[types.Diagnostic, str]] = LruCache(4096)

_EMPTY_DIAGNOSTICS = '"diagnostics": []'


@dataclass(frozen=True, slots=True)
class UnreadableMessage:
    """A request (``id`` set) or notification whose params could not be deserialised."""

    id: MsgId | None
    method: str
    code: int  # the JSON-RPC error code of the failure (-32602: invalid params)
    reason: str


#: The members of pygls's RPCRequest and RPCNotification protocols: a message is one
#: when it has them all, as ``isinstance`` finds (an ``isinstance`` against a runtime
#: protocol costs tens of microseconds, asked for every message).
_REQUEST = tuple(RPCRequest.__annotations__)
_NOTIFICATION = tuple(RPCNotification.__annotations__)


def _has(message: object, members: tuple[str, ...]) -> bool:
    return all(hasattr(message, member) for member in members)


def _reason(exc: BaseException) -> str:
    """What was wrong with a message's params, in one line (from cattrs's error group)."""
    leaf: BaseException = exc.__cause__ or exc
    where = ""
    while True:
        notes = getattr(leaf, "__notes__", None)
        if notes:
            where = str(notes[-1])
        inner = getattr(leaf, "exceptions", None)
        if not inner:
            break
        leaf = inner[0]
    what = f"missing {leaf}" if isinstance(leaf, KeyError) else str(leaf) or type(leaf).__name__
    text = f"{where}: {what}" if where else what
    return text if len(text) <= 300 else text[:299] + "…"


class RawMessage(str):
    """A JSON-RPC message serialised already; :meth:`ServerProtocol._send_data` sends it as is."""

    __slots__ = ()


class ServerProtocol(FeaturedocProtocol):
    """:class:`featuredoc.lsp.text_sync.FeaturedocProtocol` with the life cycle and a request queue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self.initialize_seen = False
        #: set by a transport that calls :meth:`run_queued` when a batch is handled
        self.queue_requests = False
        self._queued: OrderedDict[MsgId, Any] = OrderedDict()

    def structure_message(self, data: dict[str, Any]) -> Any:  # noqa: ANN401
        """pygls's, but a request or notification whose params cannot be read
        becomes an :class:`UnreadableMessage` instead of an exception that
        would leave the request unanswered."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            method, ident = data.get("method"), data.get("id")
            answerable = ident is None or (
                isinstance(ident, (str, int)) and not isinstance(ident, bool)
            )
            if not isinstance(method, str) or not answerable:
                raise  # a response, or no message at all: the transport logs it
            return UnreadableMessage(ident, method, exc.code, _reason(exc))

    def handle_message(self, message: Any) -> None:  # noqa: ANN401
        if isinstance(message, UnreadableMessage):
            self._unreadable(message)
        elif _has(message, _REQUEST):  # isinstance(message, RPCRequest), without its cost
            self._request(message)
        elif _has(message, _NOTIFICATION):  # isinstance(message, RPCNotification)
            self._notification(message)
        else:  # a response to one of our requests
            super().handle_message(message)

    def _request(self, message: Any) -> None:  # noqa: ANN401
        method = message.method
        if method == types.INITIALIZE:
            if self.initialize_seen:
                self._error(message.id, INVALID_REQUEST, "initialize was already received")
                return
            self.initialize_seen = True
        elif not self.initialize_seen:
            self._error(message.id, SERVER_NOT_INITIALIZED, f"{method} before initialize")
            return
        elif self._shutdown:
            self._error(message.id, INVALID_REQUEST, f"{method} after shutdown")
            return
        if self.queue_requests and method not in (types.INITIALIZE, types.SHUTDOWN):
            self._queued[message.id] = message
            return
        self.run_queued()
        super().handle_message(message)

    def _notification(self, message: Any) -> None:  # noqa: ANN401
        method = message.method
        if method == types.EXIT:
            self.run_queued()
            super().handle_message(message)
            return
        if not self.initialize_seen:
            log.info("featuredoc: %s before initialize; dropped", method)
            return
        if method == types.CANCEL_REQUEST:
            ident = getattr(message.params, "id", None)
            queued = self._queued.pop(ident, None) if isinstance(ident, (str, int)) else None
            if queued is not None and isinstance(ident, (str, int)):
                log.info(
                    "featuredoc: request %s (%s) cancelled before it ran", ident, queued.method
                )
                self._error(ident, REQUEST_CANCELLED, f"request {ident} was cancelled")
                return
        else:
            self.run_queued()  # in order: the requests see the state before this change
        super().handle_message(message)

    def _unreadable(self, message: UnreadableMessage) -> None:
        if message.id is None:
            log.warning(
                "featuredoc: %s notification ignored: invalid params (%s)",
                message.method,
                message.reason,
            )
            return
        if message.method != types.INITIALIZE and not self.initialize_seen:
            code, text = SERVER_NOT_INITIALIZED, f"{message.method} before initialize"
        elif self._shutdown:
            code, text = INVALID_REQUEST, f"{message.method} after shutdown"
        else:
            code, text = message.code, f"invalid params for {message.method}: {message.reason}"
        log.warning("featuredoc: request %s answered %s: %s", message.id, code, text)
        self._error(message.id, code, text)

    def _execute_handler(
        self,
        msg_id: MsgId,
        handler: Any,  # noqa: ANN401
        callback: Any,  # noqa: ANN401
        *rest: Any,  # noqa: ANN401
        **named: Any,  # noqa: ANN401
    ) -> None:
        """pygls's, without keeping a notification's future once it is done.

        pygls files the future of every handler that is a coroutine, a
        generator (its own ``didChange``, ``didOpen`` ...) or a thread under
        a fresh id, and drops it when it answers: a notification is never
        answered, so each keystroke's future stayed, about 1.7 kB a keystroke
        for as long as the server runs. Written against pygls's private
        names, it does nothing where they are not found
        (``tests/test_protocol_memory.py`` tells when that happens).
        """
        super()._execute_handler(msg_id, handler, callback, *rest, **named)
        futures = getattr(self, "_request_futures", None)
        if callback != getattr(self, "_check_handler_result", None) or not isinstance(
            futures, dict
        ):
            return  # a request: dropped when answered (or cancelled)
        future = futures.get(msg_id)
        if future is None:
            return
        if future.done():
            futures.pop(msg_id, None)
        else:
            future.add_done_callback(lambda _done: futures.pop(msg_id, None))

    def run_queued(self) -> None:
        """Run the requests waiting in the queue, in the order they came."""
        while self._queued:
            _, message = self._queued.popitem(last=False)
            super().handle_message(message)

    # ---- writing -------------------------------------------------------------------

    def notify(self, method: str, params: Any | None = None) -> None:  # noqa: ANN401
        if method == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and isinstance(
            params, types.PublishDiagnosticsParams
        ):
            self._send_data(self.diagnostics_message(params))
            return
        super().notify(method, params)

    def diagnostics_message(self, params: types.PublishDiagnosticsParams) -> RawMessage:
        """The ``publishDiagnostics`` notification of *params*, as pygls would write it."""
        empty = types.PublishDiagnosticsParams(
            uri=params.uri, version=params.version, diagnostics=[]
        )
        envelope = json.dumps(
            {
                "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                "params": self._converter.unstructure(empty),
                "jsonrpc": "2.0",
            }
        )
        # only the key can hold this unescaped: a string value escapes its quotes
        before, found, after = envelope.rpartition(_EMPTY_DIAGNOSTICS)
        if not found:  # pragma: no cover - the converter always writes the list
            return RawMessage(json.dumps(self._converter.unstructure(params)))
        items = ", ".join(self._diagnostic_json(d) for d in params.diagnostics)
        return RawMessage(f'{before}"diagnostics": [{items}]{after}')

    def _diagnostic_json(self, diagnostic: types.Diagnostic) -> str:
        cached = _DIAGNOSTIC_JSON.get(id(diagnostic))
        if cached is not None and cached[0] is diagnostic:
            return cached[1]
        text = json.dumps(self._converter.unstructure(diagnostic))
        _DIAGNOSTIC_JSON.put(id(diagnostic), (diagnostic, text))
        return text

    def _send_data(self, data: Any) -> None:  # noqa: ANN401
        if not isinstance(data, RawMessage):
            super()._send_data(data)
            return
        if self.writer is None:
            log.error("featuredoc: no transport to send to")
            return
        body = str(data)
        header = (
            f"Content-Length: {len(body.encode(self.CHARSET))}\r\n"
            f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            if self._include_headers
            else ""
        )
        try:
            written = self.writer.write((header + body).encode(self.CHARSET))
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            log.exception("featuredoc: could not send (broken pipe)")
            raise
        except Exception as error:  # noqa: BLE001 - as pygls: reported, never raised
            log.exception("featuredoc: could not send")
            self._server._report_server_error(error, JsonRpcInternalError)

    def _error(self, ident: MsgId, code: int, message: str) -> None:
        self._send_response(ident, error=types.ResponseError(code=code, message=message))


def exit_status(protocol: LanguageServerProtocol) -> int:
    """The process exit status once the server loop has ended.

    LSP: 0 after a ``shutdown`` request, 1 otherwise (``exit`` without
    ``shutdown``, or the client went away). pygls swallows the status of its
    own ``sys.exit`` in the ``exit`` handler, so it is decided here.
    """
    return 0 if getattr(protocol, "_shutdown", False) else 1


__all__ = [
    "INVALID_REQUEST",
    "REQUEST_CANCELLED",
    "SERVER_NOT_INITIALIZED",
    "ServerProtocol",
    "exit_status",
]
