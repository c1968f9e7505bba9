"""Build the :class:`~featuredoc.model.document.Document` model from text."""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from featuredoc.model.cache import LruCache, PathUse
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
    StatusLine,
)
from featuredoc.model.text import Position, Span, split_lines
from featuredoc.parser.blocks import (
    BLOCKS,
    heading_line_block,
    parse_blocks,
    plain_heading_line,
    shift_blocks,
)
from featuredoc.parser.chunkmodel import ChunkModel, shift_model
from featuredoc.parser.chunks import ChunkScan, rescan_chunks, scan_chunks
from featuredoc.parser.fragments import read_status_fragments
from featuredoc.parser.lines import LineMarks, relines_marked
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
    cached: bool = True,
) -> Document:
    """Parse *text*; never raises on any input string.

    ``incremental=False`` parses the whole text in one piece without any
    cache: the reference the chunked, cached path must always equal.
    ``cached=False`` parses it in pieces of whole chunks, without the caches
    that let the next version of *path* reuse this one's (the command line
    reads each text once): a document of a hundred thousand one-line
    sections took twice the time and memory through them.
    """
    chunks: Sequence[ChunkModel]
    if incremental and not cached:
        lines = split_lines(text)
        chunks = tuple(_uncached_models(lines, kind))
    elif incremental:
        lines, chunks = chunk_models_of(text, kind, path)
    else:
        lines = split_lines(text)
        chunks = (_whole_document(lines, kind),)
    return build_document(
        lines,
        chunks,
        path,
        kind,
        signoff_field=signoff_field,
        signoff_metadata_key=signoff_metadata_key,
        reuse=incremental and cached,
    )


def build_document(
    lines: list[str],
    chunks: Sequence[ChunkModel],
    path: str,
    kind: DocumentKind,
    *,
    signoff_field: str = "Security sign-off",
    signoff_metadata_key: str = "security-signoff",
    reuse: bool = True,
) -> Document:
    """The document of *lines*, made of the models of its chunks (in its lines)."""
    doc = Document(path=path, kind=kind, lines=lines)
    for chunk in chunks:
        doc.blocks.extend(chunk.blocks)
        doc.headings.extend(chunk.headings)
        doc.tables.extend(chunk.tables)
        doc.status_lines.extend(chunk.status_lines)
        doc.fragment_lines.extend(chunk.fragment_lines)
    _read_sections(doc, reuse=reuse)
    special = (BlockType.TITLE_BLOCK, BlockType.METADATA)
    for block in [b for b in doc.blocks if b.type in special]:
        if block.type is BlockType.TITLE_BLOCK and doc.title_block is None:
            doc.title_block = read_title_block(lines, block)
        elif block.type is BlockType.METADATA and doc.metadata is None:
            doc.metadata = read_metadata(lines, block)
    _read_comments(doc)
    if kind is DocumentKind.FEATURE:
        named = _first_sections(doc, ("basics", "history"))
        doc.basics = _find_basics(doc, named.get("basics"))
        history_section = named.get("history")
        for table in doc.tables:
            if history_section and _inside(table.span, history_section):
                doc.history = read_history(lines, table)
                break
        doc.signoffs = read_signoffs(doc, signoff_field, signoff_metadata_key)
    return doc


#: Chunk models by (text, first line, kind); see featuredoc.model.cache.
MODELS: LruCache[tuple[str, int, DocumentKind], ChunkModel] = LruCache(4096)
USE: PathUse[tuple[str, int, DocumentKind]] = PathUse()


@dataclass(frozen=True, slots=True)
class Footprint:
    """What an edit changed, between a path's previous parsed version and this one.

    Chunks ``[head, new_end)`` of this version replace chunks ``[head,
    old_end)`` of the previous one; lines ``[first, first + new_lines)``
    replace lines ``[first, first + old_lines)``; everything after moved by
    *delta* lines. *previous*: the ``id`` of the previous version (not the
    version: each would keep every earlier one alive); whoever holds a
    version can tell whether it is the one an edit started from.
    """

    previous: int
    head: int
    new_end: int
    old_end: int
    first: int
    new_lines: int
    old_lines: int

    @property
    def delta(self) -> int:
        return self.new_lines - self.old_lines


