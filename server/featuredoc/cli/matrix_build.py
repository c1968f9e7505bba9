"""The support matrix of the working tree, as data: every feature × architecture.

:func:`build` takes the workspace index (:mod:`featuredoc.workspace.index`),
pairs each status of each feature document with the SUPPORT.md lines it is
compared with (the same pairing as FD602,
:func:`featuredoc.analysis.crossdoc.paired_lines`) and gives one row per
feature and architecture: both statuses, whether they agree, the security
sign-off, and the document's open problems. SUPPORT.md entries no feature
document stands for follow, and :func:`xen_table` gives SUPPORT.md as Xen's
own generator reads it. Nothing here formats anything: the renderers are
:mod:`featuredoc.cli.matrix_render` (Markdown, JSON) and
:mod:`featuredoc.cli.matrix_html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from featuredoc.analysis.crossdoc import (
    SupportEntry,
    agrees,
    document_name,
    match_entry,
    paired_lines,
    real_statuses,
    support_entries,
    support_label,
)
from featuredoc.analysis.support_reading import Failure, read_support
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.findings import Severity
from featuredoc.model.text import fold, squash
from featuredoc.model.tiers import Tier
from featuredoc.workspace.index import WorkspaceIndex

RELEASE_SUPPORT = "release-support"  # the id of the section Xen's Release Support block is in
ALL = "all"


@dataclass(slots=True)
class Row:
    """One feature × architecture."""

    architecture: str
    doc_status: str | None  # as the feature document writes it (bold stripped)
    support_status: str | None  # the SUPPORT.md value (``Supported up to 12 TiB``)
    support_label: str | None  # the label that value starts with (``Supported``)
    agreement: str  # "agree", "disagree", "no document status", "no SUPPORT.md status"
    doc_line: int | None = None  # 1-based
    support_line: int | None = None  # 1-based
    security_supported: bool | None = None  # by the document's tier, else SUPPORT.md's


@dataclass(slots=True)
class Problems:
    errors: int = 0
    warnings: int = 0
    codes: list[str] = field(default_factory=list)  # errors' and warnings' codes, sorted


@dataclass(slots=True)
class Feature:
    title: str
    path: str  # relative to the root, "/"-separated
    entry: str | None  # the SUPPORT.md heading it matched
    suggestion: str | None  # the closest heading when none matched
    signoffs: list[tuple[str, str | None]]  # (who, when)
    signoff_needed: bool  # a status is in a tier that needs a sign-off
    problems: Problems
    rows: list[Row]


@dataclass(slots=True)
class SupportOnly:
    """A SUPPORT.md entry that no feature document stands for."""

    group: str | None  # the enclosing ``##`` heading
    title: str
    rows: list[tuple[str, str, int]]  # (architecture, value, 1-based line)


@dataclass(slots=True)
class XenRow:
    """A row of Xen's own support matrix (``docs/parse-support-md``)."""

    key: str  # the generator's row id
    headings: list[str]  # the headings down to the row; the last is the row's own
    value: str
    line: int  # 1-based


@dataclass(slots=True)
class XenTable:
    """SUPPORT.md as Xen's generator reads it: its Release Support block and its rows.

    Built from :func:`featuredoc.analysis.support_reading.read_support`, cell
    for cell the table Xen publishes; where the generator would stop,
    ``stops`` says where and why, and there are no rows.
    """

    release: list[XenRow]
    rows: list[XenRow]
    stops: list[tuple[int, str]]  # (1-based line, why)


@dataclass(slots=True)
class Matrix:
    root: str
    support_path: str | None
    features: list[Feature]
    support_only: list[SupportOnly]
    tiers: list[Tier]
    generated: str
    xen: XenTable | None = None

    @property
    def disagreements(self) -> int:
        return sum(1 for f in self.features for r in f.rows if r.agreement == "disagree")


# ---- building ------------------------------------------------------------------------


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _problems(document: Document, index: WorkspaceIndex, config: Config, text: str) -> Problems:
    from featuredoc.engine import check
    from featuredoc.workspace.inputs import rule_inputs

    inputs = rule_inputs(document.path, config, root=index.root, workspace=index)
    findings = check(text, document.path, config, kind=document.kind, inputs=inputs)
    problems = Problems()
    codes: set[str] = set()
    for finding in findings:
        if finding.severity == Severity.ERROR:
            problems.errors += 1
        elif finding.severity == Severity.WARNING:
            problems.warnings += 1
        else:
            continue
        codes.add(finding.code)
    problems.codes = sorted(codes)
    return problems


def _security(tier: Tier | None) -> bool | None:
    return None if tier is None else tier.security_supported


