"""Regression tests for crashes and wrong ranges the robustness tests found."""

from __future__ import annotations

from featuredoc.parser import parse_document
from robustness.invariants import assert_sound

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