@dataclass(frozen=True, slots=True)
class ParsedVersion:
    """A parsed version of a path: its lines, chunks and their models.

    A chunk that an edit only moved keeps the model of the version it was
    built in: ``models[i]`` is in the lines of ``bases[i]``, chunk ``i``
    starts at ``scan.starts[i]``. Moving models costs a new object for each
    block and heading below the edit, so it is done only when a whole
    document is built (:func:`positioned`): typing in a paragraph of a long
    document moves nothing. *footprint*: what changed since the previous
    version of the path (None: parsed without one). Never mutate one.
    """

    text: str
    lines: list[str]
    kind: DocumentKind
    scan: ChunkScan
    models: Sequence[ChunkModel]
    bases: Sequence[int]
    footprint: Footprint | None = None
    marks: LineMarks | None = None  # see relines_marked; None until an edit needs them

    def chunk_model(self, index: int) -> ChunkModel:
        """The model of chunk *index*, in this version's lines."""
        model, delta = self.models[index], self.scan.starts[index] - self.bases[index]
        return shift_model(model, delta) if delta else model

    def chunk_end(self, index: int) -> int:
        """The line after chunk *index*."""
        starts = self.scan.starts
        return starts[index + 1] if index + 1 < len(starts) else len(self.lines)


def positioned(version: ParsedVersion) -> ParsedVersion:
    """*version* with every model in its own lines (the same object when they are)."""
    starts = version.scan.starts
    if list(version.bases) == starts:
        return version
    models = tuple(version.chunk_model(i) for i in range(len(starts)))
    return ParsedVersion(
        version.text,
        version.lines,
        version.kind,
        version.scan,
        models,
        tuple(starts),
        None,
        version.marks,  # of the same text: counting lines again on the next edit took O(n)
    )


#: The last version of each recently parsed path (never mutate one).
_VERSIONS: LruCache[str, ParsedVersion] = LruCache(64)


def chunk_models_of(
    text: str, kind: DocumentKind, path: str = ""
) -> tuple[list[str], Sequence[ChunkModel]]:
    """The lines of *text* and the model of each of its chunks (in its lines).

    See :func:`parse_version`; the models of moved chunks are moved here.
    """
    before = _VERSIONS.get(path) if path else None
    version = parse_version(text, kind, path)
    ready = positioned(version)
    if ready is not version and path:
        _VERSIONS.put(path, ready)  # the next version starts from the moved models
    if version is before:  # the same text: a list of its own, the same models
        return list(ready.lines), ready.models
    return ready.lines, ready.models


def parse_version(
    text: str, kind: DocumentKind, path: str = "", *, remember: bool = True
) -> ParsedVersion:
    """The lines, chunks and chunk models of *text*, the version of *path* parsed now.

    One parse of a path at a time: a request's parse of a version and the
    analysis's of the same version (the same text object, from the same
    previous version) are one, the second waiting for the first rather than
    doing the same work beside it. See :func:`_parse_version`.
    """
    if not path:
        return _parse_version(text, kind, path, remember=remember)
    with _parsing(path):
        previous = _VERSIONS.get(path)
        recent = _RECENT.get(path)
        if recent is not None and recent[0].text is text and recent[0].kind is kind:
            version, parsed_from = recent
            if parsed_from is previous or version is previous:
                if remember and version is not previous:
                    _VERSIONS.put(path, version)
                return version
        version = _parse_version(text, kind, path, remember=remember)
        _RECENT.put(path, (version, previous))  # holds *previous* alive: its id is its own
        return version


