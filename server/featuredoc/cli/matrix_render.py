"""The support matrix rendered as Markdown and as JSON, and the escaping both use.

The data comes from :mod:`featuredoc.cli.matrix_build`; the HTML page is
:mod:`featuredoc.cli.matrix_html`. Text from the documents is always
escaped: :func:`md` makes it literal Markdown (no markup, no raw HTML, no
table cell break), :func:`json_ready` makes every string encodable.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from featuredoc.cli.display import escape_text, raw_bytes, report_path, valid_text
from featuredoc.cli.matrix_build import ALL, Feature, Matrix, Problems, Row, XenTable

AGREEMENT_TEXT = {
    "agree": "agree",
    "disagree": "DISAGREE",
    "no document status": "only in SUPPORT.md",
    "no SUPPORT.md status": "not in SUPPORT.md",
    "no SUPPORT.md entry": "no SUPPORT.md entry",
    "no status": "no Status row",
}


def _signoff_text(feature: Feature) -> str:
    text = "; ".join(md(f"{who}, {when}" if when else who) for who, when in feature.signoffs)
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


def md(text: str | None) -> str:
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
        f"Feature documents against {md(matrix.support_path or 'SUPPORT.md')}, "
        f"{matrix.generated}. {len(matrix.features)} features, "
        f"{matrix.disagreements} disagreement(s).",
        "",
        "| Feature | Architecture | Feature document | SUPPORT.md | Agreement | Security sign-off "
        "| Open problems |",
        "|---|---|---|---|---|---|---|",
    ]
    for feature in matrix.features:
        link = f"[{md(feature.title)}]({href(link_base, feature.path)})"
        for number, row in enumerate(feature.rows or [Row(ALL, None, None, None, "no status")]):
            first = number == 0
            agreement = AGREEMENT_TEXT.get(row.agreement, row.agreement)
            if row.agreement == "disagree":
                agreement = f"**{agreement}**"
            out.append(
                "| "
                + " | ".join(
                    [
                        link if first else "",
                        md(row.architecture),
                        md(row.doc_status),
                        md(row.support_status),
                        md(agreement) if row.agreement != "disagree" else agreement,
                        _signoff_text(feature) if first else "",
                        md(_problems_text(feature.problems)) if first else "",
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
                    f"| {md(item.group) if first else ''} | {md(item.title) if first else ''} "
                    f"| {md(arch)} | {md(value)} |"
                )
    out += _xen_markdown(matrix.xen, matrix.support_path or "SUPPORT.md")
    out += ["", "## Tiers", ""]
    for tier in matrix.tiers:
        security = "security supported" if tier.security_supported else "not security supported"
        out.append(f"- **{md(tier.name)}** ({security}): {md(tier.description)}")
    out.append("")
    return "\n".join(out)


def _xen_markdown(xen: XenTable | None, name: str) -> list[str]:
    if xen is None:
        return []
    out = ["", f"## {md(name)} as Xen's support-matrix generator reads it", ""]
    if xen.stops:
        out.append(
            "Xen's generator stops at "
            + "; ".join(f"line {line} ({md(why)})" for line, why in xen.stops)
            + ": it builds no matrix."
        )
        return out
    if xen.release:
        out += [f"- {md(row.headings[-1])}: {md(row.value)}" for row in xen.release]
        out.append("")
    out += ["| Section | Row | Status |", "|---|---|---|"]
    for row in xen.rows:
        out.append(
            f"| {md(' / '.join(row.headings[:-1]))} | {md(row.headings[-1])} | {md(row.value)} |"
        )
    return out


def json_ready(value: Any) -> Any:  # noqa: ANN401
    """JSON data with every string encodable (undecodable bytes of names escaped)."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
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
    return json.dumps(json_ready(data), indent=2, ensure_ascii=False) + "\n"
