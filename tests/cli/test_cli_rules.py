"""``featuredoc rules`` and ``featuredoc explain``."""

from __future__ import annotations

import json

import pytest
from cli_support import Runner

from featuredoc.model.urls import rule_url
from featuredoc.rules import RULES
from featuredoc.rules.catalog import all_rules, code_problem, find, sections


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


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        (
            "FD999",
            "unknown rule code 'FD999'; did you mean one of FD901, FD902, FD903, FD904, FD905?",
        ),
        ("fd210", "unknown rule code 'fd210'; did you mean 'FD201'?"),
        ("FD2", "unknown rule code 'FD2' (`featuredoc rules` lists them)"),
        ("unknown-staus", "unknown rule name 'unknown-staus'; did you mean 'unknown-status'?"),
        (
            "nothing-like-this",
            "unknown rule name 'nothing-like-this' (`featuredoc rules` lists them)",
        ),
    ],
)
def test_explain_unknown_rule_exits_2_with_what_was_meant(
    run: Runner, asked: str, message: str
) -> None:
    result = run("explain", asked)
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"featuredoc: error: {message}\n"


@pytest.mark.parametrize(
    ("text", "prefix", "problem"),
    [
        ("FD201", False, None),
        (" fd201 ", False, None),
        ("FD2", True, None),
        ("FD20", True, None),
        ("FD", True, None),
        ("all", True, None),
        ("FD2", False, "unknown rule code 'FD2' (`featuredoc rules` lists them)"),
        ("FD21", True, "unknown rule code or prefix 'FD21'; did you mean one of FD2, FD201?"),
        ("FD21", False, "unknown rule code 'FD21'; did you mean 'FD201'?"),
        # one edit away and the longest start alike: not FD110 for FD210
        ("FD210", False, "unknown rule code 'FD210'; did you mean 'FD201'?"),
        (
            "FD906",
            False,
            "unknown rule code 'FD906'; did you mean one of FD901, FD902, FD903, FD904, FD905?",
        ),
        (
            "FD999",
            False,
            "unknown rule code 'FD999'; did you mean one of FD901, FD902, FD903, FD904, FD905?",
        ),
        (
            "E501",
            True,
            "unknown rule code or prefix 'E501' (e.g. FD201, FD2, ALL; `featuredoc rules` lists them)",
        ),
    ],
)
def test_code_problem(text: str, prefix: bool, problem: str | None) -> None:
    assert code_problem(text, prefix=prefix) == problem


def test_every_registered_code_and_its_prefixes_are_known() -> None:
    for info in all_rules():
        assert code_problem(info.code) is None
        for end in range(2, len(info.code) + 1):
            assert code_problem(info.code[:end], prefix=True) is None


def test_find() -> None:
    info = find("fd402")
    assert info is not None and info.name == "bad-history-date"
    assert find("nothing-like-this") is None
