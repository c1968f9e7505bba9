"""Every code featuredoc can report, with its documentation.

The rules in :data:`featuredoc.rules.RULES` plus the codes the tool reports
about itself (FD901 for the configuration, FD902 for an internal error),
for ``featuredoc rules``, ``featuredoc explain`` and the SARIF rule list.
"""

from __future__ import annotations

from dataclasses import dataclass

from featuredoc.findings import Severity
from featuredoc.model import DocumentKind
from featuredoc.rules import RULES


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str
    fixable: bool
    doc: str
    applies_to: tuple[str, ...]


_FD901_DOC = """FD901 invalid-config: the configuration file cannot be read or is invalid.

## What it does
Reports a `.featuredoc.yaml` that is not valid YAML, has an unknown key, or
has a value of the wrong type, at the line of the problem. The rest of the
file is still used where it can be; the built-in defaults stand in for the
rest.

## Why is this bad?
A setting that is silently ignored checks documents against conventions the
project does not follow: a custom tier reported as unknown, a switched-off
rule still firing, a security team list not applied.

## Example
```
rules:
  FD105: loud
```

## Use instead
```
rules:
  FD105: error
```
"""

_FD902_DOC = """FD902 internal-error: the document could not be analysed.

## What it does
Reports that featuredoc itself failed while parsing the document or running
one rule. The other rules still run, and the traceback is logged.

## Why is this bad?
A check that did not run can hide a real problem in the document: the
finding says which part of the analysis is missing.

## Example
Any document that makes a rule fail.

## Use instead
Report the problem to featuredoc's maintainers with the document; switch
the failing rule off (`rules: {FD201: off}`) until it is fixed.
"""

_BUILTIN: tuple[RuleInfo, ...] = (
    RuleInfo(
        "FD901",
        "invalid-config",
        Severity.ERROR,
        "The configuration file cannot be read or is invalid",
        False,
        _FD901_DOC,
        ("config",),
    ),
    RuleInfo(
        "FD902",
        "internal-error",
        Severity.ERROR,
        "The document could not be analysed (internal error)",
        False,
        _FD902_DOC,
        (DocumentKind.FEATURE.value, DocumentKind.SUPPORT.value),
    ),
)


def all_rules() -> list[RuleInfo]:
    """Every code, sorted by code."""
    infos = {
        rule.code: RuleInfo(
            rule.code,
            rule.name,
            rule.severity,
            rule.summary,
            rule.fixable,
            rule.doc,
            tuple(sorted(kind.value for kind in rule.applies_to)),
        )
        for rule in RULES
    }
    for info in _BUILTIN:
        infos.setdefault(info.code, info)
    return sorted(infos.values(), key=lambda info: info.code)


def find(code_or_name: str) -> RuleInfo | None:
    """The rule with this code (any case) or name, if there is one."""
    wanted = code_or_name.strip()
    for info in all_rules():
        if info.code == wanted.upper() or info.name == wanted.lower():
            return info
    return None


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
    return " ".join(what.split("\n\n")[0].split()) or info.summary
