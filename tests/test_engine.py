"""The engine end to end on real and synthetic documents."""

from __future__ import annotations

from pathlib import Path

from featuredoc.analysis.fixes import apply_fixes
from featuredoc.engine import check, run_rules
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Severity
from featuredoc.model.text import Span
from featuredoc.parser import parse_document
from featuredoc.rules import RULES
from featuredoc.rules.base import Rule


def codes(findings, code):
    return [f for f in findings if f.code == code]


def test_supperted_in_credit2(corpus: Path) -> None:
    text = (corpus / "sched_credit2.pandoc").read_text(encoding="utf-8")
    broken = text.replace("**Supported**", "**Supperted**", 1)
    findings = codes(check(broken, "docs/features/sched_credit2.pandoc"), "FD201")
    assert len(findings) == 1
    (f,) = findings
    line = broken.split("\n")[f.span.start.line]
    assert line[f.span.start.column : f.span.end.column] == "Supperted"
    assert f.severity is Severity.ERROR
    assert f.message == "'Supperted' is not a support status; did you mean 'Supported'?"
    fixed = apply_fixes(broken, [f.fixes[0]])
    assert fixed == text
    assert not codes(check(fixed, "x.pandoc"), "FD201")


def test_removing_testing_reports_fd101(corpus: Path) -> None:
    text = (corpus / "sched_credit2.pandoc").read_text(encoding="utf-8")
    start = text.index("# Testing")
    end = text.index("# Areas for improvement")
    findings = codes(check(text[:start] + text[end:], "x.pandoc"), "FD101")
    assert any("'Testing'" in f.message for f in findings)
    assert not any("'Testing'" in f.message for f in codes(check(text, "x.pandoc"), "FD101"))


def test_signoff_row_clears_fd301(corpus: Path) -> None:
    text = (corpus / "sched_credit2.pandoc").read_text(encoding="utf-8")
    (f,) = codes(check(text, "x.pandoc"), "FD301")
    line = text.split("\n")[f.span.start.line]
    assert line[f.span.start.column : f.span.end.column] == "Supported"
    signed = text.replace(
        "      Component: Hypervisor\n",
        "      Component: Hypervisor\n\nSecurity sign-off: Name <name@example.org>, 2020-02-01\n",
        1,
    )
    assert not codes(check(signed, "x.pandoc"), "FD301")


def test_corpus_checks_without_internal_errors(corpus: Path) -> None:
    for path in sorted(corpus.iterdir()):
        findings = check(path.read_text(encoding="utf-8"), str(path))
        assert not codes(findings, "FD902"), (path.name, findings)


def test_a_failing_rule_becomes_fd902_and_others_still_run() -> None:
    def explode(ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    bad = Rule("FD999", "explodes", Severity.ERROR, explode, "test rule")
    doc = parse_document("% T\n% Revision 1\n\n# Basics\n", "x.pandoc")
    findings = run_rules(doc, Config(), rules=(bad, *RULES))
    assert [f.code for f in findings if f.code == "FD902"] == ["FD902"]
    assert "FD999" in next(f.message for f in findings if f.code == "FD902")
    assert codes(findings, "FD101")


def test_rule_switched_off_and_severity_override() -> None:
    text = "% T\n% Revision 1\n"
    assert codes(check(text, "x.pandoc"), "FD101")
    assert not codes(check(text, "x.pandoc", Config(rules={"FD101": "off"})), "FD101")
    overridden = codes(check(text, "x.pandoc", Config(rules={"FD101": "hint"})), "FD101")
    assert overridden and all(f.severity is Severity.HINT for f in overridden)


def test_support_file_detection() -> None:
    config = Config()
    assert check("    Status: Supported\n", "SUPPORT.md", config) == check(
        "    Status: Supported\n", "x", config, kind=DocumentKind.SUPPORT
    )


def test_findings_stay_inside_the_document() -> None:
    text = "% 🚀\n% Revision x\n\n# Basics\n---------- ----\n Status: **Bad🚀**\n---------- ----\n"
    lines = text.split("\n")
    for f in check(text, "x.pandoc"):
        for pos in (f.span.start, f.span.end):
            assert 0 <= pos.line < len(lines)
            assert 0 <= pos.column <= len(lines[pos.line])
        assert isinstance(f.span, Span)
