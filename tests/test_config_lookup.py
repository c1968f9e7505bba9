"""Configuration is read at the workspace root only: never from a folder above it."""

from __future__ import annotations

from pathlib import Path

from featuredoc.model.config import Config
from featuredoc.workspace.config_file import config_file_at, find_config_file, load_for_run


def test_the_configuration_is_read_at_the_root_only(tmp_path: Path) -> None:
    """A parent folder's file is not the project's, whether or not it has a .git."""
    (tmp_path / ".featuredoc.yaml").write_text("rules: {FD201: off}\n")
    project = tmp_path / "xen-4.20"
    deep = project / "docs" / "features"
    deep.mkdir(parents=True)  # docs/features makes xen-4.20 the root
    assert find_config_file(deep) is None
    assert find_config_file(deep / "x.pandoc") is None
    assert config_file_at(project) is None
    assert load_for_run(project) == Config()  # the defaults, not the parent's file
    (project / ".featuredoc.yaml").write_text("rules: {FD203: off}\n")
    assert find_config_file(deep) == project / ".featuredoc.yaml"
    assert load_for_run(project).rules == {"FD203": "off"}


def test_a_folder_with_no_marker_belongs_to_the_configured_folder_above(tmp_path: Path) -> None:
    """``.featuredoc.yaml`` marks a root: the file there is that root's configuration."""
    (tmp_path / ".featuredoc.yaml").write_text("rules: {FD201: off}\n")
    notes = tmp_path / "notes" / "drafts"
    notes.mkdir(parents=True)
    assert find_config_file(notes) == tmp_path.resolve() / ".featuredoc.yaml"
