"""Status changes between a document (a feature document or SUPPORT.md) and its base revision."""

from __future__ import annotations

from dataclasses import dataclass

from featuredoc.analysis.status import StatusValue, status_values
from featuredoc.model.config import Config
from featuredoc.model.document import Document, HistoryRow, StatusLine
from featuredoc.model.text import fold, squash


@dataclass(slots=True)
class Change:
    current: StatusValue
    before: StatusValue | None  # None: no status for this architecture at the base


def _arch(status: StatusValue) -> str:
    return fold(status.qualifier or status.architecture or "")


def status_changes(current: Document, base: Document | None, config: Config) -> list[Change]:
    """Status rows whose tier differs from the base (paired by architecture)."""
    now = [s for s in status_values(current, config) if not s.is_placeholder]
    before = (
        [] if base is None else [s for s in status_values(base, config) if not s.is_placeholder]
    )
    by_arch = {_arch(s): s for s in before}
    changes: list[Change] = []
    for index, status in enumerate(now):
        old = by_arch.get(_arch(status))
        if old is None and len(before) == len(now):
            old = before[index]
        if old is None or old.text != status.text:
            changes.append(Change(status, old))
    return changes


def new_history_rows(current: Document, base: Document | None) -> list[HistoryRow]:
    rows = current.history.rows if current.history else []
    if base is None or base.history is None:
        return list(rows)
    known = {(r.date, r.revision) for r in base.history.rows}
    return [r for r in rows if (r.date, r.revision) not in known]


@dataclass(slots=True)
class SupportChange:
    """A SUPPORT.md status line whose value differs from the base revision."""

    current: StatusLine
    before: StatusLine | None  # None: no such line (entry and qualifier) at the base


def _line_key(line: StatusLine) -> tuple[str, str]:
    return fold(line.section or ""), fold(line.qualifier or "")


def support_changes(current: Document, base: Document | None) -> list[SupportChange]:
    """SUPPORT.md status lines whose value differs from the base (paired by entry and qualifier).

    Lines of one entry with the same qualifier pair in order.
    """
    before: dict[tuple[str, str], list[StatusLine]] = {}
    for line in base.status_lines if base is not None else []:
        before.setdefault(_line_key(line), []).append(line)
    seen: dict[tuple[str, str], int] = {}
    changes: list[SupportChange] = []
    for line in current.status_lines:
        if line.section is None:
            continue
        key = _line_key(line)
        number = seen.get(key, 0)
        seen[key] = number + 1
        olds = before.get(key, [])
        old = olds[number] if number < len(olds) else None
        if old is None or squash(old.value) != squash(line.value):
            changes.append(SupportChange(line, old))
    return changes
