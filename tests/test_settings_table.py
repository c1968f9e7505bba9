"""The settings table is the one description of every setting, and everything agrees with it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from featuredoc.lsp.settings import config_keys, merge_settings, server_only_keys
from featuredoc.model.config import Config
from featuredoc.model.settings_table import (
    BY_NAME,
    FILE_KEYS,
    MERGED_KEYS,
    SETTINGS,
    Setting,
    Where,
    default_of,
    settings_for,
)
from featuredoc.rules import RULES
from featuredoc.workspace import config_file
from featuredoc.workspace.config_file import VALIDATED_APART, config_from_data

REPO = Path(__file__).resolve().parent.parent
PACKAGE_JSON = REPO / "editors" / "vscode" / "package.json"


def _contributed() -> dict[str, dict]:
    package = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    return package["contributes"]["configuration"]["properties"]


def test_vscode_contributes_exactly_the_tables_editor_settings() -> None:
    wanted = {f"featuredoc.{s.name}" for s in SETTINGS if s.vscode_scope}
    assert set(_contributed()) == wanted


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.vscode_scope], ids=lambda s: s.name)
def test_vscode_declares_each_setting_as_the_table_does(setting: Setting) -> None:
    declared = _contributed()[f"featuredoc.{setting.name}"]
    assert declared["type"] == setting.json_type
    assert declared["default"] == default_of(setting)
    assert declared["scope"] == setting.vscode_scope
    if setting.items is not None:
        assert declared["items"] == {"type": setting.items}
    if setting.json_type == "object" and setting.enum:  # e.g. rules: code → severity
        (values,) = declared["patternProperties"].values()
        assert tuple(values["enum"]) == setting.enum
    elif setting.enum:
        assert tuple(declared["enum"]) == setting.enum
    else:
        assert "enum" not in declared


def test_every_config_field_is_a_file_key_and_back() -> None:
    internal = {"source", "section_guidance", "_tier_set"}  # set through `sections` / the loader
    fields = {f.name for f in dataclasses.fields(Config)} - internal
    assert fields == set(FILE_KEYS)
    assert set(config_file.KEYS) == set(FILE_KEYS)


def test_every_file_key_is_validated() -> None:
    apart = set(VALIDATED_APART)
    assert apart <= set(FILE_KEYS)
    for setting in settings_for(Where.FILE):
        assert setting.generic != (setting.name in apart), setting.name


def test_every_rule_names_real_settings() -> None:
    for rule in RULES:
        for name in rule.settings:
            assert name.split(".", 1)[0] in FILE_KEYS, f"{rule.code}: {name}"


def test_the_defaults_are_valid_settings_that_change_nothing() -> None:
    data = {s.name: default_of(s) for s in settings_for(Where.FILE)}
    config, errors = config_from_data(data, "defaults")
    assert errors == []
    assert dataclasses.replace(config, source=None) == Config()


def test_the_server_layers_merge_the_mappings_and_keep_its_own_keys_out() -> None:
    assert set(MERGED_KEYS) == {"known_keys", "signoff", "rules", "covers"}
    assert {"base", "workspaceDiagnostics"} <= set(server_only_keys())
    merged = merge_settings(
        {"rules": {"FD203": "off"}, "include": ["a/*.md"]},
        {"rules": {"FD105": "error"}, "include": ["b/*.md"], "base": "main"},
    )
    assert merged["rules"] == {"FD203": "off", "FD105": "error"}
    assert merged["include"] == ["b/*.md"]
    assert config_keys(merged) == {"rules": merged["rules"], "include": ["b/*.md"]}


def _validate(setting: Setting, value: object) -> tuple[object, list[str]]:
    validator = config_file._Validator("größe.yaml", config_file._Marks())
    return validator.simple(setting, value), [e.message for e in validator.errors]


def test_a_new_simple_setting_is_validated_from_its_entry_alone() -> None:
    size = Setting("max_größe", Where.FILE, "number", "", "integer")
    assert _validate(size, 300) == (300, [])
    assert _validate(size, True) == (None, ["'max_größe' must be a whole number, not a boolean"])
    mode = Setting("mode", Where.FILE, "string", "", "string", enum=("fast", "exact"))
    assert _validate(mode, "exact") == ("exact", [])
    assert _validate(mode, "schnell") == (
        None,
        ["'mode' must be one of fast, exact, not 'schnell'"],
    )
    flag = Setting("flag", Where.FILE, "boolean", "", "boolean")
    assert _validate(flag, "yes") == (None, ["'flag' must be true or false, not a string"])


def test_paths_must_stay_inside_the_workspace() -> None:
    _, errors = config_from_data({"template": "../außen.pandoc"}, "x.yaml")
    assert [e.message for e in errors] == [
        "'template' must be a path inside the workspace, not '../außen.pandoc'"
    ]
    assert BY_NAME["template"].workspace_path
