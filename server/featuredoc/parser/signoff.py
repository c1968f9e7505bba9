"""Security sign-offs, from the Basics table or the YAML metadata block."""

from __future__ import annotations

from typing import Any

from featuredoc.model.document import Document, SignOff
from featuredoc.model.text import Span, fold


def _split_signoff(raw: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None] | None:
    """``(name, email bounds, date bounds)`` of ``Name <email>, date``; None if not that shape.

    A single left-to-right scan: the regular expression this replaces
    backtracked exponentially on a run of spaces (``a`` + 500 spaces + ``<``
    took half a minute), and a sign-off row is contributed text.
    """
    n = len(raw)
    i = 0
    while i < n and raw[i].isspace():
        i += 1
    j = i
    while j < n and raw[j] not in "<>,":
        j += 1
    name = raw[i:j].rstrip()
    k = j
    email: tuple[int, int] | None = None
    if k < n and raw[k] == "<":
        close = k + 1
        while close < n and raw[close] not in "<>":
            close += 1
        if close >= n or raw[close] != ">":
            return None
        email = (k + 1, close)
        k = close + 1
    while k < n and raw[k].isspace():
        k += 1
    date: tuple[int, int] | None = None
    if k < n and raw[k] == ",":
        k += 1
        while k < n and raw[k].isspace():
            k += 1
        end = len(raw.rstrip())
        if end > k:
            if "\n" in raw[k:end]:
                return None
            date = (k, end)
        k = n
    if raw[k:].strip():
        return None
    return name, email, date


def parse_signoff(raw: str, span: Span, source: str) -> SignOff:
    """Split ``Name <email>, YYYY-MM-DD`` into its parts (any part may be missing)."""
    signoff = SignOff(raw=raw, span=span, source=source)
    parts = _split_signoff(raw)
    if parts is None:
        signoff.name = raw.strip()
        return signoff
    name, email, date = parts
    signoff.name = name
    signoff.email = raw[email[0] : email[1]] if email else None
    signoff.date = raw[date[0] : date[1]] if date else None
    line = span.start.line
    if span.start.line == span.end.line:
        base = span.start.column
        if email is not None:
            signoff.email_span = Span.on_line(line, base + email[0], base + email[1])
        if date is not None:
            signoff.date_span = Span.on_line(line, base + date[0], base + date[1])
    return signoff


def read_signoffs(doc: Document, field_name: str, metadata_key: str) -> list[SignOff]:
    found: list[SignOff] = []
    if doc.basics is not None:
        wanted = fold(field_name)
        for item in doc.basics.fields:
            if fold(item.key) == wanted:
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
        # ``security-signoff: Name <email>, date`` on the key line itself
        return _parse_at(entry, _value_span(doc, key_line, entry), span, "metadata")
    if not isinstance(entry, dict):
        return SignOff(raw=str(entry), span=span, source="metadata")
    by = entry.get("by")
    date = entry.get("date")
    raw = f"{by or ''}" + (f", {date}" if date is not None else "")
    by_text = str(by or "")
    by_line = _sub_key_line(doc, key_line, "by")
    by_span = _value_span(doc, by_line, by_text) if by_line is not None else None
    if by_line is not None:
        line = doc.lines[by_line]
        col = line.index("by:") + len("by:")
        start = col + len(line[col:]) - len(line[col:].lstrip())
        span = Span.on_line(by_line, min(start, len(line.rstrip())), len(line.rstrip()))
    signoff = _parse_at(by_text, by_span, span, "metadata")
    signoff.raw = raw
    signoff.date = None if date is None else str(date)
    date_line = _sub_key_line(doc, key_line, "date")
    if date_line is not None:
        line = doc.lines[date_line]
        col = line.index("date:") + len("date:")
        value_start = col + len(line[col:]) - len(line[col:].lstrip())
        signoff.date_span = Span.on_line(
            date_line, min(value_start, len(line.rstrip())), len(line.rstrip())
        )
    return signoff


def _sub_key_line(doc: Document, key_line: int, key: str) -> int | None:
    """The line of ``key:`` inside the metadata block, below *key_line*."""
    last = doc.metadata.span.end.line if doc.metadata else key_line
    for number in range(key_line + 1, min(last, len(doc.lines))):
        if doc.lines[number].strip().startswith(key + ":"):
            return number
    return None


def _value_span(doc: Document, number: int, value: str) -> Span | None:
    """Where *value* is written after the ``key:`` on line *number*, if it is verbatim.

    Quotes around a scalar are allowed; a value YAML rewrote (escapes,
    folded lines) has no exact place and gets ``None``.
    """
    line = doc.lines[number]
    colon = line.find(":")
    if colon < 0:
        return None
    rest = line[colon + 1 :]
    start = colon + 1 + len(rest) - len(rest.lstrip())
    written = line[start:].rstrip()
    if len(written) >= 2 and written[0] == written[-1] and written[0] in "'\"":
        start += 1
        written = written[1:-1]
    if written != value:
        return None
    return Span.on_line(number, start, start + len(value))


def _parse_at(value: str, where: Span | None, fallback: Span, source: str) -> SignOff:
    """Parse *value*; its part spans are exact only when *where* holds it verbatim."""
    if where is not None:
        return parse_signoff(value, where, source)
    signoff = parse_signoff(value, fallback, source)
    signoff.email_span = signoff.date_span = None
    return signoff
