"""Status values of a feature document's Basics table, paired with architectures."""

from __future__ import annotations

from dataclasses import dataclass

from featuredoc.model.config import Config
from featuredoc.model.document import Document, Field
from featuredoc.model.text import Span, fold
from featuredoc.model.tiers import Tier, strip_bold


@dataclass(slots=True)
class StatusValue:
    field: Field
    text: str  # the value without bold markers
    span: Span  # the text itself, on the key's line
    bold: bool
    qualifier: str | None  # "x86" in "Status, x86: ..."
    architecture: str | None  # the Architecture row paired with this status
    tier: Tier | None

    @property
    def is_placeholder(self) -> bool:
        """The template's own example row (``e.g. **Supported**/...``)."""
        return fold(self.field.value).startswith("e.g.")


def _is_status_key(key: str) -> tuple[bool, str | None]:
    base, _, qualifier = key.partition(",")
    if fold(base) != "status":
        return False, None
    return True, qualifier.strip() or None


def status_values(doc: Document, config: Config) -> list[StatusValue]:
    """Every Status row of the Basics table, in order."""
    if doc.basics is None:
        return []
    tiers = config.tier_set()
    values: list[StatusValue] = []
    fields = doc.basics.fields
    for index, item in enumerate(fields):
        is_status, qualifier = _is_status_key(item.key)
        if not is_status:
            continue
        line_value = item.value.split("\n")[0]
        first_line_end = item.value_span.start.column + len(
            doc.lines[item.value_span.start.line][item.value_span.start.column :].rstrip()
        )
        raw = doc.lines[item.value_span.start.line][item.value_span.start.column : first_line_end]
        if item.continuation:
            raw = line_value if not raw else raw
        inner, offset, bold = strip_bold(raw)
        line_no, start = item.value_span.start.line, item.value_span.start.column + offset
        if item.continuation and not doc.lines[line_no][item.value_span.start.column :].strip():
            # the value starts on the next line: point there, never past that line's end
            cont = item.continuation[0][1]
            line_no, start = cont.start.line, cont.start.column + offset
        end = min(start + len(inner), len(doc.lines[line_no]))
        span = Span.on_line(line_no, min(start, end), end)
        architecture = None
        for other in fields[index + 1 :]:
            if _is_status_key(other.key)[0]:
                break
            if config.canonical_key(other.key) == "Architecture":
                architecture = other.value
                break
        values.append(
            StatusValue(item, inner, span, bold, qualifier, architecture, tiers.lookup(inner))
        )
    return values
