"""``--format sarif``: valid SARIF 2.1.0, with the regions and rules code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_support import BROKEN, SUPPORT_MD, Runner, feature_doc

from featuredoc.model.urls import rule_url
from featuredoc.rules.catalog import all_rules

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif(run: Runner, *argv: str, cwd: Path) -> tuple[int, dict[str, Any]]:
    result = run("check", "--format", "sarif", *argv, cwd=cwd)
    return result.code, json.loads(result.out)


def assert_valid(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_valid_sarif_with_findings(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    (workspace / "SUPPORT.md").write_text(SUPPORT_MD, encoding="utf-8")
    # FD6xx (feature documents against SUPPORT.md) are not the point here
    code, log = sarif(run, "--ignore", "FD6", cwd=workspace)
    assert code == 1
    assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    assert run_["columnKind"] == "utf16CodeUnits"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workspace.resolve().as_uri() + "/"
    results = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r
        for r in run_["results"]
    }
    assert set(results) == {
        ("FD201", "docs/features/x.pandoc"),
        ("FD402", "docs/features/x.pandoc"),
        ("FD501", "SUPPORT.md"),
    }
    fd201 = results[("FD201", "docs/features/x.pandoc")]
    assert fd201["level"] == "error"
    assert "did you mean 'Supported'" in fd201["message"]["text"]
    location = fd201["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    # "         Status: **Supperted**": the value starts at column 20 (1-based)
    assert location["region"] == {"startLine": 6, "startColumn": 20, "endLine": 6, "endColumn": 29}
    assert results[("FD402", "docs/features/x.pandoc")]["level"] == "warning"


def test_columns_are_utf16_code_units(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    # "    Status, 😀 Arm: Suported": the emoji is one code point, two UTF-16 units
    (workspace / "SUPPORT.md").write_text(SUPPORT_MD, encoding="utf-8")
    code, log = sarif(run, "SUPPORT.md", cwd=workspace)
    assert_valid(validator, log)
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = SUPPORT_MD.splitlines()[11]
    start = line.index("Suported")
    assert region["startLine"] == 12
    assert region["startColumn"] == start + 2  # 1-based, plus the emoji's second unit
    assert region["endColumn"] == start + len("Suported") + 2


def test_rules_describe_every_code(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(feature_doc(), encoding="utf-8")
    code, log = sarif(run, cwd=workspace)
    assert code == 0
    assert_valid(validator, log)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "featuredoc"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {info.code for info in all_rules()}
    fd201 = rules["FD201"]
    assert fd201["name"] == "unknown-status"
    assert fd201["helpUri"] == rule_url("FD201")
    assert fd201["defaultConfiguration"]["level"] == "error"
    assert fd201["shortDescription"]["text"]
    assert fd201["fullDescription"]["text"].startswith("Checks every `Status` row")
    assert "## Why is this bad?" in fd201["help"]["markdown"]
    assert rules["FD203"]["defaultConfiguration"]["level"] == "note"  # a hint
    assert log["runs"][0]["results"] == []


def test_rule_index_points_at_its_rule(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    _, log = sarif(run, cwd=workspace)
    run_ = log["runs"][0]
    for result in run_["results"]:
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_config_severity_is_the_rule_level(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / ".featuredoc.yaml").write_text(
        "rules:\n  FD402: error\n  FD203: off\n", encoding="utf-8"
    )
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    _, log = sarif(run, cwd=workspace)
    assert_valid(validator, log)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["FD402"]["defaultConfiguration"] == {"level": "error", "enabled": True}
    assert rules["FD203"]["defaultConfiguration"]["enabled"] is False
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["FD402"] == "error"


def test_unreadable_file_is_a_notification(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / "docs" / "features" / "bin.pandoc").write_bytes(b"\x00\x01")
    code, log = sarif(run, cwd=workspace)
    assert code == 2
    assert_valid(validator, log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert "bin.pandoc: not a text file" in note["message"]["text"]


def test_paths_with_spaces_are_uri_encoded(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / "docs" / "features" / "my doc.pandoc").write_text(BROKEN, encoding="utf-8")
    _, log = sarif(run, cwd=workspace)
    assert_valid(validator, log)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"docs/features/my%20doc.pandoc"}


def test_corpus_sarif_is_valid(
    corpus: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    code, log = sarif(run, str(corpus), cwd=corpus)
    assert code in (0, 1)
    assert_valid(validator, log)
    assert log["runs"][0]["results"]


def test_the_schema_rejects_what_sarif_forbids(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    # the validation above is only worth something if it can fail
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    _, log = sarif(run, cwd=workspace)
    result = log["runs"][0]["results"][0]
    result["level"] = "hint"
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(validator.iter_errors(log))) == 2


def test_a_file_outside_the_root_gets_a_file_uri(
    tmp_path: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    outside = tmp_path / "elsewhere" / "x.pandoc"
    outside.parent.mkdir()
    outside.write_text(BROKEN, encoding="utf-8")
    (root / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    # the root is found from the first path; the second lies outside it
    _, log = sarif(run, "x.pandoc", str(outside), cwd=root)
    assert_valid(validator, log)
    artifacts = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert {"uri": "x.pandoc", "uriBaseId": "%SRCROOT%"} in artifacts
    assert {"uri": outside.resolve().as_uri()} in artifacts


def test_related_locations(validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
    from featuredoc.cli.output import FileResult
    from featuredoc.cli.sarif import to_sarif
    from featuredoc.model.config import Config
    from featuredoc.model.findings import Finding, Related, Severity
    from featuredoc.model.text import Span

    finding = Finding(
        "FD405",
        Severity.WARNING,
        "m",
        Span.on_line(1, 11, 12),
        related=[
            Related("docs/features/x.pandoc", Span.on_line(2, 0, 2), "here, \U0001f600"),
            Related("SUPPORT.md", Span.on_line(9, 4, 10), "there"),
        ],
    )
    lines = ["% T", "% Revision 1", "\U0001f600x"]
    result = FileResult("docs/features/x.pandoc", lines, [finding], rel="docs/features/x.pandoc")
    log = to_sarif([result], Config(), tmp_path)
    assert_valid(validator, log)
    same, other = log["runs"][0]["results"][0]["relatedLocations"]
    assert same["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 4,
    }
    assert other["physicalLocation"]["artifactLocation"]["uri"] == "SUPPORT.md"
    assert other["physicalLocation"]["region"] == {"startLine": 10, "endLine": 10}
    assert [same["id"], other["id"]] == [0, 1]


def test_fixes_are_proposed(
    workspace: Path, run: Runner, validator: jsonschema.Draft4Validator
) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    _, log = sarif(run, cwd=workspace)
    assert_valid(validator, log)
    fd201 = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "FD201")
    (fix, *_) = fd201["fixes"]
    assert fix["description"]["text"] == "Replace with 'Supported'"
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "docs/features/x.pandoc", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 6, "startColumn": 20, "endLine": 6, "endColumn": 29},
            "insertedContent": {"text": "Supported"},
        }
    ]
