"""The one home of name folding and of column conversion (model/text.py)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.text import column_from_units, column_to_units, fold, squash


def test_squash_keeps_case_and_joins_white_space() -> None:
    assert squash("  Überblick \t und\u00a0 Details \n") == "Überblick und Details"


def test_fold_ignores_case_and_spacing_the_unicode_way() -> None:
    assert fold("  Known   ISSUES ") == fold("known issues") == "known issues"
    assert fold("Straße") == fold("STRASSE")  # casefold, not lower
    assert fold("ΣΊΣΥΦΟΣ") == fold("σίσυφος")


LINE = "a é 😀 z"  # 1-, 2- and 4-byte UTF-8; the emoji is two UTF-16 units


@pytest.mark.parametrize(
    ("encoding", "units"),
    [("utf-16", [0, 1, 2, 3, 4, 6, 7, 8]), ("utf-8", [0, 1, 2, 4, 5, 9, 10, 11])],
)
def test_columns_convert_both_ways(encoding: str, units: list[int]) -> None:
    assert [column_to_units(LINE, c, encoding) for c in range(len(LINE) + 1)] == units
    assert [column_from_units(LINE, u, encoding) for u in units] == list(range(len(LINE) + 1))
    assert column_to_units(LINE, 5, "utf-32") == 5


def test_a_column_inside_a_character_rounds_up_and_ends_clamp() -> None:
    assert column_from_units(LINE, 5, "utf-16") == 5  # between the emoji's surrogates
    assert column_from_units(LINE, 3, "utf-8") == 3  # inside é's two bytes
    assert column_from_units(LINE, 99) == len(LINE)
    assert column_from_units("ascii", -3) == 0


DOCUMENT = """\
% Grant Table v3
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Experimental**

      Component: Hypervisor
---------------- ----------------------------------------------------

# Overview

Grant tables let domains share pages.

# MASSNAHMEN

Keine.
"""


def test_section_names_fold_like_every_other_name() -> None:
    config = dataclasses.replace(Config(), sections=["Overview", "Maßnahmen"])
    missing = [f.message for f in check(DOCUMENT, "docs/features/g.pandoc", config)]
    assert not [m for m in missing if "Maßnahmen" in m], missing
    config = dataclasses.replace(Config(), sections=["Overview", "Änderungen"])
    missing = [f.message for f in check(DOCUMENT, "docs/features/g.pandoc", config)]
    assert [m for m in missing if "Änderungen" in m], missing


@given(st.lists(st.text(alphabet="ab\u00e9\U0001d11e\n\r\u2028", max_size=12), max_size=8))
def test_line_bounds_agree_with_the_split_lines(pieces: list[str]) -> None:
    from featuredoc.model.text import line_bounds, split_lines

    text = "".join(pieces)
    lines = split_lines(text)
    pos = 0
    for number, line in enumerate(lines):
        start = text.index(line, pos) if line else pos
        assert line_bounds(text, number) == (start, start + len(line))
        rest = text[start + len(line) :]
        pos = (
            start
            + len(line)
            + (2 if rest.startswith("\r\n") else 1 if rest[:1] in "\r\n" and rest else 0)
        )
    assert line_bounds(text, len(lines)) is None
