"""SUPPORT.md as Xen's support-matrix generator reads it.

Xen builds its published support matrix with ``docs/parse-support-md``, a
Perl script run on ``pandoc -t json SUPPORT.md``. It walks pandoc's
top-level blocks with a small state machine:

* a ``Header`` opens a section (keyed by pandoc's identifier of the
  heading); a heading more than one level below the one before stops the
  build;
* a ``CodeBlock`` is a status block: every non-blank line must read
  ``Status[, qualifier]: value`` or ``Supported[, qualifier]: value``
  (``Key: value`` lines in the block that starts with ``Xen-Version:``), and
  any other line stops the build; a block starting with one of the keys
  that define a status label is skipped;
* a ``DefinitionList`` (``Release Notes`` / ``: value``) is a row too, and
  stops the build unless each term has one compact definition;
* a ``Para`` is a description or a caveat, a ``BulletList`` is ignored;
* any other block (raw HTML such as a comment, a table, a numbered list, a
  rule, a block quote, a line block, a div) makes the *next* status block
  stop the build;
* a row is keyed by its section and its qualifier; the same key twice keeps
  the later value at the earlier place.

:func:`read_support` runs that state machine over featuredoc's own parse
(no pandoc at run time): :func:`pandoc_blocks` first turns featuredoc's
blocks into the blocks pandoc makes of the same text (pandoc's Markdown
differs from CommonMark: a heading, list, quote, comment or rule right
after a paragraph line belongs to the paragraph; ``Term`` / ``: value`` is
a definition list; pipe and grid tables, line blocks and ``a.``-style lists
are blocks of their own). The reading gives the rows the generator prints,
in its order, the places where the build stops, the rows it overrides and
the status lines it never sees. It is linear in the document and is
computed once per parsed document.

The test suite runs the real generator on many variants of SUPPORT.md and
on every release's SUPPORT.md, and checks that this reading agrees.
"""

from __future__ import annotations

import operator
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import compress

from featuredoc.model.document import Block, BlockType, Document, Heading
from featuredoc.model.text import Position, Span

#: The generator's grammar of a status line and of a ``Xen-Version:`` block line.
STATUS_LINE = re.compile(r"^(?:Status|Supported)(?:,\s*([^:]+))?:\s+(\S.*)$")
TOP_LINE = re.compile(r"^([A-Z][-A-Z0-9a-z]+):\s+(\S.*)$")
#: A code block starting so defines a status label; the generator skips it.
DEFINITION_START = re.compile(
    r"^(?:Functional completeness|Functional stability|Interface stability|Security supported):"
)
_TRAILING_SPACE = re.compile(r"\s*$")
#: A line meant as a status line, however it is spelt (for lines the generator never sees).
_LOOSE_STATUS = re.compile(r"(?i)^(?:status|supported)\b[^:\n]*:\s*\S")
_DEF_MARKER = re.compile(r"^ {0,2}[:~](?:[ \t]|$)")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")
_GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")
_LINE_BLOCK = re.compile(r"^\|(?:[ \t]|$)")
_BULLET = re.compile(r"^ {0,3}[*+-](?:[ \t]|$)")
_FANCY_LIST = re.compile(
    r"^ {0,3}(?:\((?:\d+|#|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+)\)"
    r"|(?:\d+|#|[a-z]|[ivxlcdm]+)[.)]"
    r"|(?:[A-Z]|[IVXLCDM]+)(?:\)[ \t]|\.(?:  |\t)))"
    r"(?:[ \t]|$)"
)
_ATTRIBUTES = re.compile(r"\s*\{([^{}]*)\}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_DIRECTIVE = re.compile(r"<!--\s*featuredoc\s*:", re.I)


class PandocBlock(str, Enum):
    """The kinds of pandoc's top-level blocks the generator tells apart."""

    HEADER = "Header"
    PARA = "Para"
    CODE = "CodeBlock"
    DEFINITIONS = "DefinitionList"
    BULLETS = "BulletList"
    OTHER = "other"  # raw HTML, tables, numbered lists, rules, quotes, line blocks, divs


@dataclass(slots=True)
class Definition:
    """One term of a definition list with what the generator needs of it."""

    term: str
    line: int
    definitions: int  # how many definitions the term has
    paragraphs: int  # how many paragraphs its (first) definition has
    compact: bool  # no blank line before the definition: pandoc's Plain
    value: str
    value_span: Span


@dataclass(slots=True)
class PBlock:
    """A top-level block as pandoc makes it, lines ``first``..``last`` of the document."""

    kind: PandocBlock
    first: int
    last: int
    what: str = ""  # for OTHER: how messages name it ("a table")
    directive: bool = False  # an HTML comment holding a featuredoc directive
    level: int = 0  # headers
    ident: str = ""  # headers: pandoc's identifier
    title: str = ""  # headers: the title as written
    plain: str = ""  # headers: its text without markup
    heading: Heading | None = None
    #: code blocks: (line number, column of the text, text) of each line, as pandoc keeps it
    code: list[tuple[int, int, str]] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)


