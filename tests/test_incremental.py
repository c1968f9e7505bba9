"""The chunked, cached parse equals a whole-document parse after every edit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from featuredoc.engine import run_rules
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.parser import parse_document
from featuredoc.rules.base import Inputs

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
    if not text or rng.random() < 0.6:
        pos = rng.randint(0, len(text))
        return text[:pos] + rng.choice(SNIPPETS) + text[pos:]
    start = rng.randint(0, len(text) - 1)
    end = min(len(text), start + rng.randint(1, 40))
    return text[:start] + text[end:]


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
        if p.suffix in (".pandoc", ".md")  # documents, not the findings' snapshots
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
