"""SARIF 2.1.0 output (for code scanning: GitHub, GitLab, Azure DevOps...).

One run; ``tool.driver.rules`` describes every code (documentation from the
rule module's docstring), each result points to its file relative to the
workspace root (``uriBaseId: %SRCROOT%``) with a 1-based region whose
columns are UTF-16 code units (``columnKind: utf16CodeUnits``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from featuredoc import __version__
from featuredoc.cli.display import raw_bytes, valid_text
from featuredoc.cli.output import FileResult
from featuredoc.model.config import Config
from featuredoc.model.findings import Finding, Fix, Related, Severity
from featuredoc.model.text import Span, column_to_units
from featuredoc.model.urls import HOMEPAGE, rule_url
from featuredoc.rules.base import Fixability
from featuredoc.rules.catalog import RuleInfo, all_rules, description
from featuredoc.workspace.files import project_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"

_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


def _message(text: str) -> dict[str, str]:
    return {"text": valid_text(text)}


def rule_descriptor(info: RuleInfo, config: Config) -> dict[str, Any]:
    severity = config.severity_for(info.code, info.severity)
    descriptor: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": _message(info.summary),
        "fullDescription": _message(description(info)),
        "helpUri": rule_url(info.code),
        "defaultConfiguration": {
            "level": _LEVEL[severity] if severity is not None else _LEVEL[info.severity],
            "enabled": severity is not None,
        },
        "properties": {
            "fixable": info.fixable,
            "fix": info.fix.value,
            "appliesTo": list(info.applies_to),
        },
    }
    if info.doc:
        descriptor["help"] = {"text": info.doc, "markdown": info.doc}
    return descriptor


def _region(span: Span, lines: Sequence[str]) -> dict[str, int]:
    def column(line: int, col: int) -> int:
        text = lines[line] if 0 <= line < len(lines) else ""
        return column_to_units(text, col) + 1

    return {
        "startLine": span.start.line + 1,
        "startColumn": column(span.start.line, span.start.column),
        "endLine": span.end.line + 1,
        "endColumn": column(span.end.line, span.end.column),
    }


def artifact_uri(rel_path: str) -> str:
    """A relative URI reference for a ``/``-separated path.

    Percent-encoded from the name's bytes, so that a name that is not
    UTF-8 (or holds a newline) is still a valid, lossless URI reference.
    """
    return quote(raw_bytes(rel_path), safe="/")


def _location(uri: str, region: dict[str, int], *, based: bool = True) -> dict[str, Any]:
    artifact: dict[str, str] = {"uri": uri}
    if based:
        artifact["uriBaseId"] = SRCROOT
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _file_location(path: str, region: dict[str, int]) -> dict[str, Any]:
    """A location in *path*: relative to %SRCROOT%, or a file URI outside the root."""
    if Path(path).is_absolute():
        return _location(Path(path).as_uri(), region, based=False)
    return _location(artifact_uri(path), region)


def _related_location(
    number: int, related: Related, result: FileResult, root: Path
) -> dict[str, Any]:
    span = related.span
    lines = result.related_lines(related)
    if lines is result.lines:
        location = _file_location(result.root_path, _region(span, lines))
    else:
        if lines is not None:
            region = _region(span, lines)
        else:  # another file without its lines: lines only (columns cannot be converted)
            region = {"startLine": span.start.line + 1, "endLine": span.end.line + 1}
        path = Path(related.path)  # absolute from the workspace index, else root-relative
        location = _file_location(
            project_path(path, root) if path.is_absolute() else path.as_posix(), region
        )
    location["id"] = number
    location["message"] = _message(related.message)
    return location


def _result(
    finding: Finding, result: FileResult, index: dict[str, int], root: Path
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": _message(finding.message),
        "locations": [_file_location(result.root_path, _region(finding.span, result.lines))],
    }
    if finding.code in index:
        item["ruleIndex"] = index[finding.code]
    related = [
        _related_location(number, rel, result, root) for number, rel in enumerate(finding.related)
    ]
    if related:
        item["relatedLocations"] = related
    fixes = [_fix(fix, result) for fix in sorted(finding.fixes, key=lambda f: not f.preferred)]
    if fixes:
        item["fixes"] = fixes
    return item


def _fix(fix: Fix, result: FileResult) -> dict[str, Any]:
    """A proposed fix: the replacements, regions in the columns of the run."""
    replacements = []
    for edit in fix.edits:
        replacement: dict[str, Any] = {"deletedRegion": _region(edit.span, result.lines)}
        if edit.new_text:
            replacement["insertedContent"] = {"text": edit.new_text}
        replacements.append(replacement)
    artifact = _file_location(result.root_path, {})["physicalLocation"]["artifactLocation"]
    return {
        "description": _message(fix.title),
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
    }


def to_sarif(
    results: Sequence[FileResult],
    config: Config,
    root: Path,
    *,
    notifications: Sequence[str] = (),
) -> dict[str, Any]:
    infos = all_rules()
    known = {info.code for info in infos}
    # Codes a rule reported that the catalogue does not list still get a descriptor.
    for result in results:
        for finding in result.findings:
            if finding.code not in known:
                known.add(finding.code)
                infos.append(
                    RuleInfo(
                        finding.code,
                        finding.code.lower(),
                        finding.severity,
                        "",
                        Fixability.NONE,
                        "",
                        (),
                    )
                )
    index = {info.code: number for number, info in enumerate(infos)}
    out_results = []
    for result in results:
        for finding in result.findings:
            out_results.append(_result(finding, result, index, root))
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": _message(text)} for text in notifications
        ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "featuredoc",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOMEPAGE,
                "rules": [rule_descriptor(info, config) for info in infos],
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root.resolve().as_uri().rstrip("/") + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": out_results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def format_sarif(
    results: Sequence[FileResult],
    config: Config,
    root: Path,
    *,
    notifications: Sequence[str] = (),
) -> str:
    log = to_sarif(results, config, root, notifications=notifications)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
