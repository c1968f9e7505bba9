"""The support matrix: every feature × architecture, feature document against SUPPORT.md.

``featuredoc matrix [PATHS] [--format markdown|html|json] [--output FILE]``
builds the workspace index (:mod:`featuredoc.workspace.index`), pairs each status
of each feature document with the SUPPORT.md lines it is compared with (the
same pairing as FD602, :func:`featuredoc.analysis.crossdoc.paired_lines`) and renders
one row per feature and architecture: both statuses, whether they agree,
the security sign-off, and the document's open problems. SUPPORT.md
entries no feature document stands for follow in a second table, so the
page is the whole support statement.

:func:`build` is pure data (tested directly); the renderers only format it.
The HTML page is self-contained: inline CSS, no scripts, no external
resources, readable from a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

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
from featuredoc.cli.display import escape_text, raw_bytes, report_path, valid_text
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.findings import Severity
from featuredoc.model.text import fold, squash
from featuredoc.model.tiers import Tier
from featuredoc.workspace.index import WorkspaceIndex

FORMATS = ("markdown", "html", "json")
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


# ---- rendering ----------------------------------------------------------------------

_AGREEMENT_TEXT = {
    "agree": "agree",
    "disagree": "DISAGREE",
    "no document status": "only in SUPPORT.md",
    "no SUPPORT.md status": "not in SUPPORT.md",
    "no SUPPORT.md entry": "no SUPPORT.md entry",
    "no status": "no Status row",
}


def _signoff_text(feature: Feature) -> str:
    text = "; ".join(_md(f"{who}, {when}" if when else who) for who, when in feature.signoffs)
    return text or ("**missing**" if feature.signoff_needed else "not needed")


def _problems_text(problems: Problems) -> str:
    if not problems.errors and not problems.warnings:
        return "none"
    parts = []
    if problems.errors:
        parts.append(f"{problems.errors} error{'s' if problems.errors != 1 else ''}")
    if problems.warnings:
        parts.append(f"{problems.warnings} warning{'s' if problems.warnings != 1 else ''}")
    return ", ".join(parts) + f" ({', '.join(problems.codes)})"


_MD_SPECIAL = frozenset("\\`*_[]<>|&!")


def _md(text: str | None) -> str:
    """*text* as literal Markdown: no markup, no raw HTML, no table cell break."""
    if not text:
        return "—"
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in escape_text(text))


def href(link_base: str, path: str) -> str:
    """A link to *path* (relative to the root) from the page: relative, percent-encoded.

    Always starts with ``./`` or ``../``, so that no file name (``javascript:...``)
    can be read as a URL scheme.
    """
    target = quote(raw_bytes(link_base + path), safe="/")
    return target if target.startswith("../") else "./" + target


def render_markdown(matrix: Matrix, link_base: str = "") -> str:
    out = [
        "# Support matrix",
        "",
        f"Feature documents against {_md(matrix.support_path or 'SUPPORT.md')}, "
        f"{matrix.generated}. {len(matrix.features)} features, "
        f"{matrix.disagreements} disagreement(s).",
        "",
        "| Feature | Architecture | Feature document | SUPPORT.md | Agreement | Security sign-off "
        "| Open problems |",
        "|---|---|---|---|---|---|---|",
    ]
    for feature in matrix.features:
        link = f"[{_md(feature.title)}]({href(link_base, feature.path)})"
        for number, row in enumerate(feature.rows or [Row(ALL, None, None, None, "no status")]):
            first = number == 0
            agreement = _AGREEMENT_TEXT.get(row.agreement, row.agreement)
            if row.agreement == "disagree":
                agreement = f"**{agreement}**"
            out.append(
                "| "
                + " | ".join(
                    [
                        link if first else "",
                        _md(row.architecture),
                        _md(row.doc_status),
                        _md(row.support_status),
                        _md(agreement) if row.agreement != "disagree" else agreement,
                        _signoff_text(feature) if first else "",
                        _md(_problems_text(feature.problems)) if first else "",
                    ]
                )
                + " |"
            )
    if matrix.support_only:
        out += [
            "",
            "## SUPPORT.md entries without a feature document",
            "",
            "| Group | Entry | Architecture | SUPPORT.md |",
            "|---|---|---|---|",
        ]
        for item in matrix.support_only:
            for number, (arch, value, _line) in enumerate(item.rows):
                first = number == 0
                out.append(
                    f"| {_md(item.group) if first else ''} | {_md(item.title) if first else ''} "
                    f"| {_md(arch)} | {_md(value)} |"
                )
    out += _xen_markdown(matrix.xen, matrix.support_path or "SUPPORT.md")
    out += ["", "## Tiers", ""]
    for tier in matrix.tiers:
        security = "security supported" if tier.security_supported else "not security supported"
        out.append(f"- **{_md(tier.name)}** ({security}): {_md(tier.description)}")
    out.append("")
    return "\n".join(out)


def _xen_markdown(xen: XenTable | None, name: str) -> list[str]:
    if xen is None:
        return []
    out = ["", f"## {_md(name)} as Xen's support-matrix generator reads it", ""]
    if xen.stops:
        out.append(
            "Xen's generator stops at "
            + "; ".join(f"line {line} ({_md(why)})" for line, why in xen.stops)
            + ": it builds no matrix."
        )
        return out
    if xen.release:
        out += [f"- {_md(row.headings[-1])}: {_md(row.value)}" for row in xen.release]
        out.append("")
    out += ["| Section | Row | Status |", "|---|---|---|"]
    for row in xen.rows:
        out.append(
            f"| {_md(' / '.join(row.headings[:-1]))} | {_md(row.headings[-1])} | {_md(row.value)} |"
        )
    return out


def _xen_html(xen: XenTable | None, name: str) -> list[str]:
    if xen is None:
        return []
    out = [f"<h2>{name} as Xen's support-matrix generator reads it</h2>"]
    if xen.stops:
        where = "; ".join(f"line {line} ({_e(why)})" for line, why in xen.stops)
        out.append(f'<p class="note">Xen\'s generator stops at {where}: it builds no matrix.</p>')
        return out
    if xen.release:
        items = "".join(
            f"<li><b>{_e(row.headings[-1])}</b>: {_e(row.value)}</li>" for row in xen.release
        )
        out.append(f'<ul class="release">{items}</ul>')
    body = "".join(
        f'<tr id="xen-{_e(row.key)}"><td class="group">{_e(" / ".join(row.headings[:-1]))}</td>'
        f"<td>{_e(row.headings[-1])}</td><td>{_pill(row.value, _label(row.value), {})}</td></tr>"
        for row in xen.rows
    )
    out.append(
        "<table><thead><tr><th>Section</th><th>Row</th><th>Status</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    return out


def _valid(value: Any) -> Any:  # noqa: ANN401
    """JSON data with every string encodable (undecodable bytes of names escaped)."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, dict):
        return {key: _valid(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_valid(item) for item in value]
    return value


def render_json(matrix: Matrix) -> str:
    data = asdict(matrix)
    for feature in data["features"]:
        feature["path"] = report_path(feature["path"])
    data["tiers"] = [
        {
            "name": t.name,
            "security_supported": t.security_supported,
            "description": t.description,
        }
        for t in matrix.tiers
    ]
    data["disagreements"] = matrix.disagreements
    return json.dumps(_valid(data), indent=2, ensure_ascii=False) + "\n"


# Tier → CSS class; a value is coloured by the label it starts with.
_TIER_CLASS = {
    "supported": "t-supported",
    "supported, with caveats": "t-caveats",
    "supported, not security supported": "t-nosec",
    "supported, security support external": "t-external",
    "tech preview": "t-preview",
    "experimental": "t-experimental",
    "deprecated": "t-deprecated",
    "not supported": "t-none",
    "not implemented": "t-none",
    "not functional": "t-none",
}

_CSS = """
:root { --fg:#1d2329; --muted:#5b6670; --line:#d8dee4; --bg:#ffffff; --head:#f3f5f7; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 18px; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; background: var(--head); }
.summary b { font-size: 18px; display: block; }
.summary .bad b { color: #b42318; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; position: sticky; top: 0; z-index: 1; }
tbody.feature { border-top: 2px solid #aeb7c0; }
tr.disagree td { background: #fff1f0; }
td.feature a { font-weight: 600; color: #0b57d0; text-decoration: none; }
td.feature .entry, td.feature .path { display: block; color: var(--muted); font-size: 12px; }
.tier { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600;
  font-size: 13px; border: 1px solid transparent; white-space: nowrap; }
.tier.wide { white-space: normal; border-radius: 8px; }
tr.grouprow th { background: #e9edf1; font-size: 13px; text-transform: uppercase;
  letter-spacing: .04em; color: #3d4750; position: static; }
.t-supported { background: #d3f4dc; color: #0b5c22; border-color: #8fd6a3; }
.t-caveats { background: #e6f6d5; color: #3b5f10; border-color: #b5dd8c; }
.t-nosec { background: #dde9fb; color: #1c4587; border-color: #a9c4ef; }
.t-external { background: #e3f2f5; color: #175e6b; border-color: #a3d3dc; }
.t-preview { background: #fff1c9; color: #7a5300; border-color: #f0cf6f; }
.t-experimental { background: #ffe2cc; color: #8a3a00; border-color: #f3aa73; }
.t-deprecated { background: #ececec; color: #4a4a4a; border-color: #c9c9c9; }
.t-none { background: #f3e8ff; color: #5b2a86; border-color: #d2b5f0; }
.t-unknown { background: #ffd9d6; color: #8f1d14; border-color: #f2a29b; }
.missing { color: var(--muted); font-style: italic; }
.verdict { font-weight: 600; white-space: nowrap; }
.v-agree { color: #0b5c22; }
.v-disagree { color: #b42318; }
.v-missing { color: #7a5300; }
.shield { font-size: 12px; color: var(--muted); display: block; }
.problems { white-space: nowrap; }
.p-ok { color: #0b5c22; }
.p-err { color: #b42318; font-weight: 600; }
.p-warn { color: #7a5300; font-weight: 600; }
.codes { display: block; color: var(--muted); font-size: 12px; white-space: normal; }
.key { margin: -6px 0 14px; line-height: 2; }
.legend { display: grid; grid-template-columns: max-content 1fr max-content; gap: 6px 14px;
  align-items: baseline; max-width: 1100px; }
.legend .sec { white-space: nowrap; font-size: 13px; }
.note { max-width: 1100px; }
td.group { color: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media print { th { position: static; } body { padding: 0; } }
"""


def _e(text: str | None) -> str:
    return html.escape(escape_text(text or ""), quote=True)


def _tier_class(label: str | None, config_labels: dict[str, Tier]) -> str:
    if not label:
        return "t-unknown"
    cls = _TIER_CLASS.get(fold(label))
    if cls:
        return cls
    tier = config_labels.get(fold(label))
    if tier is not None:
        return "t-supported" if tier.security_supported else "t-preview"
    return "t-unknown"


def _pill(text: str | None, label: str | None, labels: dict[str, Tier]) -> str:
    if not text:
        return '<span class="missing">none</span>'
    wide = " wide" if len(text) > 32 else ""
    return f'<span class="tier {_tier_class(label, labels)}{wide}">{_e(text)}</span>'


def _label(value: str) -> str | None:
    """The known label a SUPPORT.md value starts with (for its colour)."""
    folded = fold(value)
    for candidate in sorted(_TIER_CLASS, key=len, reverse=True):
        if folded.startswith(candidate):
            return candidate
    return None


def _doc_label(text: str | None, labels: dict[str, Tier]) -> str | None:
    if text is None:
        return None
    return text if fold(text) in labels or fold(text) in _TIER_CLASS else None


def render_html(matrix: Matrix, link_base: str = "") -> str:
    labels = {fold(t.name): t for t in matrix.tiers}
    total_rows = sum(len(f.rows) for f in matrix.features)
    with_problems = sum(1 for f in matrix.features if f.problems.errors)
    unmatched = sum(1 for f in matrix.features if f.entry is None)
    bad = ' class="bad"'
    summary = [
        f"<li><b>{len(matrix.features)}</b>feature documents</li>",
        f"<li><b>{total_rows}</b>feature × architecture rows</li>",
        f"<li{bad if matrix.disagreements else ''}><b>{matrix.disagreements}</b>"
        + (
            '<a href="#disagreement-1">disagree with SUPPORT.md</a>'
            if matrix.disagreements
            else "disagree with SUPPORT.md"
        )
        + "</li>",
        f"<li{bad if unmatched else ''}><b>{unmatched}</b>without a SUPPORT.md entry</li>",
        f"<li{bad if with_problems else ''}><b>{with_problems}</b>with errors</li>",
        f"<li><b>{len(matrix.support_only)}</b>SUPPORT.md entries without a document</li>",
    ]
    body: list[str] = []
    disagreement = 0
    for feature in matrix.features:
        rows = feature.rows or [Row(ALL, None, None, None, "no status")]
        span = len(rows)
        body.append('<tbody class="feature">')
        for number, row in enumerate(rows):
            cls = ""
            if row.agreement == "disagree":
                disagreement += 1
                cls = f' class="disagree" id="disagreement-{disagreement}"'
            cells: list[str] = []
            if number == 0:
                entry = (
                    f'<span class="entry">SUPPORT.md: {_e(feature.entry)}</span>'
                    if feature.entry
                    else '<span class="entry">no SUPPORT.md entry'
                    + (f" (closest: {_e(feature.suggestion)})" if feature.suggestion else "")
                    + "</span>"
                )
                cells.append(
                    f'<td class="feature" rowspan="{span}">'
                    f'<a href="{_e(href(link_base, feature.path))}">{_e(feature.title)}</a>'
                    f'{entry}<span class="path">{_e(feature.path)}</span></td>'
                )
            cells.append(f"<td>{_e(row.architecture)}</td>")
            cells.append(
                f"<td>{_pill(row.doc_status, _doc_label(row.doc_status, labels), labels)}</td>"
            )
            cells.append(f"<td>{_pill(row.support_status, row.support_label, labels)}</td>")
            verdict = {
                "agree": '<span class="verdict v-agree">✓ agree</span>',
                "disagree": '<span class="verdict v-disagree">✗ disagree</span>',
            }.get(
                row.agreement,
                f'<span class="verdict v-missing">{_e(_AGREEMENT_TEXT.get(row.agreement, row.agreement))}</span>',
            )
            if row.security_supported is not None:
                shield = "security supported" if row.security_supported else "no security support"
                verdict += f'<span class="shield">{shield}</span>'
            cells.append(f"<td>{verdict}</td>")
            if number == 0:
                signoff = "<br>".join(
                    f"{_e(who)}" + (f'<span class="shield">{_e(when)}</span>' if when else "")
                    for who, when in feature.signoffs
                ) or (
                    '<span class="verdict v-disagree">missing</span>'
                    if feature.signoff_needed
                    else '<span class="missing">not needed</span>'
                )
                cells.append(f'<td rowspan="{span}">{signoff}</td>')
                p = feature.problems
                if not p.errors and not p.warnings:
                    problems = '<span class="p-ok">none</span>'
                else:
                    parts = []
                    if p.errors:
                        parts.append(
                            f'<span class="p-err">{p.errors} error{"s" if p.errors != 1 else ""}</span>'
                        )
                    if p.warnings:
                        parts.append(
                            f'<span class="p-warn">{p.warnings} warning{"s" if p.warnings != 1 else ""}</span>'
                        )
                    problems = (
                        ", ".join(parts) + f'<span class="codes">{_e(" ".join(p.codes))}</span>'
                    )
                cells.append(f'<td class="problems" rowspan="{span}">{problems}</td>')
            body.append(f"<tr{cls}>{''.join(cells)}</tr>")
        body.append("</tbody>")
    support_rows: list[str] = []
    group: str | None = None
    for item in matrix.support_only:
        if item.group != group or not support_rows:
            group = item.group
            support_rows.append(
                f'<tr class="grouprow"><th colspan="3">{_e(group or "Other")}</th></tr>'
            )
        span = len(item.rows)
        for number, (arch, value, _line) in enumerate(item.rows):
            cells = []
            if number == 0:
                cells.append(f'<td rowspan="{span}">{_e(item.title)}</td>')
            cells.append(f"<td>{_e(arch)}</td><td>{_pill(value, _label(value), labels)}</td>")
            support_rows.append(f"<tr>{''.join(cells)}</tr>")
    legend = []
    for tier in matrix.tiers:
        sec = "security supported" if tier.security_supported else "not security supported"
        legend.append(
            f"<div>{_pill(tier.name, tier.name, labels)}</div><div>{_e(tier.description)}</div>"
            f'<div class="sec">{sec}</div>'
        )
    support_name = _e(matrix.support_path or "SUPPORT.md")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Support matrix</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Support matrix</h1>",
        f'<p class="sub">Every feature document against {support_name}, per architecture '
        "(disagreements first, then by title). "
        f"Generated {matrix.generated} by <code>featuredoc matrix</code>.</p>",
        f'<ul class="summary">{"".join(summary)}</ul>',
        '<p class="key"><b>Security supported:</b> '
        + " ".join(_pill(t.name, t.name, labels) for t in matrix.tiers if t.security_supported)
        + " &nbsp; <b>Not security supported:</b> "
        + " ".join(_pill(t.name, t.name, labels) for t in matrix.tiers if not t.security_supported)
        + "</p>",
        "<table><thead><tr><th>Feature</th><th>Architecture</th><th>Feature document</th>"
        f"<th>{support_name}</th><th>Agreement</th><th>Security sign-off</th>"
        "<th>Open problems</th></tr></thead>",
        *body,
        "</table>",
    ]
    if support_rows:
        parts += [
            f"<h2>{support_name} entries without a feature document</h2>",
            "<table><thead><tr><th>Entry</th><th>Architecture</th>"
            f"<th>Status</th></tr></thead><tbody>{''.join(support_rows)}</tbody></table>",
        ]
    parts += _xen_html(matrix.xen, support_name)
    parts += [
        "<h2>Legend</h2>",
        '<p class="note"><b>Security supported</b> means the security team issues advisories '
        "(XSAs) for vulnerabilities in the feature: downstreams may rely on it in production. "
        "Moving a feature into a security-supported tier needs a security sign-off dated at "
        "the change. A value that is not a known tier is shown in red.</p>",
        f'<div class="legend">{"".join(legend)}</div>',
        "<footer>Agreement compares the tier each side names (a SUPPORT.md value is read by "
        "the label it starts with: <i>Supported up to 12 TiB</i> is Supported). Open problems "
        "count the errors and warnings <code>featuredoc check</code> reports for the "
        "document.</footer>",
        "</body></html>",
        "",
    ]
    return "\n".join(parts)