#: The newest parse of each path (a request's too), and the version it was parsed from.
_RECENT: LruCache[str, tuple[ParsedVersion, ParsedVersion | None]] = LruCache(64)
_PARSING: dict[str, threading.RLock] = {}
_PARSING_LOCK = threading.Lock()


def _parsing(path: str) -> threading.RLock:
    """The lock parses of *path* take (a few paths are open at a time); reentrant, so a
    parse that came to parse the same path again would not wait for itself."""
    with _PARSING_LOCK:
        found = _PARSING.get(path)
        if found is None:
            if len(_PARSING) >= 256:
                _PARSING.clear()  # a parse under a dropped lock only misses the sharing
            found = _PARSING[path] = threading.RLock()
        return found


def _parse_version(
    text: str, kind: DocumentKind, path: str = "", *, remember: bool = True
) -> ParsedVersion:
    """The lines, chunks and chunk models of *text*, the version of *path* parsed now.

    With a *path* whose previous version was parsed, only what the edit
    touched is redone: its lines are split again (:func:`relines`), the
    chunks from the one holding the first change are scanned again up to the
    first chunk boundary past the change that both versions have
    (:func:`rescan_chunks`), the chunks before are taken over as they are,
    and those after as they are, in the lines they were built in (see
    :class:`ParsedVersion`). Without one, every chunk is looked up in the
    shared caches. ``remember=False``: the next version of *path* is still
    parsed from the previous one (a request's parse, between two analyses).
    """
    previous = _VERSIONS.get(path) if path else None
    if previous is None or previous.kind is not kind:
        lines = split_lines(text)
        scan = scan_chunks(lines)
        models = tuple(_cached_models(lines, scan.starts, kind, path))
        # the marks the next edit counts lines from, made now rather than at the first keystroke
        marks = LineMarks.of(lines) if path and "\r" not in text else None
        version = ParsedVersion(text, lines, kind, scan, models, tuple(scan.starts), None, marks)
    else:
        marks = previous.marks
        if marks is None and "\r" not in previous.text:
            marks = LineMarks.of(previous.lines)
        lines, first, tail, marks = relines_marked(previous.text, previous.lines, text, marks)
        if lines is previous.lines:  # the same text: the same version
            return previous
        delta = len(lines) - len(previous.lines)
        scan = rescan_chunks(previous.scan, lines, first, tail, delta)
        version = _edited(previous, text, lines, scan, first, tail, marks)
    if path and remember:
        _VERSIONS.put(path, version)
    return version


def _cached_models(
    lines: list[str], starts: list[int], kind: DocumentKind, path: str
) -> list[ChunkModel]:
    """Chunk models from the shared caches (by text and first line), built when missing.

    With a *path*, what only the previous parse of that path used is dropped
    from the caches. The caches hold at least twice the chunks of the
    largest document parsed, so no document misses its own chunks.
    """
    MODELS.reserve(2 * len(starts))
    BLOCKS.reserve(2 * len(starts))
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


