"""Security sign-offs, from the Basics table or the YAML metadata block."""

from __future__ import annotations

import re
from typing import Any

from featuredoc.model import Document, SignOff
from featuredoc.text import Span

_SIGNOFF = re.compile(
    r"^\s*(?P<name>[^<>,]*?)\s*(?:<(?P<email>[^<>]*)>)?\s*(?:,\s*(?P<date>.*?))?\s*$"
)


def parse_signoff(raw: str, span: Span, source: str) -> SignOff:
    """Split ``Name <email>, YYYY-MM-DD`` into its parts (any part may be missing)."""
    signoff = SignOff(raw=raw, span=span, source=source)
    m = _SIGNOFF.match(raw)
    if not m:
        signoff.name = raw.strip()
        return signoff
    signoff.name = m.group("name") or ""
    signoff.email = m.group("email")
    signoff.date = m.group("date") or None
    line = span.start.line
    if span.start.line == span.end.line:
        base = span.start.column
        if m.group("email") is not None:
            signoff.email_span = Span.on_line(line, base + m.start("email"), base + m.end("email"))
        if m.group("date"):
            signoff.date_span = Span.on_line(line, base + m.start("date"), base + m.end("date"))
    return signoff


def read_signoffs(doc: Document, field_name: str, metadata_key: str) -> list[SignOff]:
    found: list[SignOff] = []
    if doc.basics is not None:
        wanted = " ".join(field_name.split()).lower()
        for item in doc.basics.fields:
            if " ".join(item.key.split()).lower() == wanted:
                found.append(parse_signoff(item.value, item.value_span, "basics"))
    meta = doc.metadata
    if meta is not None and isinstance(meta.data, dict) and metadata_key in meta.data:
        line = meta.key_lines.get(metadata_key, meta.span.start.line)
        entries: Any = meta.data[metadata_key]
        if not isinstance(entries, list):
            entries = [entries]
        for entry in entries:
            found.append(_from_metadata(doc, entry, line))
    return found


def _from_metadata(doc: Document, entry: Any, key_line: int) -> SignOff:  # noqa: ANN401
    text = doc.lines[key_line]
    span = Span.on_line(key_line, 0, len(text.rstrip()))
    if isinstance(entry, str):
        return parse_signoff(entry, span, "metadata")
    if not isinstance(entry, dict):
        return SignOff(raw=str(entry), span=span, source="metadata")
    by = entry.get("by")
    date = entry.get("date")
    raw = f"{by or ''}" + (f", {date}" if date is not None else "")
    signoff = parse_signoff(str(by or ""), span, "metadata")
    signoff.raw = raw
    signoff.date = None if date is None else str(date)
    # point at the lines holding by:/date: when they can be found
    last = doc.metadata.span.end.line if doc.metadata else key_line
    for number in range(key_line, last + 1):
        line = doc.lines[number]
        stripped = line.strip()
        for key in ("by", "date"):
            if stripped.startswith(key + ":"):
                col = line.index(key + ":") + len(key) + 1
                value_start = col + len(line[col:]) - len(line[col:].lstrip())
                value_span = Span.on_line(number, value_start, len(line.rstrip()))
                if key == "by":
                    signoff.span = value_span
                else:
                    signoff.date_span = value_span
    return signoff
