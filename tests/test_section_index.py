"""Sections looked up by name, and the command line's check of one big document.

The rules that ask whether a section named X exists (FD101, FD107, FD120,
FD401 ...) look it up in one index per document instead of each going over
every top-level title; these tests count that work (never time it) and
compare every lookup with a plain scan of the titles. The command line
parses and checks a document with the cyclic garbage collector off, which
went over hundreds of thousands of live objects again and again.
"""

from __future__ import annotations

import gc

import pytest

from featuredoc import engine
from featuredoc.analysis import sections
from featuredoc.cli import runner
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind, Section
from featuredoc.model.sniff import looks_like_support
from featuredoc.model.text import fold

TITLES = [
    "Basics",
    "Overview / Testing",
    "basics",
    "Testing / Overview",
    "Limitatons",
    "A / A / B",
    "B",
    "Ünter / Straße",
    "STRASSE",
    "Known  issues",
    "Tests/Limitatons",
    "History",
]


def _document(repeat: int = 1) -> Document:
    body = "".join(f"# {title}\n\ntext\n\n## Sub {title}\n\n" for title in TITLES * repeat)
    return engine.parse(body, "", Config(), DocumentKind.FEATURE)


def _scan(doc: Document) -> list[tuple[Section, list[str]]]:
    """Each top-level section with the names its heading gives, the plain way."""
    return [(s, sections.heading_names(s.heading.title)) for s in doc.top_sections()]


def test_rules_go_over_the_titles_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    top_names = sections._top_names

    def counted(doc: Document) -> tuple[list[Section], list[tuple[str, ...]]]:
        nonlocal calls
        calls += 1
        return top_names(doc)

    monkeypatch.setattr(sections, "_top_names", counted)
    body = "".join(f"# Heading {n}\n\n" for n in range(200))
    analysis = engine.analyse(body, "docs/features/flood.pandoc", Config())
    assert analysis.document is not None
    assert {f.code for f in analysis.findings} >= {"FD101"}
    # every rule's question about section names answered from one pass over the titles
    assert calls == 1


@pytest.mark.parametrize("repeat", [1, 3])
def test_lookups_by_name_find_what_a_scan_finds(repeat: int) -> None:
    doc = _document(repeat)
    scanned = _scan(doc)
    assert len(scanned) == len(TITLES) * repeat
    every = {name for _, names in scanned for name in names}
    for name in [*sorted(every), "history", "known issues", "limitations", "nothing"]:
        expected = [s for s, names in scanned if name in names]
        assert sections.sections_named(doc, name) == expected, name
    config = Config()
    wanted = {fold(name): name for name in config.sections}
    expected_found = {
        name: [s for s, names in scanned if fold(name) in names] for name in config.sections
    }
    assert sections.template_sections(doc, config) == expected_found
    expected_headings = [
        (s, [n for n in config.sections if fold(n) in names])
        for s, names in scanned
        if not wanted.keys().isdisjoint(names)
    ]
    assert sections.template_headings(doc, config) == expected_headings
    # "B / A" names A before the section titled A: still in document order
    assert [s.title for s in sections.sections_named(doc, "overview")] == [
        "Overview / Testing",
        "Testing / Overview",
    ] * repeat
    assert [s.title for s in sections.sections_named(doc, "a")] == ["A / A / B"] * repeat
    assert [s.title for s in sections.sections_named(doc, "b")] == ["A / A / B", "B"] * repeat
    assert [s.title for s in sections.sections_named(doc, "strasse")] == [
        "Ünter / Straße",
        "STRASSE",
    ] * repeat


def test_near_misses_are_found_among_repeated_and_split_titles() -> None:
    config = Config(sections=["Basics", "Limitations", "Known issues"])
    doc = _document(2)
    misses = sections.near_misses(doc, config)
    assert [(m.name, m.text) for m in misses] == [("Limitations", "Limitatons")]
    split = engine.parse("# Tests/Limitatons\n\n# Limitatons\n", "", config, DocumentKind.FEATURE)
    misses = sections.near_misses(split, config)
    assert [(m.name, m.text, m.section.title) for m in misses] == [
        ("Limitations", "Limitatons", "Tests/Limitatons")
    ]
    assert misses[0].span is not None and misses[0].span.start.column == len("# Tests/")


def test_a_support_file_is_recognised_after_any_line_boundary() -> None:
    release = "    Xen-Version: 4.18"
    for boundary in ["\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028"]:
        assert looks_like_support(f"Title{boundary}{release}\n"), repr(boundary)
    assert looks_like_support(release)
    assert not looks_like_support("# a\n" * 1000)
    assert not looks_like_support("# Basics\n" + "    Status: Supported\n" * 5)
    assert looks_like_support("# Other\n" + "\tStatus, x86: Supported\n" * 3)


def test_the_command_line_checks_without_cycle_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    analyse = runner.analyse

    def watched(*args: object, **kwargs: object) -> engine.Analysis:
        seen.append(gc.isenabled())
        return analyse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "analyse", watched)
    assert gc.isenabled()
    result, _ = runner.process_text(
        "# Basics\n", "a.pandoc", "a.pandoc", Config(), runner.Options()
    )
    assert seen == [False]
    assert gc.isenabled()  # back on for what follows
    assert result.findings
    gc.disable()
    try:  # left off when it was off
        runner.process_text("# Basics\n", "a.pandoc", "a.pandoc", Config(), runner.Options())
        assert not gc.isenabled()
    finally:
        gc.enable()
