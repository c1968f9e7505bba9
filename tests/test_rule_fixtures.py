"""Every rule fixture produces exactly the findings it states."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_fixtures import FIXTURES, all_fixtures, check_fixture, load


@pytest.mark.parametrize("path", all_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path) -> None:
    fixture = load(path)
    findings = check_fixture(fixture)
    got = {(f.code, f.span.start.line + 1) for f in findings}
    assert got == fixture.expected, "\n".join(
        f"{f.code}@{f.span.start.line + 1}: {f.message}" for f in findings
    )


def test_every_rule_has_fixtures() -> None:
    from featuredoc.rules import RULES

    covered = {code for p in all_fixtures() for code, _ in load(p).expected}
    # FD902 is reported by the engine, FD901 on the configuration file (test_config.py)
    missing = [
        r.code for r in RULES if r.code not in covered and r.code != "FD902" and r.applies_to
    ]
    assert not missing, f"rules without a positive fixture: {missing}"


def test_helper_siblings_are_not_fixtures() -> None:
    names = {p.name for p in all_fixtures()}
    assert "SUPPORT-livepatch.md" not in names  # named by fixture-support, no expect marker
    assert "promoted.base.pandoc" not in names  # named by fixture-base
