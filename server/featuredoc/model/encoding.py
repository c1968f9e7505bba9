"""A file's bytes as text: UTF-8, with the bytes that are not UTF-8 located, never lost.

A document saved in a legacy encoding (a Latin-1 ``®`` in an otherwise
ASCII file) must not stop a check: :func:`decode_utf8` replaces each byte
that is not part of a valid UTF-8 sequence by U+FFFD (one replacement
character per byte, so the text keeps one character per bad byte) and
records where each run of such bytes is, for FD904. Positions are lines
and code-point columns of the decoded text, as everywhere in the model, so
an editor that shows the file with replacement characters underlines the
right one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from featuredoc.model.text import Span, split_lines

BOM = b"\xef\xbb\xbf"
REPLACEMENT = "\ufffd"
#: At most this many runs of bad bytes are recorded per file (the rest are counted).
MAX_RECORDED = 100

# ``surrogateescape`` turns each byte that is not UTF-8 into one lone
# surrogate U+DC80..U+DCFF; valid text never decodes to one.
_ESCAPED = re.compile("[\udc80-\udcff]+")


@dataclass(frozen=True, slots=True)
class Undecodable:
    """A run of consecutive bytes that are not UTF-8, where the decoded text shows them."""

    line: int  # 0-based
    column: int  # 0-based code points: the first replacement character
    raw: bytes  # the bytes; each is one U+FFFD in the text

    @property
    def span(self) -> Span:
        return Span.on_line(self.line, self.column, self.column + len(self.raw))


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The text of a file and what decoding it had to replace."""

    text: str
    #: The first :data:`MAX_RECORDED` runs of bytes that are not UTF-8, in order.
    undecodable: tuple[Undecodable, ...] = ()
    #: How many runs there are in all (more than ``len(undecodable)`` when capped).
    undecodable_count: int = 0
    #: Whether the bytes started with a UTF-8 byte-order mark (not part of ``text``).
    bom: bool = False

    @property
    def lossy(self) -> bool:
        """Whether writing ``text`` back would change bytes the file holds."""
        return self.undecodable_count > 0


def decode_utf8(data: bytes) -> DecodedText:
    """*data* as UTF-8 text; bytes that are not UTF-8 become U+FFFD and are recorded."""
    bom = data.startswith(BOM)
    if bom:
        data = data[len(BOM) :]
    try:
        return DecodedText(data.decode("utf-8"), bom=bom)
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")
    found: list[Undecodable] = []
    count = 0
    for number, line in enumerate(split_lines(escaped)):
        for match in _ESCAPED.finditer(line):
            count += 1
            if len(found) < MAX_RECORDED:
                raw = match.group().encode("utf-8", "surrogateescape")
                found.append(Undecodable(number, match.start(), raw))
    text = _ESCAPED.sub(lambda m: REPLACEMENT * len(m.group()), escaped)
    return DecodedText(text, tuple(found), count, bom)
