"""The generated documentation matches the code."""

from __future__ import annotations

from pathlib import Path

from featuredoc.cli import docs_gen
from featuredoc.model.config import Config
from featuredoc.model.settings_table import SETTINGS, Where
from featuredoc.rules import RULES
from featuredoc.workspace.config_file import config_from_data

REPO = Path(__file__).parent.parent


def test_generated_docs_are_fresh() -> None:
    problems = docs_gen.stale(REPO)
    assert not problems, (
        "the generated documentation is stale: "
        + "; ".join(problems)
        + f". Regenerate it with `{docs_gen.COMMAND}` (from the repository root)."
    )


def test_every_setting_is_documented() -> None:
    page = docs_gen.configuration_page()
    for setting in SETTINGS:
        if setting.where is Where.FILE:
            assert f"### {setting.name}" in page
        else:
            assert f"| `{setting.name}` |" in page
        assert setting.description in page


def test_documented_defaults_are_the_defaults() -> None:
    import yaml

    page = docs_gen.configuration_page()
    data: dict = {}
    for block in page.split("```yaml\n")[1:-1]:  # the last one is the example
        data.update(yaml.safe_load(block.split("```", 1)[0]))
    config, errors = config_from_data(data)
    assert errors == []
    assert config == Config()


def test_every_rule_has_a_page_with_its_sections() -> None:
    for rule in RULES:
        page = docs_gen.rule_page(rule)
        assert page.startswith(docs_gen.GENERATED)
        assert f"# {rule.code} {rule.name}" in page
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in page, f"{rule.code} lacks {heading}"


def test_check_reports_stale_and_leftover_pages(tmp_path: Path) -> None:
    assert docs_gen.main(["--root", str(tmp_path), "--check"]) == 1
    docs_gen.write(tmp_path)
    assert docs_gen.stale(tmp_path) == []
    (tmp_path / "docs" / "rules" / "FD999.md").write_text("old\n")
    (tmp_path / "docs" / "rules" / "FD201.md").write_text("edited\n")
    assert sorted(docs_gen.stale(tmp_path)) == [
        "docs/rules/FD201.md is out of date",
        "docs/rules/FD999.md documents no rule",
    ]
    docs_gen.write(tmp_path)
    assert docs_gen.main(["--root", str(tmp_path), "--check"]) == 0
