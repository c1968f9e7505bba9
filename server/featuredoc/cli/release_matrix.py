"""The support matrix of several releases, as data: one column per revision of SUPPORT.md.

Xen publishes one table of every release's SUPPORT.md
(``docs/support-matrix-generate`` runs ``docs/parse-support-md`` with one
input per release). This module builds that table from git objects:

* :func:`release_sources` reads SUPPORT.md at each revision through one
  ``git cat-file --batch`` (:mod:`featuredoc.workspace.gitobjects`): the
  revisions given, or the tags matching a pattern (``release_tags``) that
  hold a SUPPORT.md, oldest version first, then ``HEAD`` unless it is one
  of those tags' commits;
* :func:`build_releases` reads each text once as the generator does
  (:func:`featuredoc.analysis.support_reading.read_support`) and merges the
  rows the way the generator merges its inputs: a row is keyed by its
  section and qualifier, and the rows come in the order the generator
  gives them when it is handed the newest (rightmost) column first, that
  is the layout of the newest release, with the rows only older releases
  have where the generator puts them;
* a cell whose status differs from the same row in the nearest column to
  its left that the generator can read is marked ``changed``.

A SUPPORT.md the generator cannot read (it dies on it, and on the whole
table with it) keeps its column, empty, with the findings that say where
and why (FD502 to FD509); a revision without SUPPORT.md keeps an empty
column too. The renderers are in :mod:`featuredoc.cli.release_matrix_render`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from featuredoc.analysis.support_reading import Row as ReadRow
from featuredoc.analysis.support_reading import read_support
from featuredoc.analysis.suppressions import apply as apply_suppressions
from featuredoc.cli.matrix_build import RELEASE_SUPPORT
from featuredoc.engine import parse, run_rules
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.encoding import decode_utf8
from featuredoc.model.text import squash
from featuredoc.rules import BY_CODE, Rule
from featuredoc.workspace.gitbase import GitError
from featuredoc.workspace.gitobjects import ObjectReader, repository_prefix, tags

#: The rules that report how Xen's generator reads SUPPORT.md (where it dies, what it loses).
READER_RULES: tuple[Rule, ...] = tuple(
    BY_CODE[code]
    for code in ("FD502", "FD503", "FD504", "FD505", "FD506", "FD507", "FD508", "FD509")
)

READS = "reads"  # the generator reads the file
STOPS = "stops"  # the generator dies on it
MISSING = "missing"  # no SUPPORT.md at that revision

HEAD = "HEAD"


@dataclass(frozen=True, slots=True)
class Source:
    """SUPPORT.md at one revision, as read from git."""

    name: str  # the revision as given, or the tag's name
    commit: str | None
    date: str | None  # the commit's date (``%ci``)
    text: str | None  # None: no SUPPORT.md there


@dataclass(slots=True)
class ColumnFinding:
    code: str
    severity: str  # error, warning, information, hint
    line: int  # 1-based
    message: str


@dataclass(slots=True)
class Column:
    name: str
    commit: str | None
    date: str | None
    state: str  # READS, STOPS or MISSING
    version: str | None  # the Release Support block's Xen-Version
    findings: list[ColumnFinding] = field(default_factory=list)
    rows: int = 0  # how many rows of the table it fills


@dataclass(slots=True)
class Cell:
    value: str | None  # None: no such row in this column (or the column is not read)
    line: int | None = None  # 1-based, in that revision's SUPPORT.md
    changed: bool = False  # differs from the nearest column to the left that is read
    was: str | None = None  # when changed: the value there (None: no such row there)
    since: str | None = None  # when changed: that column's name


@dataclass(slots=True)
class ReleaseRow:
    """One row of the generator's table: an entry, or one qualifier (architecture) of it."""

    key: str  # the generator's row id
    sections: list[str]  # the headings of the sections the entry is in, outermost first
    entry: str
    qualifier: str | None  # ``x86``, ``Linux``...; None for an entry's own Status line
    cells: list[Cell]


@dataclass(slots=True)
class ReleaseMatrix:
    root: str
    support_path: str
    columns: list[Column]
    rows: list[ReleaseRow]
    generated: str
    tags: str | None = None  # the pattern the columns' tags matched, when listed by pattern

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.changed)


# ---- reading one revision -------------------------------------------------------------------


@dataclass(slots=True)
class _Reading:
    column: Column
    rows: list[ReadRow]


def _read_column(source: Source, path: str, config: Config) -> _Reading:
    column = Column(source.name, source.commit, source.date, MISSING, None)
    if source.text is None:
        return _Reading(column, [])
    doc = parse(source.text, path, config, DocumentKind.SUPPORT, cached=False)
    reading = read_support(doc)
    findings = apply_suppressions(doc, run_rules(doc, config, rules=READER_RULES))
    column.findings = [
        ColumnFinding(f.code, f.severity.name.lower(), f.span.start.line + 1, f.message)
        for f in findings
    ]
    if reading.stops:
        column.state = STOPS
        return _Reading(column, [])
    column.state = READS
    rows = reading.rows
    column.rows = len(rows)
    column.version = next(
        (r.value for r in rows if r.key == f"{RELEASE_SUPPORT}--xen-version"), None
    )
    return _Reading(column, rows)


def _read_columns(sources: list[Source], path: str, config: Config) -> list[_Reading]:
    """Each source's reading; a text read before (the same SUPPORT.md) is not read again."""
    seen: dict[str, _Reading] = {}
    readings = []
    for source in sources:
        before = seen.get(source.text) if source.text is not None else None
        if before is None:
            reading = _read_column(source, path, config)
            if source.text is not None:
                seen[source.text] = reading
        else:
            column = replace(
                before.column,
                name=source.name,
                commit=source.commit,
                date=source.date,
                findings=list(before.column.findings),
            )
            reading = _Reading(column, before.rows)
        readings.append(reading)
    return readings


