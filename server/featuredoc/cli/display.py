"""Showing file names and text from documents safely, on a terminal or in a report.

File names and documents are untrusted: a name may hold a newline (which
would forge an extra line in the output, such as a GitHub ``::error``
command), escape sequences that drive the terminal, or bytes that are not
UTF-8 (Python keeps them as lone surrogates, ``surrogateescape``, which no
output encoding accepts).

- :func:`quote_path` quotes an unusual file name the way ``git`` does
  (``core.quotePath=false``): inside double quotes, with ``\\n``, ``\\t``,
  ``\\"``, ``\\\\`` and octal escapes (``\\303\\244``) for the bytes of every
  other unprintable or undecodable character. An ordinary name, non-ASCII
  letters included, is unchanged.
- :func:`escape_text` makes the unprintable characters of a message
  visible (``\\n``, ``\\x1b``, ``\\u202e``); printable text is unchanged.
- :func:`valid_text` replaces only what cannot be encoded (lone
  surrogates), for formats such as JSON that escape control characters
  themselves.
"""

from __future__ import annotations

_NAMED = {
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
}


def raw_bytes(text: str) -> bytes:
    """The bytes *text* was decoded from (undecodable bytes kept as lone surrogates)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        return text.encode("utf-8", "surrogatepass")


def is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def has_surrogates(text: str) -> bool:
    """Whether *text* holds a lone surrogate (an undecodable byte of a file name)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def quote_path(path: str) -> str:
    """*path* as ``git`` shows it: unchanged when ordinary, else quoted and escaped."""
    if path.isprintable() and '"' not in path and "\\" not in path:
        return path
    out = ['"']
    for ch in path:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.extend(f"\\{byte:03o}" for byte in raw_bytes(ch))
    out.append('"')
    return "".join(out)


def _escape_char(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    if "\udc80" <= ch <= "\udcff":  # an undecodable byte
        return f"\\x{ord(ch) - 0xDC00:02x}"
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_text(text: str, keep: str = "") -> str:
    """*text* with every unprintable character written as an escape (``\\n``, ``\\x1b``).

    The characters in *keep* stay as they are (for a format that escapes
    them its own way).
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in keep else _escape_char(ch) for ch in text)


def valid_text(text: str) -> str:
    """*text* that any Unicode encoding accepts: lone surrogates become escapes."""
    if not has_surrogates(text):
        return text
    return "".join(_escape_char(ch) if is_surrogate(ch) else ch for ch in text)


def report_path(path: str) -> str:
    """A file name for a JSON report: itself, or quoted when it holds undecodable bytes."""
    return quote_path(path) if has_surrogates(path) else path


__all__ = [
    "escape_text",
    "has_surrogates",
    "quote_path",
    "raw_bytes",
    "report_path",
    "valid_text",
]
