"""Messages too large to read: the limits, and what is said about a refused message.

A message whose body is larger than :data:`MAX_MESSAGE_BYTES` is skipped by
the reader (:class:`featuredoc.lsp.transport.ReadAhead`) without being held
in memory; one with more than :data:`MAX_MESSAGE_VALUES` JSON values is not
decoded. Either way only its start is looked at (:func:`message_envelope`),
and :func:`refuse` answers it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from featuredoc.lsp.protocol import INVALID_REQUEST, ServerProtocol
from featuredoc.model.limits import DEFAULT_MAX_DOCUMENT_SIZE

log = logging.getLogger("featuredoc")

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


def refuse(
    protocol: ServerProtocol,
    head: bytes,
    reason: str,
    document_refused: Callable[[str, str], None] | None = None,
) -> None:
    """A message too large to read: say so, answer it if it is a request.

    Only the start of the message (*head*) is looked at: a request whose
    ``id`` comes before its ``params`` is answered ``InvalidRequest``; an
    open document whose ``didOpen``/``didChange`` is refused is no longer
    followed (its later changes would apply to a text the editor no longer
    has): *document_refused* is told, and the document shows an FD905
    diagnostic saying why.
    """
    envelope = message_envelope(head)
    method, ident = envelope.get("method"), envelope.get("id")
    log.error("featuredoc: a message (%s) was refused: %s", method or "unknown method", reason)
    try:
        if isinstance(ident, (int, str)) and not isinstance(ident, bool) and method:
            protocol._error(ident, INVALID_REQUEST, f"{method} refused: {reason}")  # noqa: SLF001
        uri = envelope.get("uri")
        if method in _DOCUMENT_TEXT and isinstance(uri, str) and document_refused is not None:
            document_refused(uri, reason)
    except Exception:  # noqa: BLE001 - a bad message must not stop the server
        log.exception("featuredoc: answering a refused message failed")


#: Notifications that carry a document's text.
_DOCUMENT_TEXT = ("textDocument/didOpen", "textDocument/didChange")
