"""``featuredoc check`` with a workspace: SUPPORT.md (FD601/FD602) and the template (FD106)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from featuredoc.cli import command as cli

SUPPORT = """\
# Support statement

## Features

### Grant Table v3

    Status: Tech Preview

### Credit2 Scheduler

    Status: Supported
"""


def doc(title: str, status: str, extra: str = "") -> str:
    return f"""\
% {title}
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **{status}**

      Component: Hypervisor
---------------- ----------------------------------------------------

# Overview

It does one thing.
{extra}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    (tmp_path / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (features / "gnttab.pandoc").write_text(doc("Grant Table v3", "Supported"), encoding="utf-8")
    (features / "credit2.pandoc").write_text(
        doc("Credit2 Scheduler", "Supported"), encoding="utf-8"
    )
    rtds = doc("RTDS Scheduler", "Supported").replace(
        "      Component:", "  Support entry: Credit2 Schedular\n\n      Component:"
    )
    (features / "rtds.pandoc").write_text(rtds, encoding="utf-8")
    return tmp_path


def run_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cwd: Path, *argv: str
) -> tuple[int, list[dict]]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = cli.main(["check", "--format", "json", "--fail-on", "never", *argv])
    return code, json.loads(capsys.readouterr().out)


def cross(findings: list[dict]) -> list[tuple[str, str, int]]:
    return sorted(
        (f["path"], f["code"], f["range"]["start"]["line"])
        for f in findings
        if f["code"].startswith("FD6")
    )


def test_support_md_in_the_root_brings_fd601_and_fd602(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, findings = run_json(capsys, monkeypatch, workspace, "--jobs", "1")
    assert code == 0
    assert cross(findings) == [
        ("docs/features/gnttab.pandoc", "FD602", 5),  # SUPPORT.md's line is its related place
        ("docs/features/rtds.pandoc", "FD601", 7),  # 'Credit2 Schedular': did you mean...
    ]
    by_path = {f["path"]: f for f in findings if f["code"] in ("FD601", "FD602")}
    assert "'Credit2 Scheduler'" in by_path["docs/features/rtds.pandoc"]["message"]
    [related] = by_path["docs/features/gnttab.pandoc"]["related"]
    assert (related["path"], related["range"]["start"]["line"]) == ("SUPPORT.md", 6)


def test_worker_processes_give_the_same_findings(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    features = workspace / "docs" / "features"
    for number in range(10):  # enough files for the pool
        (features / f"extra{number}.pandoc").write_text(
            doc("Grant Table v3", "Experimental"), encoding="utf-8"
        )
    _, sequential = run_json(capsys, monkeypatch, workspace, "--jobs", "1")
    _, pooled = run_json(capsys, monkeypatch, workspace, "--jobs", "2")
    assert pooled == sequential
    on_docs = [f for f in pooled if f["code"] == "FD602" and f["path"] != "SUPPORT.md"]
    assert len(on_docs) == 1 + 10
    assert all(f["related"][0]["path"] == "SUPPORT.md" for f in on_docs)
    # SUPPORT.md, the source of truth, is not flagged for what the documents say
    assert [f for f in pooled if f["code"] == "FD602" and f["path"] == "SUPPORT.md"] == []


def test_checking_one_feature_document_still_compares_with_support_md(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, findings = run_json(capsys, monkeypatch, workspace, "docs/features/gnttab.pandoc")
    assert cross(findings) == [("docs/features/gnttab.pandoc", "FD602", 5)]


def test_stdin_with_a_filename_is_compared_too(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    text = doc("Grant Table v3", "Experimental").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    _, findings = run_json(
        capsys, monkeypatch, workspace, "--stdin-filename", "docs/features/gnttab.pandoc", "-"
    )
    assert [f["code"] for f in findings if f["code"] == "FD602"] == ["FD602"]


def test_without_support_md_there_is_no_cross_check(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "SUPPORT.md").unlink()
    _, findings = run_json(capsys, monkeypatch, workspace)
    assert cross(findings) == []


def test_the_template_guidance_left_in_is_fd106(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guidance = "Describe here, in a few sentences, what the frobnicator does for the user."
    template = workspace / "docs" / "features" / "template.pandoc"
    template.write_text(f"% Title\n% Revision $N\n\n# Overview\n\n{guidance}\n", encoding="utf-8")
    path = workspace / "docs" / "features" / "credit2.pandoc"
    path.write_text(doc("Credit2 Scheduler", "Supported", f"\n{guidance}\n"), encoding="utf-8")
    _, findings = run_json(capsys, monkeypatch, workspace, "docs/features/credit2.pandoc")
    assert "FD106" in [f["code"] for f in findings]


def test_related_places_are_in_json_and_sarif_with_their_own_files_units(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other file's range is in UTF-16 units of *that* file's line, its path like the rest."""
    support = SUPPORT.replace("Status: Tech Preview", "Status: Tech Preview 😀 ünï")
    (workspace / "SUPPORT.md").write_text(support, encoding="utf-8")
    _, findings = run_json(capsys, monkeypatch, workspace / "docs", "features/gnttab.pandoc")
    (fd602,) = [f for f in findings if f["code"] == "FD602"]
    # run below the root: paths stay the project's own
    assert fd602["path"] == "docs/features/gnttab.pandoc"
    value = "Tech Preview 😀 ünï"  # 18 code points, 19 UTF-16 units
    assert fd602["related"] == [
        {
            "path": "SUPPORT.md",
            "message": f"SUPPORT.md: {value}",
            "range": {
                "start": {"line": 6, "character": 12},
                "end": {"line": 6, "character": 12 + 19},
            },
        }
    ]
    # a finding without related places says so with an empty list
    assert all(f["related"] == [] for f in findings if f["code"] != "FD602")

    capsys.readouterr()
    cli.main(["check", "--format", "sarif", "--fail-on", "never", "features/gnttab.pandoc"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    (result,) = [r for r in results if r["ruleId"] == "FD602"]
    (place,) = result["relatedLocations"]
    assert place["physicalLocation"] == {
        "artifactLocation": {"uri": "SUPPORT.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7, "startColumn": 13, "endLine": 7, "endColumn": 13 + 19},
    }
