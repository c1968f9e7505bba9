"""The one builder of what the rules know beyond the document."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.inputs import BaseRevision, Inputs
from featuredoc.workspace.index import WorkspaceIndex
from featuredoc.workspace.inputs import SupportText, rule_inputs, support_view

SUPPORT = """\
# Support statement

### Überwachung von Gästen

    Status: Supported
"""

FEATURE = """\
% Überwachung von Gästen
% Revision 1

# Basics
---------------- ---------------------
         Status: **Experimental**
---------------- ---------------------
"""


def test_a_feature_document_gets_support_md_alone() -> None:
    config = Config()
    support = SupportText("/w/SUPPORT.md", SUPPORT)
    inputs = rule_inputs("docs/features/gäste.pandoc", config, support=support)
    assert inputs.workspace is not None
    entry = inputs.workspace.support()
    assert entry is not None and entry.path == "/w/SUPPORT.md"
    assert list(inputs.workspace.features()) == []
    # parsed once per process: the next document shares the view
    again = rule_inputs("docs/features/other.pandoc", config, support=support)
    assert again.workspace is inputs.workspace


def test_support_md_is_not_given_itself_as_its_workspace() -> None:
    support = SupportText("/w/SUPPORT.md", SUPPORT)
    assert rule_inputs("SUPPORT.md", Config(), support=support).workspace is None


def test_a_whole_index_wins_over_support_text(tmp_path: Path) -> None:
    config = Config()
    index = WorkspaceIndex(tmp_path, config)
    support = SupportText("/w/SUPPORT.md", SUPPORT)
    inputs = rule_inputs("docs/features/x.pandoc", config, workspace=index, support=support)
    assert inputs.workspace is index


def test_the_template_is_read_from_the_root(tmp_path: Path) -> None:
    config = dataclasses.replace(Config(), template="docs/templates/t.pandoc")
    (tmp_path / "docs" / "templates").mkdir(parents=True)
    (tmp_path / "docs" / "templates" / "t.pandoc").write_text("% Fünf\n", encoding="utf-8")
    assert rule_inputs("x.pandoc", config, root=tmp_path).template_text == "% Fünf\n"
    assert rule_inputs("x.pandoc", config).template_text is None  # no root, no template
    assert rule_inputs("x.pandoc", Config(), root=tmp_path).template_text is None


def test_base_and_today_pass_through() -> None:
    base = BaseRevision("main", None)
    inputs = rule_inputs("x.pandoc", Config(), base=base, today=dt.date(2030, 1, 2))
    assert inputs.base is base and inputs.today == dt.date(2030, 1, 2)
    assert rule_inputs("x.pandoc", Config()).today == dt.date.today()


def test_inputs_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Inputs().template_text = "x"  # type: ignore[misc]  # the point of the test


def test_the_rules_read_the_built_inputs() -> None:
    config = Config()
    support = support_view(SupportText("/w/SUPPORT.md", SUPPORT), config)
    without = {f.code for f in check(FEATURE, "docs/features/g.pandoc", config)}
    with_support = check(
        FEATURE, "docs/features/g.pandoc", config, inputs=Inputs(workspace=support)
    )
    assert "FD602" not in without
    assert [f.code for f in with_support if f.code == "FD602"] == ["FD602"]
