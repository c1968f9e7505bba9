"""Every code featuredoc can report, with its documentation.

The rules in :data:`featuredoc.rules.RULES` (the codes the tool reports
about itself, FD901 and FD902, are registered there too), for
``featuredoc rules``, ``featuredoc explain`` and the SARIF rule list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from featuredoc.analysis.similarity import edit_distance
from featuredoc.model.findings import Severity
from featuredoc.model.text import squash
from featuredoc.rules import RULES, Fixability


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str
    fix: Fixability
    doc: str
    applies_to: tuple[str, ...]

    @property
    def fixable(self) -> bool:
        """Whether ``featuredoc check --fix`` applies this rule's fixes."""
        return self.fix is Fixability.AUTO


def all_rules() -> list[RuleInfo]:
    """Every code, sorted by code."""
    infos = [
        RuleInfo(
            rule.code,
            rule.name,
            rule.severity,
            rule.summary,
            rule.fix,
            rule.doc,
            tuple(sorted(kind.value for kind in rule.applies_to)),
        )
        for rule in RULES
    ]
    return sorted(infos, key=lambda info: info.code)


def find(code_or_name: str) -> RuleInfo | None:
    """The rule with this code (any case) or name, if there is one."""
    wanted = code_or_name.strip()
    for info in all_rules():
        if info.code == wanted.upper() or info.name == wanted.lower():
            return info
    return None


#: What a code or a prefix looks like (``FD201``, ``FD2``, ``FD``); ``ALL`` is one too.
_CODE_SHAPE = re.compile(r"FD\d{0,3}")


def code_problem(text: str, *, prefix: bool = False, where: str = "") -> str | None:
    """Why *text* names no registered rule, or ``None`` when it names one.

    *text* is a code in any case (``FD201``, ``fd201``); with *prefix*, also
    ``ALL`` or the start of a registered code (``FD2``, ``FD20``, ``FD``),
    as ``--select`` takes them. A code no rule has is refused even when it
    looks like one (``FD999``, or ``FD21``, which no code starts with): a
    selection that matches nothing checks nothing. The answer is one phrase
    for a message (*where* follows the quoted text, e.g. ``" in 'rules'"``),
    naming what the text most likely meant.
    """
    wanted = text.strip().upper()
    codes = sorted(rule.code for rule in RULES)
    if wanted in codes:
        return None
    if prefix and (
        wanted == "ALL"
        or (_CODE_SHAPE.fullmatch(wanted) is not None and any(c.startswith(wanted) for c in codes))
    ):
        return None
    what = "rule code or prefix" if prefix else "rule code"
    lead = f"unknown {what} '{text.strip()}'{where}"
    meant = _meant(wanted, codes, prefix)
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


def sections(doc: str) -> dict[str, str]:
    """The ``## Heading`` sections of a rule's documentation, by heading."""
    found: dict[str, str] = {}
    heading: str | None = None
    body: list[str] = []
    fenced = False
    for line in doc.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            if heading is not None:
                found[heading] = "\n".join(body).strip()
            heading, body = line[3:].strip(), []
        elif heading is not None:
            body.append(line)
    if heading is not None:
        found[heading] = "\n".join(body).strip()
    return found


def description(info: RuleInfo) -> str:
    """The *What it does* paragraph, or the summary when there is none."""
    what = sections(info.doc).get("What it does", "")
    return squash(what.split("\n\n")[0]) or info.summary
