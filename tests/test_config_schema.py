"""The JSON Schema of ``.featuredoc.yaml``: generated from the settings table, shipped, agreeing with the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import featuredoc
from featuredoc.cli import docs_gen
from featuredoc.cli.config_schema import SCHEMA_PATH, config_schema, schema_text
from featuredoc.model.settings_table import (
    FILE_KEYS,
    SEVERITY_NAMES,
    Where,
    default_of,
    settings_for,
)
from featuredoc.rules import RULES
from featuredoc.workspace.config_file import config_from_data

REPO = Path(__file__).resolve().parent.parent
SHIPPED = Path(featuredoc.__file__).parent / SCHEMA_PATH
PACKAGE_JSON = REPO / "editors" / "vscode" / "package.json"


def _errors(data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(config_schema())
    return sorted(e.message for e in validator.iter_errors(data))


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(config_schema())


def test_the_package_ships_the_current_schema() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text()
    assert json.loads(schema_text()) == config_schema()
    assert SHIPPED in docs_gen.expected_files(REPO)


def test_docs_gen_check_fails_on_a_stale_schema(tmp_path: Path) -> None:
    docs_gen.write(tmp_path)
    assert docs_gen.stale(tmp_path) == []
    stale = tmp_path / "server" / "featuredoc" / SCHEMA_PATH
    stale.write_text(schema_text().replace('"FD201"', '"FD200"'), encoding="utf-8")
    assert docs_gen.stale(tmp_path) == [f"server/featuredoc/{SCHEMA_PATH} is out of date"]
    assert docs_gen.main(["--root", str(tmp_path), "--check"]) == 1
    docs_gen.write(tmp_path)
    assert stale.read_text(encoding="utf-8") == schema_text()


def test_every_key_of_the_file_and_nothing_else() -> None:
    schema = config_schema()
    assert list(schema["properties"]) == list(FILE_KEYS)
    assert schema["additionalProperties"] is False
    for setting in settings_for(Where.FILE):
        prop = schema["properties"][setting.name]
        assert prop["description"] == setting.description
        assert prop["default"] == default_of(setting)


def test_rules_take_the_registered_codes_and_the_severities() -> None:
    rules = config_schema()["properties"]["rules"]
    assert sorted(rules["properties"]) == sorted(r.code for r in RULES)
    assert rules["additionalProperties"] is False
    for value in rules["properties"].values():
        names, bare_off = value["anyOf"]
        assert tuple(names["enum"]) == SEVERITY_NAMES
        assert bare_off == {"const": False}  # `off` as YAML 1.1 reads it
    assert _errors({"rules": {"FD201": False}}) == []
    assert _errors({"rules": {"FD201": True}}) != []


def test_the_defaults_and_the_documented_example_are_valid() -> None:
    assert _errors({s.name: default_of(s) for s in settings_for(Where.FILE)}) == []
    page = docs_gen.configuration_page()
    example = page.split("## Example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    assert _errors(yaml.safe_load(example)) == []


VALID: list[dict[str, Any]] = [
    {"include": ["docs/features/*.pandoc"], "support_file": "SUPPORT.md"},
    {"tiers": ["Supported", {"name": "Größer", "security_supported": True, "signoff": False}]},
    {"sections": ["Overview", {"name": "Known issues", "guidance": "None."}]},
    {"known_keys": {"Status": ["Zustand"], "Owner": None}},
    {"signoff": {"field": "Sign-off", "team": ["Jane Doe <jane@example.org>"]}},
    {"rules": {"FD201": "warning", "FD103": "off"}, "max_document_size": 1024},
]

INVALID: list[dict[str, Any]] = [
    {"max_document_size": "big"},
    {"max_document_size": 0},
    {"include": "docs/features/*.pandoc"},
    {"include": [3]},
    {"support_file": ["SUPPORT.md"]},
    {"tiers": []},
    {"tiers": [{"security_supported": True}]},
    {"tiers": [{"name": "X", "colour": "red"}]},
    {"sections": [{"guidance": "no name"}]},
    {"known_keys": {"Status": "Zustand"}},
    {"signoff": {"team": "jane@example.org"}},
    {"signoff": {"who": "me"}},
    {"rules": {"FD999": "off"}},
    {"rules": {"FD201": "loud"}},
    {"colour": "red"},
]


@pytest.mark.parametrize("data", VALID, ids=lambda d: ",".join(d))
def test_what_the_schema_accepts_the_loader_accepts(data: dict[str, Any]) -> None:
    assert _errors(data) == []
    assert config_from_data(data, "x.yaml")[1] == []


@pytest.mark.parametrize("data", INVALID, ids=lambda d: json.dumps(d, ensure_ascii=False))
def test_what_the_loader_refuses_the_schema_refuses(data: dict[str, Any]) -> None:
    assert config_from_data(data, "x.yaml")[1] != []
    assert _errors(data) != []


def test_the_vscode_extension_contributes_the_shipped_schema() -> None:
    package = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    (entry,) = package["contributes"]["yamlValidation"]
    assert entry["fileMatch"] == ".featuredoc.yaml"
    # build.sh installs the package into bundled/libs: the .vsix carries it there.
    assert entry["url"] == f"./bundled/libs/featuredoc/{SCHEMA_PATH}"
