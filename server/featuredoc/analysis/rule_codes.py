"""Rule codes as people type them: is this a code, and which one was meant?

Pure text against a list of codes, with no knowledge of the registry:
:func:`featuredoc.rules.catalog.code_problem` asks it about the registered
rules (``--select``, ``featuredoc explain``), and the configuration reader
about the codes the engine runs (the ``rules`` key of ``.featuredoc.yaml``),
without depending on the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from featuredoc.analysis.similarity import edit_distance

#: What a code or a prefix looks like (``FD201``, ``FD2``, ``FD``); ``ALL`` is one too.
_CODE_SHAPE = re.compile(r"FD\d{0,3}")


def code_problem(
    text: str, codes: Iterable[str], *, prefix: bool = False, where: str = ""
) -> str | None:
    """Why *text* names none of *codes*, or ``None`` when it names one.

    *text* is a code in any case (``FD201``, ``fd201``); with *prefix*, also
    ``ALL`` or the start of one of *codes* (``FD2``, ``FD20``, ``FD``),
    as ``--select`` takes them. A code no rule has is refused even when it
    looks like one (``FD999``, or ``FD21``, which no code starts with): a
    selection that matches nothing checks nothing. The answer is one phrase
    for a message (*where* follows the quoted text, e.g. ``" in 'rules'"``),
    naming what the text most likely meant.
    """
    wanted = text.strip().upper()
    known = sorted(codes)
    if wanted in known:
        return None
    if prefix and (
        wanted == "ALL"
        or (_CODE_SHAPE.fullmatch(wanted) is not None and any(c.startswith(wanted) for c in known))
    ):
        return None
    what = "rule code or prefix" if prefix else "rule code"
    lead = f"unknown {what} '{text.strip()}'{where}"
    meant = _meant(wanted, known, prefix)
    if len(meant) == 1:
        return f"{lead}; did you mean '{meant[0]}'?"
    if meant:
        return f"{lead}; did you mean one of {', '.join(meant)}?"
    if prefix:
        return f"{lead} (e.g. FD201, FD2, ALL; `featuredoc rules` lists them)"
    return f"{lead} (`featuredoc rules` lists them)"


def _meant(wanted: str, codes: list[str], prefix: bool) -> list[str]:
    """What *wanted* most likely misspells: the codes (and, with *prefix*, the
    ``FDn`` prefixes) one edit away that share the longest start with it
    (``FD210``: ``FD201``, not ``FD110``); else the family it starts with
    (``FD999``: every ``FD9xx`` code)."""
    candidates = sorted({c[:3] for c in codes}) + codes if prefix else codes
    near = [(_shared(wanted, c), c) for c in candidates if edit_distance(wanted, c, limit=1) <= 1]
    if near:
        best = max(shared for shared, _ in near)
        return [c for shared, c in near if shared == best]
    for length in range(len(wanted) - 1, 2, -1):
        family = [c for c in codes if c.startswith(wanted[:length])]
        if family:
            return [wanted[:length], *family] if prefix else family
    return []


def _shared(a: str, b: str) -> int:
    """How many characters *a* and *b* start with alike."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
