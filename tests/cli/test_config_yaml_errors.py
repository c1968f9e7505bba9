"""A value YAML cannot convert in .featuredoc.yaml: FD901 at its place, exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import FIXED, Runner

#: A base-60 YAML number of this many parts is more than 4300 digits long.
HUGE = ":".join(["1"] * 3000)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (f"rules:\n  FD203: off\n  ? {HUGE}\n  : off\n", 3, 5),  # a key
        (f"max_document_size: -{HUGE}\n", 1, 20),  # a value
        (f"rules:\n  FD101: {'1' * 5000}\n", 2, 10),  # too long to convert at all
        ("# hexadecimal\ntiers:\n  - 0x" + "f" * 900 + "\n", 3, 5),
    ],
    ids=["key", "value", "decimal", "hexadecimal"],
)
def test_a_huge_number_in_the_configuration_is_fd901_at_its_place(
    workspace: Path, run: Runner, text: str, line: int, column: int
) -> None:
    (workspace / ".featuredoc.yaml").write_text(text, encoding="utf-8")
    (workspace / "docs" / "features" / "x.pandoc").write_text(FIXED, encoding="utf-8")
    result = run("check", cwd=workspace)
    assert result.code == 2
    assert result.err == (
        f"{workspace / '.featuredoc.yaml'}:{line}:{column}: "
        "invalid YAML: a number of more than 1000 digits is not allowed\n"
    )


def test_an_impossible_date_in_the_configuration_is_fd901_at_its_place(
    workspace: Path, run: Runner
) -> None:
    (workspace / ".featuredoc.yaml").write_text("tiers:\n  - Supported\n  - 2019-02-30\n")
    result = run("check", cwd=workspace)
    assert result.code == 2
    assert result.err == (
        f"{workspace / '.featuredoc.yaml'}:3:5: invalid YAML: cannot read "
        "this !!timestamp value (day is out of range for month)\n"
    )