def _edited(
    previous: ParsedVersion,
    text: str,
    lines: list[str],
    scan: ChunkScan,
    first: int,
    tail: int,
    marks: LineMarks | None = None,
) -> ParsedVersion:
    """The version *text* of an edited document, reusing *previous*'s models where lines are equal.

    Chunks wholly before line *first* are the previous ones; chunks wholly
    in the last *tail* lines, with the same extent, are the previous ones
    (still in the lines they were built in); the rest are built (not cached:
    an edited chunk is seldom seen again, and caching each keystroke's would
    only fill the caches). Found by bisection, not by walking the chunks.
    """
    starts, old_starts = scan.starts, previous.scan.starts
    n_new, n_old = len(starts), len(old_starts)
    delta = len(lines) - len(previous.lines)
    # chunks before the change: their start and their end (the next start) at or before `first`
    head = max(
        0, min(bisect.bisect_right(starts, first), bisect.bisect_right(old_starts, first)) - 1
    )
    while head > 0 and starts[head - 1 : head + 1] != old_starts[head - 1 : head + 1]:
        head -= 1
    back = _moved_chunks(scan, old_starts, len(lines) - tail, delta, head)
    bounds_end = n_new - back
    built: list[ChunkModel] = []
    for index in range(head, bounds_end):
        begin = starts[index]
        end = starts[index + 1] if index + 1 < n_new else len(lines)
        chunk = "\n".join(lines[begin:end])
        blocks = parse_blocks(chunk, document_start=begin == 0, first_line=begin)
        built.append(_build_chunk(lines, begin, chunk, previous.kind, tuple(blocks)))
    # one copy each, the replaced run spliced in (slicing and joining copied each twice)
    models = list(previous.models)
    models[head : n_old - back] = built
    bases = list(previous.bases)
    bases[head : n_old - back] = starts[head:bounds_end]
    old_lines = len(previous.lines) - tail - first
    footprint = Footprint(
        id(previous), head, bounds_end, n_old - back, first, len(lines) - tail - first, old_lines
    )
    return ParsedVersion(text, lines, previous.kind, scan, models, bases, footprint, marks)


def _moved_chunks(
    scan: ChunkScan, old_starts: list[int], settled: int, delta: int, head: int
) -> int:
    """How many chunks at the end only moved: those from the first chunk start at or after
    line *settled* (where the unchanged last lines begin) that the previous version had
    too, moved by *delta*; the scan went on from there with the previous starts
    (:attr:`ChunkScan.moved_from`), so all the chunks after it did too. At most
    ``len - head`` of either version."""
    starts = scan.starts
    n_new, n_old = len(starts), len(old_starts)
    limit = min(n_new - head, n_old - head)
    if scan.moved_from is not None:
        at, was = scan.moved_from
        if starts[at] >= settled and n_new - at == n_old - was:
            return min(n_new - at, limit)
    # a scan that went to the end: the chunks whose starts and ends the previous had too
    at = bisect.bisect_left(starts, settled)
    while at < n_new:
        j = bisect.bisect_left(old_starts, starts[at] - delta)
        if j < n_old and old_starts[j] == starts[at] - delta and n_new - at == n_old - j:
            if delta:
                same = starts[at:] == [s + delta for s in old_starts[j:]]
            else:
                same = starts[at:] == old_starts[j:]
            return min(n_new - at, limit) if same else 0
        at += 1
    return 0


#: Chunks are parsed together up to this many lines (see _uncached_models).
PIECE_LINES = 2000


def _uncached_models(lines: list[str], kind: DocumentKind) -> Iterator[ChunkModel]:
    """Models of pieces of *lines*, each made of whole chunks, with no cache.

    Chunks are independent (see :mod:`featuredoc.parser.chunks`), so a run
    of them parses as each alone would; parsing a few thousand lines at a
    time spares the work each chunk costs on its own, and the tokens of
    the whole document never exist at once. A chunk that is one plain ATX
    heading line (and empty lines) is read without mistune
    (:func:`heading_line_block`): a flood of headings is mostly such chunks.
    """
    starts = scan_chunks(lines).starts
    bounds = [*starts[1:], len(lines)]
    first = 0  # the first line not yet in a piece
    blocks: list[Block] = []  # heading chunks read directly, from line `first` on
    headings: list[Heading] = []
    heading_type = BlockType.HEADING
    for start, end in zip(starts, bounds, strict=True):
        alone = None
        if end - start == 1 or not any(lines[start + 1 : end]):
            line = lines[start]
            m = _SIMPLE_HEADING(line)
            if m is not None:  # `# Title`, read here (the common case, see _heading_alone)
                title, level, width = m.group(2), m.end(1), len(line)
                alone = (
                    Block(heading_type, start, start, title, level, "atx"),
                    Heading(level, title, "atx", start, level + 1, width, start, width),
                )
            else:
                alone = _heading_alone(lines, start)
        if alone is not None:
            if first < start:
                yield _parsed_piece(lines, first, start, kind)
            blocks.append(alone[0])
            headings.append(alone[1])
            first = end
            if len(blocks) >= PIECE_LINES:
                yield _headings_model(blocks, headings)
                blocks, headings = [], []
            continue
        if blocks:
            yield _headings_model(blocks, headings)
            blocks, headings = [], []
        if end - first < PIECE_LINES and end < len(lines):
            continue
        yield _parsed_piece(lines, first, end, kind)
        first = end
    if blocks:
        yield _headings_model(blocks, headings)


