"""FD904 invalid-encoding: the file holds bytes that are not UTF-8.

## What it does
Reports each run of consecutive bytes that are not valid UTF-8, at its
line and column (a Latin-1 `®`, byte `0xAE`, in an otherwise UTF-8
file). The file is still checked: each such byte reads as one replacement
character `�`, which is where the finding points (editors that show the
file as UTF-8 show the same character there), and every other rule runs on
the rest of the document as usual. When the bytes read as Windows-1252
(Latin-1) text, the message says what they would be.

At most 100 runs are reported per file; the last finding then says how
many more there are.

Only files read from disk are concerned: `featuredoc check` and the
language server's findings for files that are not open. A document open in
an editor arrives as Unicode text, so the editor has already decided how
to read it.

`featuredoc check --fix` (and `--diff`) leaves such a file alone, and
says so on standard error when it had something to fix: writing the fixed
text back as UTF-8 would replace those bytes for good. With standard input
(`--fix -`), the input is printed back unchanged. Fix the encoding first,
then the rest.

## Why is this bad?
The documents are UTF-8 by convention, and the tools that read them say
so: pandoc stops with *Cannot decode byte* on the first such byte, so the
documentation build breaks, and any other reader shows `�` where the
author saw a character.

## Example
A title saved by an editor set to Latin-1, where `®` is the single byte
`0xAE` (shown here as the replacement character):
```
% Intel Resource Director Technology (RDT)�
```

## Use instead
The same text saved as UTF-8 (`iconv -f latin1 -t utf-8 old > new`), or
plain ASCII:
```
% Intel Resource Director Technology (RDT)®
% Intel(R) Resource Director Technology (RDT)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.encoding import Undecodable
from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import ANY, Context, Rule

#: Bytes shown in a message before it says "...".
_SHOWN = 8


def _legacy_reading(raw: bytes) -> str | None:
    """What *raw* says in Windows-1252 (a superset of Latin-1's printable part), if anything."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def message(item: Undecodable) -> str:
    shown = " ".join(f"0x{byte:02X}" for byte in item.raw[:_SHOWN])
    if len(item.raw) > _SHOWN:
        shown += " ..."
    what = "Byte" if len(item.raw) == 1 else f"{len(item.raw)} bytes"
    text = f"{what} {shown} {'is' if len(item.raw) == 1 else 'are'} not valid UTF-8"
    legacy = _legacy_reading(item.raw) if len(item.raw) <= _SHOWN else None
    if legacy is not None:
        text += f" (in Latin-1/Windows-1252: '{legacy}')"
    return text + "; save the file as UTF-8"


def check(ctx: Context) -> Iterator[Report]:
    decoded = ctx.inputs.decoded
    if decoded is None or not decoded.lossy:
        return
    last = len(decoded.undecodable) - 1
    for number, item in enumerate(decoded.undecodable):
        text = message(item)
        more = decoded.undecodable_count - len(decoded.undecodable)
        if number == last and more > 0:
            text += f" ({more} more such places in this file are not reported)"
        yield Report(item.span, text)


RULE = Rule(
    code="FD904",
    name="invalid-encoding",
    severity=Severity.ERROR,
    check=check,
    summary="File holds bytes that are not valid UTF-8",
    applies_to=ANY,
    doc=__doc__ or "",
)
