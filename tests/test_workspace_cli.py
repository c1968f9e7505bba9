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
    (features / "rtds.pandoc").write_text(doc("Credit2 Schedular", "Supported"), encoding="utf-8")
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


def test_support_md_in_the_root_brings_fd601_and_fd602_on_both_sides(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, findings = run_json(capsys, monkeypatch, workspace, "--jobs", "1")
    assert code == 0
    assert cross(findings) == [
        ("SUPPORT.md", "FD602", 6),  # '    Status: Tech Preview' points back at gnttab.pandoc
        ("docs/features/gnttab.pandoc", "FD602", 5),
        ("docs/features/rtds.pandoc", "FD601", 0),  # 'Credit2 Schedular': did you mean...
    ]
    by_path = {f["path"]: f for f in findings if f["code"] in ("FD601", "FD602")}
    assert "'Credit2 Scheduler'" in by_path["docs/features/rtds.pandoc"]["message"]
    assert "Grant Table v3" in by_path["SUPPORT.md"]["message"]


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
    assert len([f for f in pooled if f["code"] == "FD602"]) == 1 + 10 + 11  # docs + SUPPORT.md


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
