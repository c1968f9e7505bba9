"""The support matrix of several releases rendered as HTML, Markdown and JSON.

The data comes from :mod:`featuredoc.cli.release_matrix`. Each marks a cell
whose status differs from the column to its left (the nearest column Xen's
generator reads): HTML gives it the class ``changed`` and a ``title``
saying what it was, Markdown puts :data:`CHANGED` before it and explains
the marker under the table, JSON sets ``changed`` (with ``was`` and
``since``). A column Xen's generator cannot read is empty, and its
findings are listed under the table.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from featuredoc.analysis.support_reading import plain_text
from featuredoc.cli.matrix_build import RELEASE_SUPPORT
from featuredoc.cli.matrix_html import e, page_head, pill, tier_key, tier_legend, value_label
from featuredoc.cli.matrix_render import json_ready, md
from featuredoc.cli.release_matrix import MISSING, READS, STOPS, Cell, Column, ReleaseMatrix
from featuredoc.model.config import Config
from featuredoc.model.text import fold

#: The Markdown marker of a changed cell.
CHANGED = "Δ"

_STATE_TEXT = {
    READS: "read",
    STOPS: "Xen's generator stops on it",
    MISSING: "no SUPPORT.md",
}


def _short(commit: str | None) -> str:
    return commit[:12] if commit else "—"


def _findings_text(column: Column) -> str:
    count = len(column.findings)
    return f"{count} finding{'s' if count != 1 else ''}" if count else "none"


def _change_title(cell: Cell) -> str:
    if cell.value is None:
        return f"removed since {cell.since} (was {cell.was})"
    if cell.was is None:
        return f"new since {cell.since}"
    return f"changed since {cell.since}: was {cell.was}"


# ---- Markdown -------------------------------------------------------------------------------


def _md_cell(cell: Cell, column: Column) -> str:
    if column.state != READS:
        return ""
    text = md(cell.value)  # "—" for no value
    return f"{CHANGED} {text}" if cell.changed else text


def _md_columns(matrix: ReleaseMatrix) -> list[str]:
    out = [
        "| Revision | Xen-Version | Commit | Date | SUPPORT.md | Findings |",
        "|---|---|---|---|---|---|",
    ]
    for c in matrix.columns:
        out.append(
            f"| {md(c.name)} | {md(c.version)} | {_short(c.commit)} | {md(c.date)} "
            f"| {md(_STATE_TEXT[c.state])} | {_findings_text(c)} |"
        )
    return out


def _md_table(matrix: ReleaseMatrix) -> list[str]:
    names = " | ".join(md(c.name) for c in matrix.columns)
    out = [
        f"| Section | Entry | Architecture | {names} |",
        "|---|---|---|" + "---|" * len(matrix.columns),
    ]
    section: list[str] | None = None
    entry: tuple[list[str], str] | None = None
    for row in matrix.rows:
        new_section, new_entry = row.sections != section, (row.sections, row.entry) != entry
        section, entry = row.sections, (row.sections, row.entry)
        cells = " | ".join(
            _md_cell(cell, c) for cell, c in zip(row.cells, matrix.columns, strict=True)
        )
        out.append(
            f"| {md(' / '.join(row.sections)) if new_section else ''} "
            f"| {md(row.entry) if new_entry else ''} "
            f"| {md(row.qualifier) if row.qualifier else ''} | {cells} |"
        )
    return out


def _md_findings(matrix: ReleaseMatrix) -> list[str]:
    out: list[str] = []
    for column in matrix.columns:
        if not column.findings:
            continue
        out += ["", f"### {md(column.name)}", ""]
        out += [f"- line {f.line}: {f.code} {f.severity}: {md(f.message)}" for f in column.findings]
    return ["", "## Findings", *out] if out else []


def render_markdown(matrix: ReleaseMatrix) -> str:
    names = ", ".join(md(c.name) for c in matrix.columns)
    out = [
        "# Support matrix of the releases",
        "",
        f"{md(matrix.support_path)} at {names}, as Xen's support-matrix generator reads it; "
        f"generated {matrix.generated}. {len(matrix.rows)} rows, "
        f"{matrix.changes} change(s) between neighbouring columns.",
        "",
        *_md_columns(matrix),
        "",
        *_md_table(matrix),
        "",
        f"{CHANGED}: the status differs from the column to its left (the nearest column "
        "Xen's generator reads); — : no such row in that release; an empty column: Xen's "
        "generator cannot read that release's SUPPORT.md (see the findings) or there is none.",
        *_md_findings(matrix),
        "",
    ]
    return "\n".join(out)


# ---- JSON -----------------------------------------------------------------------------------


def render_json(matrix: ReleaseMatrix) -> str:
    data = {
        "root": matrix.root,
        "support_path": matrix.support_path,
        "generated": matrix.generated,
        "tags": matrix.tags,
        "columns": [asdict(c) for c in matrix.columns],
        "rows": [
            {
                "key": row.key,
                "sections": row.sections,
                "entry": row.entry,
                "qualifier": row.qualifier,
                "cells": [
                    {
                        "value": c.value,
                        "line": c.line,
                        "changed": c.changed,
                        "was": c.was,
                        "since": c.since,
                    }
                    for c in row.cells
                ],
            }
            for row in matrix.rows
        ],
        "changes": matrix.changes,
    }
    return json.dumps(json_ready(data), indent=2, ensure_ascii=False) + "\n"


# ---- HTML -----------------------------------------------------------------------------------

_CSS = """
th.rev { white-space: nowrap; }
th.rev .meta { display: block; font-weight: 400; color: var(--muted); font-size: 12px; }
th.rev.stops, td.stops { background: #fff1f0; }
th.rev.missing, td.missing-col { background: #f3f5f7; }
td.changed { box-shadow: inset 3px 0 0 #b42318; background: #fff8e6; }
td.changed::before { content: "Δ "; color: #b42318; font-weight: 600; }
td.qualifier { color: var(--muted); }
ul.findings { margin: 4px 0 12px; }
"""


def _column_head(column: Column) -> str:
    cls = {STOPS: " stops", MISSING: " missing"}.get(column.state, "")
    meta = [column.version or "", (column.date or "")[:10], _STATE_TEXT[column.state]]
    if column.state == READS:
        meta.pop()
    shown = "".join(f'<span class="meta">{e(m)}</span>' for m in meta if m)
    link = f' <a href="#findings-{e(column.name)}">findings</a>' if column.findings else ""
    return (
        f'<th class="rev{cls}" title="{e(column.commit or "")}">{e(column.name)}{shown}{link}</th>'
    )


def _html_cell(cell: Cell, column: Column, release: bool) -> str:
    """A status as a tier-coloured pill; a Release Support value (a date, a link) as text."""
    if column.state == STOPS:
        return '<td class="stops"></td>'
    if column.state == MISSING:
        return '<td class="missing-col"></td>'
    changed = f' class="changed" title="{e(_change_title(cell))}"' if cell.changed else ""
    if cell.value is None:
        return f'<td{changed}><span class="missing">—</span></td>'
    if release:
        return f"<td{changed}>{e(plain_text(cell.value))}</td>"
    return f"<td{changed}>{pill(cell.value, value_label(cell.value), {})}</td>"


def _html_rows(matrix: ReleaseMatrix) -> list[str]:
    width = 2 + len(matrix.columns)
    out: list[str] = []
    group: list[str] | None = None
    for row in matrix.rows:
        if row.sections != group:
            group = row.sections
            out.append(
                f'<tr class="grouprow"><th colspan="{width}">{e(" / ".join(group))}</th></tr>'
            )
        release = row.key.startswith(f"{RELEASE_SUPPORT}--")
        cells = "".join(
            _html_cell(cell, c, release) for cell, c in zip(row.cells, matrix.columns, strict=True)
        )
        qualifier = f'<td class="qualifier">{e(row.qualifier or "")}</td>'
        out.append(f'<tr id="rel-{e(row.key)}"><td>{e(row.entry)}</td>{qualifier}{cells}</tr>')
    return out


def _html_findings(matrix: ReleaseMatrix) -> list[str]:
    out: list[str] = []
    for column in matrix.columns:
        if not column.findings:
            continue
        items = "".join(
            f"<li>line {f.line}: <b>{e(f.code)}</b> {e(f.severity)}: {e(f.message)}</li>"
            for f in column.findings
        )
        out.append(f'<h3 id="findings-{e(column.name)}">{e(column.name)}</h3>')
        out.append(f'<ul class="findings">{items}</ul>')
    return ["<h2>Findings</h2>", *out] if out else []


def _html_sources(matrix: ReleaseMatrix) -> list[str]:
    rows = "".join(
        f"<tr><td>{e(c.name)}</td><td>{e(c.version or '')}</td><td><code>{e(c.date or '')}"
        f"</code></td><td><code>{e(c.commit or '')}</code></td><td>{e(_STATE_TEXT[c.state])}"
        "</td></tr>"
        for c in matrix.columns
    )
    return [
        "<h2>Source materials</h2>",
        "<table><thead><tr><th>Revision</th><th>Xen-Version</th><th>Commit date</th>"
        f"<th>Git commit</th><th>SUPPORT.md</th></tr></thead><tbody>{rows}</tbody></table>",
    ]


def render_html(matrix: ReleaseMatrix, config: Config | None = None) -> str:
    tiers = list((config or Config()).tier_set().tiers)
    labels = {fold(t.name): t for t in tiers}
    heads = "".join(_column_head(c) for c in matrix.columns)
    parts = [
        *page_head("Support matrix of the releases", _CSS),
        f'<p class="sub">{e(matrix.support_path)} at each revision, as Xen\'s support-matrix '
        f"generator reads it: {len(matrix.rows)} rows, {matrix.changes} change(s) between "
        f"neighbouring columns (marked Δ; hover for the earlier status). Generated "
        f"{e(matrix.generated)} by <code>featuredoc matrix --releases</code>.</p>",
        tier_key(tiers, labels),
        f"<table><thead><tr><th>Entry</th><th>Architecture</th>{heads}</tr></thead><tbody>",
        *_html_rows(matrix),
        "</tbody></table>",
        *_html_findings(matrix),
        *_html_sources(matrix),
        *tier_legend(tiers, labels),
        "</body></html>",
        "",
    ]
    return "\n".join(parts)
