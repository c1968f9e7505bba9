"""The server's analysis of an edited SUPPORT.md equals the whole analysis, for every rule.

:func:`featuredoc.incremental.analyse_edit` reuses the previous version's
findings when an edit of a SUPPORT.md changed plain paragraphs only (the
generator reads them alike: no row, no stop, no lost line) outside the
lines a rule reads beyond the generator's reading (the definitions of the
status labels, the release notes link). Random typing (prose, paths,
links, status lines, fences, headings, the Release Support fields and the
definitions) is analysed both ways after every keystroke, and the cases
that must not reuse are typed one by one.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from featuredoc import engine, incremental
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import split_lines
from featuredoc.parser.document import parse_document
from support_typing import (
    SUPPORT,
    corpus_typed_like_a_writer,
    inputs,
    nothing_kept,
    sources,
    typed,
)

KIND = DocumentKind.SUPPORT


class Session:
    """One SUPPORT.md typed into, as the language server analyses it: the same settings
    and rule inputs for every version."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.config = Config()
        self.inputs: Inputs = inputs()

    def edit(self, text: str) -> tuple[list[Finding], bool]:
        """The findings of *text*, and whether the previous version's were reused."""
        before = incremental.COUNTS.reused
        got = incremental.analyse_edit(text, self.path, self.config, kind=KIND, inputs=self.inputs)
        assert got.lines == split_lines(text)
        return got.findings, incremental.COUNTS.reused > before

    def fresh(self, text: str) -> list[Finding]:
        with nothing_kept():
            return engine.analyse(
                text, self.path, Config(), kind=KIND, inputs=self.inputs, cached=False
            ).findings


