"""A keystroke in SUPPORT.md costs what it changed, and finds what a fresh analysis finds.

The SUPPORT.md rules keep what they read from one version to the next
(the lines that may hold a path and the paths on them, the status values
known to start with a label, the Release Support block); each test below
types into a SUPPORT.md and compares every version's findings with those
of an analysis that starts from nothing, or counts the work an edit does.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from featuredoc import engine
from featuredoc.analysis import path_refs
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding
from featuredoc.rules import fd501_unknown_support_status as fd501
from support_typing import (
    CONFIG,
    SUPPORT,
    corpus_typed_like_a_writer,
    inputs,
    nothing_kept,
    sources,
    typed,
)


def analyse(text: str, path: str, *, fresh: bool = False) -> list[Finding]:
    config = CONFIG if not fresh else Config()
    if not fresh:
        return engine.analyse(
            text, path, config, kind=DocumentKind.SUPPORT, inputs=inputs()
        ).findings
    with nothing_kept():
        return engine.analyse(
            text, path, config, kind=DocumentKind.SUPPORT, inputs=inputs(), cached=False
        ).findings


@pytest.mark.parametrize("seed", range(6))
def test_every_keystroke_finds_what_a_fresh_analysis_finds(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    texts = sources()
    text = texts[seed % len(texts)]
    path = str(tmp_path / "SUPPORT.md")
    analyse(text, path)
    for version, now in enumerate(typed(text, rng, 60)):
        kept = analyse(now, path)
        assert kept == analyse(now, path, fresh=True), f"version {version} of seed {seed}"


def test_the_findings_see_every_kind_of_support_rule() -> None:
    """The document the keystrokes start from has findings of the rules that keep state."""
    codes = {finding.code for finding in analyse(SUPPORT, "", fresh=True)}
    assert {"FD501", "FD520", "FD523", "FD701"} <= codes


def test_corpus_support_typed_like_a_writer(tmp_path: Path) -> None:
    """The benchmark's typing: prose at the end of a line mid-document, Enter at column 72."""
    typed = corpus_typed_like_a_writer("lorem ipsum dolor sit amet see docs/misc/x.txt " * 3)
    if typed is None:
        pytest.skip("the Xen corpus is not available")
    path = str(tmp_path / "SUPPORT.md")
    analyse(typed[0], path)
    for count, text in enumerate(typed[1]):
        assert analyse(text, path) == analyse(text, path, fresh=True), f"keystroke {count}"


def test_a_keystroke_reads_the_paths_of_the_lines_it_changed_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    read: list[int] = []
    original = path_refs._line_references

    def counted(number: int, line: str, budget: int) -> list[path_refs.PathReference]:
        read.append(number)
        return original(number, line, budget)

    monkeypatch.setattr(path_refs, "_line_references", counted)
    path = str(tmp_path / "SUPPORT.md")
    lines = SUPPORT.split("\n")
    analyse(SUPPORT, path)
    fenced = lines.index("docs/misc/not/checked.txt")
    assert len(read) >= 4  # the first version reads every line that may hold a path
    assert fenced not in read  # but those in code blocks
    read.clear()
    edited = next(n for n, line in enumerate(lines) if "credit2.c" in line)
    lines[edited] += " and xen/common/sched/credit.c"
    findings = analyse("\n".join(lines), path)
    assert read == [edited]
    lines.insert(2, "An added line: xen/arch/x86/x.c")  # every line below moves
    read.clear()
    moved = analyse("\n".join(lines), path)
    assert read == [2]
    assert moved == analyse("\n".join(lines), path, fresh=True)
    assert [f.span.start.line for f in moved if f.code == "FD701"] == [
        f.span.start.line + (f.span.start.line >= 2) for f in findings if f.code == "FD701"
    ]


def test_status_values_are_read_once_while_the_labels_stay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    original = fd501.unbold_label

    def counted(value: str) -> tuple[str, bool]:
        asked.append(value)
        return original(value)

    monkeypatch.setattr(fd501, "unbold_label", counted)
    text = SUPPORT.replace("Tech Preview", "**Unstable**")
    first = analyse(text, "")
    assert asked == ["**Unstable**"]
    asked.clear()
    assert analyse(text.replace("Größe", "Grösse"), "") == first
    assert asked == []  # the same values, the same labels: nothing read again
    defined = text.replace(
        "### Experimental", "### Unstable\n\n    Functional completeness: No\n\n### Experimental"
    )
    findings = analyse(defined, "")
    assert asked == ["**Unstable**"]  # a label defined: read again under the new labels
    assert "Unstable" in str([f.message for f in first if f.code == "FD501"])
    assert "Unstable" not in str([f.message for f in findings if f.code == "FD501"])


def test_the_index_signature_is_compared_without_being_rebuilt(tmp_path: Path) -> None:
    """``same_status_lines`` says whether SUPPORT.md's change signature is the same."""
    from featuredoc.lsp.folders import same_status_lines, signature

    rng = random.Random(7)
    path = str(tmp_path / "SUPPORT.md")
    previous = engine.parse(SUPPORT, path, CONFIG, DocumentKind.SUPPORT)
    outcomes = set()
    for now in typed(SUPPORT, rng, 150):
        document = engine.parse(now, path, CONFIG, DocumentKind.SUPPORT)
        same = signature(previous, CONFIG) == signature(document, CONFIG)
        assert same_status_lines(previous, document) == same
        outcomes.add(same)
        previous = document
    assert outcomes == {True, False}


def test_paths_past_the_limit_are_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flood of paths costs the lines up to the first MAX_LINKS references, each version."""
    read: list[int] = []
    original = path_refs._line_references

    def counted(number: int, line: str, budget: int) -> list[path_refs.PathReference]:
        read.append(number)
        return original(number, line, budget)

    monkeypatch.setattr(path_refs, "_line_references", counted)
    flood = "".join(f"See xen/common/file{n}.c here.\n\n" for n in range(3 * path_refs.MAX_LINKS))
    document = engine.parse(flood, "flood.md", CONFIG, DocumentKind.SUPPORT)
    found = path_refs.path_references(document)
    assert len(found) == path_refs.MAX_LINKS
    assert len(read) == path_refs.MAX_LINKS
    read.clear()
    edited = engine.parse("Typed.\n" + flood, "flood.md", CONFIG, DocumentKind.SUPPORT)
    assert [ref.span.start.line for ref in path_refs.path_references(edited)] == [
        ref.span.start.line + 1 for ref in found
    ]
    assert read == []  # every line read before moved by one