class Failure(str, Enum):
    """Why the generator stops (``die``s): the whole matrix is not built."""

    HEADING_SKIP = "heading-skip"
    BLOCK_BEFORE = "block-before"  # an unknown block before this status block
    BAD_LINE = "bad-line"
    NO_HEADING = "no-heading"
    DEFINITION_LIST = "definition-list"


@dataclass(slots=True)
class Stop:
    """A place where the generator stops; the first is where Xen's build fails.

    The reading goes on past each one as if it were fixed, so that every
    place that needs fixing is known at once.
    """

    kind: Failure
    span: Span  # the line concerned
    block: PBlock
    reason: str
    causes: tuple[PBlock, ...] = ()  # BLOCK_BEFORE: the blocks that make it stop
    limit: int = 0  # HEADING_SKIP: the deepest level a heading may have there


@dataclass(slots=True)
class Row:
    """A status cell of the generator's table."""

    path: tuple[str, ...]  # the keys of the sections down to the row
    titles: tuple[str, ...]  # their headings; the last is the row's (qualifier, term or section)
    value: str
    span: Span  # the line it was read from
    block_first: int

    @property
    def key(self) -> str:
        """The row's identifier in the generator's output (``<th id="...">``)."""
        return self.path[-1]

    @property
    def title(self) -> str:
        return self.titles[-1]


@dataclass(slots=True)
class Override:
    """A row whose key comes again: the generator keeps the later value."""

    earlier: Row
    later: Row


@dataclass(slots=True)
class Dropped:
    """A status line the generator never sees (in a list, a quote...)."""

    span: Span
    where: str


