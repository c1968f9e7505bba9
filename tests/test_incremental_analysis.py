"""The server's analysis of an edited version equals the whole analysis, for every rule.

:func:`featuredoc.incremental.analyse_edit` reuses the previous version's
findings after an edit of prose and runs the rules' local parts on the
touched chunks alone. Random sequences of edits (mostly typing in
paragraphs, as a writer does, and also headings, tables, comments, links
and paths typed, lines joined and split) are analysed both ways after every
edit: the findings, every field of them, must be equal, and so must the
document built when asked for.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from featuredoc import engine, incremental
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import split_lines
from featuredoc.model.tree import TreeListing
from featuredoc.parser.document import parse_document

ROOT = "/project"
PATH = f"{ROOT}/docs/features/crédit.pandoc"
TREE = TreeListing.of(ROOT, ["xen/common/sched/credit2.c", "docs/features/crédit.pandoc"])
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "docs" / "features"

PROSE = (
    "The scheduler keeps per-CPU run queues — and balances them when a vCPU wakes up.",
    "See xen/common/sched/credit2.c and xen/common/sched/credit9.c for the code.",
    "Links: [the basics](#basics), [a detail](#detail-3) and [nowhere](#nowhere).",
    "Ünïcödé text 🚀 with `xen/include/missing.h` written in code.",
)


def _document(rng: random.Random, config: Config) -> str:
    """An example feature document with prose sections after it, some with findings."""
    base = (EXAMPLE / "grant-table-v3.pandoc").read_text(encoding="utf-8")
    if rng.random() < 0.5:  # a pre-release status, and Known issues that list nothing (FD107)
        base = base.replace("**Supperted**", "**Tech Preview**")
        base = base.replace("* None known.", "None.")
    guidance = next(iter(config.section_guidance.values()))
    parts = [base.rstrip("\n"), ""]
    for i in range(rng.randint(8, 30)):
        parts += [f"## Detail {i}", ""]
        for _ in range(rng.randint(0, 3)):
            parts += [rng.choice((*PROSE, guidance)), ""]
        if rng.random() < 0.08:
            parts += ["## Suppressed", "", "<!-- featuredoc: disable FD701 -->", ""]
    if rng.random() < 0.5:  # FD104 names the line of the first, below the Overview
        parts += ["# References", "", rng.choice(PROSE), ""]
    return "\n".join(parts) + "\n"


def _prose_lines(lines: list[str]) -> list[int]:
    """The lines of the paragraphs below the first ``## Detail`` heading, of the Overview
    and of Known issues."""
    first = next((i for i, line in enumerate(lines) if line.startswith("## Detail")), len(lines))
    near: list[int] = []
    for title in ("# Overview", "# Known issues"):
        if title in lines:
            at = lines.index(title)
            near.extend(range(at + 1, min(at + 4, len(lines))))
    return [
        i
        for i in (*near, *range(first, len(lines)))
        if lines[i].strip() and not lines[i].lstrip().startswith(("#", "|", "<", "-", "`", "*"))
    ]


def _edit(text: str, rng: random.Random) -> str:
    """One edit: mostly a character typed or deleted in a paragraph, as a writer does."""
    lines = text.split("\n")
    prose = _prose_lines(lines)
    if prose and rng.random() < 0.88:
        n = rng.choice(prose)
        line = lines[n]
        col = rng.randint(0, len(line))
        roll = rng.random()
        if roll < 0.6:
            lines[n] = line[:col] + rng.choice("abc é🚀/.") + line[col:]
        elif roll < 0.75:
            lines[n] = line[: max(0, col - 1)] + line[col:]
        elif roll < 0.85:  # Enter
            lines[n : n + 1] = [line[:col], line[col:]]
        elif roll < 0.9 and n + 1 < len(lines):  # joined with the next line
            lines[n : n + 2] = [line + lines[n + 1]]
        elif roll < 0.95:
            lines[n] = line[:col] + rng.choice(PROSE) + line[col:]
        else:
            lines[n] = line + " [link](#detail-1)"
        return "\n".join(lines)
    n = rng.randrange(len(lines))
    roll = rng.random()
    if roll < 0.3:
        lines.insert(n, rng.choice(("## Detail x", "# History", "", "| a | b |", "# Known issues")))
    elif roll < 0.5:
        lines.insert(n, rng.choice(("<!-- featuredoc: disable FD106 -->", "```", "---", "* item")))
    elif roll < 0.7:
        lines[n] = lines[n] + rng.choice("#|-* `x")
    elif roll < 0.85:
        del lines[n]
    else:
        lines.insert(n, rng.choice(PROSE))
    return "\n".join(lines)


def _compare(text: str, config: Config, inputs: Inputs, *, document: bool) -> bool:
    before = incremental.COUNTS.reused
    got = incremental.analyse_edit(text, PATH, config, kind=DocumentKind.FEATURE, inputs=inputs)
    want = engine.analyse(
        text, PATH, config, kind=DocumentKind.FEATURE, inputs=inputs, cached=False
    )
    assert got.findings == want.findings
    assert got.lines == split_lines(text)
    if document:
        fresh = parse_document(text, PATH, DocumentKind.FEATURE, incremental=False)
        assert got.document == fresh
    return incremental.COUNTS.reused > before


@pytest.mark.parametrize("seed", range(12))
def test_edits_analysed_incrementally_equal_the_whole_analysis(seed: int) -> None:
    rng = random.Random(seed)
    config = Config()
    inputs = Inputs(tree=TREE)
    text = _document(rng, config)
    reused = 0
    steps = 80
    for step in range(steps):
        reused += _compare(text, config, inputs, document=step % 10 == 9)
        text = _edit(text, rng)
    # an unclosed fence or comment typed may turn the rest of the text into code for good
    assert reused >= steps // 10, "edits typed in prose reuse the previous analysis"


def test_the_reused_analysis_reports_the_findings_of_the_edited_paragraph() -> None:
    """Typing a missing path, then a guidance paragraph, in one prose section."""
    config = Config()
    inputs = Inputs(tree=TREE)
    lines = _document(random.Random(1), config).split("\n")
    at = lines.index("## Detail 3") + 1
    lines[at:at] = ["", "A paragraph."]
    at += 1
    incremental.analyse_edit(
        "\n".join(lines), PATH, config, kind=DocumentKind.FEATURE, inputs=inputs
    )
    codes: list[set[str]] = []
    for typed in ("See ", "See xen/common/sched/nope.c", "See xen/common/sched/nope.c here"):
        lines[at] = typed
        text = "\n".join(lines)
        assert _compare(text, config, inputs, document=False)
        got = incremental.analyse_edit(text, PATH, config, kind=DocumentKind.FEATURE, inputs=inputs)
        codes.append({f.code for f in got.findings if f.span.start.line == at})
    assert "FD701" not in codes[0] and "FD701" in codes[1] and "FD701" in codes[2]


def test_an_edit_of_a_heading_analyses_the_whole_document() -> None:
    config = Config()
    lines = _document(random.Random(2), config).split("\n")
    text = "\n".join(lines)
    incremental.analyse_edit(text, PATH, config, kind=DocumentKind.FEATURE)
    at = lines.index("## Detail 1")
    lines[at] = "## Detail one"
    whole = incremental.COUNTS.whole
    incremental.analyse_edit("\n".join(lines), PATH, config, kind=DocumentKind.FEATURE)
    assert incremental.COUNTS.whole == whole + 1


def test_a_request_and_the_analysis_of_one_version_parse_it_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Completion right behind a keystroke parses the new version before its analysis
    does; the analysis takes that parse (the same text object from the same previous
    version) instead of parsing again, and still reuses the previous analysis."""
    from featuredoc.parser import document as parser

    config = Config()
    lines = _document(random.Random(3), config).split("\n")
    incremental.analyse_edit("\n".join(lines), PATH, config, kind=DocumentKind.FEATURE)
    parses: list[str] = []
    original = parser.relines_marked

    def counted(old_text: str, old_lines: list[str], text: str, marks: object) -> object:
        parses.append(text)
        return original(old_text, old_lines, text, marks)  # type: ignore[arg-type]

    monkeypatch.setattr(parser, "relines_marked", counted)
    at = lines.index("## Detail 2") + 2
    lines.insert(at, "A paragraph typed é😀.")
    text = "\n".join(lines)
    request = incremental.request_analysis(text, PATH, config, DocumentKind.FEATURE)
    assert request.cursor_document() is not None
    reused = incremental.COUNTS.reused
    got = incremental.analyse_edit(text, PATH, config, kind=DocumentKind.FEATURE)
    assert parses == [text]  # split into lines once, for both
    assert incremental.COUNTS.reused == reused + 1
    assert (
        got.findings
        == engine.analyse(text, PATH, config, kind=DocumentKind.FEATURE, cached=False).findings
    )
