"""Rendering findings for people and machines (no LSP imports)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from featuredoc.findings import Finding
from featuredoc.text import Span, utf16_column


@dataclass(slots=True)
class FileResult:
    path: str
    lines: list[str]
    findings: list[Finding]


def lsp_range(span: Span, lines: Sequence[str]) -> dict[str, dict[str, int]]:
    """An LSP range (0-based, UTF-16 code units) for *span*."""

    def point(line: int, column: int) -> dict[str, int]:
        text = lines[line] if 0 <= line < len(lines) else ""
        return {"line": line, "character": utf16_column(text, column)}

    return {
        "start": point(span.start.line, span.start.column),
        "end": point(span.end.line, span.end.column),
    }


def format_text(results: Sequence[FileResult]) -> str:
    out: list[str] = []
    for result in results:
        for f in result.findings:
            start = f.span.start
            out.append(
                f"{result.path}:{start.line + 1}:{start.column + 1}: "
                f"{f.severity.label} {f.code} {f.message}"
            )
    return "\n".join(out) + ("\n" if out else "")


def format_json(results: Sequence[FileResult]) -> str:
    items = [
        {
            "path": result.path,
            "code": f.code,
            "severity": f.severity.label,
            "message": f.message,
            "range": lsp_range(f.span, result.lines),
        }
        for result in results
        for f in result.findings
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
