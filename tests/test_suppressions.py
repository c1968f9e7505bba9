"""Inline suppression comments, and the "suppress for this block" edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.analysis.fixes import apply_edits
from featuredoc.analysis.suppressions import directives, suppress_edit
from featuredoc.engine import analyse, check

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
PLAIN = (FIXTURES / "FD203" / "plain.pandoc").read_text(encoding="utf-8")  # FD203 on line 6
PATH = "docs/features/x.pandoc"


def found(text: str) -> set[tuple[str, int]]:
    return {(f.code, f.span.start.line + 1) for f in check(text, PATH)}


def with_comment_before_basics(comment: str) -> str:
    return PLAIN.replace("# Basics\n", f"# Basics\n{comment}\n", 1)


def test_plain_fixture_reports_fd203() -> None:
    assert ("FD203", 6) in found(PLAIN)


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- featuredoc: disable FD203 -->",
        "<!-- featuredoc: disable fd203 -->",
        "<!-- featuredoc: disable FD106, FD203 -->",
        "<!-- featuredoc: disable FD203 -- the plain status is intentional -->",
        "<!--featuredoc:disable FD203-->",
    ],
)
def test_block_suppression(comment: str) -> None:
    assert not {c for c, _ in found(with_comment_before_basics(comment))} & {"FD203", "FD903"}


def test_block_suppression_is_for_that_code_only() -> None:
    text = with_comment_before_basics("<!-- featuredoc: disable FD106 -->")
    assert ("FD203", 7) in found(text)


def test_reason_is_not_read_as_codes() -> None:
    text = with_comment_before_basics("<!-- featuredoc: disable FD106 -- FD203 looks odd -->")
    assert ("FD203", 7) in found(text)
    assert not {c for c, _ in found(text)} & {"FD903"}
    [d] = directives(analyse(text, PATH).document)  # type: ignore[arg-type]
    assert [c.code for c in d.codes] == ["FD106"]
    assert d.reason == "FD203 looks odd"


def test_file_suppression_anywhere() -> None:
    text = PLAIN + "\n<!-- featuredoc: disable-file FD203 -->\n"
    assert "FD203" not in {c for c, _ in found(text)}


def test_block_suppression_does_not_reach_other_blocks() -> None:
    text = PLAIN.replace("# Overview\n", "<!-- featuredoc: disable FD203 -->\n# Overview\n", 1)
    assert ("FD203", 6) in found(text)


def test_unknown_code_is_fd903_on_the_code() -> None:
    text = with_comment_before_basics("<!-- featuredoc: disable FD2O3 -->")
    [finding] = [f for f in check(text, PATH) if f.code == "FD903"]
    assert "did you mean 'FD203'" in finding.message
    line = text.split("\n")[finding.span.start.line]
    assert line[finding.span.start.column : finding.span.end.column] == "FD2O3"
    assert ("FD203", 7) in found(text)  # nothing was silenced


def test_unknown_directive_and_missing_code() -> None:
    text = with_comment_before_basics("<!-- featuredoc: enable FD203 -->")
    [finding] = [f for f in check(text, PATH) if f.code == "FD903"]
    assert "Unknown featuredoc directive 'enable'" in finding.message
    text = with_comment_before_basics("<!-- featuredoc: disable -->")
    [finding] = [f for f in check(text, PATH) if f.code == "FD903"]
    assert "names no code" in finding.message


def test_ordinary_comments_are_ignored() -> None:
    text = with_comment_before_basics("<!-- a note about FD203 -->")
    assert ("FD203", 7) in found(text)
    assert "FD903" not in {c for c, _ in found(text)}


def test_multi_line_comment_code_positions() -> None:
    text = with_comment_before_basics("<!-- featuredoc: disable\n     FD106 FD2O3 -->")
    [finding] = [f for f in check(text, PATH) if f.code == "FD903"]
    assert (finding.span.start.line, finding.span.start.column) == (5, 11)


def suppressed(text: str, code: str) -> str:
    analysis = analyse(text, PATH)
    assert analysis.document is not None
    [finding] = [f for f in analysis.findings if f.code == code]
    return apply_edits(text, [suppress_edit(analysis.document, finding)])


def test_suppress_edit_silences_the_finding() -> None:
    fixed = suppressed(PLAIN, "FD203")
    assert "<!-- featuredoc: disable FD203 -->" in fixed
    assert found(fixed) == found(PLAIN) - {("FD203", 6)}


def test_suppress_edit_extends_an_existing_directive() -> None:
    text = with_comment_before_basics("<!-- featuredoc: disable FD106 -- reviewed -->")
    fixed = suppressed(text, "FD203")
    assert "<!-- featuredoc: disable FD106 FD203 -- reviewed -->" in fixed
    assert "FD203" not in {c for c, _ in found(fixed)}


def test_suppress_edit_keeps_the_title_block_first() -> None:
    text = PLAIN.replace("% Revision 2\n", "% Revision two\n")
    analysis = analyse(text, PATH)
    title_findings = [f for f in analysis.findings if f.span.start.line <= 1]
    assert title_findings, [f.code for f in analysis.findings]
    finding = title_findings[0]
    assert analysis.document is not None
    fixed = apply_edits(text, [suppress_edit(analysis.document, finding)])
    assert fixed.startswith("% Grant Table v3\n% Revision two\n")
    assert f"<!-- featuredoc: disable-file {finding.code} -->" in fixed
    assert finding.code not in {c for c, _ in found(fixed)}


def test_crlf_document() -> None:
    text = with_comment_before_basics("<!-- featuredoc: disable FD203 -->").replace("\n", "\r\n")
    assert "FD203" not in {c for c, _ in found(text)}
