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
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger("featuredoc")


@dataclass(frozen=True, slots=True)
class LineAnchor:
    """A line start known in one text: where the next change's lines are counted from.

    Typing changes one place after another, each near the last: counting
    lines from the previous change's line costs the lines between, not the
    whole text above (a hundred thousand lines split on every keystroke).
    """

    text: str
    line: int
    offset: int


#: Lines counted from an anchor at most this far; farther, from the top.
NEAR = 512


def _bounds(text: str, line: int, anchor: LineAnchor | None) -> tuple[int, int] | None:
    """:func:`line_bounds` of *text*, counted from *anchor* when it is of this text and near."""
    from featuredoc.model.text import line_bounds  # not needed to answer `initialize`

    if anchor is None or anchor.text is not text or abs(line - anchor.line) > NEAR or line < 0:
        return line_bounds(text, line)
    if "\r" in text:
        return line_bounds(text, line)
    pos = anchor.offset
    if line >= anchor.line:
        for _ in range(line - anchor.line):
            found = text.find("\n", pos)
            if found < 0:
                return None
            pos = found + 1
    else:
        for _ in range(anchor.line - line):
            pos = text.rfind("\n", 0, pos - 1) + 1
    end = text.find("\n", pos)
    return pos, len(text) if end < 0 else end


def _offset(
    text: str, pos: types.Position, encoding: str, anchor: LineAnchor | None
) -> tuple[int, int | None, bool]:
    """A client position as an offset in *text* (clamped to its line and to the text), the
    start of its line (None past the end), and whether its line is past the end."""
    if pos.line < 0:
        return 0, None, False
    bounds = _bounds(text, pos.line, anchor)
    if bounds is None:
        return len(text), None, True
    first, last = bounds
    from featuredoc.model.text import column_from_units

    column = column_from_units(text[first:last], pos.character, encoding)
    return first + max(0, min(column, last - first)), first, False


def apply_content_changes(
    text: str,
    changes: list[types.TextDocumentContentChangeEvent],
    encoding: str,
    anchor: LineAnchor | None = None,
) -> tuple[str, LineAnchor | None]:
    """*text* after *changes* (client positions in *encoding* units), applied in order, and
    an anchor for the next changes (see :class:`LineAnchor`)."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            rng = change.range
            a, line_start, start_past = _offset(text, rng.start, encoding, anchor)
            b, _, end_past = _offset(text, rng.end, encoding, anchor)
            if start_past or end_past:
                log.warning(
                    "featuredoc: a change's range (%d:%d-%d:%d) is past the end of the "
                    "document (%d lines); applied at the end",
                    rng.start.line,
                    rng.start.character,
                    rng.end.line,
                    rng.end.character,
                    text.count("\n") + 1,
                )
            if b < a:
                a, b = b, a
            text = text[:a] + change.text + text[b:]
            # the text before the change is as it was: its line start holds
            anchor = (
                LineAnchor(text, rng.start.line, line_start)
                if line_start is not None and line_start <= a and "\r" not in change.text
                else None
            )
        else:
            text, anchor = change.text, None
    return text, anchor


class FeaturedocProtocol(LanguageServerProtocol):
    """pygls's protocol with LSP-exact incremental synchronisation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Each open document's line anchor (see LineAnchor), valid for its current text only.
        self._anchors: dict[str, LineAnchor] = {}

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
        text, anchor = apply_content_changes(
            document.source,
            list(params.content_changes),
            str(getattr(encoding, "value", encoding) or "utf-16"),
            self._anchors.get(document.uri),
        )
        if anchor is None:
            self._anchors.pop(document.uri, None)
        else:
            self._anchors[document.uri] = anchor
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
