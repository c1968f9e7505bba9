"""The support matrix as one self-contained HTML page.

The data comes from :mod:`featuredoc.cli.matrix_build`. The page has inline
CSS, no scripts and no external resources, so a browser reads it from a
file; every text from the documents is escaped (:func:`e`). The tier
colours (:func:`pill`) and the style sheet (:data:`CSS`) are shared with the
release matrix (:mod:`featuredoc.cli.release_matrix_render`).
"""

from __future__ import annotations

import html

from featuredoc.cli.display import escape_text
from featuredoc.cli.matrix_build import ALL, Feature, Matrix, Problems, Row, XenTable
from featuredoc.cli.matrix_render import AGREEMENT_TEXT, href
from featuredoc.model.text import fold
from featuredoc.model.tiers import Tier

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

CSS = """
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


def e(text: str | None) -> str:
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


def pill(text: str | None, label: str | None, labels: dict[str, Tier]) -> str:
    if not text:
        return '<span class="missing">none</span>'
    wide = " wide" if len(text) > 32 else ""
    return f'<span class="tier {_tier_class(label, labels)}{wide}">{e(text)}</span>'


def value_label(value: str) -> str | None:
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


def _xen_html(xen: XenTable | None, name: str) -> list[str]:
    if xen is None:
        return []
    out = [f"<h2>{name} as Xen's support-matrix generator reads it</h2>"]
    if xen.stops:
        where = "; ".join(f"line {line} ({e(why)})" for line, why in xen.stops)
        out.append(f'<p class="note">Xen\'s generator stops at {where}: it builds no matrix.</p>')
        return out
    if xen.release:
        items = "".join(
            f"<li><b>{e(row.headings[-1])}</b>: {e(row.value)}</li>" for row in xen.release
        )
        out.append(f'<ul class="release">{items}</ul>')
    body = "".join(
        f'<tr id="xen-{e(row.key)}"><td class="group">{e(" / ".join(row.headings[:-1]))}</td>'
        f"<td>{e(row.headings[-1])}</td><td>{pill(row.value, value_label(row.value), {})}</td></tr>"
        for row in xen.rows
    )
    out.append(
        "<table><thead><tr><th>Section</th><th>Row</th><th>Status</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    return out


_VERDICT = {
    "agree": '<span class="verdict v-agree">✓ agree</span>',
    "disagree": '<span class="verdict v-disagree">✗ disagree</span>',
}


def _summary(matrix: Matrix) -> str:
    total_rows = sum(len(f.rows) for f in matrix.features)
    with_problems = sum(1 for f in matrix.features if f.problems.errors)
    unmatched = sum(1 for f in matrix.features if f.entry is None)
    bad = ' class="bad"'
    disagree = (
        '<a href="#disagreement-1">disagree with SUPPORT.md</a>'
        if matrix.disagreements
        else "disagree with SUPPORT.md"
    )
    items = [
        f"<li><b>{len(matrix.features)}</b>feature documents</li>",
        f"<li><b>{total_rows}</b>feature × architecture rows</li>",
        f"<li{bad if matrix.disagreements else ''}><b>{matrix.disagreements}</b>{disagree}</li>",
        f"<li{bad if unmatched else ''}><b>{unmatched}</b>without a SUPPORT.md entry</li>",
        f"<li{bad if with_problems else ''}><b>{with_problems}</b>with errors</li>",
        f"<li><b>{len(matrix.support_only)}</b>SUPPORT.md entries without a document</li>",
    ]
    return f'<ul class="summary">{"".join(items)}</ul>'


def _feature_cell(feature: Feature, span: int, link_base: str) -> str:
    if feature.entry:
        entry = f'<span class="entry">SUPPORT.md: {e(feature.entry)}</span>'
    else:
        closest = f" (closest: {e(feature.suggestion)})" if feature.suggestion else ""
        entry = f'<span class="entry">no SUPPORT.md entry{closest}</span>'
    return (
        f'<td class="feature" rowspan="{span}">'
        f'<a href="{e(href(link_base, feature.path))}">{e(feature.title)}</a>'
        f'{entry}<span class="path">{e(feature.path)}</span></td>'
    )


def _verdict_cell(row: Row) -> str:
    verdict = _VERDICT.get(
        row.agreement,
        f'<span class="verdict v-missing">{e(AGREEMENT_TEXT.get(row.agreement, row.agreement))}'
        "</span>",
    )
    if row.security_supported is not None:
        shield = "security supported" if row.security_supported else "no security support"
        verdict += f'<span class="shield">{shield}</span>'
    return f"<td>{verdict}</td>"


def _signoff_cell(feature: Feature, span: int) -> str:
    signoff = "<br>".join(
        f"{e(who)}" + (f'<span class="shield">{e(when)}</span>' if when else "")
        for who, when in feature.signoffs
    ) or (
        '<span class="verdict v-disagree">missing</span>'
        if feature.signoff_needed
        else '<span class="missing">not needed</span>'
    )
    return f'<td rowspan="{span}">{signoff}</td>'


def _plural(count: int, what: str) -> str:
    return f"{count} {what}{'s' if count != 1 else ''}"


def _problems_cell(p: Problems, span: int) -> str:
    if not p.errors and not p.warnings:
        problems = '<span class="p-ok">none</span>'
    else:
        parts = []
        if p.errors:
            parts.append(f'<span class="p-err">{_plural(p.errors, "error")}</span>')
        if p.warnings:
            parts.append(f'<span class="p-warn">{_plural(p.warnings, "warning")}</span>')
        problems = ", ".join(parts) + f'<span class="codes">{e(" ".join(p.codes))}</span>'
    return f'<td class="problems" rowspan="{span}">{problems}</td>'


def _feature_body(
    feature: Feature, labels: dict[str, Tier], link_base: str, disagreement: int
) -> tuple[list[str], int]:
    """The ``<tbody>`` of *feature*, and the number of the last disagreement so far."""
    rows = feature.rows or [Row(ALL, None, None, None, "no status")]
    span = len(rows)
    body = ['<tbody class="feature">']
    for number, row in enumerate(rows):
        cls = ""
        if row.agreement == "disagree":
            disagreement += 1
            cls = f' class="disagree" id="disagreement-{disagreement}"'
        cells: list[str] = []
        if number == 0:
            cells.append(_feature_cell(feature, span, link_base))
        cells.append(f"<td>{e(row.architecture)}</td>")
        doc_label = _doc_label(row.doc_status, labels)
        cells.append(f"<td>{pill(row.doc_status, doc_label, labels)}</td>")
        cells.append(f"<td>{pill(row.support_status, row.support_label, labels)}</td>")
        cells.append(_verdict_cell(row))
        if number == 0:
            cells.append(_signoff_cell(feature, span))
            cells.append(_problems_cell(feature.problems, span))
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    body.append("</tbody>")
    return body, disagreement


def _support_only(matrix: Matrix, labels: dict[str, Tier]) -> list[str]:
    rows: list[str] = []
    group: str | None = None
    for item in matrix.support_only:
        if item.group != group or not rows:
            group = item.group
            rows.append(f'<tr class="grouprow"><th colspan="3">{e(group or "Other")}</th></tr>')
        span = len(item.rows)
        for number, (arch, value, _line) in enumerate(item.rows):
            first = f'<td rowspan="{span}">{e(item.title)}</td>' if number == 0 else ""
            rows.append(
                f"<tr>{first}<td>{e(arch)}</td><td>{pill(value, value_label(value), labels)}</td></tr>"
            )
    return rows


def tier_key(tiers: list[Tier], labels: dict[str, Tier]) -> str:
    """The line naming which tiers are security supported."""
    return (
        '<p class="key"><b>Security supported:</b> '
        + " ".join(pill(t.name, t.name, labels) for t in tiers if t.security_supported)
        + " &nbsp; <b>Not security supported:</b> "
        + " ".join(pill(t.name, t.name, labels) for t in tiers if not t.security_supported)
        + "</p>"
    )


def tier_legend(tiers: list[Tier], labels: dict[str, Tier]) -> list[str]:
    """The legend: every tier, what it means and whether it is security supported."""
    legend = []
    for tier in tiers:
        sec = "security supported" if tier.security_supported else "not security supported"
        legend.append(
            f"<div>{pill(tier.name, tier.name, labels)}</div><div>{e(tier.description)}</div>"
            f'<div class="sec">{sec}</div>'
        )
    return [
        "<h2>Legend</h2>",
        '<p class="note"><b>Security supported</b> means the security team issues advisories '
        "(XSAs) for vulnerabilities in the feature: downstreams may rely on it in production. "
        "Moving a feature into a security-supported tier needs a security sign-off dated at "
        "the change. A value that is not a known tier is shown in red.</p>",
        f'<div class="legend">{"".join(legend)}</div>',
    ]


def page_head(title: str, extra_css: str = "") -> list[str]:
    """The page's opening: the document head with the style sheet, and the title."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}{extra_css}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]


