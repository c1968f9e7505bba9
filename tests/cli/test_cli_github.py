"""``--format github``: workflow commands GitHub Actions turns into annotations."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import BROKEN, Runner

from featuredoc.cli.output import (
    FileResult,
    format_github,
    github_escape_data,
    github_escape_property,
)
from featuredoc.model.findings import Finding, Severity
from featuredoc.model.text import Span


def test_annotations_for_a_document(workspace: Path, run: Runner) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    sub = workspace / "docs"
    # run from a sub-folder: the file is still named relative to the repository root
    result = run("check", "--format", "github", "features", cwd=sub)
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=docs/features/x.pandoc,line=6,col=20,endLine=6,endColumn=29,"
        "title=FD201::'Supperted' is not a support status; did you mean 'Supported'?",
        "::warning file=docs/features/x.pandoc,line=51,col=1,endLine=51,endColumn=10,"
        "title=FD402::History date '2025-3-04' is not written YYYY-MM-DD; "
        "did you mean '2025-03-04'?",
    ]


def finding(severity: Severity, message: str, span: Span) -> Finding:
    return Finding("FD105", severity, message, span)


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFORMATION, "notice"),
        (Severity.HINT, "notice"),
    ],
)
def test_levels(severity: Severity, level: str) -> None:
    out = format_github(
        [FileResult("a.pandoc", ["x"], [finding(severity, "m", Span.on_line(0, 0, 1))])]
    )
    assert out.startswith(f"::{level} file=a.pandoc,")


def test_escaping() -> None:
    assert github_escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert github_escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    out = format_github(
        [
            FileResult(
                "my,doc:1.pandoc",
                ["x"],
                [finding(Severity.ERROR, "100% wrong:\nsee, here", Span.on_line(0, 0, 1))],
            )
        ]
    )
    assert out == (
        "::error file=my%2Cdoc%3A1.pandoc,line=1,col=1,endLine=1,endColumn=2,"
        "title=FD105::100%25 wrong:%0Asee, here\n"
    )


def test_a_range_over_several_lines_gives_lines_only() -> None:
    out = format_github(
        [
            FileResult(
                "a.pandoc", ["x", "y", "z"], [finding(Severity.WARNING, "m", Span.of(0, 1, 2, 1))]
            )
        ]
    )
    assert out == "::warning file=a.pandoc,line=1,endLine=3,title=FD105::m\n"


def test_no_findings_no_output(workspace: Path, run: Runner) -> None:
    result = run("check", "--format", "github", cwd=workspace)
    assert result.out == ""
