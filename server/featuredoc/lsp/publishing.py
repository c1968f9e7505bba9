"""Findings as LSP diagnostics, with ``relatedInformation`` in the other document's units.

Reads the other documents (index, else the disk), so it runs on the
worker thread, as part of an analysis.

SUPPORT.md in a large workspace has findings that point into hundreds of
other documents, and most of them are the same from one keystroke to the
next. A related place that carries the lines it was read from (FD602's
do) is converted with them, and a list of such places that a rule reports
again (the same list object) is taken as converted last time. Any other
place is converted once per path, range, message and the text of the other
document's lines its range is on (all its conversion reads); a diagnostic
once per finding and the keys of its related places
(:meth:`featuredoc.lsp.convert.Converter.diagnostic`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.convert import Converter, span_key
from featuredoc.model.cache import LruCache
from featuredoc.model.findings import Finding, Related

Converted = tuple[Hashable, types.DiagnosticRelatedInformation]

#: Converted related places, by all their conversion reads: a few keystrokes' worth.
_RELATED: LruCache[Hashable, types.DiagnosticRelatedInformation] = LruCache(4096)
#: Per document (the *owner* of :func:`to_diagnostics`): the lists of related places
#: that carry their lines, converted, by the list's identity, as of its last
#: conversion only (a list is kept with its entry, so its id is not reused while it
#: is here). Kept per document and only for its last conversion, so that the lines
#: the places carry (whole documents) are not held for earlier versions.
_CARRIED: LruCache[Hashable, dict[int, tuple[list[Related], str, list[Converted]]]] = LruCache(64)

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
    owner: Hashable = None,
) -> list[types.Diagnostic]:
    """Diagnostics of *findings* on *lines*; *lines_of* gives another document's lines.

    A related place that carries the lines it was read from is converted
    with those; *lines_of* is asked only for the others. *owner*: the
    document the findings are on (its uri), under which lists of such
    places are remembered until its next conversion.
    """
    convert = Converter(lines, encoding)
    result: list[types.Diagnostic] = []
    others: dict[str, Lines] = {}
    known = (_CARRIED.get(owner) or {}) if owner is not None else {}
    kept: dict[int, tuple[list[Related], str, list[Converted]]] = {}
    for finding in findings:
        if not finding.related:
            result.append(convert.diagnostic(finding))
            continue
        related = _carried(finding.related, encoding, known, kept)
        if related is None:
            related = []
            for item in finding.related:
                other = item.lines
                if other is None:
                    if item.path not in others:
                        others[item.path] = lines_of(item.path)
                    other = others[item.path]
                related.append(_related(item, other, encoding))
        result.append(convert.diagnostic(finding, related=related))
    if owner is not None:
        _CARRIED.put(owner, kept)
    return result


def _carried(
    items: list[Related],
    encoding: str,
    known: dict[int, tuple[list[Related], str, list[Converted]]],
    kept: dict[int, tuple[list[Related], str, list[Converted]]],
) -> list[Converted] | None:
    """*items* converted, when every place carries its own lines; else ``None``.

    Such places are converted from what they hold alone, and a rule that
    reports the same finding again (a cross-document finding that did not
    change) gives the very same list: it is looked up by identity,
    without a key per place.
    """
    entry = known.get(id(items))
    if entry is None or entry[0] is not items or entry[1] != encoding:
        if any(item.lines is None for item in items):
            return None
        entry = (items, encoding, [_related(item, item.lines, encoding) for item in items])
    kept[id(items)] = entry
    return entry[2]


def _related(item: Related, other: Sequence[str] | None, encoding: str) -> Converted:
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