# ---- command line -------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="feature documents or folders to include (default: every one in the workspace)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the --output suffix, else markdown)",
    )
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write to FILE (default: standard output)"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file")
    parser.add_argument(
        "--no-config", action="store_true", help="ignore .featuredoc.yaml, use the defaults"
    )


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lower() if args.output else ""
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "markdown")


def run_matrix(args: argparse.Namespace) -> int:
    from featuredoc.cli.runner import replace_file, terminal_progress
    from featuredoc.workspace.config_file import load_for_run
    from featuredoc.workspace.files import find_root

    paths = [Path(p) for p in args.paths] or [Path(".")]
    root = find_root(paths[0])
    config = load_for_run(root, args.config, use_file=not args.no_config)
    index = WorkspaceIndex(root, config)
    index.scan(terminal_progress(sys.stderr))
    matrix = build(index, config, only=paths if args.paths else None)
    fmt = _format(args)
    link_base = ""
    if args.output is not None:
        out_dir = args.output.resolve().parent
        link_base = os.path.relpath(root, out_dir).replace(os.sep, "/") + "/"
        if link_base == "./":
            link_base = ""
    text = {
        "html": lambda: render_html(matrix, link_base),
        "json": lambda: render_json(matrix),
    }.get(fmt, lambda: render_markdown(matrix, link_base))()
    for problem in index.problems:
        print(f"featuredoc: warning: {escape_text(problem)}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:  # all or nothing: an error never leaves an empty or half-written page
        replace_file(args.output, text.encode("utf-8"))
    except OSError as exc:
        shown = escape_text(str(args.output))
        print(f"featuredoc matrix: error: {shown}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


__all__ = [
    "Matrix",
    "Row",
    "XenRow",
    "XenTable",
    "build",
    "render_html",
    "render_json",
    "render_markdown",
    "run_matrix",
    "xen_table",
]
