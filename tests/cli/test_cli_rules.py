"""``featuredoc rules`` and ``featuredoc explain``."""

from __future__ import annotations

import json

import pytest
from cli_support import Runner

from featuredoc.rules import RULES
from featuredoc.rules.catalog import all_rules, find, sections
from featuredoc.rules.urls import rule_url


def test_rules_table_lists_every_code(run: Runner) -> None:
    result = run("rules")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"]
    listed = [line.split()[0] for line in lines[1:]]
    assert listed == sorted(listed)
    assert set(listed) >= {rule.code for rule in RULES} | {"FD901", "FD902"}
    fd201 = next(line for line in lines if line.startswith("FD201 "))
    assert fd201.split()[:4] == ["FD201", "unknown-status", "error", "yes"]


def test_rules_json(run: Runner) -> None:
    items = json.loads(run("rules", "--format", "json").out)
    by_code = {item["code"]: item for item in items}
    assert set(by_code) == {info.code for info in all_rules()}
    assert by_code["FD201"] == {
        "code": "FD201",
        "name": "unknown-status",
        "severity": "error",
        "fixable": True,
        "fix": "auto",
        "summary": next(r.summary for r in RULES if r.code == "FD201"),
        "applies_to": ["feature"],
        "url": rule_url("FD201"),
    }
    assert by_code["FD203"]["severity"] == "hint"
    # quick fixes to review in the editor are not what --fix applies
    for code in ("FD301", "FD405", "FD601"):
        assert (by_code[code]["fixable"], by_code[code]["fix"]) == (False, "editor"), code
    assert (by_code["FD202"]["fixable"], by_code["FD202"]["fix"]) == (False, "none")


@pytest.mark.parametrize("code", ["FD301", "FD405", "FD601"])
def test_rules_and_explain_say_editor_only_fixes_are_not_applied_by_fix(
    run: Runner, code: str
) -> None:
    row = next(line for line in run("rules").out.splitlines() if line.startswith(code + " "))
    assert row.split()[3] == "editor"
    out = run("explain", code).out
    assert "Fix: in the editor only, as a quick fix to review; " in out
    assert "`featuredoc check --fix` leaves it" in out
    assert "Fixable: yes" not in out


def test_explain_says_fix_applies_automatic_fixes(run: Runner) -> None:
    out = run("explain", "FD402").out
    assert "Fix: yes, applied by `featuredoc check --fix`" in out
    assert "\nFix: no\n" in run("explain", "FD202").out


@pytest.mark.parametrize("spelling", ["FD201", "fd201", "unknown-status"])
def test_explain_shows_the_rule_documentation(run: Runner, spelling: str) -> None:
    result = run("explain", spelling)
    assert result.code == 0
    out = result.out
    assert out.startswith("FD201 unknown-status:")
    assert "Default severity: error" in out
    assert rule_url("FD201") in out
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert f"\n{heading}\n" in out
    assert "\n             Status: **Supperted**\n" in out  # the example, indented


def test_explain_every_rule(run: Runner) -> None:
    for info in all_rules():
        result = run("explain", info.code)
        assert result.code == 0, info.code
        assert info.code in result.out.splitlines()[0]
        assert "What it does" in sections(info.doc), info.code


def test_explain_unknown_code_exits_2(run: Runner) -> None:
    result = run("explain", "FD999")
    assert result.code == 2
    assert result.out == ""
    assert result.err == "featuredoc: error: unknown rule 'FD999' (`featuredoc rules` lists them)\n"


def test_find() -> None:
    info = find("fd402")
    assert info is not None and info.name == "bad-history-date"
    assert find("nothing-like-this") is None
