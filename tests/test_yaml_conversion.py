"""YAML scalars that cannot be converted are errors at their own place, never exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.parser import parse_document, yamlsafe
from featuredoc.workspace.config_file import load_config_text

#: A base-60 number (YAML 1.1) of more than 4300 digits: Python cannot print it.
SEXAGESIMAL = ":".join(["1"] * 3000)
DECIMAL = "1" * 5000
FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "FD201" / "misspelled.pandoc"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (f"? {SEXAGESIMAL}\n: 1\n", 0, 2),
        (f"rules:\n  ? {SEXAGESIMAL}\n  : off\n", 1, 4),
        (f"max_document_size: -{SEXAGESIMAL}\n", 0, 19),
        (f"max_document_size: {SEXAGESIMAL}\n", 0, 19),  # positive: accepted before
        (f"rules:\n  FD101: {DECIMAL}\n", 1, 9),
        (f"tiers: [Supported, 0b{'1' * 999}]\n", 0, 19),
        (f"signoff:\n  team: [{'9_' * 1200}]\n", 1, 9),
    ],
    ids=["top-key", "rules-key", "negative", "positive", "decimal", "binary", "underscores"],
)
def test_a_huge_number_is_an_error_at_the_scalar(text: str, line: int, column: int) -> None:
    config, errors = load_config_text(text, ".featuredoc.yaml")
    assert [(e.line, e.column) for e in errors] == [(line, column)]
    assert errors[0].message == "invalid YAML: a number of more than 1000 digits is not allowed"
    assert config == Config()


def test_a_base_60_number_is_measured_before_it_is_computed() -> None:
    """Computing one takes time quadratic in its length: 200 KB must not be computed."""
    text = "n: " + ":".join(["59"] * 70_000)
    result = yamlsafe.load_yaml(text)
    assert result.error == "a number of more than 1000 digits is not allowed"
    assert (result.line, result.column) == (0, 3)


def test_ordinary_numbers_still_read() -> None:
    result = yamlsafe.load_yaml(f"a: 1:30\nb: 0x1F\nc: -{'9' * 1000}\nd: 1_000\n")
    assert result.error is None
    assert result.data == {"a": 90, "b": 31, "c": -int("9" * 1000), "d": 1000}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tiers:\n  - Supported\n  - 2019-02-30\n", "!!timestamp value (day is out of range"),
        ("tiers:\n  - Supported\n  - !!int ''\n", "!!int value ("),
        ("tiers:\n  - Supported\n  - !!timestamp soon\n", "!!timestamp value ("),
    ],
    ids=["impossible-date", "empty-int", "not-a-date"],
)
def test_any_conversion_error_is_located(text: str, message: str) -> None:
    _, errors = load_config_text(text, ".featuredoc.yaml")
    assert [(e.line, e.column) for e in errors] == [(2, 4)]
    assert f"cannot read this {message}" in errors[0].message


def test_a_validator_failure_is_fd901_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation never raises: whatever goes wrong there is a configuration error."""
    from featuredoc.workspace import config_file

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Exceeds the limit (4300 digits); use sys.set_int_max_str_digits()")

    monkeypatch.setattr(config_file, "config_from_data", broken)
    config, errors = load_config_text("rules: {}\n", ".featuredoc.yaml")
    assert config == Config()
    assert [e.message for e in errors] == [
        "the configuration cannot be read (Exceeds the limit (4300 digits))"
    ]


@pytest.mark.parametrize(
    "metadata",
    [
        f"security-signoff: {SEXAGESIMAL}",
        f"security-signoff:\n  by: {SEXAGESIMAL}\n  date: {SEXAGESIMAL}",
        f"security-signoff:\n  - {SEXAGESIMAL}",
        f"support-entry: {DECIMAL}",
        "security-signoff:\n  by: Jane Doe <jane@example.org>\n  date: 2019-02-30",
    ],
    ids=["signoff", "by-and-date", "list", "support-entry", "impossible-date"],
)
def test_a_metadata_block_with_such_a_scalar_does_not_stop_the_analysis(metadata: str) -> None:
    base = FIXTURE.read_text(encoding="utf-8")
    text = base.replace("% Revision 2\n", f"% Revision 2\n\n---\n{metadata}\n---\n", 1)
    doc = parse_document(text)
    assert doc.metadata is not None and doc.metadata.data is None
    assert doc.metadata.error is not None and doc.metadata.error_line is not None
    found = {f.code for f in check(text, "docs/features/x.pandoc", Config())}
    assert "FD902" not in found  # analysed, not "could not finish parsing"
    assert "FD201" in found  # the rest of the document is still checked
