"""The engine on an edited version: what the edit left as it was is not redone.

:func:`analyse_edit` gives exactly what :func:`featuredoc.engine.analyse`
gives; the language server calls it on every change of an open document.
It parses through :func:`featuredoc.parser.document.parse_version`, which
knows what the edit touched (a :class:`Footprint`: the chunks and lines
replaced, and how many lines everything after moved).

Most keystrokes change a paragraph of prose. When every chunk the edit
replaced, before and after, is *prose* (one ATX heading, the same line in
both versions, and paragraphs only), nothing the rules' document-level
checks read has changed: the headings, tables, title block, comments and
the workspace are the same, and only positions below the edit moved. Then:

- each rule's *check* findings are the previous version's, moved by the
  number of lines the edit added or removed;
- each rule's *local* part (:attr:`featuredoc.rules.Rule.local`) runs on
  the replaced chunks alone (a document of those chunks only, whose
  :attr:`~featuredoc.model.document.Document.extent` says which), and its
  previous findings elsewhere are kept, moved likewise;
- the suppression comments' ranges are the previous ones, moved;
- the whole document model is built only when something asks for it.

In a SUPPORT.md the edit may replace any chunk whose blocks other than
paragraphs (the status code blocks above all) and Status lines stay as they
were, when its paragraphs are plain before and after: Xen's generator then
reads the same rows, stops and lost lines, moved
(:func:`featuredoc.analysis.support_reading.reads_alike`), and so do the
SUPPORT.md rules.

The cost is that of the chunks the edit touched, whatever the document's
length. Anything else (a heading, a table, a comment typed; an edit in a
section whose paragraphs a rule reads, :attr:`Rule.reads_sections`, or of
lines it reads, :attr:`Rule.reads_lines`; a previous finding inside the
replaced lines; the path-reference budgets within reach; a base revision or
undecodable bytes among the inputs) runs the whole analysis, as the engine
does.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
from dataclasses import dataclass

from featuredoc import engine
from featuredoc.analysis.path_refs import ANCHORS, heading_anchors, path_references
from featuredoc.analysis.sections import sections_named
from featuredoc.analysis.support_reading import reads_alike
from featuredoc.analysis.suppressions import Reach, reach
from featuredoc.model.cache import LruCache
from featuredoc.model.config import Config
from featuredoc.model.document import Block, BlockType, Document, DocumentKind
from featuredoc.model.findings import Finding, Related, TextEdit
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Position, Span
from featuredoc.parser.chunkmodel import ChunkModel
from featuredoc.parser.document import (
    Footprint,
    ParsedVersion,
    build_document,
    parse_version,
    positioned,
)
from featuredoc.rules import RULES

log = logging.getLogger("featuredoc")

#: Below this many path references, no budget of FD701/FD702 (references read,
#: suggestions made, patterns expanded) can be reached, so each chunk's are its own.
REFERENCE_BUDGET = 100


@dataclass(frozen=True, slots=True)
class _State:
    """What the last analysis of a path leaves for the next version's."""

    version: ParsedVersion
    config: Config
    inputs: Inputs | None
    path: str
    checked: tuple[Finding, ...]  # the rules' check findings (suppressed, sorted)
    local: tuple[Finding, ...]  # their local parts' (suppressed, sorted)
    suppressions: Reach
    read_sections: tuple[tuple[int, int], ...]  # lines of sections whose prose a check reads
    references: int  # path references in the document
    anchors: dict[str, int]
    skeleton: tuple[int, ...]  # the chunks completion and hover read (see cursor_document)


#: The kinds of document whose analyses are worked out from the previous version's.
_REUSED_KINDS = (DocumentKind.FEATURE, DocumentKind.SUPPORT)

#: The last analysis of each recently analysed path (never mutate one).
_STATES: LruCache[str, _State] = LruCache(64)


@dataclass(slots=True)
class Counts:
    """How analyses went, for tests and the benchmark: reused (a prose edit) or whole."""

    reused: int = 0
    whole: int = 0


COUNTS = Counts()
_COUNT_LOCK = threading.Lock()


