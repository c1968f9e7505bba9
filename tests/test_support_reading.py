"""SUPPORT.md as Xen's generator reads it: pandoc's blocks, identifiers, and re-reading edits.

What the generator itself does is checked against it in
``test_support_oracle.py``; this file tests the parts on their own and that
a reading kept or moved after an edit is the reading of the edited text.
"""

from __future__ import annotations

import random

import pytest

from featuredoc.analysis import support_reading
from featuredoc.analysis.support_reading import (
    SupportReading,
    auto_identifier,
    descr_key,
    plain_text,
    read_support,
)
from featuredoc.model.document import DocumentKind
from featuredoc.parser.document import parse_document

SUPPORT = """% Support statement

Prose before the first heading.

# Release Support

    Xen-Version: 4.23-unstable

Release Notes
: <a href="https://example.org/">RN</a>

# Feature Support

## Größe ✓

A paragraph of
two lines.

    Status, x86: Supported
    Status, x86: Experimental

A single line.

### Widget {#widget-id}

- a list
- of things

Another paragraph.

    Status: Supported

- item

    Status: dropped in the list

## Gadget

    Status, ARM: Tech Preview
"""


def _projection(reading: SupportReading, *, whole: bool = True) -> tuple[object, ...]:
    """The reading as values; without *whole*, only what the rules read on a keystroke."""
    ruled = (
        [(s.kind, s.span, s.reason, [c.first for c in s.causes]) for s in reading.stops],
        [(o.earlier.span, o.later.span) for o in reading.overrides],
        [(d.span, d.where) for d in reading.dropped],
    )
    if not whole:
        return ruled
    return (
        [(b.kind, b.first, b.last, b.ident, b.what) for b in reading.blocks],
        [(r.path, r.titles, r.value, r.span) for r in reading.rows],
        *ruled,
    )


def _fresh(text: str) -> SupportReading:
    return support_reading._read(parse_document(text, "", DocumentKind.SUPPORT, incremental=False))


def test_identifiers_as_pandoc_makes_them() -> None:
    assert auto_identifier(plain_text("Héllo, World! 2")) == "héllo-world-2"
    assert auto_identifier(plain_text("1.5 Foo_bar-baz")) == "foo_bar-baz"
    assert auto_identifier(plain_text("...")) == "section"
    assert auto_identifier(plain_text("`code` *em* [link](x)")) == "code-em-link"
    assert descr_key("host", "x86 PV (Größe)") == "host--x86-pv-gre"
    doc = parse_document("# A\n\n# A\n\n# A {#A-1}\n\n# A\n", "", DocumentKind.SUPPORT)
    idents = [b.ident for b in support_reading.pandoc_blocks(doc)]
    assert idents == ["a", "a-1", "A-1", "a-2"]


def test_the_reading() -> None:
    reading = _fresh(SUPPORT)
    assert [(r.key, r.value) for r in reading.rows] == [
        ("release-support--xen-version", "4.23-unstable"),
        ("release-support--release-notes", '<a href="https://example.org/">RN</a>'),
        ("größe--x86", "Experimental"),
        ("widget-id", "Supported"),
        ("gadget--arm", "Tech Preview"),
    ]
    [override] = reading.overrides
    assert (override.earlier.span.start.line, override.later.span.start.line) == (18, 19)
    [dropped] = reading.dropped
    assert dropped.span.start.line == 34 and dropped.where == "a bullet list"
    assert reading.builds


def _edits(text: str, seed: int) -> list[str]:
    """A typing session: characters in prose and in status lines, Enter, deletions."""
    rng = random.Random(seed)
    versions = []
    for _ in range(80):
        lines = text.split("\n")
        number = rng.randrange(len(lines))
        line = lines[number]
        column = rng.randint(0, len(line))
        what = rng.random()
        if what < 0.55:
            line = line[:column] + rng.choice("abc |:-#>*") + line[column:]
        elif what < 0.7:
            line = line[:column] + "\n" + line[column:]
        elif what < 0.8:  # a blank line more, or one less
            line = line + "\n" if line.strip() else "\x00"
        elif line:
            line = line[: max(0, column - 1)] + line[column:]
        lines[number] = line
        if line == "\x00":
            del lines[number]
        text = "\n".join(lines)
        versions.append(text)
    return versions


@pytest.mark.parametrize("seed", range(10))
def test_a_kept_or_moved_reading_is_the_reading_of_the_edited_text(seed: int) -> None:
    path = f"/ws/SUPPORT-{seed}.md"
    for number, text in enumerate([SUPPORT, *_edits(SUPPORT, seed)]):
        kept = read_support(parse_document(text, path, DocumentKind.SUPPORT))
        fresh = _fresh(text)
        if number % 3:  # what the rules read; blocks and rows stay to move (several edits)
            assert _projection(kept, whole=False) == _projection(fresh, whole=False), text
        else:
            assert _projection(kept) == _projection(fresh), text


def test_typing_prose_reads_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = support_reading._read

    def counting(doc: object) -> SupportReading:
        calls.append(1)
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(support_reading, "_read", counting)
    path = "/ws/typing/SUPPORT.md"
    text = SUPPORT
    first = read_support(parse_document(text, path, DocumentKind.SUPPORT))
    line = first.rows[-1].span.start.line
    assert len(calls) == 1
    for char in "lorem ipsum":  # in the paragraph's first line
        text = text.replace("A paragraph of", "A paragraph of" + char, 1)
        read_support(parse_document(text, path, DocumentKind.SUPPORT))
    for edit in ("two\nlines.", "two\n\nlines.", "two\nlines.\n"):  # Enter, blank lines
        text = text.replace("two\nlines.", "two lines.").replace("two lines.", edit, 1)
        moved = read_support(parse_document(text, path, DocumentKind.SUPPORT))
        assert len(calls) == 1
        fresh = real(parse_document(text, "", DocumentKind.SUPPORT, incremental=False))
        assert _projection(moved, whole=False) == _projection(fresh, whole=False)
    assert moved.overrides[0].later.span.start.line == first.overrides[0].later.span.start.line + 2
    # blocks and rows (the matrix's) are read again when asked for
    assert moved.rows[-1].span.start.line == line + 2
    assert len(calls) == 2
    assert _projection(moved) == _projection(fresh)
    text = text.replace("Tech Preview", "Tech Previe", 1)  # in a status line
    read_support(parse_document(text, path, DocumentKind.SUPPORT))
    assert len(calls) == 3
