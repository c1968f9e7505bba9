"""Status values of a feature document's Basics table, paired with architectures."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from featuredoc.model.config import Config
from featuredoc.model.document import Document, Field
from featuredoc.model.text import Span, fold
from featuredoc.model.tiers import Tier, strip_bold


@dataclass(slots=True)
class StatusValue:
    field: Field
    text: str  # the value without bold (or italic) markers
    span: Span  # the text itself, on the key's line
    bold: bool
    qualifier: str | None  # "x86" in "Status, x86: ..."
    architecture: str | None  # the Architecture row paired with this status
    tier: Tier | None  # the tier the value names (a qualifier may follow it: see TierSet.read)
    written: Span | None = None  # the value as written, markers included (default: span)
    italic: bool = False  # written ``_Tier_`` or ``*Tier*``

    @property
    def written_span(self) -> Span:
        return self.written if self.written is not None else self.span

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
        italic = False
        if not bold:
            inner, offset, italic = strip_italic(inner)
        line_no, base = item.value_span.start.line, item.value_span.start.column
        if item.continuation and not doc.lines[line_no][item.value_span.start.column :].strip():
            # the value starts on the next line: point there, never past that line's end
            cont = item.continuation[0][1]
            line_no, base = cont.start.line, cont.start.column
        start = base + offset
        end = min(start + len(inner), len(doc.lines[line_no]))
        span = Span.on_line(line_no, min(start, end), end)
        written_end = min(base + len(raw), len(doc.lines[line_no]))
        written = Span.on_line(line_no, min(base, written_end), written_end)
        architecture = None
        for other in fields[index + 1 :]:
            if _is_status_key(other.key)[0]:
                break
            if config.canonical_key(other.key) == "Architecture":
                architecture = other.value
                break
        # read as SUPPORT.md reads its values: a tier, with or without a qualifier
        reading = tiers.read(inner)
        values.append(
            StatusValue(
                item,
                inner,
                span,
                bold or (reading is not None and reading.bold),
                qualifier,
                architecture,
                reading.tier if reading is not None else None,
                written,
                italic,
            )
        )
    return values


_ITALIC = re.compile(r"^([*_])(?![*_\s])(.*?)(?<![*_\s])\1$", re.S)


def strip_italic(text: str) -> tuple[str, int, bool]:
    """Remove one pair of single ``*``/``_`` markers around *text* (``_Experimental_``).

    Returns the inner text, its offset in *text*, and whether it was italic.
    """
    m = _ITALIC.match(text)
    if m and m.group(2):
        return m.group(2), 1, True
    return text, 0, False


def _is_decoration(char: str) -> bool:
    """Emphasis markers, emoji, punctuation and space: anything but a letter or a digit."""
    return not char.isalnum()


@dataclass(frozen=True, slots=True)
class Undecorated:
    """A status value without the decoration around it and the emphasis markers in it."""

    text: str  # ``Supported, not security supported`` for ``**Supported**, not security supported``
    span: Span  # from the first to the last letter or digit of the value


def undecorated(status: StatusValue) -> Undecorated | None:
    """*status* without decoration (``✅ **Supported**`` → ``Supported``).

    ``None`` when the value has no decoration, or nothing but decoration.
    """
    text = status.text
    first = 0
    while first < len(text) and _is_decoration(text[first]):
        first += 1
    last = len(text)
    while last > first and _is_decoration(text[last - 1]):
        last -= 1
    if first == last:
        return None
    cleaned = " ".join(re.sub(r"[*_]+", "", text[first:last]).split())
    if cleaned == text:
        return None
    line, column = status.span.start.line, status.span.start.column
    return Undecorated(cleaned, Span.on_line(line, column + first, column + last))


def tier_inside(status: StatusValue, config: Config) -> tuple[Tier, Span] | None:
    """The one tier named inside the value at word boundaries, case-insensitively.

    ``**Supported** on x86 only`` names ``Supported``; ``None`` when the value
    names no tier, or several (a longer tier counts once: ``Supported, with
    caveats`` is not also ``Supported``).
    """
    text = status.text
    found: dict[str, tuple[Tier, int, int]] = {}
    taken: list[tuple[int, int]] = []
    for tier in sorted(config.tier_set().tiers, key=lambda t: len(t.name), reverse=True):
        for m in _tier_pattern(tier.name).finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            found.setdefault(tier.name, (tier, m.start(), m.end()))
    if len(found) != 1:
        return None
    tier, start, end = next(iter(found.values()))
    line, column = status.span.start.line, status.span.start.column
    return tier, Span.on_line(line, column + start, column + end)


@functools.lru_cache(maxsize=64)
def _tier_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
