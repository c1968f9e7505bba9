"""The JSON Schema of ``.featuredoc.yaml``, generated from the settings table.

Editors that run yaml-language-server (VS Code's YAML extension, Neovim,
Emacs, Helix, …) give completion, hover and validation for the file from it.
Each key comes from :data:`~featuredoc.model.settings_table.SETTINGS` (its
type, description and default); the keys of ``rules:`` are the registered rule
codes and their values the severities. The schema is a subset of what the
loader checks (the loader also checks globs and paths stay inside the
workspace, and sign-off addresses); the loader stays the authority.

The package ships the schema as ``featuredoc/data/featuredoc.schema.json``;
``python -m featuredoc.cli.docs_gen`` writes it and ``--check`` fails when it
is stale.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from featuredoc.model.settings_table import (
    SEVERITY_NAMES,
    Setting,
    Where,
    default_of,
    settings_for,
)
from featuredoc.rules import RULES

#: Where the package keeps the schema (relative to the ``featuredoc`` package).
SCHEMA_PATH = "data/featuredoc.schema.json"

_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def _tier_entry() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "description": "The tier's name."},
                    "security_supported": {
                        "type": "boolean",
                        "description": "Whether the tier is security supported.",
                    },
                    "signoff": {
                        "type": "boolean",
                        "description": "Whether a status in this tier needs a security sign-off.",
                    },
                    "description": {
                        "type": "string",
                        "description": "Shown in completion and hover.",
                    },
                },
                "required": ["name"],
                "additionalProperties": False,
            },
        ]
    }


def _section_entry() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "The section's heading."},
                    "guidance": {
                        "type": "string",
                        "description": "The text the 'add missing section' fix inserts.",
                    },
                },
                "required": ["name"],
                "additionalProperties": False,
            },
        ]
    }


def _rules() -> dict[str, Any]:
    # YAML 1.1 (PyYAML, the loader) reads a bare `off` as false: the loader takes it as off.
    severity = {"anyOf": [{"type": "string", "enum": list(SEVERITY_NAMES)}, {"const": False}]}
    return {
        "type": "object",
        "properties": {
            rule.code: {
                **severity,
                "description": f"{rule.code} {rule.name}: {rule.summary} "
                f"(default: {rule.severity.label}).",
            }
            for rule in sorted(RULES, key=lambda r: r.code)
        },
        "additionalProperties": False,
    }


#: The shape of the keys whose validator is their own (the others follow the table).
_SHAPES: dict[str, Callable[[], dict[str, Any]]] = {
    "tiers": lambda: {"type": "array", "minItems": 1, "items": _tier_entry()},
    "signoff_tiers": lambda: dict(_STRINGS),
    "sections": lambda: {"type": "array", "items": _section_entry()},
    "known_keys": lambda: {
        "type": "object",
        "additionalProperties": {"anyOf": [_STRINGS, {"type": "null"}]},
    },
    "signoff": lambda: {
        "type": "object",
        "properties": {
            "field": {
                "type": "string",
                "minLength": 1,
                "description": "The Basics table row that holds the sign-off.",
            },
            "metadata_key": {
                "type": "string",
                "minLength": 1,
                "description": "The YAML metadata key of the sign-off (with `by` and `date`).",
            },
            "team": {
                **_STRINGS,
                "description": "Who may sign off: entries `Name <email>` or bare addresses.",
            },
        },
        "additionalProperties": False,
    },
    "rules": _rules,
    "max_document_size": lambda: {"type": "integer", "minimum": 1},
    "covers": lambda: {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
    },
}


def _property(setting: Setting) -> dict[str, Any]:
    shape = _SHAPES.get(setting.name)
    if shape is not None:
        schema: dict[str, Any] = shape()
    else:
        schema = {"type": setting.json_type}
        if setting.items is not None:
            schema["items"] = {"type": setting.items}
        if setting.enum:
            schema["enum"] = list(setting.enum)
    schema["description"] = setting.description
    schema["markdownDescription"] = setting.description
    schema["default"] = default_of(setting)
    return schema


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of ``.featuredoc.yaml``."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": ".featuredoc.yaml",
        "description": "featuredoc's configuration: every key is optional.",
        "type": "object",
        "properties": {s.name: _property(s) for s in settings_for(Where.FILE)},
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as the package ships it (stable key order, LF line ends)."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"
