"""The one engine: text → Document → rules → findings.

Shared by the CLI and the language server; pure (no I/O) and never raises
for any input text: an exception inside a rule becomes an FD902 finding and
a log record, and the other rules still run.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from featuredoc.analysis.suppressions import apply as apply_suppressions
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.findings import Finding, Fix, Severity
from featuredoc.model.text import Span
from featuredoc.parser import parse_document
from featuredoc.rules import BY_CODE, RULES, Context, Fixability, Rule

log = logging.getLogger("featuredoc")

INTERNAL_ERROR = "FD902"

_DEFAULT_CONFIG = Config()


@dataclass(slots=True)
class Analysis:
    document: Document | None
    findings: list[Finding]


def document_kind(path: str, config: Config) -> DocumentKind:
    return DocumentKind.SUPPORT if config.is_support_file(path) else DocumentKind.FEATURE


def parse(text: str, path: str, config: Config, kind: DocumentKind | None = None) -> Document:
    return parse_document(
        text,
        path,
        kind or document_kind(path, config),
        signoff_field=config.signoff.field,
        signoff_metadata_key=config.signoff.metadata_key,
    )


def _internal_error(what: str, exc: BaseException, config: Config) -> Finding | None:
    log.exception("featuredoc: %s failed", what)
    severity = config.severity_for(INTERNAL_ERROR, Severity.ERROR)
    if severity is None:
        return None
    return Finding(
        INTERNAL_ERROR,
        severity,
        f"featuredoc could not finish {what} ({type(exc).__name__}: {exc}); "
        "the other checks still ran. Please report this with the document.",
        Span.on_line(0, 0, 0),
    )


def _declared(fix: Fix, safe: bool) -> Fix:
    """*fix*, applied by ``--fix`` exactly when its rule declares so."""
    if fix.safe != safe:
        fix.safe = safe
    return fix


def run_rules(
    document: Document,
    config: Config,
    *,
    today: dt.date | None = None,
    extras: dict[str, Any] | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> list[Finding]:
    ctx = Context(document, config, today or dt.date.today(), extras or {}, registry=BY_CODE)
    findings: list[Finding] = []
    for rule in rules:
        if not rule.applies(document.kind):
            continue
        severity = config.severity_for(rule.code, rule.severity)
        if severity is None:
            continue
        # The rule's declaration decides whether --fix and "fix all" apply its fixes.
        safe = rule.fix is Fixability.AUTO
        try:
            for report in rule.check(ctx):
                findings.append(
                    Finding(
                        report.code or rule.code,
                        severity
                        if report.code in (None, rule.code)
                        else config.severity_for(report.code, rule.severity) or severity,
                        report.message,
                        report.span,
                        [_declared(fix, safe) for fix in report.fixes],
                        report.related,
                    )
                )
        except Exception as exc:  # noqa: BLE001 - one rule must not take the others down
            error = _internal_error(f"rule {rule.code} ({rule.name})", exc, config)
            if error:
                findings.append(error)
    findings.sort(key=Finding.sort_key)
    return findings


def analyse(
    text: str,
    path: str = "",
    config: Config | None = None,
    *,
    kind: DocumentKind | None = None,
    today: dt.date | None = None,
    extras: dict[str, Any] | None = None,
) -> Analysis:
    """Parse and check *text*; never raises."""
    config = config or _DEFAULT_CONFIG
    try:
        document = parse(text, path, config, kind)
    except Exception as exc:  # noqa: BLE001
        error = _internal_error("parsing the document", exc, config)
        return Analysis(None, [error] if error else [])
    findings = run_rules(document, config, today=today, extras=extras)
    try:
        findings = apply_suppressions(document, findings)
    except Exception as exc:  # noqa: BLE001
        error = _internal_error("reading the suppression comments", exc, config)
        findings = findings + ([error] if error else [])
    return Analysis(document, findings)


def check(
    text: str,
    path: str = "",
    config: Config | None = None,
    *,
    kind: DocumentKind | None = None,
    today: dt.date | None = None,
    extras: dict[str, Any] | None = None,
) -> list[Finding]:
    """The findings for *text* (read from *path*), sorted by position."""
    return analyse(text, path, config, kind=kind, today=today, extras=extras).findings
