"""Completion candidates, computed from text alone (no LSP types)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from featuredoc.config import Config
from featuredoc.model import DocumentKind

_STATUS_PREFIX = re.compile(r"^(?P<lead>\s*)Status(?:,[^:]*)?:[ \t]*", re.I)


@dataclass(frozen=True, slots=True)
class Candidate:
    label: str
    documentation: str
    start: int  # code-point columns of the text the candidate replaces
    end: int
    new_text: str
    detail: str = ""
    sort: int = 0


def status_candidates(
    line: str, column: int, kind: DocumentKind, config: Config
) -> list[Candidate]:
    """Tiers to offer when the cursor is in the value of a ``Status:`` line."""
    m = _STATUS_PREFIX.match(line)
    if m is None or column < m.end():
        return []
    if kind is DocumentKind.SUPPORT and len(m.group("lead").expandtabs(4)) < 4:
        return []  # in SUPPORT.md only the indented fragments hold status lines
    value_start = m.end()
    region_end = len(line.rstrip())
    bold = line.startswith(("**", "__"), value_start)
    tiers = config.tier_set()
    labels = [
        (
            t.name,
            t.documentation(),
            "security supported" if t.security_supported else "not security supported",
        )
        for t in tiers.tiers
    ]
    if kind is DocumentKind.SUPPORT:
        labels += [(label, f"**{label}**", "") for label in tiers.support_extra_labels]
    if bold:
        marker = line[value_start : value_start + 2]
        start = value_start + 2
        close = line.find(marker, start)
        if close < 0 or close < column:
            end = max(column, region_end) if close < 0 else close
            suffix = marker if close < 0 else ""
        else:
            end, suffix = close, ""
        if column < start:
            return []
        make = lambda name: name + suffix  # noqa: E731
    else:
        start, end = value_start, max(column, region_end)
        if kind is DocumentKind.FEATURE:
            make = lambda name: f"**{name}**"  # noqa: E731
        else:
            make = lambda name: name  # noqa: E731
    return [
        Candidate(name, doc, start, end, make(name), detail, order)
        for order, (name, doc, detail) in enumerate(labels)
    ]