#: A plain ATX heading line whose title (group 2) has no blank at either end and
#: does not end with ``#``: the title is the line after the ``#``s and one blank.
_SIMPLE_HEADING = re.compile(r"(#{1,6})[ \t]((?:\S.*)?[^\s#])", re.DOTALL).fullmatch


def _heading_alone(lines: list[str], number: int) -> tuple[Block, Heading] | None:
    """The block and heading of line *number* when it is a plain ATX heading, else None.

    What parsing the line alone gives (:func:`heading_line_block`,
    :func:`_heading`), straight away for the common `# Title` (a blank after
    the ``#``s, none around the title, no closing ``#``).
    """
    line = lines[number]
    m = plain_heading_line(line)
    if m is None:
        return None
    rest = m.group(2)
    if rest and rest.strip() == rest and not rest.endswith("#"):
        level = len(m.group(1))
        width = len(line)
        block = Block(BlockType.HEADING, number, number, rest, level, "atx")
        return block, Heading(level, rest, "atx", number, level + 1, width, number, width)
    plain = heading_line_block(line, number)
    return (plain, _heading(lines, plain)) if plain is not None else None


def _headings_model(blocks: list[Block], headings: list[Heading]) -> ChunkModel:
    """The model of chunks that are each a heading alone: no table, no status fragment."""
    return ChunkModel(tuple(blocks), tuple(headings), (), (), ())


def _parsed_piece(lines: list[str], first: int, end: int, kind: DocumentKind) -> ChunkModel:
    """The model of lines *first* to *end* (whole chunks), parsed together."""
    text = "\n".join(lines[first:end])
    blocks = parse_blocks(text, document_start=first == 0, first_line=first)
    return _build_chunk(lines, first, text, kind, tuple(blocks))


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
    return section.heading.line <= span.start.line <= section.last_line


def _first_sections(doc: Document, titles: tuple[str, ...]) -> dict[str, Section]:
    """The first top-level section titled each of *titles* (folded)."""
    found: dict[str, Section] = {}
    folded = doc.top_titles()
    top: list[Section] | None = None
    for title in titles:
        if title in folded:
            top = top or doc.top_sections()
            found[title] = top[folded.index(title)]
    return found


def _find_basics(doc: Document, section: Section | None) -> BasicsTable | None:
    for table in doc.tables:
        if section is not None and not _inside(table.span, section):
            continue
        if section is None:
            first_heading = doc.headings[0].line if doc.headings else None
            if first_heading is not None and table.span.start.line > first_heading:
                continue
        basics = read_basics(doc.lines, table)
        if basics.fields:
            return basics
    return None


def _read_headings(lines: list[str], blocks: tuple[Block, ...]) -> list[Heading]:
    heading_type = BlockType.HEADING
    return [_heading(lines, block) for block in blocks if block.type is heading_type]


def _heading(lines: list[str], block: Block) -> Heading:
    """The heading of a heading *block*."""
    first = block.first
    level = block.level
    line = lines[first]
    text = block.text
    # The common case, `# Title` with nothing around the title: the block's text
    # (mistune's) is the title, as _read_heading reads it; no pattern to run.
    if (
        text
        and len(line) == level + 1 + len(text)
        and line.endswith(text)
        and line.startswith("#")
        and line.startswith(" ", level)
        and not text[0].isspace()
        and not text[-1].isspace()
        and text[-1] != "#"
        and block.style == "atx"
        and block.last == first
    ):
        width = len(line)
        return Heading(level, text, "atx", first, level + 1, width, first, width)
    return _read_heading(lines, block)