def analyse_edit(
    text: str,
    path: str,
    config: Config,
    *,
    kind: DocumentKind,
    inputs: Inputs | None = None,
) -> engine.Analysis:
    """Parse and check *text*, the current version of *path*; never raises.

    The same findings as :func:`featuredoc.engine.analyse`, worked out from
    the previous version of *path* when the edit between them allows (see
    the module's docstring).
    """
    if kind not in _REUSED_KINDS or not path or engine.oversize(text, config) is not None:
        _STATES.drop(path)
        return engine.analyse(text, path, config, kind=kind, inputs=inputs)
    try:
        version = parse_version(text, kind, path)
        state = _STATES.get(path)
        if state is not None:
            reused = _reuse(state, version, config, inputs)
            if reused is not None:
                _count(reused=True)
                return reused
        _count(reused=False)
        return _whole(version, path, config, inputs)
    except Exception:  # noqa: BLE001 - the whole analysis reports its own failures
        log.exception("featuredoc: analysing the edit of %s failed; analysing it whole", path)
        _STATES.drop(path)
        return engine.analyse(text, path, config, kind=kind, inputs=inputs)


def _count(*, reused: bool) -> None:
    with _COUNT_LOCK:
        if reused:
            COUNTS.reused += 1
        else:
            COUNTS.whole += 1


def _build(version: ParsedVersion, path: str, config: Config) -> Document:
    ready = positioned(version)
    return build_document(
        list(ready.lines),
        ready.models,
        path,
        version.kind,
        signoff_field=config.signoff.field,
        signoff_metadata_key=config.signoff.metadata_key,
    )


def _whole(
    version: ParsedVersion, path: str, config: Config, inputs: Inputs | None
) -> engine.Analysis:
    """The whole analysis of *version*, and the state the next version starts from."""
    document = _build(version, path, config)
    checked = engine.run_rules(document, config, inputs, part=engine.Part.DOCUMENT)
    local = engine.run_rules(document, config, inputs, part=engine.Part.LOCAL)
    try:
        ranges = reach(document)
        checked = ranges.kept(checked)
        local = ranges.kept(local)
    except Exception:  # noqa: BLE001 - as the engine reports it, and no state kept
        _STATES.drop(path)
        return engine.analyse(version.text, path, config, kind=version.kind, inputs=inputs)
    findings = sorted([*checked, *local], key=Finding.sort_key)
    refs = len(path_references(document))
    read = _read_sections(document)
    anchors = heading_anchors(document)  # worked out once per document
    _STATES.put(
        path,
        _State(
            version,
            config,
            inputs,
            path,
            tuple(checked),
            tuple(local),
            ranges,
            read,
            refs,
            anchors,
            _skeleton(version) if version.kind is DocumentKind.FEATURE else (),
        ),
    )
    return engine.Analysis(document, findings)


def _skeleton(version: ParsedVersion) -> tuple[int, ...]:
    """The chunks of *version* that completion and hover read: all but prose chunks
    below the top heading level (the ``## Detail`` sections of a long document), and
    the chunk after each of those kept (the block a comment precedes)."""
    models = version.models
    top = min((h.level for model in models for h in model.headings), default=1)
    kept = [
        i
        for i, model in enumerate(models)
        if i == 0 or not _is_prose(model) or model.headings[0].level <= top
    ]
    following = {i + 1 for i in kept if i + 1 < len(models)}
    return tuple(sorted(following.union(kept)))


def cursor_document(
    version: ParsedVersion, skeleton: tuple[int, ...], path: str, config: Config
) -> Document:
    """The document of *version*'s *skeleton* chunks: what completion and hover read.

    Its top-level sections, Basics and History tables, Status and sign-off rows,
    comments and title block are the whole document's (a test compares every
    answer); the prose sections below the top level are left out, so a request
    on a long document costs what its skeleton costs.
    """
    return build_document(
        version.lines,
        [version.chunk_model(i) for i in skeleton],
        path,
        version.kind,
        signoff_field=config.signoff.field,
        signoff_metadata_key=config.signoff.metadata_key,
        reuse=False,
    )


