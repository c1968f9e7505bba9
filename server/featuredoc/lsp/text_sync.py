"""Incremental document synchronisation, with lines counted the LSP way.

pygls applies an incremental change on ``str.splitlines()`` lines, which
also break at U+2028, U+0085, form feed and a few other characters no LSP
client counts: after one of them every edit lands on the wrong line and the
server's text silently diverges from the editor's.
:class:`FeaturedocProtocol` applies changes with
:func:`featuredoc.model.text.replace_range` on ``\\r\\n``/``\\n``/``\\r`` lines,
and a range past the end of the document is clamped to it (and logged), so
the server's copy is always defined.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

if TYPE_CHECKING:
    from featuredoc.model.text import Position

log = logging.getLogger("featuredoc")


def _position(text: str, pos: types.Position, encoding: str) -> tuple[Position, bool]:
    """A client position in code points, and whether its line is past the end.

    Only the line the position is on is looked at: applying a keystroke to a
    long document does not split all of it into lines. Clamping is left to
    :func:`featuredoc.model.text.replace_range`.
    """
    from featuredoc.model.text import Position, column_from_units, line_bounds

    bounds = line_bounds(text, pos.line)
    if bounds is None:
        return Position(pos.line, pos.character), True
    line = text[bounds[0] : bounds[1]]
    return Position(pos.line, column_from_units(line, pos.character, encoding)), False


def apply_content_changes(
    text: str, changes: list[types.TextDocumentContentChangeEvent], encoding: str
) -> str:
    """*text* after *changes* (client positions in *encoding* units), applied in order."""
    from featuredoc.model.text import replace_range, split_lines

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