def _read_heading(lines: list[str], block: Block) -> Heading:
    """The heading of a heading *block*, whatever its form."""
    first = block.first
    last = block.last
    m = None if block.style == "setext" else _ATX.match(lines[first])
    if m is None:
        text_last = max(first, last - 1)
        first_text = lines[first]
        lead = len(first_text) - len(first_text.lstrip())
        parts = [lines[i].strip() for i in range(first, text_last + 1)]
        title = " ".join(p for p in parts if p)
        end_col = len(lines[text_last].rstrip())
        if text_last == first:  # a blank-looking title (e.g. only U+2028)
            end_col = max(end_col, lead)
        return Heading(block.level, title, "setext", first, lead, end_col, last, len(lines[last]))
    line = lines[first]
    start = m.end()
    body = line[start:]
    closing = _closing_sequence_start(body) if "#" in body else None
    if closing is not None:
        body = body[:closing]
    body = body.rstrip()
    title = body.strip()
    if title == block.text:  # one string for both (a flood of headings)
        title = block.text
    lead = len(body) - len(body.lstrip())
    width = len(lines[last])
    return Heading(block.level, title, "atx", first, start + lead, start + len(body), last, width)


def _section_ends(headings: list[Heading], last_line: int) -> list[int]:
    """The line before the next heading of the same or a higher level, for each heading."""
    if not headings:
        return []
    levels = [h.level for h in headings]
    if min(levels) == max(levels):  # all at one level: each ends before the next
        ends = [h.line - 1 for h in headings]
        del ends[0]
        ends.append(last_line)
        return ends
    ends = [last_line] * len(headings)
    stack: list[int] = []
    for index, heading in enumerate(headings):
        level = heading.level
        while stack and levels[stack[-1]] >= level:
            ends[stack.pop()] = heading.line - 1
        stack.append(index)
    return ends


def _read_sections(doc: Document, *, reuse: bool = True) -> None:
    last: _Sections | None = None
    version: ParsedVersion | None = None
    if reuse and doc.path:
        last = _LAST_SECTIONS.get(doc.path)
        version = _VERSIONS.get(doc.path)
        if version is not None and version.lines is not doc.lines:
            version = None  # not the version these lines are of
        if _sections_of_a_small_edit(doc, version, last):
            _LAST_SECTIONS.put(doc.path, _Sections(version, doc.sections))
            return
    headings = doc.headings
    lines = doc.lines
    # where each section ends: before the blank lines at its end, and never
    # before its heading's last line (that very int object: one object, not two)
    ends = [
        _trimmed(lines, heading.last, end) if end > heading.last else heading.last
        for heading, end in zip(headings, _section_ends(headings, len(lines) - 1), strict=True)
    ]
    # the first line of the block after each heading's block, if any
    following = _next_block_lines(doc.blocks)
    if reuse and doc.path:
        _reuse_sections(doc, ends, following, last)
        _LAST_SECTIONS.put(doc.path, _Sections(version, doc.sections))
        return
    doc.sections.extend(
        [
            Section(heading, end, nxt is not None and nxt <= end, len(lines[end]))
            for heading, end, nxt in zip(headings, ends, following, strict=True)
        ]
    )


def _trimmed(lines: list[str], heading_end: int, end: int) -> int:
    """*end* moved up past blank lines, down to *heading_end* at most."""
    while end > heading_end and not lines[end].strip():
        end -= 1
    return end if end > heading_end else heading_end


@dataclass(frozen=True, slots=True)
class _Sections:
    """A path's last parse: its version (None: not known) and its sections."""

    version: ParsedVersion | None
    sections: list[Section]


