"""Every code featuredoc can report, with its documentation.

The rules in :data:`featuredoc.rules.RULES` (the codes the tool reports
about itself, FD901 and FD902, are registered there too), for
``featuredoc rules``, ``featuredoc explain`` and the SARIF rule list.
"""

from __future__ import annotations

from dataclasses import dataclass

from featuredoc.analysis import rule_codes
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


def code_problem(text: str, *, prefix: bool = False, where: str = "") -> str | None:
    """Why *text* names no registered rule, or ``None`` when it names one.

    See :func:`featuredoc.analysis.rule_codes.code_problem`, which this asks
    about the codes of :data:`featuredoc.rules.RULES`.
    """
    return rule_codes.code_problem(text, (rule.code for rule in RULES), prefix=prefix, where=where)


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
