"""Regression tests for crashes and wrong ranges the robustness tests found."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from featuredoc.model.document import DocumentKind
from featuredoc.model.text import Span
from featuredoc.parser import parse_document
from featuredoc.parser.fragments import split_key_value
from featuredoc.parser.signoff import parse_signoff
from robustness.invariants import assert_sound, hang_guard

_METADATA_SIGNOFF = """\
% Grant Table v3
% Revision 2

---
security-signoff:
  by: Jane Doe <jane.doe@example.org>
  date: 2025-03-04
---

# Basics
---------------- ----------------------------------------------------
         Status: **Supported**
---------------- ----------------------------------------------------
"""


def test_metadata_signoff_email_span_is_on_the_by_line() -> None:
    # The e-mail span was computed from the key line, past its end.
    doc = parse_document(_METADATA_SIGNOFF)
    (signoff,) = doc.signoffs
    assert signoff.email_span is not None
    line = doc.lines[signoff.email_span.start.line]
    assert line[signoff.email_span.start.column : signoff.email_span.end.column] == (
        "jane.doe@example.org"
    )
    assert signoff.date_span is not None
    date_line = doc.lines[signoff.date_span.start.line]
    assert date_line[signoff.date_span.start.column : signoff.date_span.end.column] == (
        "2025-03-04"
    )
    assert_sound(_METADATA_SIGNOFF)


def test_metadata_signoff_quoted_or_rewritten_values() -> None:
    quoted = _METADATA_SIGNOFF.replace(
        "by: Jane Doe <jane.doe@example.org>", "by: 'Jane Doe <jane.doe@example.org>'"
    )
    (signoff,) = parse_document(quoted).signoffs
    assert signoff.email_span is not None
    assert quoted.splitlines()[5][signoff.email_span.start.column] == "j"
    # a folded value has no exact place: no part span, still inside the text
    folded = _METADATA_SIGNOFF.replace(
        "by: Jane Doe <jane.doe@example.org>", "by: >-\n    Jane Doe\n    <jane.doe@example.org>"
    )
    (signoff,) = parse_document(folded).signoffs
    assert signoff.email == "jane.doe@example.org"
    assert signoff.email_span is None
    assert_sound(folded)


def test_metadata_signoff_as_one_string_on_the_key_line() -> None:
    text = _METADATA_SIGNOFF.replace(
        "security-signoff:\n  by: Jane Doe <jane.doe@example.org>\n  date: 2025-03-04",
        "security-signoff: Jane Doe <jane.doe@example.org>, 2025-03-04",
    )
    (signoff,) = parse_document(text).signoffs
    assert signoff.email_span is not None and signoff.date_span is not None
    line = text.splitlines()[4]
    assert line[signoff.date_span.start.column : signoff.date_span.end.column] == "2025-03-04"
    assert_sound(text)


def test_setext_heading_of_only_unicode_space_has_an_ordered_span() -> None:
    # A line holding only U+2028 underlined by dashes is a setext heading to
    # mistune, but blank to str.strip(): the span started after it ended.
    text = "# History\n\n\u2028\n------------------------------------------------------------------------\n"
    doc = parse_document(text)
    for heading in doc.headings:
        assert heading.span.start <= heading.span.end
    assert_sound(text)


def test_basics_row_with_a_blank_key_has_an_ordered_key_span() -> None:
    # " :   Status, x86: **Supported**": the key before the first colon is
    # blank, and its span started after it ended.
    text = (
        "# Basics\n"
        "---------------- ----------------------------------------------------\n"
        " :   Status, x86: **Supported**\n"
        "      Component: Hypervisor\n"
        "---------------- ----------------------------------------------------\n"
    )
    doc = parse_document(text)
    assert doc.basics is not None
    for field in doc.basics.fields:
        assert field.key_span.start <= field.key_span.end
        assert field.value_span.start <= field.value_span.end
    assert_sound(text)


# ---- catastrophic backtracking ------------------------------------------------

# The expressions the parser used to split sign-offs and SUPPORT.md fragment
# lines; kept here as the reference the linear scanners must agree with.
_OLD_SIGNOFF = re.compile(
    r"^\s*(?P<name>[^<>,]*?)\s*(?:<(?P<email>[^<>]*)>)?\s*(?:,\s*(?P<date>.*?))?\s*$"
)
_OLD_KEY_VALUE = re.compile(
    r"^(?P<key>[^,:]+?)(?:,[ \t]*(?P<qual>[^:]*?))?[ \t]*:(?:[ \t]+|$)(?P<value>.*)$"
)
_PIECES = st.lists(
    st.sampled_from(
        ["a", "b c", " ", "  ", "\t", "<", ">", ",", ":", "@", "x.y", "2024-01-01", "\u2028"]
    ),
    max_size=10,
).map("".join)


@given(_PIECES)
def test_signoff_scanner_agrees_with_the_old_expression(raw: str) -> None:
    signoff = parse_signoff(raw, Span.on_line(0, 0, len(raw)), "basics")
    m = _OLD_SIGNOFF.match(raw)
    if m is None:
        assert (signoff.name, signoff.email, signoff.date) == (raw.strip(), None, None)
        return
    assert signoff.name == (m.group("name") or "")
    assert signoff.email == m.group("email")
    assert signoff.date == (m.group("date") or None)
    if m.group("email") is not None:
        assert signoff.email_span == Span.on_line(0, m.start("email"), m.end("email"))
    if m.group("date"):
        assert signoff.date_span == Span.on_line(0, m.start("date"), m.end("date"))


@given(_PIECES)
def test_key_value_scanner_agrees_with_the_old_expression(line: str) -> None:
    got = split_key_value(line)
    m = _OLD_KEY_VALUE.match(line)
    if m is None:
        assert got is None
        return
    assert got is not None
    assert (got.key, got.qual or None, got.value, got.value_start) == (
        m.group("key"),
        m.group("qual") or None,
        m.group("value"),
        m.start("value"),
    )


@pytest.mark.parametrize(
    "row",
    [
        "a" + " " * 20_000 + "<",
        "a" + " " * 20_000 + "x,",
        "<" + " " * 20_000 + "x",
        "a," + "\t" * 20_000 + "x",
    ],
    ids=["spaces-then-bracket", "spaces-then-comma", "open-bracket", "tabs"],
)
def test_long_blank_runs_in_signoffs_and_fragments_finish(row: str) -> None:
    feature = (
        "# Basics\n"
        "---------------- ----------------------------------------------------\n"
        "         Status: **Supported**\n"
        f"Security sign-off: {row}\n"
        "---------------- ----------------------------------------------------\n"
    )
    support = f"# Feature\n\n    Status: Supported\n    {row}\n    Status, {row}: x\n"
    with hang_guard(120):
        assert_sound(feature)
        assert_sound(support, "SUPPORT.md", kind=DocumentKind.SUPPORT)


_OLD_FRAGMENT = re.compile(r"^(?: {4,}|\t)[ \t]*(?P<key>[^:]+?)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")


@given(
    st.sampled_from(["    ", "\t", "   ", "      ", ""]).flatmap(
        lambda lead: _PIECES.map(lambda s: lead + s)
    )
)
def test_support_definition_lines_agree_with_the_old_expression(line: str) -> None:
    from featuredoc.analysis.support_defs import _FRAGMENT

    old = _OLD_FRAGMENT.match(line)
    new = _FRAGMENT.match(line)
    if old is not None and not old.group("key").strip(" \t"):
        assert new is None  # a blank key no longer defines a property
        return
    assert (old is None) == (new is None)
    if old and new:
        assert (new.group("key"), new.group("value")) == (old.group("key"), old.group("value"))


def test_support_definitions_with_long_blank_runs_finish() -> None:
    from featuredoc.analysis.support_defs import read_definitions

    lines = [
        "## Definition of Status labels",
        "",
        "### Supported",
        "",
        "    " + " " * 20_000 + "!",
        "    Security supported:" + " " * 20_000 + "x" + " " * 20_000,
        "    a" + " " * 20_000 + "b",
    ]
    with hang_guard(120):
        found = read_definitions(lines)
    assert "Supported" in found


_OLD_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")


@given(st.lists(st.sampled_from(["#", " ", "\t", "a", "b#", "\\#"]), max_size=12).map("".join))
def test_closing_hashes_agree_with_the_old_expression(body: str) -> None:
    from featuredoc.parser.document import _closing_sequence_start

    m = _OLD_ATX_CLOSE.search(body)
    assert _closing_sequence_start(body) == (m.start() if m else None)


def test_long_blank_runs_in_headings_and_definitions_finish() -> None:
    from featuredoc.analysis.support_defs import _FRAGMENT

    with hang_guard(120):
        doc = parse_document("# a" + "\t" * 50_000 + "<\n\n## b" + " " * 50_000 + "# #\n")
        assert [h.title for h in doc.headings] == [
            "a" + "\t" * 50_000 + "<",
            "b" + " " * 50_000 + "#",
        ]
        assert _FRAGMENT.match("    " + " " * 50_000 + "<") is None


_NARROW_BORDER = """\
# Basics
------ ----------------------------------------------------
         Status:

      Component: Hypervisor

