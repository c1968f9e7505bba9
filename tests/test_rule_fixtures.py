"""Every rule fixture produces exactly the findings it states."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.engine import check, parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.rules.base import BaseRevision, Inputs
from featuredoc.workspace.index import WorkspaceIndex
from rule_fixtures import FIXTURES, NEW_DOCUMENT, Fixture, all_fixtures, load


def make_config(settings: dict) -> Config:
    if not settings:
        return Config()
    from featuredoc.workspace import (
        config_file as config_loader,  # the loader validates the same keys as the file
    )

    config, errors = config_loader.config_from_data(settings, source="fixture")
    assert not errors, errors
    return config


def fixture_inputs(fixture: Fixture, config: Config) -> tuple[str, Inputs]:
    """The path to check the fixture as, and the workspace, base and date it names.

    The workspace holds the fixture and its named siblings only, as if the
    fixture's folder were the root and the sibling SUPPORT file its SUPPORT.md.
    """
    path = str(fixture.path)
    index = None
    base = None
    if fixture.support is not None or fixture.features:
        index = WorkspaceIndex(fixture.path.parent, config)
        support_path = index.support_path()
        assert support_path is not None
        if fixture.is_support:
            path = str(support_path)
        else:
            assert fixture.support is not None, "a feature fixture names its fixture-support"
            index.set_text(support_path, fixture.support.read_text(encoding="utf-8"))
        index.set_text(path, fixture.text)
        for feature in fixture.features:
            index.set_text(feature, feature.read_text(encoding="utf-8"))
    if fixture.base == NEW_DOCUMENT:
        base = BaseRevision("base", None)
    elif isinstance(fixture.base, Path):
        text = fixture.base.read_text(encoding="utf-8")
        base = BaseRevision("base", parse(text, str(fixture.base), config, DocumentKind.FEATURE))
    return path, Inputs(workspace=index, base=base, today=fixture.today, decoded=fixture.decoded)


@pytest.mark.parametrize("path", all_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path) -> None:
    fixture = load(path)
    kind = DocumentKind.SUPPORT if fixture.is_support else DocumentKind.FEATURE
    config = make_config(fixture.settings)
    as_path, inputs = fixture_inputs(fixture, config)
    findings = check(fixture.text, as_path, config, kind=kind, inputs=inputs)
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
