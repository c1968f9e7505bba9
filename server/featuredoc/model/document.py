"""The document model: what the parser found, with exact source ranges.

Plain dataclasses only; nothing here knows about LSP.  Every element keeps
the :class:`~featuredoc.model.text.Span` it was read from so that rules can point
at exactly the text they talk about.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from featuredoc.model.text import Position, Span, fold, fold_each


class DocumentKind(str, Enum):
    FEATURE = "feature"
    SUPPORT = "support"


class BlockType(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CODE = "code"
    TABLE = "table"
    LIST = "list"
    QUOTE = "quote"
    HTML = "html"
    THEMATIC_BREAK = "thematic_break"
    TITLE_BLOCK = "title_block"
    METADATA = "metadata"
    RAW_TEX = "raw_tex"
    OTHER = "other"


@dataclass(slots=True)
class Block:
    """A top-level block of the document, lines ``first``..``last`` inclusive."""

    type: BlockType
    first: int
    last: int
    text: str = ""
    level: int = 0  # headings
    style: str = ""  # heading: atx|setext; code: fenced|indent


@dataclass(slots=True)
class Heading:
    """A heading: its level, its title, and where both are.

    The ranges are kept as plain numbers and made into :class:`Span` objects
    when asked for: a document may hold hundreds of thousands of headings,
    and most of their ranges are never looked at.
    """

    level: int
    title: str
    style: str  # "atx" or "setext"
    line: int  # the heading's first line (where the title starts)
    start: int  # the title's first column
    end: int  # the title's end column (on its last line)
    last: int  # the heading's last line (the underline of a setext heading)
    width: int  # the length of that last line

    @property
    def title_last(self) -> int:
        """The line the title ends on (before a setext heading's underline)."""
        if self.style == "setext" and self.last > self.line:
            return self.last - 1
        return self.line

    @property
    def span(self) -> Span:
        """The title text itself."""
        return Span(Position(self.line, self.start), Position(self.title_last, self.end))

    @property
    def line_span(self) -> Span:
        """The whole heading (both lines for setext)."""
        return Span(Position(self.line, 0), Position(self.last, self.width))


@dataclass(slots=True)
class Section:
    """A heading and everything up to the next heading of the same or a higher level.

    Its ranges, like its heading's, are made when asked for.
    """

    heading: Heading
    last_line: int
    has_content: bool
    width: int  # the length of the last line

    @property
    def level(self) -> int:
        return self.heading.level

    @property
    def title(self) -> str:
        return self.heading.title

    @property
    def first_content_line(self) -> int:
        return self.heading.last + 1

    @property
    def span(self) -> Span:
        """From the heading to the end of the section."""
        return Span(Position(self.heading.line, 0), Position(self.last_line, self.width))

    @property
    def content(self) -> Span:
        """After the heading to the end of the section."""
        end = Position(self.last_line, self.width)
        first = self.heading.last + 1
        return Span(Position(first, 0) if first <= self.last_line else end, end)


@dataclass(slots=True)
class Field:
    """One ``Key: value`` row of the Basics table."""

    key: str
    value: str
    key_span: Span
    value_span: Span  # the whole value, continuation lines included
    continuation: list[tuple[str, Span]] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class SimpleTable:
    """A pandoc simple (or headerless multiline) table."""

    span: Span
    columns: list[tuple[int, int]]  # code-point start/end of each dash group
    top_border: int
    bottom_border: int
    header_line: int | None = None
    separator_line: int | None = None
    rows: list[list[tuple[str, Span]]] = field(default_factory=list)  # each row: lines with spans

    @property
    def body_first(self) -> int:
        return (self.separator_line if self.separator_line is not None else self.top_border) + 1


@dataclass(slots=True)
class BasicsTable:
    table: SimpleTable
    fields: list[Field]
    key_width: int

    def get(self, *names: str) -> list[Field]:
        wanted = {fold(n) for n in names}
        return [f for f in self.fields if fold(f.key) in wanted]


@dataclass(slots=True)
class HistoryRow:
    date: str
    revision: str
    version: str
    notes: str
    span: Span
    date_span: Span
    revision_span: Span
    version_span: Span
    notes_span: Span


@dataclass(slots=True)
class HistoryTable:
    table: SimpleTable
    rows: list[HistoryRow]


@dataclass(slots=True)
class SignOff:
    """A security sign-off, from the Basics table or the YAML metadata block."""

    raw: str
    span: Span
    source: str  # "basics" or "metadata"
    name: str = ""
    email: str | None = None
    date: str | None = None
    email_span: Span | None = None
    date_span: Span | None = None


@dataclass(slots=True)
class TitleBlock:
    span: Span
    title: str | None
    title_span: Span | None
    revision_line: str | None  # text of the second % line, if any
    revision_line_span: Span | None
    revision: str | None  # the N of "Revision N", when it reads like one
    revision_span: Span | None


@dataclass(slots=True)
class Metadata:
    span: Span
    data: Any
    error: str | None = None
    error_line: int | None = None
    # line of each top-level key, for ranges
    key_lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class StatusLine:
    """A ``Status[, qualifier]: value`` line of a SUPPORT.md fragment."""

    key: str
    qualifier: str | None
    value: str
    span: Span
    key_span: Span
    value_span: Span
    section: str | None  # title of the enclosing heading


class FragmentIssue(str, Enum):
    """Why a SUPPORT.md line is kept as a :class:`FragmentLine`."""

    PROSE = "prose"  # in an indented block, and not ``Key[, qualifier]: value``
    OTHER_KEY = "other-key"  # ``Key: value`` in an indented block, the key not ``Status``
    OUTSIDE = "outside"  # a ``Status:`` line in a paragraph, not in an indented block


@dataclass(slots=True)
class FragmentLine:
    """A SUPPORT.md line that tools reading the status fragments cannot take as a Status line.

    ``key``/``key_span`` are set for :attr:`FragmentIssue.OTHER_KEY` (the
    key as written); ``indent`` is the line's indentation in code points.
    """

    text: str
    span: Span
    kind: FragmentIssue = FragmentIssue.PROSE
    key: str | None = None
    key_span: Span | None = None
    indent: int = 0


@dataclass(slots=True)
class Comment:
    """An HTML comment block (``<!-- ... -->``), used for inline suppressions."""

    text: str
    span: Span
    next_block_first: int | None = None
    next_block_last: int | None = None


@dataclass(slots=True)
class Document:
    """A parsed feature document or SUPPORT.md."""

    path: str
    kind: DocumentKind
    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title_block: TitleBlock | None = None
    metadata: Metadata | None = None
    tables: list[SimpleTable] = field(default_factory=list)
    basics: BasicsTable | None = None
    history: HistoryTable | None = None
    signoffs: list[SignOff] = field(default_factory=list)
    status_lines: list[StatusLine] = field(default_factory=list)
    fragment_lines: list[FragmentLine] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    _section_starts: list[int] | None = field(default=None, repr=False, compare=False)
    _top_sections: tuple[list[Section], int, list[Section]] | None = field(
        default=None, repr=False, compare=False
    )
    _top_titles: tuple[list[Section], list[str]] | None = field(
        default=None, repr=False, compare=False
    )
    #: Answers worked out from the parsed document, by question (see
    #: :mod:`featuredoc.analysis.sections`): several rules ask the same.
    derived: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)
    #: The lines ``(first, end)`` a part of a document holds: the chunks an edit
    #: touched, which the rules' local parts check alone (None: the whole document).
    extent: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def title(self) -> str | None:
        return self.title_block.title if self.title_block else None

    @property
    def revision(self) -> str | None:
        return self.title_block.revision if self.title_block else None

    def top_sections(self) -> list[Section]:
        """Sections at the document's top heading level (usually ``#``)."""
        return list(self._top())

    def _top(self) -> list[Section]:
        """:meth:`top_sections`, worked out once (never change the list)."""
        if not self.sections:
            return []
        cached = self._top_sections
        sections = self.sections
        if cached is None or cached[0] is not sections or cached[1] != len(sections):
            top = min(s.heading.level for s in sections)
            found = [s for s in sections if s.heading.level == top]
            cached = self._top_sections = (sections, len(sections), found)
        return cached[2]

    def top_titles(self) -> list[str]:
        """The title of each of :meth:`top_sections`, folded (:func:`fold`), worked out once.

        Callers must not change the list. Each title is folded once for every
        caller: the parser and a dozen rules look top-level sections up by name.
        """
        top = self._top()
        if not top:
            return []
        cached = self._top_titles
        if cached is None or cached[0] is not top:
            cached = self._top_titles = (top, fold_each([s.heading.title for s in top]))
        return cached[1]

    def section_at_line(self, line: int) -> Section | None:
        """The innermost section containing *line* (sections are in document order)."""
        import bisect

        starts = self._section_starts
        if starts is None or len(starts) != len(self.sections):
            starts = self._section_starts = [s.heading.line for s in self.sections]
        index = bisect.bisect_right(starts, line) - 1
        while index >= 0:
            section = self.sections[index]
            if section.heading.line <= line <= section.last_line:
                return section
            index -= 1
        return None

    def end_span(self) -> Span:
        last = len(self.lines) - 1
        return Span.on_line(last, len(self.lines[last]), len(self.lines[last]))