# ---- merging the columns --------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    title: str
    children: dict[str, _Node] = field(default_factory=dict)
    cells: dict[int, ReadRow] = field(default_factory=dict)


def _merge(readings: list[_Reading]) -> dict[str, _Node]:
    """The generator's tree of every column's rows, fed the rightmost column first."""
    tree: dict[str, _Node] = {}
    for index in reversed(range(len(readings))):
        for row in readings[index].rows:
            nodes, node = tree, None
            for key, title in zip(row.path, row.titles, strict=True):
                node = nodes.get(key)
                if node is None:
                    node = nodes[key] = _Node(title)
                nodes = node.children
            if node is not None:
                node.cells[index] = row
    return tree


def _names(path: list[str], titles: list[str]) -> tuple[list[str], str, str | None]:
    """(sections, entry, qualifier) of a row with these keys and headings."""
    qualified = len(path) >= 2 and path[-1].startswith(path[-2] + "--")
    if qualified and path[0] != RELEASE_SUPPORT:
        return titles[:-2], titles[-2], titles[-1]
    return titles[:-1], titles[-1], None


def _row(path: list[str], titles: list[str], node: _Node, columns: int) -> ReleaseRow:
    sections, entry, qualifier = _names(path, titles)
    cells = [Cell(None) for _ in range(columns)]
    for index, read in node.cells.items():
        cells[index] = Cell(read.value, read.span.start.line + 1)
    return ReleaseRow(path[-1], sections, entry, qualifier, cells)


def _rows(tree: dict[str, _Node], columns: int) -> list[ReleaseRow]:
    """The rows in the generator's order: a node's own row, then its children's."""
    out: list[ReleaseRow] = []
    stack: list[tuple[list[str], list[str], dict[str, _Node]]] = [([], [], tree)]
    pending = [iter(tree.items())]
    while pending:
        item = next(pending[-1], None)
        if item is None:
            pending.pop()
            stack.pop()
            continue
        key, node = item
        path, titles = [*stack[-1][0], key], [*stack[-1][1], node.title]
        if node.cells:
            out.append(_row(path, titles, node, columns))
        if node.children:
            stack.append((path, titles, node.children))
            pending.append(iter(node.children.items()))
    return out


def _mark_changes(rows: list[ReleaseRow], columns: list[Column]) -> None:
    read = [i for i, column in enumerate(columns) if column.state == READS]
    for row in rows:
        for before, after in zip(read, read[1:], strict=False):
            old, new = row.cells[before], row.cells[after]
            if squash(old.value or "") != squash(new.value or ""):
                new.changed, new.was, new.since = True, old.value, columns[before].name


def build_releases(
    sources: list[Source],
    config: Config,
    *,
    root: str = "",
    tags_pattern: str | None = None,
    today: dt.date | None = None,
) -> ReleaseMatrix:
    """The matrix of *sources*, one column each, in their order."""
    path = config.support_file
    readings = _read_columns(sources, path, config)
    columns = [r.column for r in readings]
    rows = _rows(_merge(readings), len(columns))
    _mark_changes(rows, columns)
    return ReleaseMatrix(
        root=root,
        support_path=path,
        columns=columns,
        rows=rows,
        generated=(today or dt.date.today()).isoformat(),
        tags=tags_pattern,
    )


# ---- reading the revisions from git ---------------------------------------------------------


def _text(data: bytes | None) -> str | None:
    return None if data is None else decode_utf8(data).text


def _given(reader: ObjectReader, revisions: list[str], path: str) -> list[Source]:
    sources = []
    for revision in revisions:
        commit = reader.commit(revision)
        if commit is None:
            raise GitError(f"unknown revision '{revision}' (with a shallow clone, fetch it first)")
        text = _text(reader.blob(commit.oid, path))
        sources.append(Source(revision, commit.oid, commit.date, text))
    return sources


def _tagged(reader: ObjectReader, root: Path, pattern: str, path: str) -> list[Source]:
    sources = []
    for tag in tags(root, pattern):
        data = reader.blob(tag.commit, path)
        if data is None:
            continue  # a release from before SUPPORT.md
        commit = reader.commit(tag.commit)
        if commit is None:
            continue  # a tag on a tree or a blob: no release
        sources.append(Source(tag.name, commit.oid, commit.date, _text(data)))
    if not sources:
        raise GitError(f"no tag matching '{pattern}' holds {PurePosixPath(path).name}")
    head = reader.commit(HEAD)
    if head is not None and head.oid not in {s.commit for s in sources}:
        data = reader.blob(head.oid, path)
        if data is not None:
            sources.append(Source(HEAD, head.oid, head.date, _text(data)))
    return sources


def release_sources(
    root: Path, config: Config, revisions: list[str], pattern: str
) -> tuple[list[Source], int]:
    """SUPPORT.md at each of *revisions*, or (none given) at each tag matching *pattern*.

    Also returns how many objects were asked of git. GitError: not a git
    repository, an unknown revision, no tag matching.
    """
    path = repository_prefix(root) + PurePosixPath(config.support_file).as_posix()
    with ObjectReader(root) as reader:
        if revisions:
            sources = _given(reader, revisions, path)
        else:
            sources = _tagged(reader, root, pattern, path)
        return sources, reader.requests
