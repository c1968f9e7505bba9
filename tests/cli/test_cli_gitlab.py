"""``--format gitlab``: a GitLab Code Quality report."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import BROKEN, Runner


def report(run: Runner, workspace: Path) -> list[dict[str, object]]:
    result = run("check", "--format", "gitlab", cwd=workspace)
    assert result.code == 1
    return json.loads(result.out)


def test_issues(workspace: Path, run: Runner) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    issues = report(run, workspace)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("FD201", "major", {"path": "docs/features/x.pandoc", "lines": {"begin": 6, "end": 6}}),
        ("FD402", "minor", {"path": "docs/features/x.pandoc", "lines": {"begin": 51, "end": 51}}),
    ]
    assert all(
        i["type"] == "issue" and i["description"].startswith(i["check_name"]) for i in issues
    )
    assert len({i["fingerprint"] for i in issues}) == 2


def test_fingerprints_survive_moved_lines(workspace: Path, run: Runner) -> None:
    doc = workspace / "docs" / "features" / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    before = {i["check_name"]: i["fingerprint"] for i in report(run, workspace)}
    doc.write_text(
        BROKEN.replace("# Overview\n", "# Overview\n\nA new paragraph.\n"), encoding="utf-8"
    )
    after = {i["check_name"]: i["fingerprint"] for i in report(run, workspace)}
    assert before == after
