"""Findings as LSP diagnostics, with ``relatedInformation`` in the other document's units.

Reads the other documents (index, else the disk), so it runs on the
worker thread, as part of an analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.convert import Converter
from featuredoc.model.findings import Finding


def to_diagnostics(
    lines: list[str],
    findings: list[Finding],
    encoding: str,
    lines_of: Callable[[str], list[str] | None],
) -> list[types.Diagnostic]:
    """Diagnostics of *findings* on *lines*; *lines_of* gives another document's lines."""
    convert = Converter(lines, encoding)
    result: list[types.Diagnostic] = []
    cache: dict[str, tuple[str, Converter | None]] = {}
    for finding in findings:
        diagnostic = convert.diagnostic(finding)
        if finding.related:
            related = []
            for item in finding.related:
                if item.path not in cache:
                    other = lines_of(item.path)
                    target = (
                        uris.from_fs_path(item.path) or item.path
                        if Path(item.path).is_absolute()
                        else item.path
                    )
                    cache[item.path] = (
                        target,
                        Converter(other, encoding) if other is not None else None,
                    )
                target, other_convert = cache[item.path]
                rng = (
                    other_convert.range(item.span)
                    if other_convert is not None
                    else types.Range(
                        start=types.Position(line=item.span.start.line, character=0),
                        end=types.Position(line=item.span.start.line, character=0),
                    )
                )
                related.append(
                    types.DiagnosticRelatedInformation(
                        location=types.Location(uri=target, range=rng), message=item.message
                    )
                )
            diagnostic.related_information = related
        result.append(diagnostic)
    return result
