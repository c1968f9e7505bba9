"""A rule's ``fix`` declaration is what happens to its findings.

``Rule.fix`` is the one statement of whether a rule has a fix and who
applies it: ``featuredoc rules``, ``featuredoc explain`` and the rule pages
show it, and ``featuredoc check --fix`` applies exactly the fixes of rules
declared :attr:`~featuredoc.rules.Fixability.AUTO`. These tests run every
rule's fixtures through the ``--fix`` loop, one rule at a time (as
``--fix --select CODE`` does), and compare with the declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pytest

from featuredoc.analysis.fixes import fix_repeatedly
from featuredoc.model.findings import Finding
from featuredoc.rules import RULES, Fixability, Rule
from rule_fixtures import Fixture, all_fixtures, checker, load


@dataclass(frozen=True)
class Outcome:
    fixture: Fixture
    before: list[Finding]  # the rule's findings in the fixture
    after: list[Finding]  # the rule's findings once --fix --select CODE has run
    changed: bool  # whether --fix changed the text


@cache
def _checked() -> list[tuple[Fixture, list[Finding]]]:
    """Every fixture with its findings, checked once."""
    return [(fixture, checker(fixture)(fixture.text)) for fixture in map(load, all_fixtures())]


def outcomes(code: str) -> list[Outcome]:
    """``--fix --select CODE`` on every fixture where *code* reports something."""
    found: list[Outcome] = []
    for fixture, findings in _checked():
        before = [f for f in findings if f.code == code]
        if not before:
            continue
        check = checker(fixture)

        def only(text: str, check: Callable[[str], list[Finding]] = check) -> list[Finding]:
            return [f for f in check(text) if f.code == code]

        run = fix_repeatedly(fixture.text, before, only)
        found.append(Outcome(fixture, before, run.findings, run.text != fixture.text))
    return found


def _name(rule: Rule) -> str:
    return f"{rule.code}-{rule.fix.value}"


#: Reported by the engine itself (an internal error), never by a fixture.
ENGINE_ONLY = {"FD902"}


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.applies_to and r.code not in ENGINE_ONLY], ids=_name
)
def test_declaration_matches_what_fix_does(rule: Rule) -> None:
    results = outcomes(rule.code)
    assert results, f"{rule.code} has no fixture that reports it"
    fixes = [fix for o in results for f in o.before for fix in f.fixes]
    where = ", ".join(o.fixture.path.name for o in results)
    if rule.fix is Fixability.NONE:
        assert not fixes, f"{rule.code} is declared without a fix but offers one ({where})"
    else:
        assert fixes, f"{rule.code} declares a fix ({rule.fix.value}) no fixture shows ({where})"
    if rule.fix is not Fixability.AUTO:
        # not applied by --fix: nothing changes, every finding stays
        assert not any(fix.safe for fix in fixes), rule.code
        for o in results:
            assert not o.changed, o.fixture.path.name
            assert [f.message for f in o.after] == [f.message for f in o.before]
        return
    # AUTO: --fix applies the rule's fixes, except one the rule leaves to the
    # editor for a particular finding (a fix that would drop the author's words)
    assert any(fix.safe for fix in fixes), rule.code
    for o in results:
        unfixable = [f for f in o.before if not any(fix.safe for fix in f.fixes)]
        # every finding with a fix --fix may apply is resolved; the others remain
        assert [f.message for f in o.after] == [f.message for f in unfixable], o.fixture.path.name
        assert o.changed == (len(unfixable) < len(o.before)), o.fixture.path.name


def test_editor_only_rules_of_the_corpus_keep_their_quick_fixes() -> None:
    """FD301, FD405 and FD601 fixes are offered (editor) but not applied by --fix."""
    for code in ("FD301", "FD405", "FD601"):
        rule = next(r for r in RULES if r.code == code)
        assert rule.fix is Fixability.EDITOR
        results = outcomes(code)
        assert any(f.fixes for o in results for f in o.before), code
        assert all(not o.changed for o in results), code
