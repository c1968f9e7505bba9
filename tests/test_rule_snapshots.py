"""Every rule fixture's findings, whole, against a committed snapshot.

The ``expect`` markers of a fixture state which codes it reports on which
lines (tests/test_rule_fixtures.py). The snapshot beside it,
``<fixture name>.snap.json``, holds everything else a user sees of each
finding: code, severity, message, exact range, related locations and fixes
(title, whether ``featuredoc check --fix`` applies it, the edits). Ranges are
LSP ranges as ``featuredoc check --format json`` prints them: 0-based lines,
UTF-16 characters.

When a change to a rule is meant to change what it reports, regenerate the
snapshots and review the difference like any other change::

    FEATUREDOC_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_rule_snapshots.py

(with ``PYTHONPATH=server`` when the package is not installed from this
checkout). That writes missing and changed snapshots and deletes those whose
fixture is gone; without the variable, any difference fails with a diff.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from featuredoc.cli.output import lsp_range
from featuredoc.model.findings import Finding
from featuredoc.model.text import Span, split_lines
from rule_fixtures import FIXTURES, all_fixtures, load, prepare

UPDATE = os.environ.get("FEATUREDOC_UPDATE_SNAPSHOTS", "") not in ("", "0")
SUFFIX = ".snap.json"
HOW_TO_UPDATE = (
    "If the change is intended, regenerate the snapshots and review the diff:\n"
    "    FEATUREDOC_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_rule_snapshots.py"
)


def snapshot_path(fixture: Path) -> Path:
    return fixture.with_name(fixture.name + SUFFIX)


class Documents:
    """Names and lines of the documents findings point into (for UTF-16 ranges)."""

    def __init__(self, files: dict[str, Path]) -> None:
        self._files = files
        self._lines: dict[str, list[str]] = {}

    def name(self, path: str) -> str:
        return self._file(path).name

    def range(self, span: Span, path: str) -> dict[str, dict[str, int]]:
        if path not in self._lines:
            self._lines[path] = split_lines(self._file(path).read_text(encoding="utf-8"))
        return lsp_range(span, self._lines[path])

    def _file(self, path: str) -> Path:
        try:
            return self._files[path]
        except KeyError:
            raise AssertionError(f"a finding points into {path!r}, not a fixture file") from None


def finding_json(finding: Finding, path: str, documents: Documents) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": finding.code,
        "severity": finding.severity.label,
        "message": finding.message,
        "range": documents.range(finding.span, path),
    }
    if finding.related:
        item["related"] = [
            {
                "path": documents.name(r.path),
                "range": documents.range(r.span, r.path),
                "message": r.message,
            }
            for r in finding.related
        ]
    if finding.fixes:
        item["fixes"] = [
            {
                "title": fix.title,
                "preferred": fix.preferred,
                "applied_by_fix": fix.safe,
                "edits": [
                    {"range": documents.range(edit.span, path), "newText": edit.new_text}
                    for edit in fix.edits
                ],
            }
            for fix in finding.fixes
        ]
    return item


def render(fixture_path: Path) -> str:
    """The snapshot text for a fixture: its findings as JSON."""
    prepared = prepare(load(fixture_path))
    documents = Documents(prepared.documents())
    findings = prepared.check(prepared.fixture.text)
    items = [finding_json(f, prepared.path, documents) for f in findings]
    text = json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    return _RANGE.sub(_one_line, text)


# a range on one line: {"start": {"line": 5, "character": 19}, "end": {...}}
_POINT = r'\{\s*"line": \d+,\s*"character": \d+\s*\}'
_RANGE = re.compile(rf'\{{\s*"start": {_POINT},\s*"end": {_POINT}\s*\}}')


def _one_line(match: re.Match[str]) -> str:
    return json.dumps(json.loads(match.group(0)))


def _name(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@pytest.mark.parametrize("path", all_fixtures(), ids=_name)
def test_findings_match_the_snapshot(path: Path) -> None:
    actual = render(path)
    snapshot = snapshot_path(path)
    expected = snapshot.read_text(encoding="utf-8") if snapshot.is_file() else None
    if actual == expected:
        return
    if UPDATE:
        snapshot.write_text(actual, encoding="utf-8", newline="\n")
        return
    if expected is None:
        pytest.fail(f"{_name(snapshot)} is missing.\n{HOW_TO_UPDATE}", pytrace=False)
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"{_name(snapshot)} (committed)",
            f"{_name(path)} (findings now)",
        )
    )
    pytest.fail(f"the findings differ from the snapshot:\n{diff}\n{HOW_TO_UPDATE}", pytrace=False)


def test_every_snapshot_has_its_fixture() -> None:
    wanted = {snapshot_path(p) for p in all_fixtures()}
    leftovers = sorted(p for p in FIXTURES.rglob("*" + SUFFIX) if p not in wanted)
    if leftovers and UPDATE:
        for path in leftovers:
            path.unlink()
        return
    assert not leftovers, (
        f"snapshots without a fixture: {[_name(p) for p in leftovers]}.\n{HOW_TO_UPDATE}"
    )


def test_snapshots_agree_with_the_expect_markers() -> None:
    """The committed snapshots say what the markers say (code and 1-based line)."""
    for path in all_fixtures():
        snapshot = snapshot_path(path)
        if not snapshot.is_file():
            continue  # reported by test_findings_match_the_snapshot
        items = json.loads(snapshot.read_text(encoding="utf-8"))
        got = {(item["code"], item["range"]["start"]["line"] + 1) for item in items}
        assert got == load(path).expected, _name(path)
