"""Decoding a file's bytes: text that is not UTF-8 is kept, replaced and located (FD904)."""

from __future__ import annotations

import pytest

from featuredoc.engine import check
from featuredoc.model.encoding import MAX_RECORDED, REPLACEMENT, decode_utf8
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import split_lines
from featuredoc.rules.fd904_invalid_encoding import RULE

TITLE = "% Intel\u00ae Resource Director Technology \u2014 Caf\u00e9\n% Revision 1\n"


def test_valid_utf8_is_untouched_and_reports_nothing() -> None:
    decoded = decode_utf8(TITLE.encode("utf-8"))
    assert decoded.text == TITLE
    assert not decoded.lossy and decoded.undecodable == ()


def test_a_literal_replacement_character_in_utf8_is_not_a_bad_byte() -> None:
    decoded = decode_utf8(f"x {REPLACEMENT} y\n".encode())
    assert decoded.text == f"x {REPLACEMENT} y\n" and not decoded.lossy


def test_latin1_byte_becomes_one_replacement_at_its_column() -> None:
    # "\u2014" is valid UTF-8 before the bad byte: columns count code points of the decoded text.
    data = "\u2014 Intel".encode() + b"\xae Xeon\xae\n"
    decoded = decode_utf8(data)
    assert decoded.text == f"\u2014 Intel{REPLACEMENT} Xeon{REPLACEMENT}\n"
    assert [(u.line, u.column, u.raw) for u in decoded.undecodable] == [
        (0, 7, b"\xae"),
        (0, 13, b"\xae"),
    ]
    assert decoded.text[7] == decoded.text[13] == REPLACEMENT


def test_consecutive_bad_bytes_are_one_run_with_one_replacement_each() -> None:
    decoded = decode_utf8(b"a\xa9\xaeb")
    (run,) = decoded.undecodable
    assert (run.column, run.raw) == (1, b"\xa9\xae")
    assert decoded.text == f"a{REPLACEMENT}{REPLACEMENT}b"
    assert (run.span.start.column, run.span.end.column) == (1, 3)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_lines_are_counted_like_lsp(newline: bytes) -> None:
    data = newline.join([b"% Title", b"", b"Jo\xebl and Ren\xe9e", b"end"])
    decoded = decode_utf8(data)
    assert [(u.line, u.column) for u in decoded.undecodable] == [(2, 2), (2, 12)]
    lines = split_lines(decoded.text)
    assert lines[2][2] == lines[2][12] == REPLACEMENT


def test_byte_order_mark_is_not_text_and_not_a_column() -> None:
    decoded = decode_utf8(b"\xef\xbb\xbf\xae x")
    assert decoded.bom and decoded.text == f"{REPLACEMENT} x"
    assert decoded.undecodable[0].column == 0


def test_truncated_sequence_and_encoded_surrogate_are_bad_bytes() -> None:
    decoded = decode_utf8(b"a\xe2\x82 b\xed\xa0\x80c")
    assert [u.raw for u in decoded.undecodable] == [b"\xe2\x82", b"\xed\xa0\x80"]
    assert "\udc80" not in decoded.text and decoded.text.count(REPLACEMENT) == 5


def test_recorded_runs_are_capped_but_counted() -> None:
    decoded = decode_utf8(b"x\xff" * (MAX_RECORDED + 5))
    assert len(decoded.undecodable) == MAX_RECORDED
    assert decoded.undecodable_count == MAX_RECORDED + 5
    findings = check(decoded.text, "docs/features/x.pandoc", inputs=Inputs(decoded=decoded))
    fd904 = [f for f in findings if f.code == "FD904"]
    assert len(fd904) == MAX_RECORDED
    assert "5 more such places" in fd904[-1].message
    assert f"At most {MAX_RECORDED} runs" in RULE.doc


def test_rule_names_the_byte_and_its_latin1_reading() -> None:
    decoded = decode_utf8(b"% Intel\xae RDT\n")
    (finding,) = [
        f
        for f in check(decoded.text, "docs/features/x.pandoc", inputs=Inputs(decoded=decoded))
        if f.code == "FD904"
    ]
    assert "0xAE" in finding.message and "'\u00ae'" in finding.message
    assert (finding.span.start.line, finding.span.start.column, finding.span.end.column) == (
        0,
        7,
        8,
    )


def test_no_decoding_information_no_finding() -> None:
    """An editor's text (or a caller that does not pass how it decoded) gets no FD904."""
    text = f"% Intel{REPLACEMENT} RDT\n"
    assert not [f for f in check(text, "docs/features/x.pandoc") if f.code == "FD904"]