class SupportReading:
    """What the generator makes of a SUPPORT.md.

    ``stops``, ``overrides`` and ``dropped`` are what the rules read on every
    keystroke. A reading kept or moved after an edit (see
    :func:`read_support`) reads ``blocks`` and ``rows`` of the edited
    document again when they are first asked for (the matrix, a fix).
    """

    __slots__ = ("_blocks", "_rows", "_source", "dropped", "overrides", "stops")

    def __init__(
        self,
        blocks: list[PBlock],
        rows: list[Row],  # the generator's rows in its order (the later value of overridden keys)
        stops: list[Stop],
        overrides: list[Override],
        dropped: list[Dropped],
        source: Document | None = None,  # blocks and rows are still to read from it
    ) -> None:
        self._blocks = blocks
        self._rows = rows
        self.stops = stops
        self.overrides = overrides
        self.dropped = dropped
        self._source = source

    def _complete(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            full = _read(source)
            self._blocks, self._rows = full._blocks, full._rows

    @property
    def blocks(self) -> list[PBlock]:
        """Pandoc's top-level blocks of the document (:func:`pandoc_blocks`)."""
        if self._source is not None:
            self._complete()
        return self._blocks

    @property
    def rows(self) -> list[Row]:
        if self._source is not None:
            self._complete()
        return self._rows

    @property
    def builds(self) -> bool:
        """Whether the generator reads the whole document."""
        return not self.stops


# ---- pandoc's identifiers -----------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """The text of inline Markdown as pandoc's ``stringify`` gives it (markup dropped)."""
    if not any(c in markdown for c in "*`_\\<["):
        return markdown
    text = _LINK.sub(r"\1", markdown)
    text = _TAG.sub("", text)
    out: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and not text[i + 1].isalnum():
            out.append(text[i + 1])
            i += 2
            continue
        if ch in "*`":
            i += 1
            continue
        if ch == "_":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if not (before.isalnum() and after.isalnum()):
                i += 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def auto_identifier(text: str) -> str:
    """Pandoc's ``auto_identifiers`` of a heading's plain text (before de-duplication)."""
    lowered = text.lower()
    kept = "".join(c for c in lowered if c.isalnum() or c in "_-. " or c.isspace())
    ident = "-".join(kept.split())
    start = 0
    while start < len(ident) and not ident[start].isalpha():
        start += 1
    return ident[start:] or "section"


#: A heading's title → (explicit identifier, title without attributes, plain text, base
#: identifier); the same titles come back on every keystroke.
_TITLES: dict[str, tuple[str, str, str, str]] = {}


def _title_parts(title: str) -> tuple[str, str, str, str]:
    parts = _TITLES.get(title)
    if parts is None:
        explicit = ""
        text = title
        m = _ATTRIBUTES.search(title)
        if m is not None:
            for word in m.group(1).split():
                if word.startswith("#") and len(word) > 1:
                    explicit = word[1:]
            text = title[: m.start()]
        plain = plain_text(text.strip())
        parts = (explicit, text.strip(), plain, auto_identifier(plain))
        if len(_TITLES) > 8192:
            _TITLES.clear()
        _TITLES[title] = parts
    return parts


class _Identifiers:
    """Pandoc's identifiers of a document's headings, de-duplicated as pandoc does."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}  # the next suffix to try for a base (linear in total)

    def add(self, title: str) -> tuple[str, str, str]:
        """(identifier, title without attributes, plain text) of the next heading."""
        explicit, text, plain, base = _title_parts(title)
        if explicit:
            self.used.add(explicit)
            return explicit, text, plain
        ident = base
        if ident in self.used:
            number = self.next.get(base, 1)
            while f"{base}-{number}" in self.used:
                number += 1
            ident = f"{base}-{number}"
            self.next[base] = number + 1
        self.used.add(ident)
        return ident, text, plain


def descr_key(anchor: str, descr: str) -> str:
    """The generator's key of a qualifier or term under the section *anchor*."""
    key = descr.lower().replace(" ", "-")
    key = "".join(c for c in key if c == "-" or ("0" <= c <= "9") or ("a" <= c <= "z"))
    return f"{anchor}--{key}"


# ---- pandoc's blocks ------------------------------------------------------------------


def _code_lines(lines: list[str], block: Block) -> list[tuple[int, int, str]]:
    """The lines of a code block as pandoc keeps them: indentation or fences removed."""
    out: list[tuple[int, int, str]] = []
    first, last = block.first, block.last
    if block.style == "fenced":
        opening = lines[first]
        indent = len(opening) - len(opening.lstrip(" "))
        fence = opening.lstrip(" ")
        char = fence[:1]
        run = len(fence) - len(fence.lstrip(char)) if char else 0
        closing = lines[last].strip() if last > first else ""
        if last > first and closing and set(closing) == {char} and len(closing) >= run:
            last -= 1
        for number in range(first + 1, last + 1):
            line = lines[number]
            cut = 0
            while cut < indent and cut < len(line) and line[cut] == " ":
                cut += 1
            out.append((number, cut, line[cut:]))
    else:
        for number in range(first, last + 1):
            line = lines[number]
            column = 0
            cut = 0
            while cut < len(line) and column < 4 and line[cut] in " \t":
                column = column + 1 if line[cut] == " " else (column // 4 + 1) * 4
                cut += 1
            out.append((number, cut, line[cut:]))
    while out and not out[-1][2].strip():
        out.pop()
    return out


def _html_what(text: str) -> tuple[str, bool]:
    stripped = text.lstrip()
    if stripped.startswith("<!--"):
        if _DIRECTIVE.match(stripped):
            return "a featuredoc suppression comment", True
        return "an HTML comment", False
    return "a raw HTML block", False


_OTHER_NAMES = {
    BlockType.TABLE: "a table",
    BlockType.QUOTE: "a block quote",
    BlockType.THEMATIC_BREAK: "a horizontal rule",
    BlockType.RAW_TEX: "a raw TeX block",
    BlockType.OTHER: "a block pandoc does not read as text",
}


def _definitions(lines: list[str], term: str, term_line: int, first: int, last: int) -> Definition:
    """The definitions of *term* on lines *first*..*last* (one paragraph; a lazy line continues)."""
    count = 0
    values: list[str] = []
    value_span = Span.on_line(first, 0, 0)
    for number in range(first, last + 1):
        line = lines[number]
        if _DEF_MARKER.match(line):
            count += 1
            if count == 1:
                marker = len(line) - len(line.lstrip(" ")) + 1
                rest = line[marker:]
                start = marker + len(rest) - len(rest.lstrip())
                value_span = Span.on_line(number, start, max(start, len(line.rstrip())))
                values.append(rest.strip())
        elif count == 1:
            values.append(line.strip())
    return Definition(term, term_line, count, 1, True, " ".join(values), value_span)


def pandoc_blocks(doc: Document) -> list[PBlock]:
    """The top-level blocks pandoc makes of *doc*, from featuredoc's blocks."""
    lines = doc.lines
    headings = iter(doc.headings)
    identifiers = _Identifiers()
    out: list[PBlock] = []
    previous: Block | None = None
    for block in doc.blocks:
        kind = block.type
        heading = next(headings) if kind is BlockType.HEADING else None
        last = out[-1] if out else None
        joined = (
            previous is not None
            and last is not None
            and previous.last + 1 == block.first
            and last.last == previous.last
        )
        previous = block
        if kind in (BlockType.TITLE_BLOCK, BlockType.METADATA):
            continue
        if joined and last is not None and _continues(last, kind, heading):
            last.last = block.last
            continue
        if kind is BlockType.HEADING and heading is not None:
            ident, title, plain = identifiers.add(heading.title)
            out.append(
                PBlock(
                    PandocBlock.HEADER,
                    block.first,
                    block.last,
                    level=block.level,
                    ident=ident,
                    title=title,
                    plain=plain,
                    heading=heading,
                )
            )
        elif kind is BlockType.CODE:
            _add_code(out, lines, block, last)
        elif kind is BlockType.PARAGRAPH:
            _add_paragraph(out, lines, block, last)
        else:
            out.append(_other_block(lines, block))
    return out


def _continues(last: PBlock, kind: BlockType, heading: Heading | None) -> bool:
    """Whether a block of *kind* that starts right after *last* is part of it for pandoc.

    No heading, list, quote, comment or rule starts right after a paragraph
    line (or a list or quote line): it belongs to that block. A setext
    heading is the exception: its underline makes it one.
    """
    if heading is not None and heading.style != "atx":
        return False
    if last.kind is PandocBlock.PARA:
        return kind in (
            BlockType.HEADING,
            BlockType.LIST,
            BlockType.QUOTE,
            BlockType.HTML,
            BlockType.THEMATIC_BREAK,
        )
    return (
        last.kind in (PandocBlock.BULLETS, PandocBlock.OTHER)
        and last.what in ("", "a numbered list", "a block quote")
        and kind in (BlockType.HEADING, BlockType.HTML, BlockType.PARAGRAPH)
    )


def _add_code(out: list[PBlock], lines: list[str], block: Block, last: PBlock | None) -> None:
    if block.style != "fenced" and last is not None and last.kind is PandocBlock.DEFINITIONS:
        # an indented paragraph after a definition continues it
        last.definitions[-1].paragraphs += 1
        last.last = block.last
        return
    out.append(PBlock(PandocBlock.CODE, block.first, block.last, code=_code_lines(lines, block)))


def _add_paragraph(out: list[PBlock], lines: list[str], block: Block, last: PBlock | None) -> None:
    made = _paragraph(lines, block, last)
    if made.kind is PandocBlock.DEFINITIONS:
        # consecutive definition-list items are one list for pandoc
        before = out[-2] if made is last and len(out) > 1 else last
        if before is not None and before is not made and before.kind is made.kind:
            before.definitions.extend(made.definitions)
            before.last = made.last
            if made is last:
                out.pop()
            return
    if made is not last:
        out.append(made)


def _other_block(lines: list[str], block: Block) -> PBlock:
    """A list, an HTML block or any other block pandoc does not read as text."""
    if block.type is BlockType.LIST:
        if _BULLET.match(lines[block.first]):
            return PBlock(PandocBlock.BULLETS, block.first, block.last)
        return PBlock(PandocBlock.OTHER, block.first, block.last, "a numbered list")
    if block.type is BlockType.HTML:
        text = "\n".join(lines[block.first : block.last + 1])
        what, directive = _html_what(text)
        return PBlock(PandocBlock.OTHER, block.first, block.last, what, directive)
    return PBlock(PandocBlock.OTHER, block.first, block.last, _OTHER_NAMES.get(block.type, ""))


def _paragraph(lines: list[str], block: Block, last: PBlock | None) -> PBlock:
    first_line = lines[block.first]
    second = lines[block.first + 1] if block.last > block.first else ""
    if _DEF_MARKER.match(first_line) and last is not None:
        # "Term", a blank line, ": definition": a loose definition list
        if (
            last.kind is PandocBlock.PARA
            and last.first == last.last
            and last.last + 2 == block.first
            and not lines[last.last + 1].strip()
        ):
            item = _definitions(
                lines, lines[last.first].strip(), last.first, block.first, block.last
            )
            item.compact = False
            last.kind = PandocBlock.DEFINITIONS
            last.last = block.last
            last.definitions = [item]
            return last
    if second and _DEF_MARKER.match(second) and first_line.strip():
        return PBlock(
            PandocBlock.DEFINITIONS,
            block.first,
            block.last,
            definitions=[
                _definitions(lines, first_line.strip(), block.first, block.first + 1, block.last)
            ],
        )
    if second and "|" in first_line and "-" in second and _PIPE_SEPARATOR.match(second):
        return PBlock(PandocBlock.OTHER, block.first, block.last, "a table")
    if _GRID_BORDER.match(first_line):
        return PBlock(PandocBlock.OTHER, block.first, block.last, "a table")
    if _LINE_BLOCK.match(first_line):
        return PBlock(PandocBlock.OTHER, block.first, block.last, "a line block")
    if _FANCY_LIST.match(first_line):
        return PBlock(PandocBlock.OTHER, block.first, block.last, "a numbered list")
    return PBlock(PandocBlock.PARA, block.first, block.last)


# ---- the generator's state machine -------------------------------------------------------


@dataclass(slots=True)
class _Section:
    key: str
    anchor: str
    block: PBlock


@dataclass(slots=True)
class _Node:
    title: str
    children: dict[str, _Node] = field(default_factory=dict)
    row: Row | None = None


def _status_span(number: int, column: int, text: str) -> Span:
    return Span.on_line(number, column, column + len(text.rstrip()))


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.sections: list[_Section] = []
        self.unknown: list[PBlock] = []
        self.tree: dict[str, _Node] = {}
        self.stops: list[Stop] = []
        self.overrides: list[Override] = []

    def stop(self, kind: Failure, span: Span, block: PBlock, reason: str, limit: int = 0) -> None:
        self.stops.append(Stop(kind, span, block, reason, tuple(self.unknown), limit))

    def header(self, block: PBlock) -> None:
        depth = len(self.sections)
        if block.level > depth + 1:
            above = self.sections[-1].block.level if self.sections else 0
            self.stop(
                Failure.HEADING_SKIP,
                block.heading.line_span if block.heading else Span.on_line(block.first, 0, 0),
                block,
                f"a level-{block.level} heading "
                + (f"under a level-{above} heading" if above else "before any level-1 heading")
                + f" (at most level {depth + 1} here)",
                depth + 1,
            )
        del self.sections[block.level - 1 :]
        self.sections.append(_Section(block.ident, block.ident, block))

    def entry(self, descr: str | None, value: str, span: Span, block: PBlock) -> None:
        path = [s.key for s in self.sections]
        titles = [s.block.plain for s in self.sections]
        if descr:
            path.append(descr_key(self.sections[-1].anchor, descr))
            titles.append(descr)
        nodes = self.tree
        node: _Node | None = None
        for key, name in zip(path, titles, strict=True):
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = _Node(name)
            nodes = node.children
        assert node is not None
        row = Row(tuple(path), tuple(titles), value, span, block.first)
        if node.row is not None:
            self.overrides.append(Override(node.row, row))
        node.row = row

    def code(self, block: PBlock) -> None:
        code = block.code
        text = "\n".join(t for _, _, t in code)
        if DEFINITION_START.match(text):
            return
        if self.unknown:
            self.stop(
                Failure.BLOCK_BEFORE,
                Span.on_line(block.first, 0, len(self.lines[block.first])),
                block,
                _block_before(self.unknown),
            )
            self.unknown = []
        top = text.startswith("Xen-Version:")
        for number, column, raw in code:
            line = _TRAILING_SPACE.sub("", raw)
            if not line:
                continue
            span = _status_span(number, column, raw)
            m = (TOP_LINE if top else STATUS_LINE).match(line)
            if m is None:
                self.stop(Failure.BAD_LINE, span, block, "top" if top else "status")
                continue
            descr = m.group(1) if top else m.group(1)
            if not self.sections:
                self.stop(
                    Failure.NO_HEADING,
                    span,
                    block,
                    "a status line before the first heading",
                )
                continue
            self.entry(descr, m.group(2), span, block)

    def definitions(self, block: PBlock) -> None:
        for item in block.definitions:
            span = Span.on_line(item.line, 0, len(self.lines[item.line]))
            descr = " ".join(item.term.split())
            if not self.sections:
                self.stop(
                    Failure.NO_HEADING, span, block, "a definition list before the first heading"
                )
                continue
            if item.definitions > 1:
                reason = f"the term has {item.definitions} definitions; the generator reads one"
            elif item.paragraphs > 1:
                reason = "the definition has more than one paragraph; the generator reads one"
            elif not item.compact:
                reason = (
                    "a blank line separates the term from its definition, which makes the "
                    "definition a paragraph; the generator reads only a definition on the "
                    "line after the term"
                )
            else:
                self.entry(descr, item.value, item.value_span, block)
                continue
            self.stop(Failure.DEFINITION_LIST, span, block, reason)

    def rows(self) -> list[Row]:
        out: list[Row] = []
        stack: list[Iterator[_Node]] = [iter(self.tree.values())]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            if node.row is not None:
                out.append(node.row)
            if node.children:
                stack.append(iter(node.children.values()))
        return out


def _block_before(causes: list[PBlock]) -> str:
    return "a status block after " + _named(causes)


def _named(blocks: list[PBlock]) -> str:
    parts = [f"{b.what or 'a block'} (line {b.first + 1})" for b in blocks[-3:]]
    if len(blocks) > 3:
        parts.insert(0, f"{len(blocks) - 3} more")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _status_like(line: str) -> str | None:
    """The status line *line* holds, after a list's or quote's marker; None when none."""
    stripped = line.strip()
    if stripped[:1] in "-*+>" and stripped[:1]:
        stripped = stripped[1:].strip()
    return stripped if _LOOSE_STATUS.match(stripped) is not None else None


def _dropped_in(lines: list[str], block: PBlock, where: str) -> Iterator[Dropped]:
    for number in range(block.first, block.last + 1):
        line = lines[number]
        stripped = _status_like(line)
        if stripped is None:
            continue
        column = line.find(stripped)
        yield Dropped(Span.on_line(number, column, column + len(stripped)), where)


def _read(doc: Document) -> SupportReading:
    blocks = pandoc_blocks(doc)
    reader = _Reader(doc.lines)
    dropped: list[Dropped] = []
    for block in blocks:
        kind = block.kind
        if kind is PandocBlock.HEADER:
            reader.header(block)
        elif kind is PandocBlock.CODE:
            reader.code(block)
        elif kind is PandocBlock.DEFINITIONS:
            reader.definitions(block)
        elif kind is PandocBlock.BULLETS:
            dropped.extend(_dropped_in(doc.lines, block, "a bullet list"))
        elif kind is PandocBlock.OTHER:
            reader.unknown.append(block)
            if block.what in ("a numbered list", "a block quote"):
                dropped.extend(_dropped_in(doc.lines, block, block.what))
    return SupportReading(blocks, reader.rows(), reader.stops, reader.overrides, dropped)


# ---- reusing the previous reading ---------------------------------------------------------
#
# A keystroke in prose changes no block the generator cares about: the reading
# of the previous version is kept. Each block has a fingerprint of what the
# reading depends on (its kind, and the lines of headings, code blocks, lists,
# quotes and raw HTML; of a paragraph only what makes pandoc read it as
# something else), kept per block object: the blocks of the chunks an edit did
# not touch are the same objects (see featuredoc.parser.document). With the
# same fingerprints, gaps and heights the reading is the same; when only one
# plain paragraph grew or shrank (Enter), it is the same moved by that many
# lines below the paragraph.


@dataclass(slots=True)
class _Shape:
    blocks: list[Block]
    firsts: list[int]
    lasts: list[int]
    fingerprints: list[object]
    terms: list[str]  # the line before each paragraph that starts with ':' (a term)
    reading: SupportReading


class _Definitions(tuple):  # type: ignore[type-arg]
    """The fingerprint of a paragraph pandoc may read as a definition list."""

    __slots__ = ()


#: Fingerprints by the block's text object: a block of a chunk the edit did not
#: touch, or moved by it, carries the very text object of the block it was.
_FINGERPRINTS: dict[int, tuple[str, tuple[BlockType, str, int, int], object]] = {}
_PLAIN = ("para", False)
_PLAIN_ONE_LINE = ("para", True)


def _paragraph_fingerprint(lines: Sequence[str], block: Block) -> object:
    first_line = lines[block.first]
    second = lines[block.first + 1] if block.last > block.first else ""
    whole = tuple(lines[block.first : block.last + 1])
    if _DEF_MARKER.match(first_line) or (second and _DEF_MARKER.match(second)):
        return _Definitions(whole)
    if second and "|" in first_line and "-" in second and _PIPE_SEPARATOR.match(second):
        return ("table",)
    if _GRID_BORDER.match(first_line) or _LINE_BLOCK.match(first_line):
        return ("other",)
    if _FANCY_LIST.match(first_line):
        return ("list", whole)
    statuses = tuple(line for line in whole if _status_like(line))
    if statuses:  # read as dropped when the paragraph continues a list
        return ("para", block.first == block.last, statuses)
    return _PLAIN_ONE_LINE if block.first == block.last else _PLAIN


def _fingerprint(lines: Sequence[str], block: Block) -> object:
    fingerprint: object
    if block.type is BlockType.PARAGRAPH:
        fingerprint = _paragraph_fingerprint(lines, block)
    elif block.type in (BlockType.TABLE, BlockType.THEMATIC_BREAK, BlockType.OTHER):
        fingerprint = (block.type,)
    else:
        fingerprint = (
            block.type,
            block.style,
            block.level,
            tuple(lines[block.first : block.last + 1]),
        )
    if len(block.text) > 1:  # shorter strings may be shared by unrelated blocks
        form = (block.type, block.style, block.level, block.last - block.first)
        _FINGERPRINTS[id(block.text)] = (block.text, form, fingerprint)
    return fingerprint


def _known(lines: Sequence[str], block: Block) -> object:
    """The fingerprint of *block*, from the cache when its text object was seen."""
    hit = _FINGERPRINTS.get(id(block.text))
    if (
        hit is not None
        and hit[0] is block.text
        and hit[1] == (block.type, block.style, block.level, block.last - block.first)
    ):
        return hit[2]
    return _fingerprint(lines, block)


def _shape(doc: Document) -> _Shape:
    return _shape_of(doc.lines, doc.blocks)


def _shape_of(lines: Sequence[str], blocks: list[Block], *, whole: bool = True) -> _Shape:
    """The shape of *blocks*; of a *whole* document's, which bound the fingerprints kept."""
    if whole and len(_FINGERPRINTS) > 4 * len(blocks) + 1024:
        _FINGERPRINTS.clear()
    fingerprints = [_known(lines, b) for b in blocks]
    terms = [
        lines[b.first - 2] if b.first >= 2 else ""
        for b, f in zip(blocks, fingerprints, strict=True)
        if f.__class__ is _Definitions
    ]
    return _Shape(
        blocks, [b.first for b in blocks], [b.last for b in blocks], fingerprints, terms, _EMPTY
    )


def _same(old: _Shape, doc: Document) -> _Shape | None:
    """*old* for *doc*, when the blocks that are not the very same objects read the same.

    The blocks of the chunks an edit did not touch are the same objects, so
    this looks at the edited chunk's blocks only (the keystroke path).
    """
    blocks = doc.blocks
    if len(blocks) != len(old.blocks):
        return None
    lines = doc.lines
    for index in compress(range(len(blocks)), map(operator.is_not, old.blocks, blocks)):
        block = blocks[index]
        if block.first != old.firsts[index] or block.last != old.lasts[index]:
            return None
        fingerprint = _known(lines, block)
        if fingerprint != old.fingerprints[index] or fingerprint.__class__ is _Definitions:
            return None
        after = old.fingerprints[index + 1] if index + 1 < len(blocks) else None
        if after.__class__ is _Definitions:  # this paragraph may be its term
            return None
    return _Shape(blocks, old.firsts, old.lasts, old.fingerprints, old.terms, old.reading)


_EMPTY = SupportReading([], [], [], [], [])


_PLAIN_FORMS = (_PLAIN, _PLAIN_ONE_LINE)


def _alike(a: object, b: object) -> bool:
    return a is b or a == b


def _closed(shape: _Shape, before: int, start: int, end: int) -> bool:
    """Whether blocks *start*..*end* (exclusive) of *shape* are plain paragraphs that join
    no neighbour: pandoc reads them alike wherever their lines start and end.

    *before* is the index of the block above them, ``end`` that of the block below.
    """
    fingerprints = shape.fingerprints
    if any(f not in _PLAIN_FORMS for f in fingerprints[start:end]):
        return False
    n = len(fingerprints)
    below = end if end < n else None
    if below is not None and fingerprints[below].__class__ is _Definitions:
        return False  # the last paragraph may be its term
    top = shape.firsts[start] if start < end else (shape.firsts[below] if below is not None else 0)
    if before >= 0 and top - shape.lasts[before] < 2:
        kind = fingerprints[before]
        heading_or_code = kind.__class__ is tuple and kind[0] in (
            BlockType.HEADING,
            BlockType.CODE,
        )
        if not heading_or_code:
            return False
    if below is not None and start < end and shape.firsts[below] - shape.lasts[end - 1] < 2:
        return False
    return True


def _plain_change(old: _Shape, new: _Shape) -> tuple[int, int, int] | None:
    """``(top, tail, delta)`` when *new* differs from *old* only in plain paragraphs.

    The first *top* blocks are the same in both, at the same lines; the last
    *tail* are the same moved by *delta* lines; in between are only plain
    paragraphs (prose typed, Enter pressed, blank lines added or removed),
    which give the generator no row, no stop and no lost line. None when
    anything else changed.
    """
    if old.terms != new.terms:
        return None
    n_old, n_new = len(old.firsts), len(new.firsts)
    top = 0
    while (
        top < n_old
        and top < n_new
        and old.firsts[top] == new.firsts[top]
        and old.lasts[top] == new.lasts[top]
        and _alike(old.fingerprints[top], new.fingerprints[top])
    ):
        top += 1
    if top == n_old == n_new:
        return top, 0, 0
    delta = (new.lasts[-1] - old.lasts[-1]) if n_old and n_new else 0
    tail = 0
    while (
        tail < n_old - top
        and tail < n_new - top
        and new.firsts[n_new - 1 - tail] == old.firsts[n_old - 1 - tail] + delta
        and new.lasts[n_new - 1 - tail] == old.lasts[n_old - 1 - tail] + delta
        and _alike(old.fingerprints[n_old - 1 - tail], new.fingerprints[n_new - 1 - tail])
    ):
        tail += 1
    if not _closed(old, top - 1, top, n_old - tail) or not _closed(new, top - 1, top, n_new - tail):
        return None
    return top, tail, delta


def _moved(old: _Shape, new: _Shape, doc: Document) -> SupportReading | None:
    """The old reading, moved, when *new* differs from *old* only in plain paragraphs."""
    change = _plain_change(old, new)
    if change is None:
        return None
    top, tail, delta = change
    n_old = len(old.firsts)
    if top == n_old == len(new.firsts):
        return old.reading
    if tail == 0:
        return SupportReading(
            [], [], old.reading.stops, old.reading.overrides, old.reading.dropped, doc
        )
    return _shift(old.reading, old.firsts[n_old - tail] - 1, delta, doc)


def reads_alike(
    old_lines: Sequence[str],
    old_blocks: list[Block],
    new_lines: Sequence[str],
    new_blocks: list[Block],
) -> bool:
    """Whether Xen's generator reads *new_blocks* as it read *old_blocks*, but for plain
    paragraphs and the lines below them moved.

    The blocks are those of the chunks an edit replaced in two versions of a
    SUPPORT.md, each followed by the block after them (if any): the blocks
    above them are the same, and so are the first of each list (the heading
    the chunks start with). Then the generator's rows, stops and lost lines
    are the previous version's, those below the edit moved.
    """
    if not old_blocks or not new_blocks:
        return False
    with _lock:
        old = _shape_of(old_lines, old_blocks, whole=False)
        new = _shape_of(new_lines, new_blocks, whole=False)
    if not _alike(old.fingerprints[0], new.fingerprints[0]):
        return False
    return _plain_change(old, new) is not None


def _mover(after: int, delta: int) -> Callable[[Span], Span]:
    def span(s: Span) -> Span:
        if s.start.line <= after and s.end.line <= after:
            return s
        start, end = s.start.line, s.end.line
        return Span(
            Position(start + delta if start > after else start, s.start.column),
            Position(end + delta if end > after else end, s.end.column),
        )

    return span


def _moved_block(b: PBlock, after: int, delta: int) -> PBlock:
    if b.last <= after:
        return b
    span = _mover(after, delta)
    return PBlock(
        b.kind,
        b.first + delta if b.first > after else b.first,
        b.last + delta,
        b.what,
        b.directive,
        b.level,
        b.ident,
        b.title,
        b.plain,
        None,
        [(number + delta if number > after else number, c, t) for number, c, t in b.code],
        [
            Definition(
                d.term,
                d.line + delta if d.line > after else d.line,
                d.definitions,
                d.paragraphs,
                d.compact,
                d.value,
                span(d.value_span),
            )
            for d in b.definitions
        ],
    )


def _moved_row(r: Row, after: int, delta: int) -> Row:
    if r.span.start.line <= after:
        return r
    first = r.block_first + delta if r.block_first > after else r.block_first
    return Row(r.path, r.titles, r.value, _mover(after, delta)(r.span), first)


def _shift(reading: SupportReading, after: int, delta: int, doc: Document) -> SupportReading:
    """What the rules read of *reading*, every line below line *after* moved by *delta*.

    Blocks and rows are read again from *doc* when asked for.
    """
    span = _mover(after, delta)
    blocks: dict[int, PBlock] = {}

    def block(b: PBlock) -> PBlock:
        moved = blocks.get(id(b))
        if moved is None:
            moved = blocks[id(b)] = _moved_block(b, after, delta)
        return moved

    return SupportReading(
        [],
        [],
        [_moved_stop(s, span(s.span), block) for s in reading.stops],
        [
            Override(_moved_row(o.earlier, after, delta), _moved_row(o.later, after, delta))
            for o in reading.overrides
        ],
        [Dropped(span(d.span), d.where) for d in reading.dropped],
        doc,
    )


def _moved_stop(stop: Stop, span: Span, block: Callable[[PBlock], PBlock]) -> Stop:
    causes = tuple(block(c) for c in stop.causes)
    reason = stop.reason
    if stop.kind is Failure.BLOCK_BEFORE:
        reason = _block_before(list(causes))
    return Stop(stop.kind, span, block(stop.block), reason, causes, stop.limit)


_lock = threading.Lock()
_last: list[tuple[Document, SupportReading]] = []
_SHAPES: dict[str, _Shape] = {}


def read_support(doc: Document) -> SupportReading:
    """*doc* (a SUPPORT.md) as Xen's generator reads it.

    Computed once per parsed document; for a document whose path was read
    before, the previous reading is kept (or moved) when the edit changed
    nothing it depends on.
    """
    with _lock:
        if _last and _last[0][0] is doc:
            return _last[0][1]
        previous = _SHAPES.get(doc.path) if doc.path else None
        same = _same(previous, doc) if previous is not None else None
        shape = same if same is not None else _shape(doc)
        kept: SupportReading | None = same.reading if same is not None else None
        if kept is None and previous is not None:
            kept = _moved(previous, shape, doc)
    reading = kept if kept is not None else _read(doc)
    shape.reading = reading
    with _lock:
        _last[:] = [(doc, reading)]
        if doc.path:
            if len(_SHAPES) >= 8 and doc.path not in _SHAPES:
                _SHAPES.clear()
            _SHAPES[doc.path] = shape
    return reading


__all__ = [
    "Definition",
    "Dropped",
    "Failure",
    "Override",
    "PBlock",
    "PandocBlock",
    "Row",
    "Stop",
    "SupportReading",
    "auto_identifier",
    "descr_key",
    "pandoc_blocks",
    "plain_text",
    "read_support",
    "reads_alike",
]


def heading_identifiers(titles: Iterable[str]) -> list[str]:
    """Pandoc's identifier of each heading titled as *titles* (in document order)."""
    ids = _Identifiers()
    return [ids.add(title)[0] for title in titles]