def request_analysis(text: str, path: str, config: Config, kind: DocumentKind) -> engine.Analysis:
    """A parsed (not checked) version for a request that came before its analysis.

    After an edit of prose since the last analysis, its completion and hover
    document (:meth:`featuredoc.engine.Analysis.cursor_document`) is made of the
    skeleton chunks of a parse that redoes only what the edit touched; the
    whole document is parsed only when something asks for it.
    """

    def whole() -> Document:
        # a feature document's analyses start from its path's last version: not moved here
        return engine.parse(text, path, config, kind, cached=kind is not DocumentKind.FEATURE)

    state = _STATES.get(path) if path else None
    if (
        kind is not DocumentKind.FEATURE
        or state is None
        or config is not state.config
        or engine.oversize(text, config) is not None
    ):
        return engine.Analysis(whole(), [])
    version = parse_version(text, kind, path, remember=False)
    if version is not state.version and _prose_step(state, version) is None:
        return engine.Analysis(whole(), [])
    skeleton = state.skeleton
    return engine.Analysis(
        None,
        [],
        build=whole,
        lines=version.lines,
        cursor=lambda: cursor_document(version, skeleton, path, config),
    )


def _read_sections(document: Document) -> tuple[tuple[int, int], ...]:
    """The lines whose prose a rule's check reads (:attr:`Rule.reads_sections`,
    :attr:`Rule.reads_lines`), as ``(first, last)`` ranges."""
    rules = [rule for rule in RULES if rule.applies(document.kind)]
    names = {name for rule in rules for name in rule.reads_sections}
    found = [
        (section.heading.line, section.last_line)
        for name in names
        for section in sections_named(document, name)
    ]
    found += [lines for rule in rules if rule.reads_lines for lines in rule.reads_lines(document)]
    return tuple(sorted(found))


# ---- an edit of prose --------------------------------------------------------


def _reuse(
    state: _State, version: ParsedVersion, config: Config, inputs: Inputs | None
) -> engine.Analysis | None:
    """The analysis of *version* from *state*'s, or None when the edit needs the whole one."""
    if config is not state.config or inputs is not state.inputs or not _plain_inputs(inputs):
        return None
    edit = _prose_step(state, version)
    if edit is None:
        return None
    old_first, old_end = edit.first, edit.first + edit.old_lines
    if _touches(state.read_sections, old_first, old_end):
        return None
    if _touches(tuple((a, b) for _, a, b in state.suppressions.ranges), old_first, old_end):
        return None
    if any(_inside(f, state.path, old_first, old_end) for f in state.checked):
        return None
    if edit.delta and any(_names_moved_line(f, old_end) for f in (*state.checked, *state.local)):
        return None
    old_part = _part(state.version, edit.head, edit.old_end, state)
    new_part = _part(version, edit.head, edit.new_end, state)
    references = state.references - len(path_references(old_part)) + len(path_references(new_part))
    if max(state.references, references) >= REFERENCE_BUDGET:
        return None
    fresh = engine.run_rules(new_part, config, inputs, part=engine.Part.LOCAL)
    return _reused(state, version, edit, fresh, references)


def _prose_step(state: _State, version: ParsedVersion) -> Footprint | None:
    """The edit from *state*'s version to *version* when it is an edit of prose."""
    edit = version.footprint
    # the state holds its version alive: an equal id is that very version
    if edit is None or edit.previous != id(state.version):
        return None
    if not _same_headings(edit, state.version, version):
        return None
    if version.kind is DocumentKind.SUPPORT:
        return edit if _support_prose_edit(edit, state.version, version) else None
    return edit if _prose_edit(edit, state.version, version) else None


def _plain_inputs(inputs: Inputs | None) -> bool:
    """Inputs whose rules read nothing that a prose edit changes (FD610, FD904 do)."""
    return inputs is None or (
        inputs.base is None and inputs.decoded is None and inputs.changes is None
    )


def _is_prose(model: ChunkModel) -> bool:
    """A chunk of one single-line ATX heading, at its start, and paragraphs only."""
    blocks = model.blocks
    if not blocks or model.tables or model.status_lines or model.fragment_lines:
        return False
    heading = blocks[0]
    if heading.type is not BlockType.HEADING or heading.style != "atx":
        return False
    paragraph = BlockType.PARAGRAPH
    return all(block.type is paragraph for block in blocks[1:]) and len(model.headings) == 1