---------------- ----------------------------------------------------
"""


def test_row_after_a_blank_line_under_a_narrow_border_is_a_new_row() -> None:
    # "      Component:" was taken for a continuation of the empty Status value,
    # and FD201 then pointed past the end of the Status line.
    doc = parse_document(_NARROW_BORDER)
    assert doc.basics is not None
    assert [f.key for f in doc.basics.fields] == ["Status", "Component"]
    assert_sound(_NARROW_BORDER)


def test_status_value_on_the_next_line_is_pointed_at_there() -> None:
    text = _NARROW_BORDER.replace(
        "         Status:\n", "         Status:\n                 **Supperted**\n"
    )
    findings = [f for f in assert_sound(text) if f.code == "FD201"]
    assert len(findings) == 1
    span = findings[0].span
    assert text.splitlines()[span.start.line][span.start.column : span.end.column] == "Supperted"


def test_telling_a_support_md_is_linear_in_long_blank_runs() -> None:
    from featuredoc.model.sniff import looks_like_support

    blanks = " " * 200_000
    with hang_guard(120):
        for line in (f"    Status,{blanks}x", f"    Status{blanks}x", f"\t{blanks}Status"):
            assert not looks_like_support(line + "\n")
        assert looks_like_support(f"    Xen-Version{blanks}:\n")
