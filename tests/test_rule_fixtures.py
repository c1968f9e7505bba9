"""Every rule fixture produces exactly the findings it states."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.config import Config
from featuredoc.engine import check
from featuredoc.model import DocumentKind
from rule_fixtures import FIXTURES, all_fixtures, load


def make_config(settings: dict) -> Config:
    if not settings:
        return Config()
    from featuredoc import config_loader  # the loader validates the same keys as the file

    config, errors = config_loader.config_from_data(settings, source="fixture")
    assert not errors, errors
    return config


@pytest.mark.parametrize("path", all_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path) -> None:
    fixture = load(path)
    kind = DocumentKind.SUPPORT if fixture.is_support else DocumentKind.FEATURE
    findings = check(
        fixture.text, str(path), make_config(fixture.settings), kind=kind, today=fixture.today
    )
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