def _same_headings(edit: Footprint, previous: ParsedVersion, version: ParsedVersion) -> bool:
    """Whether the edit replaced as many chunks as it made, none the first (what comes
    before the first heading), each starting with the same line as the one it replaced."""
    count = edit.new_end - edit.head
    if edit.head < 1 or count < 1 or count != edit.old_end - edit.head:
        return False
    old_starts, new_starts = previous.scan.starts, version.scan.starts
    return all(
        previous.lines[old_starts[index]] == version.lines[new_starts[index]]
        for index in range(edit.head, edit.new_end)
    )


def _prose_edit(edit: Footprint, previous: ParsedVersion, version: ParsedVersion) -> bool:
    """Whether every chunk the edit replaced is prose, before and after (their headings
    are the same, see :func:`_same_headings`)."""
    for index in range(edit.head, edit.new_end):
        old, new = previous.models[index], version.models[index]
        if (len(old.blocks) > 1) != (len(new.blocks) > 1):
            return False  # a section that has content, and one that has none
        if not _is_prose(old) or not _is_prose(new):
            return False
    return True


def _support_prose_edit(edit: Footprint, previous: ParsedVersion, version: ParsedVersion) -> bool:
    """Whether the chunks an edit of a SUPPORT.md replaced differ only in plain paragraphs.

    Their headings are the same (see :func:`_same_headings`); the blocks other
    than paragraphs are the same (their text and height) and so are the Status
    lines; and Xen's generator reads the chunks alike, the paragraphs giving it
    no row, stop or lost line (:func:`reads_alike`).
    """
    old_blocks: list[Block] = []
    new_blocks: list[Block] = []
    for index in range(edit.head, edit.new_end):
        old, new = previous.chunk_model(index), version.chunk_model(index)
        if len(old.headings) != len(new.headings) or _statuses(old) != _statuses(new):
            return False
        old_blocks.extend(old.blocks)
        new_blocks.extend(new.blocks)
    if _other_blocks(old_blocks) != _other_blocks(new_blocks):
        return False
    old_blocks.extend(_first_block(previous, edit.old_end))
    new_blocks.extend(_first_block(version, edit.new_end))
    return reads_alike(previous.lines, old_blocks, version.lines, new_blocks)


def _statuses(model: ChunkModel) -> tuple[object, ...]:
    """What a SUPPORT.md chunk's Status and other fragment lines say, wherever they are."""
    return (
        tuple((s.section, s.key, s.qualifier, s.value) for s in model.status_lines),
        tuple((f.text, f.kind, f.key) for f in model.fragment_lines),
    )


def _other_blocks(blocks: list[Block]) -> list[tuple[object, ...]]:
    """The blocks other than paragraphs, as their text and height."""
    paragraph = BlockType.PARAGRAPH
    return [
        (b.type, b.style, b.level, b.last - b.first, b.text)
        for b in blocks
        if b.type is not paragraph
    ]


def _first_block(version: ParsedVersion, index: int) -> list[Block]:
    """The first block of chunk *index* of *version* (none past the last chunk)."""
    if index >= len(version.models):
        return []
    return list(version.chunk_model(index).blocks[:1])


def _touches(ranges: tuple[tuple[int, int], ...], first: int, end: int) -> bool:
    """Whether a range ``(first, last)`` holds a line of ``[first, end)`` (or the edit point)."""
    return any(a <= max(first, end - 1) and first <= b for a, b in ranges)


def _part(version: ParsedVersion, head: int, end: int, state: _State) -> Document:
    """The document made of chunks ``[head, end)`` of *version* (see Document.extent)."""
    document = Document(state.path, version.kind, version.lines)
    for index in range(head, end):
        model = version.chunk_model(index)
        document.blocks.extend(model.blocks)
        document.headings.extend(model.headings)
    document.extent = (version.scan.starts[head], version.chunk_end(end - 1))
    document.derived[ANCHORS] = state.anchors
    return document


