"""Build the :class:`~featuredoc.model.document.Document` model from text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from featuredoc.model.document import (
    BasicsTable,
    Block,
    BlockType,
    Comment,
    Document,
    DocumentKind,
    FragmentLine,
    Heading,
    Metadata,
    Section,
    SimpleTable,
    StatusLine,
)
from featuredoc.model.text import Position, Span, fold, split_lines
from featuredoc.parser.blocks import BLOCKS, parse_blocks, shift_blocks
from featuredoc.parser.cache import LruCache, PathUse
from featuredoc.parser.chunks import chunk_starts
from featuredoc.parser.fragments import read_status_fragments
from featuredoc.parser.metadata import read_metadata
from featuredoc.parser.signoff import read_signoffs
from featuredoc.parser.tables import read_basics, read_history, read_table
from featuredoc.parser.title import read_title_block

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")


def _closing_sequence_start(body: str) -> int | None:
    """Where an ATX heading's closing ``#`` sequence (with the blanks before it) starts.

    A right-to-left scan: a regular-expression search for it took time
    quadratic in a run of blanks inside the heading.
    """
    end = len(body.rstrip(" \t"))
    hashes = end
    while hashes > 0 and body[hashes - 1] == "#":
        hashes -= 1
    if hashes == end:
        return None
    if hashes == 0:
        return 0
    blanks = hashes
    while blanks > 0 and body[blanks - 1] in " \t":
        blanks -= 1
    return blanks if blanks < hashes else None


def parse_document(
    text: str,
    path: str = "",
    kind: DocumentKind = DocumentKind.FEATURE,
    *,
    signoff_field: str = "Security sign-off",
    signoff_metadata_key: str = "security-signoff",
    incremental: bool = True,
) -> Document:
    """Parse *text*; never raises on any input string.

    ``incremental=False`` parses the whole text in one piece without any
    cache: the reference the chunked, cached path must always equal.
    """
    lines = split_lines(text)
    doc = Document(path=path, kind=kind, lines=lines)
    chunks = chunk_models(lines, kind, path) if incremental else [_whole_document(lines, kind)]
    for chunk in chunks:
        doc.blocks.extend(chunk.blocks)
        doc.headings.extend(chunk.headings)
        doc.tables.extend(chunk.tables)
        doc.status_lines.extend(chunk.status_lines)
        doc.fragment_lines.extend(chunk.fragment_lines)
    _read_sections(doc)
    for block in doc.blocks:
        if block.type is BlockType.TITLE_BLOCK and doc.title_block is None:
            doc.title_block = read_title_block(lines, block)
        elif block.type is BlockType.METADATA and doc.metadata is None:
            doc.metadata = read_metadata(lines, block)
    _read_comments(doc)
    if kind is DocumentKind.FEATURE:
        doc.basics = _find_basics(doc)
        history_section = _find_section(doc, "history")
        for table in doc.tables:
            if history_section and _inside(table.span, history_section):
                doc.history = read_history(lines, table)
                break
        doc.signoffs = read_signoffs(doc, signoff_field, signoff_metadata_key)
    return doc


@dataclass(frozen=True, slots=True)
class ChunkModel:
    """The model pieces of one chunk, in absolute lines. Shared: never mutate."""

    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]
    tables: tuple[SimpleTable, ...]
    status_lines: tuple[StatusLine, ...]
    fragment_lines: tuple[FragmentLine, ...]


#: Chunk models by (text, first line, kind); see featuredoc.parser.cache.
MODELS: LruCache[tuple[str, int, DocumentKind], ChunkModel] = LruCache(4096)
USE: PathUse[tuple[str, int, DocumentKind]] = PathUse()


def chunk_models(lines: list[str], kind: DocumentKind, path: str = "") -> list[ChunkModel]:
    """The model of each chunk (see :mod:`featuredoc.parser.chunks`), cached.

    A chunk whose text and first line are unchanged since an earlier parse
    reuses that parse's objects; only edited (or moved) chunks are rebuilt.
    With a *path*, what only the previous parse of that path used is
    dropped from the caches.
    """
    starts = chunk_starts(lines)
    bounds = [*starts[1:], len(lines)]
    models: list[ChunkModel] = []
    keys: list[tuple[str, int, DocumentKind]] = []
    for first, end in zip(starts, bounds, strict=True):
        text = "\n".join(lines[first:end])
        key = (text, first, kind)
        model = MODELS.get(key)
        if model is None:
            model = _build_chunk(lines, first, text, kind)
            MODELS.put(key, model)
        models.append(model)
        keys.append(key)
    if path:
        for stale in USE.replace(path, keys):
            MODELS.drop(stale)
            BLOCKS.drop((stale[0], stale[1] == 0))
    return models


def _whole_document(lines: list[str], kind: DocumentKind) -> ChunkModel:
    text = "\n".join(lines)
    return _build_chunk(lines, 0, text, kind, tuple(parse_blocks(text)))


def _build_chunk(
    lines: list[str],
    first: int,
    text: str,
    kind: DocumentKind,
    blocks: tuple[Block, ...] | None = None,
) -> ChunkModel:
    if blocks is None:
        blocks = tuple(shift_blocks(text, first))
    headings = tuple(_read_headings(lines, blocks))
    tables = tuple(read_table(lines, b) for b in blocks if b.type is BlockType.TABLE)
    statuses: tuple[StatusLine, ...] = ()
    others: tuple[FragmentLine, ...] = ()
    if kind is DocumentKind.SUPPORT:
        found, other = read_status_fragments(lines, blocks, headings)
        statuses, others = tuple(found), tuple(other)
    return ChunkModel(blocks, headings, tables, statuses, others)


def _inside(span: Span, section: Section) -> bool:
    return section.span.start.line <= span.start.line <= section.last_line


def _find_section(doc: Document, title: str) -> Section | None:
    for section in doc.top_sections():
        if fold(section.title) == title:
            return section
    return None


def _find_basics(doc: Document) -> BasicsTable | None:
    section = _find_section(doc, "basics")
    for table in doc.tables:
        if section is not None and not _inside(table.span, section):
            continue
        if section is None:
            first_heading = doc.headings[0].line_span.start.line if doc.headings else None
            if first_heading is not None and table.span.start.line > first_heading:
                continue
        basics = read_basics(doc.lines, table)
        if basics.fields:
            return basics
    return None


def _read_headings(lines: list[str], blocks: tuple[Block, ...]) -> list[Heading]:
    headings: list[Heading] = []
    for block in blocks:
        if block.type is not BlockType.HEADING:
            continue
        style = "atx"
        if block.style == "setext" or not _ATX.match(lines[block.first]):
            text_last = max(block.first, block.last - 1)
            first_text = lines[block.first]
            lead = len(first_text) - len(first_text.lstrip())
            parts = [lines[i].strip() for i in range(block.first, text_last + 1)]
            title = " ".join(p for p in parts if p)
            last_text = lines[text_last]
            end_col = len(last_text.rstrip())
            if text_last == block.first:  # a blank-looking title (e.g. only U+2028)
                end_col = max(end_col, lead)
            span = Span(Position(block.first, lead), Position(text_last, end_col))
            style = "setext"
        else:
            line = lines[block.first]
            m = _ATX.match(line)
            assert m is not None
            start = m.end()
            body = line[start:]
            closing = _closing_sequence_start(body)
            if closing is not None:
                body = body[:closing]
            body = body.rstrip()
            title = body.strip()
            lead = len(body) - len(body.lstrip())
            span = Span.on_line(block.first, start + lead, start + len(body))
        line_span = Span(Position(block.first, 0), Position(block.last, len(lines[block.last])))
        headings.append(Heading(block.level, title, span, line_span, style))
    return headings


def _read_sections(doc: Document) -> None:
    import bisect

    headings = doc.headings
    previous = (_SECTIONS.get(doc.path) if doc.path else None) or {}
    current: dict[tuple[int, int, bool, int], Section] = {}
    last_line = len(doc.lines) - 1
    content_firsts = sorted(b.first for b in doc.blocks if b.type is not BlockType.HEADING)
    # end of each section: the line before the next heading of the same or a higher level
    ends = [last_line] * len(headings)
    stack: list[int] = []
    for index, heading in enumerate(headings):
        while stack and headings[stack[-1]].level >= heading.level:
            ends[stack.pop()] = heading.line_span.start.line - 1
        stack.append(index)
    for index, heading in enumerate(headings):
        end = ends[index]
        first_content = heading.line_span.end.line + 1
        while end >= first_content and not doc.lines[end].strip():
            end -= 1
        end = max(end, heading.line_span.end.line)
        at = bisect.bisect_left(content_firsts, first_content)
        has_content = (at < len(content_firsts) and content_firsts[at] <= end) or (
            index + 1 < len(headings) and headings[index + 1].line_span.start.line <= end
        )
        width = len(doc.lines[end])
        key = (id(heading), end, has_content, width)
        section = previous.get(key)
        if section is None or section.heading is not heading:
            span = Span(heading.line_span.start, Position(end, width))
            content = Span(
                Position(min(first_content, end), 0) if first_content <= end else span.end,
                span.end,
            )
            section = Section(heading, span, content, first_content, end, has_content)
        current[key] = section
        doc.sections.append(section)
    if doc.path:
        _SECTIONS.put(doc.path, current)


#: Sections are rebuilt on every parse but rarely change: an unchanged
#: heading (a shared object, see chunk_models) with the same extent gives
#: the same Section as the previous parse of the same path, so it is reused
#: instead of reallocated. Only the last parse's sections are kept. Never mutate.
_SECTIONS: LruCache[str, dict[tuple[int, int, bool, int], Section]] = LruCache(64)


def _read_comments(doc: Document) -> None:
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        if block.type is not BlockType.HTML:
            continue
        text = "\n".join(doc.lines[block.first : block.last + 1])
        if not text.lstrip().startswith("<!--"):
            continue
        nxt: Block | None = blocks[index + 1] if index + 1 < len(blocks) else None
        span = Span(Position(block.first, 0), Position(block.last, len(doc.lines[block.last])))
        doc.comments.append(
            Comment(
                text,
                span,
                nxt.first if nxt else None,
                nxt.last if nxt else None,
            )
        )


__all__ = ["Metadata", "parse_document"]