def _features_table(matrix: Matrix, labels: dict[str, Tier], link_base: str) -> list[str]:
    support_name = e(matrix.support_path or "SUPPORT.md")
    out = [
        "<table><thead><tr><th>Feature</th><th>Architecture</th><th>Feature document</th>"
        f"<th>{support_name}</th><th>Agreement</th><th>Security sign-off</th>"
        "<th>Open problems</th></tr></thead>",
    ]
    disagreement = 0
    for feature in matrix.features:
        body, disagreement = _feature_body(feature, labels, link_base, disagreement)
        out += body
    out.append("</table>")
    support_rows = _support_only(matrix, labels)
    if support_rows:
        out += [
            f"<h2>{support_name} entries without a feature document</h2>",
            "<table><thead><tr><th>Entry</th><th>Architecture</th>"
            f"<th>Status</th></tr></thead><tbody>{''.join(support_rows)}</tbody></table>",
        ]
    return out


def render_html(matrix: Matrix, link_base: str = "") -> str:
    labels = {fold(t.name): t for t in matrix.tiers}
    support_name = e(matrix.support_path or "SUPPORT.md")
    parts = [
        *page_head("Support matrix"),
        f'<p class="sub">Every feature document against {support_name}, per architecture '
        "(disagreements first, then by title). "
        f"Generated {matrix.generated} by <code>featuredoc matrix</code>.</p>",
        _summary(matrix),
        tier_key(matrix.tiers, labels),
        *_features_table(matrix, labels, link_base),
        *_xen_html(matrix.xen, support_name),
        *tier_legend(matrix.tiers, labels),
        "<footer>Agreement compares the tier each side names (a SUPPORT.md value is read by "
        "the label it starts with: <i>Supported up to 12 TiB</i> is Supported). Open problems "
        "count the errors and warnings <code>featuredoc check</code> reports for the "
        "document.</footer>",
        "</body></html>",
        "",
    ]
    return "\n".join(parts)