def _inside(finding: Finding, path: str, first: int, end: int) -> bool:
    """Whether a position of *finding* in this document is in lines ``[first, end)``."""
    return any(first <= line < end for line in _lines_of(finding, path))


#: How messages name a line (1-based): "first at line 12", "(line 40)".
_LINE_NUMBER = re.compile(r"\bline (\d+)")


def _names_moved_line(finding: Finding, end: int) -> bool:
    """Whether *finding*'s message names a line at or after *end* (0-based), which moved."""
    return any(int(n) - 1 >= end for n in _LINE_NUMBER.findall(finding.message))


def _lines_of(finding: Finding, path: str) -> list[int]:
    found = [finding.span.start.line, finding.span.end.line]
    for fix in finding.fixes:
        for edit in fix.edits:
            found.extend((edit.span.start.line, edit.span.end.line))
    for related in finding.related:
        if related.path == path:
            found.extend((related.span.start.line, related.span.end.line))
    return found


class _Mover:
    """Positions of the previous version in this one: lines from *end* on move by *delta*."""

    def __init__(self, end: int, delta: int, path: str, lines: list[str]) -> None:
        self.end, self.delta, self.path, self.lines = end, delta, path, lines

    def line(self, line: int) -> int:
        return line + self.delta if line >= self.end else line

    def span(self, span: Span) -> Span:
        start, stop = span.start, span.end
        if stop.line < self.end or not self.delta:
            return span
        return Span(
            Position(self.line(start.line), start.column),
            Position(stop.line + self.delta, stop.column),
        )

    def finding(self, finding: Finding) -> Finding:
        if not self.delta:
            return finding
        fixes = [
            dataclasses.replace(
                fix, edits=[TextEdit(self.span(e.span), e.new_text) for e in fix.edits]
            )
            for fix in finding.fixes
        ]
        related = [self._related(r) for r in finding.related]
        return dataclasses.replace(
            finding, span=self.span(finding.span), fixes=fixes, related=related
        )

    def _related(self, related: Related) -> Related:
        if related.path != self.path:
            return related
        lines = self.lines if related.lines is not None else None
        return dataclasses.replace(related, span=self.span(related.span), lines=lines)

    def ranges(self, ranges: Reach) -> Reach:
        moved = tuple((codes, self.line(a), self.line(b)) for codes, a, b in ranges.ranges)
        return Reach(ranges.whole_file, moved)


def _reused(
    state: _State,
    version: ParsedVersion,
    edit: Footprint,
    fresh: list[Finding],
    references: int,
) -> engine.Analysis:
    """The analysis of *version*: *state*'s findings moved, the replaced chunks' *fresh*."""
    previous = state.version
    mover = _Mover(edit.first + edit.old_lines, edit.delta, state.path, version.lines)
    checked = [mover.finding(f) for f in state.checked]
    # the previous local findings outside the replaced chunks, moved
    chunk_first = previous.scan.starts[edit.head]
    chunk_end = previous.chunk_end(edit.old_end - 1)
    before = [f for f in state.local if f.span.start.line < chunk_first]
    after = [mover.finding(f) for f in state.local if f.span.start.line >= chunk_end]
    ranges = mover.ranges(state.suppressions)
    kept = ranges.kept(fresh)
    local = [*before, *kept, *after]
    findings = sorted([*checked, *local], key=Finding.sort_key)
    read = tuple((mover.line(a), mover.line(b)) for a, b in state.read_sections)
    _STATES.put(
        state.path,
        dataclasses.replace(
            state,
            version=version,
            checked=tuple(checked),
            local=tuple(local),
            suppressions=ranges,
            read_sections=read,
            references=references,
        ),
    )
    path, config = state.path, state.config
    skeleton = state.skeleton
    feature = version.kind is DocumentKind.FEATURE
    return engine.Analysis(
        None,
        findings,
        build=lambda: _build(version, path, config),
        lines=version.lines,
        moved=(edit.first + edit.old_lines, edit.delta),
        cursor=(lambda: cursor_document(version, skeleton, path, config)) if feature else None,
    )
