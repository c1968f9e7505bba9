"""Include globs must stay inside the workspace (FD901 at the offending entry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.model.config import Config
from featuredoc.workspace.config_file import ConfigProblem, load_config_text, load_for_run


@pytest.mark.parametrize(
    "glob",
    ["../*.pandoc", "docs/../../outside/*.md", "/etc/*", "C:\\docs\\*.md", "~/notes/*.md"],
)
def test_a_glob_leaving_the_workspace_is_an_error_at_its_entry(glob: str) -> None:
    text = (
        "# Überall\n"
        "include:\n"
        "  - docs/features/*.pandoc\n"
        f"  - '{glob}'\n"
        "exclude: [docs/features/template.pandoc]\n"
    )
    config, errors = load_config_text(text, "ws/.featuredoc.yaml")
    assert [(e.line, e.column) for e in errors] == [(3, 4)]
    assert "'include[1]' must be a glob inside the workspace" in errors[0].message
    assert str(errors[0]).startswith("ws/.featuredoc.yaml:4:5: ")
    assert config.include == Config().include  # nothing of an invalid file applies


def test_globs_inside_the_workspace_are_fine() -> None:
    text = "include: ['docs/**/*.pandoc', 'Überblick/*.md', '*.pandoc']\n"
    config, errors = load_config_text(text, "c.yaml")
    assert not errors
    assert config.include == ["docs/**/*.pandoc", "Überblick/*.md", "*.pandoc"]


def test_the_command_line_stops_on_such_a_glob(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pandoc").write_text("% Geheim\n", encoding="utf-8")
    root = tmp_path / "ws"
    (root / ".git").mkdir(parents=True)
    (root / ".featuredoc.yaml").write_text("include: [../outside/*.pandoc]\n", encoding="utf-8")
    with pytest.raises(ConfigProblem) as problem:
        load_for_run(root)
    assert str(problem.value).endswith(
        ".featuredoc.yaml:1:11: 'include[0]' must be a glob inside the workspace "
        "(relative, without '..'), not '../outside/*.pandoc'"
    )
