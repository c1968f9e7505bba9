"""The JSON-RPC rules pygls leaves open: the life cycle, and cancelling queued requests.

* **Life cycle** (LSP): a request before ``initialize`` is answered
  ``ServerNotInitialized`` (-32002) and a notification before it is dropped
  (``exit`` excepted); a second ``initialize`` and any request after
  ``shutdown`` are answered ``InvalidRequest`` (pygls would stay silent).
* **Cancelling.** Requests read in one batch of input are queued until the
  batch is handled (see :mod:`featuredoc.lsp.transport`): a
  ``$/cancelRequest`` in the same batch removes its request before it runs,
  and the request is answered ``RequestCancelled`` (-32800). Any other
  notification runs the queued requests first, so every request is answered
  against the state the client saw when it sent it. A request already
  running as a coroutine (``textDocument/diagnostic`` waiting for its
  analysis) is cancelled by pygls itself.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from lsprotocol import types
from pygls.protocol.json_rpc import MsgId, RPCNotification, RPCRequest

from featuredoc.lsp.sync import FeaturedocProtocol

log = logging.getLogger("featuredoc")

SERVER_NOT_INITIALIZED = int(types.ErrorCodes.ServerNotInitialized)
INVALID_REQUEST = int(types.ErrorCodes.InvalidRequest)
REQUEST_CANCELLED = int(types.LSPErrorCodes.RequestCancelled)


class ServerProtocol(FeaturedocProtocol):
    """:class:`featuredoc.lsp.sync.FeaturedocProtocol` with the life cycle and a request queue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self.initialize_seen = False
        #: set by a transport that calls :meth:`run_queued` when a batch is handled
        self.queue_requests = False
        self._queued: OrderedDict[MsgId, Any] = OrderedDict()

    def handle_message(self, message: Any) -> None:  # noqa: ANN401
        if isinstance(message, RPCRequest):
            self._request(message)
        elif isinstance(message, RPCNotification):
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

    def run_queued(self) -> None:
        """Run the requests waiting in the queue, in the order they came."""
        while self._queued:
            _, message = self._queued.popitem(last=False)
            super().handle_message(message)

    def _error(self, ident: MsgId, code: int, message: str) -> None:
        self._send_response(ident, error=types.ResponseError(code=code, message=message))


__all__ = ["INVALID_REQUEST", "REQUEST_CANCELLED", "SERVER_NOT_INITIALIZED", "ServerProtocol"]
