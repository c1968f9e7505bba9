"""The chunked, cached parse equals a whole-document parse after every edit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from featuredoc.engine import run_rules
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.inputs import Inputs
from featuredoc.parser import parse_document
from random_edits import random_edit

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xen"  # used when present
TODAY = __import__("datetime").date(2026, 1, 1)

#: Text an author types: characters, structure and the constructs that
#: change how the following lines parse (fences, comments, tables, YAML).
SNIPPETS = [
    "a",
    " ",
    "\n",
    "\n\n",
    "#",
    "# New section\n",
    "## Sub\n",
    "```\n",
    "~~~\n",
    "<!--",
    "-->",
    "<div>\n",
    "---\n",
    "...\n",
    "key: value\n",
    "-----------------\n",
    "    Status: Supp",
    "**",
    "% Title\n",
    "é",
    "🚀",
    "\t",
    "Status: **Tech Preview**\n",
    "* item\n",
    "> quote\n",
]


def mutate(rng: random.Random, text: str) -> str:
    return random_edit(rng, text, SNIPPETS, insert_share=0.6, longest_cut=40)


def assert_same(text: str, kind: DocumentKind) -> None:
    incremental = parse_document(text, "x", kind)
    whole = parse_document(text, "x", kind, incremental=False)
    assert incremental == whole
    config = Config()
    assert run_rules(incremental, config, Inputs(today=TODAY)) == run_rules(
        whole, config, Inputs(today=TODAY)
    )


def sources(corpus_dir: Path | None) -> list[tuple[str, DocumentKind]]:
    found = [
        (
            p.read_text(encoding="utf-8"),
            DocumentKind.SUPPORT if p.name.startswith("SUPPORT") else DocumentKind.FEATURE,
        )
        for p in sorted(FIXTURES.rglob("*"))
        if p.suffix in (".pandoc", ".md", ".markdown")  # documents, not the findings' snapshots
    ]
    if corpus_dir is not None and corpus_dir.is_dir():
        for p in sorted(corpus_dir.iterdir()):
            kind = DocumentKind.SUPPORT if p.name == "SUPPORT.md" else DocumentKind.FEATURE
            found.append((p.read_text(encoding="utf-8"), kind))
    return found


@pytest.mark.parametrize("seed", range(6))
def test_random_edit_sequences(seed: int) -> None:
    rng = random.Random(seed)
    pool = sources(CORPUS)
    text, kind = pool[rng.randrange(len(pool))]
    for _ in range(60):
        text = mutate(rng, text)
        assert_same(text, kind)


def test_support_file_edits(corpus: Path) -> None:
    rng = random.Random(42)
    text = (corpus / "SUPPORT.md").read_text(encoding="utf-8")
    for _ in range(40):
        text = mutate(rng, text)
        assert_same(text, DocumentKind.SUPPORT)


@pytest.mark.parametrize(
    "text",
    [
        "# A\n```\n# not a heading\n```\n# B\n",
        "# A\n<!--\n# hidden\n-->\n# B\n",
        "---\n# yaml comment\nk: v\n---\n# A\n",
        "# A\n\n---\nk: v\n# c\n---\n# B\n",
        "# A\n    ```\n# B\n",
        "# A\n* item\n\n  ```\n# B\n  ```\n",
        "% T\n# A\n% not title\n",
        "<div>\n# inside html\n</div>\n# B\n",
    ],
)
def test_constructs_that_hide_headings(text: str) -> None:
    assert_same(text, DocumentKind.FEATURE)
    assert_same(text, DocumentKind.SUPPORT)


@pytest.mark.parametrize(
    "text",
    [
        "% T\n% Revision 1\n\n---\nsecurity-signoff:\n# x\n  by: A <a@b.c>\n---\n# A\n",
        "% T\n---\n# not yaml\n---\n# A\n",
        "# A\n> quote\n# B\ntext\n",
        "# A\n* item\n> quote\n* more\n\n# B\n",
    ],
)
def test_metadata_and_containers(text: str) -> None:
    assert_same(text, DocumentKind.FEATURE)


def test_editing_one_document_does_not_grow_the_caches() -> None:
    from featuredoc.parser.blocks import BLOCKS
    from featuredoc.parser.document import MODELS

    text = "% T\n% Revision 1\n\n" + "".join(
        f"# Section {n}\n\nSome prose for section {n}.\n\n" for n in range(60)
    )
    lines = text.split("\n")
    target = lines.index("Some prose for section 30.")
    parse_document(text, "docs/features/edited.pandoc")
    models, blocks = len(MODELS), len(BLOCKS)
    for n in range(300):
        lines[target] += "x" if n % 7 else "\n"  # typing, now and then a new line
        parse_document("\n".join(lines), "docs/features/edited.pandoc")
    # a new line shifts the chunks below it: a few dozen entries, not one per keystroke
    assert len(MODELS) - models < 100
    assert len(BLOCKS) - blocks < 10


# ---- the previous version of the same path ------------------------------------------


def edit_sequence(text: str, kind: DocumentKind, edits: list[tuple[int, int, str]]) -> None:
    """Apply each (start, end, new text) in turn to one path; every version must
    parse exactly as a fresh whole-text parse."""
    parse_document(text, "docs/features/same.pandoc", kind)
    for start, end, new in edits:
        text = text[:start] + new + text[end:]
        incremental = parse_document(text, "docs/features/same.pandoc", kind)
        whole = parse_document(text, "docs/features/same.pandoc", kind, incremental=False)
        assert incremental == whole, (start, new)


SECTIONS = "".join(f"# Säction {n}\n\nProse of section {n} 🚀.\n\n" for n in range(12))


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_enter_and_typing_at_chunk_boundaries(kind: DocumentKind, newline: str) -> None:
    text = "% T\n% Revision 1\n\n" + SECTIONS
    text = text.replace("\n", newline)
    edits: list[tuple[int, int, str]] = []
    at = 0
    while (at := text.find("# Säction", at + 1)) > 0:
        # a line break before a heading, after it, and a character on the heading line
        edits += [(at, at, newline), (at + len(newline), at + len(newline), "x")]
    edits += [(0, 0, newline), (len(text), len(text), newline + "# Last")]
    # the offsets above are for the original text: apply them from the end
    edits.sort(key=lambda e: -e[0])
    edit_sequence(text, kind, edits)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_edits_that_merge_and_split_chunks(kind: DocumentKind) -> None:
    text = "% T\n\n" + SECTIONS
    second = text.index("# Säction 1\n")
    third = text.index("# Säction 2\n")
    edit_sequence(
        text,
        kind,
        [
            (second, second + 1, ""),  # a heading becomes prose: two chunks merge
            (second, second, "#"),  # and back: they split again
            (second, second, "```\n"),  # an open fence hides every heading below
            (second, second + 4, ""),  # closed again
            (third, third, "<!--\n"),  # an open comment hides the rest
            (len(text), len(text), "-->\n# After\n"),  # closed at the end
            (second, third, ""),  # a whole chunk removed
            (0, 0, "---\ntitle: x\n"),  # a YAML candidate at the top, not closed
            (0, 0, "---\nk: v\n---\n"),  # a closed one
        ],
    )


def test_a_closing_line_far_below_turns_a_dash_line_into_yaml() -> None:
    # "---" followed by text, unclosed: not YAML; a "..." typed far below makes the
    # lines between a YAML block, hiding the headings there
    text = "# A\n\n---\nkey: v\n\n" + SECTIONS
    edit_sequence(text, DocumentKind.FEATURE, [(len(text), len(text), "...\n")])
    edit_sequence(text, DocumentKind.FEATURE, [(len(text) - 5, len(text) - 5, "\n...\n")])


def test_a_document_with_more_chunks_than_the_caches_hold() -> None:
    from featuredoc.parser.document import MODELS

    count = MODELS.size + 500
    text = "".join(f"# S{n}\n\nÄ line of section {n}.\n" for n in range(count))
    parse_document(text, "docs/features/never-seen.pandoc")  # a first parse sizes the caches
    assert MODELS.size >= count
    middle = text.index(f"# S{count // 2}\n")
    edit_sequence(
        text,
        DocumentKind.FEATURE,
        [(middle, middle, "\n"), (middle + 3, middle + 3, "é"), (middle, middle + 1, "")],
    )


def test_relines_equals_split_lines() -> None:
    from featuredoc.model.text import split_lines
    from featuredoc.parser.lines import relines

    rng = random.Random(7)
    alphabet = ["a", "\n", "\r", "\r\n", "é", "🚀", " ", "#"]
    for _ in range(20000):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        a = rng.randint(0, len(old))
        b = rng.randint(a, len(old))
        new = old[:a] + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3))) + old[b:]
        before = split_lines(old)
        lines, first, tail = relines(old, before, new)
        assert lines == split_lines(new), (old, new)
        assert lines[:first] == before[:first]
        assert first + tail <= len(lines) and first + tail <= len(before)
        assert lines[len(lines) - tail :] == before[len(before) - tail :]


def test_rescanned_chunks_equal_a_scan_from_the_top() -> None:
    from featuredoc.model.text import split_lines
    from featuredoc.parser.chunks import rescan_chunks, scan_chunks
    from featuredoc.parser.lines import relines

    rng = random.Random(11)
    pool = [t for t, _ in sources(CORPUS)]
    for _ in range(300):
        text = rng.choice(pool)
        new = mutate(rng, text)
        before = split_lines(text)
        lines, first, tail = relines(text, before, new)
        delta = len(lines) - len(before)
        again = rescan_chunks(scan_chunks(before), lines, first, tail, delta)
        assert again == scan_chunks(lines)


def test_moving_lines_keeps_unchanged_chunks_and_memory_flat() -> None:
    from featuredoc.parser.document import _VERSIONS

    text = "% T\n\n" + SECTIONS
    path = "docs/features/moving.pandoc"
    first = parse_document(text, path)
    typed = text.replace("Prose of section 5", "Prose of section 5 and more", 1)
    second = parse_document(typed, path)
    # the headings before the edit are the very same objects; after it, equal ones
    assert second.headings[:5] == first.headings[:5]
    assert all(a is b for a, b in zip(first.headings[:5], second.headings[:5], strict=True))
    assert second.headings[6:] == first.headings[6:]
    entered = typed.replace("Prose of section 3", "Prose\nof section 3", 1)
    third = parse_document(entered, path)
    assert [h.line_span.start.line for h in third.headings[4:]] == [
        h.line_span.start.line + 1 for h in second.headings[4:]
    ]
    assert third == parse_document(entered, path, incremental=False)
    assert len(_VERSIONS) <= _VERSIONS.size


def test_a_small_edit_takes_the_sections_of_the_previous_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Typing in a line (no line added, none made blank): the sections are the previous
    parse's, without working out where each ends; they equal a parse from scratch."""
    from featuredoc.parser import document as parser_document

    text = (
        "% T\n\n# Basics\n\nSome text.\n\n## Détail 🚀\n\nMore text\nhere.\n\n# History\n\nEnd.\n"
    )
    path = "/small-edit/doc.pandoc"
    parse_document(text, path)
    calls: list[int] = []
    real = parser_document._section_ends

    def counted(*args: object) -> list[int]:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parser_document, "_section_ends", counted)
    for edited in (text.replace("More text", "More texts"), text.replace("here.", "here, ü.")):
        got = parse_document(edited, path)
        assert calls == []
        assert got.sections == parse_document(edited, incremental=False).sections
        calls.clear()
    # a line made blank ends a section elsewhere: worked out again
    blank = text.replace("here.", "")
    got = parse_document(blank, path)
    assert calls
    assert got.sections == parse_document(blank, incremental=False).sections