#: Sections are rebuilt on every parse but rarely change: the last parse's sections
#: of each recently parsed path, reused where they are the same (see
#: _sections_of_a_small_edit and _reuse_sections). Never mutate one.
_LAST_SECTIONS: LruCache[str, _Sections] = LruCache(64)


def _sections_of_a_small_edit(
    doc: Document, version: ParsedVersion | None, last: _Sections | None
) -> bool:
    """Fill *doc*'s sections from the *last* parse of its path, when the edit to
    *version* (the one *doc* was built from) left the number of lines, the blocks and
    which lines are blank as they were: its sections end where they ended, and have
    the content they had; only those whose heading was parsed again or whose last
    line was edited are new. Whether it did.
    """
    if version is None or version.footprint is None:
        return False
    edit = version.footprint
    if (
        last is None
        or last.version is None
        or edit.previous != id(last.version)  # *last* holds it alive: that very version
        or edit.new_lines != edit.old_lines
        or len(last.sections) != len(doc.headings)
        or not _same_blocks(last.version, version, edit)
    ):
        return False
    old_lines, lines = last.version.lines, doc.lines
    first, end = edit.first, edit.first + edit.new_lines
    if any(bool(old_lines[i].strip()) != bool(lines[i].strip()) for i in range(first, end)):
        return False
    sections = doc.sections
    for heading, section in zip(doc.headings, last.sections, strict=True):
        if heading is section.heading and not first <= section.last_line < end:
            sections.append(section)
        else:
            at = section.last_line
            sections.append(Section(heading, at, section.has_content, len(lines[at])))
    return True


def _same_blocks(before: ParsedVersion, now: ParsedVersion, edit: Footprint) -> bool:
    """Whether the chunks an edit replaced hold blocks of the same kinds and lines, and
    headings of the same levels (the edit moved no line)."""
    if edit.new_end - edit.head != edit.old_end - edit.head:
        return False
    for index in range(edit.head, edit.new_end):
        old, new = before.chunk_model(index), now.chunk_model(index)
        if len(old.blocks) != len(new.blocks) or len(old.headings) != len(new.headings):
            return False
        for a, b in zip(old.blocks, new.blocks, strict=True):
            if a.type is not b.type or a.first != b.first or a.last != b.last:
                return False
        for h, g in zip(old.headings, new.headings, strict=True):
            if h.level != g.level or h.line != g.line or h.last != g.last:
                return False
    return True


def _reuse_sections(
    doc: Document, ends: list[int], following: list[int | None], last: _Sections | None
) -> None:
    """The sections of *doc* ending at *ends*, the *last* parse's where they are the same:
    an unchanged heading (a shared object, see chunk_models_of) with the same extent
    gives the same Section, reused instead of reallocated."""
    previous = (
        {(id(s.heading), s.last_line, s.has_content, s.width): s for s in last.sections}
        if last is not None
        else {}
    )
    lines = doc.lines
    append = doc.sections.append
    for heading, end, nxt in zip(doc.headings, ends, following, strict=True):
        has_content = nxt is not None and nxt <= end
        width = len(lines[end])
        section = previous.get((id(heading), end, has_content, width))
        if section is None or section.heading is not heading:
            section = Section(heading, end, has_content, width)
        append(section)


def _next_block_lines(blocks: list[Block]) -> list[int | None]:
    """For each heading block, in order, the first line of the block after it (None: none)."""
    heading_type = BlockType.HEADING
    firsts: list[int | None] = [b.first for b in blocks]
    firsts.append(None)
    return [firsts[i + 1] for i, b in enumerate(blocks) if b.type is heading_type]


def _read_comments(doc: Document) -> None:
    blocks = doc.blocks
    html = BlockType.HTML
    for index in [i for i, b in enumerate(blocks) if b.type is html]:
        block = blocks[index]
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