def _rows(document: Document, entry: SupportEntry | None, config: Config) -> list[Row]:
    tiers = config.tier_set()
    statuses = real_statuses(document, config)
    rows: list[Row] = []
    used: set[int] = set()
    for status in statuses:
        arch = status.qualifier or status.architecture or ""
        arch = squash(arch) or ALL
        lines = paired_lines(status, statuses, entry) if entry else []
        line_no = status.span.start.line + 1
        if not lines:
            rows.append(
                Row(
                    arch,
                    status.text,
                    None,
                    None,
                    "no SUPPORT.md status" if entry else "no SUPPORT.md entry",
                    line_no,
                    None,
                    _security(status.tier),
                )
            )
            continue
        for line in lines:
            used.add(id(line))
            label = support_label(line.value, config)
            verdict = agrees(status, line, config)
            shown = arch if arch != ALL or not line.qualifier else line.qualifier
            rows.append(
                Row(
                    shown,
                    status.text,
                    line.value,
                    label,
                    "agree" if verdict else "disagree",
                    line_no,
                    line.span.start.line + 1,
                    _security(status.tier or (tiers.lookup(label) if label else None)),
                )
            )
    for line in entry.lines if entry else []:
        if id(line) in used:
            continue
        label = support_label(line.value, config)
        tier = tiers.lookup(label) if label else None
        rows.append(
            Row(
                line.qualifier or ALL,
                None,
                line.value,
                label,
                "no document status",
                None,
                line.span.start.line + 1,
                _security(tier),
            )
        )
    return rows


def _groups(support: Document) -> dict[str, str | None]:
    """Each SUPPORT.md heading's enclosing level-2 heading."""
    groups: dict[str, str | None] = {}
    current: str | None = None
    for heading in support.headings:
        if heading.level <= 2:
            current = heading.title
        groups.setdefault(heading.title, current if heading.level > 2 else None)
    return groups


def _support_only(support: Document, matched: set[str], config: Config) -> list[SupportOnly]:
    groups = _groups(support)
    result: list[SupportOnly] = []
    for key, entry in support_entries(support).items():
        if key in matched:
            continue
        rows = [
            (line.qualifier or ALL, line.value, line.span.start.line + 1) for line in entry.lines
        ]
        result.append(SupportOnly(groups.get(entry.title), entry.title, rows))
    return result


_STOPS = {
    Failure.HEADING_SKIP: "a heading skips a level",
    Failure.BLOCK_BEFORE: "a status block after a block the generator does not know",
    Failure.BAD_LINE: "a status line it cannot read",
    Failure.NO_HEADING: "a status before the first heading",
    Failure.DEFINITION_LIST: "a definition list it cannot read",
}


def xen_table(support: Document) -> XenTable:
    """The table Xen's generator makes of *support* (see :class:`XenTable`)."""
    reading = read_support(support)
    if reading.stops:
        stops = [(s.span.start.line + 1, _STOPS[s.kind]) for s in reading.stops]
        return XenTable([], [], stops)
    release: list[XenRow] = []
    rows: list[XenRow] = []
    for row in reading.rows:
        item = XenRow(row.key, list(row.titles), row.value, row.span.start.line + 1)
        (release if row.path[0] == RELEASE_SUPPORT else rows).append(item)
    return XenTable(release, rows, [])


def build(
    index: WorkspaceIndex,
    config: Config,
    *,
    only: Iterable[Path] | None = None,
    texts: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> Matrix:
    """The matrix of the (scanned) *index*; *only*: restrict features to these files/folders."""
    from featuredoc.workspace.files import UnreadableFile, read_text

    root = index.root
    support = index.support()
    entries = support_entries(support) if support is not None else {}
    wanted = [p.resolve() for p in only] if only else None
    features: list[Feature] = []
    matched: set[str] = set()
    for document in index.features():
        path = Path(document.path)
        if wanted is not None and not any(path == w or w in path.parents for w in wanted):
            continue
        match = match_entry(document, entries, config)
        own = document_name(document, config)
        if match.entry is not None:
            matched.add(fold(match.entry.title))
        text = (texts or {}).get(document.path)
        if text is None:
            try:
                text = read_text(path)
            except UnreadableFile:
                text = "\n".join(document.lines)
        features.append(
            Feature(
                title=own.text if own is not None else path.stem,
                path=_relative(document.path, root),
                entry=match.entry.title if match.entry else None,
                suggestion=match.suggestion,
                signoffs=[(s.name or s.raw, s.date) for s in document.signoffs],
                signoff_needed=any(
                    s.tier is not None and config.tier_set().needs_signoff(s.tier)
                    for s in real_statuses(document, config)
                ),
                problems=_problems(document, index, config, text),
                rows=_rows(document, match.entry, config),
            )
        )
    # What needs a decision first: disagreements, then by title.
    features.sort(key=lambda f: (not any(r.agreement == "disagree" for r in f.rows), fold(f.title)))
    support_only = _support_only(support, matched, config) if support is not None else []
    support_path = index.support_path() if support is not None else None
    return Matrix(
        root=str(root),
        support_path=_relative(str(support_path), root) if support_path else None,
        features=features,
        support_only=support_only,
        tiers=list(config.tier_set().tiers),
        generated=(today or dt.date.today()).isoformat(),
        xen=xen_table(support) if support is not None else None,
    )