@pytest.mark.parametrize("seed", range(10))
def test_every_version_equals_the_whole_analysis(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    texts = sources()
    text = texts[seed % len(texts)]
    session = Session(str(tmp_path / "SUPPORT.md"))
    session.edit(text)
    reused = 0
    for version, now in enumerate(typed(text, rng, 120)):
        findings, was_reused = session.edit(now)
        assert findings == session.fresh(now), f"version {version} of seed {seed}"
        reused += was_reused
        if version % 20 == 19:  # the document built when asked for is the whole one
            got = incremental.analyse_edit(
                now, session.path, session.config, kind=KIND, inputs=session.inputs
            )
            assert got.document == parse_document(now, session.path, KIND, incremental=False)
    # a fence or a comment typed may turn the rest of the text into code for good
    assert reused >= 5, "typing in paragraphs reuses the previous analysis"


def test_prose_typed_in_the_corpus_reuses_every_keystroke(tmp_path: Path) -> None:
    """The benchmark's typing: every keystroke, Enter included, reuses the last analysis."""
    typed = corpus_typed_like_a_writer("lorem ipsum dolor sit amet, 😀 " * 4)
    if typed is None:
        pytest.skip("the Xen corpus is not available")
    session = Session(str(tmp_path / "SUPPORT.md"))
    session.edit(typed[0])
    for count, text in enumerate(typed[1]):
        findings, reused = session.edit(text)
        assert reused, f"keystroke {count}"
        assert findings == session.fresh(text), f"keystroke {count}"


def _paragraph_line(lines: list[str], prose: str) -> int:
    return next(n for n, line in enumerate(lines) if line.startswith(prose))


def test_prose_typed_in_the_example_moves_the_findings_below(tmp_path: Path) -> None:
    """Enter in a paragraph above findings: reused, and the findings below moved down."""
    lines = SUPPORT.split("\n")
    session = Session(str(tmp_path / "SUPPORT.md"))
    first, _ = session.edit(SUPPORT)
    at = _paragraph_line(lines, "See xen/common/sched/credit2.c")
    lines[at : at + 1] = [lines[at], "and more é😀 prose"]
    text = "\n".join(lines)
    findings, reused = session.edit(text)
    assert reused
    assert findings == session.fresh(text)
    below = [(f.code, f.span.start.line) for f in first if f.span.start.line > at]
    assert below, "the example has findings below the paragraph"
    assert [(f.code, f.span.start.line) for f in findings if f.span.start.line > at + 1] == [
        (code, line + 1) for code, line in below
    ]


@pytest.mark.parametrize(
    ("prose", "typed_line", "code"),
    [
        # a Status line in a paragraph: the generator drops it (FD502)
        ("See xen/common/sched/credit2.c", "Status: Supported", "FD502"),
        # the paragraph joins the code block above it: no longer a plain paragraph
        ("Not in a code block", "* a list item", None),
        # the definitions of the labels, which FD501 reads
        ("Fully supported.", "### Unstable", None),
        # the release notes link below the Release Support block, which FD523 reads
        ("Release Notes", "Release notes for X.YY", None),
    ],
)
def test_edits_the_rules_read_beyond_plain_prose_analyse_the_whole_document(
    prose: str, typed_line: str, code: str | None, tmp_path: Path
) -> None:
    lines = SUPPORT.split("\n")
    session = Session(str(tmp_path / "SUPPORT.md"))
    session.edit(SUPPORT)
    at = _paragraph_line(lines, prose)
    lines.insert(at + 1, typed_line)
    text = "\n".join(lines)
    findings, reused = session.edit(text)
    assert not reused
    assert findings == session.fresh(text)
    if code is not None:
        assert code in {f.code for f in findings if f.span.start.line == at + 1}


def test_a_word_typed_in_the_definitions_is_read_again(tmp_path: Path) -> None:
    """Prose of the definitions section: FD501 reads it (reads_lines), so no reuse."""
    lines = SUPPORT.split("\n")
    session = Session(str(tmp_path / "SUPPORT.md"))
    session.edit(SUPPORT)
    at = _paragraph_line(lines, "Might work.")
    lines[at] += " Sometimes."
    text = "\n".join(lines)
    findings, reused = session.edit(text)
    assert not reused
    assert findings == session.fresh(text)
    # and a paragraph outside every range a rule reads is reused
    at = _paragraph_line(lines, "See xen/common/sched/credit2.c")
    lines[at] += " More."
    findings, reused = session.edit("\n".join(lines))
    assert reused


def test_a_release_notes_link_typed_below_the_release_block_is_read(tmp_path: Path) -> None:
    """A paragraph between the Release Support block and the next heading may hold the
    release notes link the release rules read (reads_lines): typing one is not reused."""
    lines = SUPPORT.split("\n")
    session = Session(str(tmp_path / "SUPPORT.md"))
    first, _ = session.edit(SUPPORT)
    at = lines.index("Release Notes")
    notes = '<a href="https://wiki.xenproject.org/wiki/Xen_Project_4.23_Release_Notes">RN</a>'
    lines[at:at] = ["Older notes.", "", "Read them.", ""]  # not the definition's term
    session.edit("\n".join(lines))
    lines[at] = "Older notes: " + notes
    text = "\n".join(lines)
    findings, reused = session.edit(text)
    assert not reused
    assert findings == session.fresh(text)
    assert [f.code for f in findings if f.code == "FD523"] != [
        f.code for f in first if f.code == "FD523"
    ]


def test_the_index_signature_of_support_md_moves_with_its_lines() -> None:
    """After a reused analysis, SUPPORT.md's signature (each Status line's text and line)
    is worked out without building the document: the lines at or below the edit move."""
    from featuredoc.lsp.folders import moved_signature, signature

    config = Config()
    entries = "".join(f"## E{n}\n\n    Status: Supported\n\nProse.\n\n" for n in range(4))
    before = engine.parse(entries, "SUPPORT.md", config, KIND)
    known = signature(before, config)
    assert len(known) == 4  # as long as a feature document's signature
    lines = entries.split("\n")
    at = lines.index("Prose.", lines.index("## E1"))
    lines[at:at] = ["More", "prose"]
    after = engine.parse("\n".join(lines), "SUPPORT.md", config, KIND)
    assert moved_signature(known, (at, 2), KIND) == signature(after, config)
    assert moved_signature(known, (at, 0), KIND) is known
