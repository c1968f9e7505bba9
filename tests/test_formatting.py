"""Aligning the Basics and History tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.analysis.fixes import apply_edits
from featuredoc.editing.formatting import format_document
from featuredoc.engine import parse
from featuredoc.model.config import Config


def formatted(text: str) -> str:
    return apply_edits(text, format_document(parse(text, "x.pandoc", Config())))


MANGLED = """\
# Basics
--- --
Status:   **Supported**
  Hardware: Intel CPUs with
                 CAT support
Security sign-off: Jane Doe <jane@example.org>, 2024-05-02
--- --

Some   text  that    stays.

# History

---------------------
Date Revision Version Notes
---- --- --- ----
2016-10-14 1 Xen 4.8 Document written
2019-02-07 10 Xen 4.12 Made the default
           scheduler
---- --- --- ----
"""

ALIGNED = """\
# Basics
------------------ ---------------------------------------
           Status: **Supported**
         Hardware: Intel CPUs with
                   CAT support
Security sign-off: Jane Doe <jane@example.org>, 2024-05-02
------------------ ---------------------------------------

Some   text  that    stays.

# History

---------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- ----------------
2016-10-14 1        Xen 4.8  Document written
2019-02-07 10       Xen 4.12 Made the default
                             scheduler
---------- -------- -------- ----------------
"""


def test_mangled_tables_become_aligned() -> None:
    assert formatted(MANGLED) == ALIGNED


def test_idempotent() -> None:
    assert format_document(parse(ALIGNED, "x.pandoc", Config())) == []


def test_crlf_is_kept() -> None:
    assert formatted(MANGLED.replace("\n", "\r\n")) == ALIGNED.replace("\n", "\r\n")


def test_edits_touch_only_table_lines() -> None:
    doc = parse(MANGLED, "x.pandoc", Config())
    lines = {e.span.start.line for e in format_document(doc)}
    assert lines == {1, 2, 3, 4, 6, 12, 13, 14, 15, 16, 17, 18}


def test_corpus_documents_stay_aligned(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.pandoc")):
        text = path.read_text(encoding="utf-8")
        once = formatted(text)
        assert formatted(once) == once, path.name
        before, after = text.split("\n"), once.split("\n")
        assert len(before) == len(after)
        changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        # written from the template: at most the borders of a table whose notes overflow
        assert all(set(after[n]) <= {"-", " "} for n in changed), path.name


@pytest.mark.parametrize("name", ["sched_credit2.pandoc", "migration.pandoc", "livepatch.pandoc"])
def test_aligned_corpus_documents_are_untouched(corpus: Path, name: str) -> None:
    text = (corpus / name).read_text(encoding="utf-8")
    assert format_document(parse(text, name, Config())) == []
