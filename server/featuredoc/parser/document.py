"""Build the :class:`~featuredoc.model.Document` model from text."""

from __future__ import annotations

import re

from featuredoc.model import (
    BasicsTable,
    Block,
    BlockType,
    Comment,
    Document,
    DocumentKind,
    Heading,
    Metadata,
    Section,
)
from featuredoc.parser.blocks import parse_blocks
from featuredoc.parser.fragments import read_status_fragments
from featuredoc.parser.metadata import read_metadata
from featuredoc.parser.signoff import read_signoffs
from featuredoc.parser.tables import read_basics, read_history, read_table
from featuredoc.parser.title import read_title_block
from featuredoc.text import Position, Span, split_lines

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")


def parse_document(
    text: str,
    path: str = "",
    kind: DocumentKind = DocumentKind.FEATURE,
    *,
    signoff_field: str = "Security sign-off",
    signoff_metadata_key: str = "security-signoff",
) -> Document:
    """Parse *text*; never raises on any input string."""
    lines = split_lines(text)
    normalized = "\n".join(lines)
    starts = [0]
    total = 0
    for line in lines[:-1]:
        total += len(line) + 1
        starts.append(total)
    doc = Document(path=path, kind=kind, lines=lines)
    doc.blocks = parse_blocks(normalized, starts)
    _read_headings(doc)
    _read_sections(doc)
    for block in doc.blocks:
        if block.type is BlockType.TITLE_BLOCK and doc.title_block is None:
            doc.title_block = read_title_block(lines, block)
        elif block.type is BlockType.METADATA and doc.metadata is None:
            doc.metadata = read_metadata(lines, block)
        elif block.type is BlockType.TABLE:
            doc.tables.append(read_table(lines, block))
    _read_comments(doc)
    if kind is DocumentKind.FEATURE:
        doc.basics = _find_basics(doc)
        history_section = _find_section(doc, "history")
        for table in doc.tables:
            if history_section and _inside(table.span, history_section):
                doc.history = read_history(lines, table)
                break
        doc.signoffs = read_signoffs(doc, signoff_field, signoff_metadata_key)
    else:
        read_status_fragments(doc)
    return doc


def _inside(span: Span, section: Section) -> bool:
    return section.span.start.line <= span.start.line <= section.last_line


def _find_section(doc: Document, title: str) -> Section | None:
    for section in doc.top_sections():
        if _normal_title(section.title) == title:
            return section
    return None


def _normal_title(title: str) -> str:
    return " ".join(title.split()).lower()


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


def _read_headings(doc: Document) -> None:
    lines = doc.lines
    for block in doc.blocks:
        if block.type is not BlockType.HEADING:
            continue
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
            block.style = "setext"
        else:
            line = lines[block.first]
            m = _ATX.match(line)
            assert m is not None
            start = m.end()
            body = line[start:]
            closing = _ATX_CLOSE.search(body)
            if closing:
                body = body[: closing.start()]
            body = body.rstrip()
            title = body.strip()
            lead = len(body) - len(body.lstrip())
            span = Span.on_line(block.first, start + lead, start + len(body))
        line_span = Span(Position(block.first, 0), Position(block.last, len(lines[block.last])))
        doc.headings.append(Heading(block.level, title, span, line_span, block.style or "atx"))


def _read_sections(doc: Document) -> None:
    headings = doc.headings
    last_line = len(doc.lines) - 1
    content_blocks = [b for b in doc.blocks if b.type is not BlockType.HEADING]
    for index, heading in enumerate(headings):
        end = last_line
        for other in headings[index + 1 :]:
            if other.level <= heading.level:
                end = other.line_span.start.line - 1
                break
        first_content = heading.line_span.end.line + 1
        # trim trailing blank lines
        while end >= first_content and not doc.lines[end].strip():
            end -= 1
        end = max(end, heading.line_span.end.line)
        has_content = any(first_content <= b.first <= end for b in content_blocks) or any(
            first_content <= h.line_span.start.line <= end for h in headings[index + 1 :]
        )
        span = Span(heading.line_span.start, Position(end, len(doc.lines[end])))
        content = Span(
            Position(min(first_content, end), 0) if first_content <= end else span.end,
            span.end,
        )
        doc.sections.append(Section(heading, span, content, first_content, end, has_content))


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
