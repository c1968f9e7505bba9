"""Findings as LSP diagnostics, with ``relatedInformation`` in the other document's units.

Reads the other documents (index, else the disk), so it runs on the
worker thread, as part of an analysis.

SUPPORT.md in a large workspace has hundreds of findings that point into
other documents, and most of them are the same from one keystroke to the
next. A related place is converted once per path, range, message and the
text of the other document's lines its range is on (all its conversion
reads); a diagnostic once per finding and the keys of its related places
(:meth:`featuredoc.lsp.convert.Converter.diagnostic`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from pathlib import Path

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.convert import Converter, span_key
from featuredoc.model.findings import Finding, Related
from featuredoc.parser.cache import LruCache

#: Converted related places, by all their conversion reads: a few keystrokes' worth.
_RELATED: LruCache[Hashable, types.DiagnosticRelatedInformation] = LruCache(4096)

Lines = list[str] | None


@functools.lru_cache(maxsize=4096)
def location_uri(path: str) -> str:
    """The uri a related place's *path* is given as (relative paths as they are)."""
    return uris.from_fs_path(path) or path if Path(path).is_absolute() else path


def to_diagnostics(
    lines: list[str],
    findings: list[Finding],
    encoding: str,
    lines_of: Callable[[str], Lines],
) -> list[types.Diagnostic]:
    """Diagnostics of *findings* on *lines*; *lines_of* gives another document's lines."""
    convert = Converter(lines, encoding)
    result: list[types.Diagnostic] = []
    others: dict[str, Lines] = {}
    for finding in findings:
        if not finding.related:
            result.append(convert.diagnostic(finding))
            continue
        related = []
        for item in finding.related:
            if item.path not in others:
                others[item.path] = lines_of(item.path)
            related.append(_related(item, others[item.path], encoding))
        result.append(convert.diagnostic(finding, related=related))
    return result


def _related(
    item: Related, other: Lines, encoding: str
) -> tuple[Hashable, types.DiagnosticRelatedInformation]:
    span = item.span
    if other is None:
        key: Hashable = (item.path, span_key(span), item.message, None)
    else:
        start, end = span.start.line, span.end.line
        key = (
            item.path,
            span_key(span),
            item.message,
            encoding,
            other[start] if 0 <= start < len(other) else "",
            (other[end] if 0 <= end < len(other) else "") if end != start else None,
        )
    cached = _RELATED.get(key)
    if cached is None:
        rng = (
            Converter(other, encoding).range(span)
            if other is not None
            else types.Range(
                start=types.Position(line=span.start.line, character=0),
                end=types.Position(line=span.start.line, character=0),
            )
        )
        cached = types.DiagnosticRelatedInformation(
            location=types.Location(uri=location_uri(item.path), range=rng), message=item.message
        )
        _RELATED.put(key, cached)
    return key, cached
