"""The one engine: text → Document → rules → findings.

Shared by the CLI and the language server; pure (no I/O) and never raises
for any input text: an exception inside a rule becomes an FD902 finding and
a log record, and the other rules still run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from enum import Enum

from featuredoc.analysis.suppressions import apply as apply_suppressions
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.findings import Finding, Fix, Report, Severity
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Span
from featuredoc.parser import parse_document
from featuredoc.rules import BY_CODE, RULES, Context, Fixability, Rule

log = logging.getLogger("featuredoc")

INTERNAL_ERROR = "FD902"
TOO_LARGE = "FD905"

_DEFAULT_CONFIG = Config()


class Analysis:
    """A version's findings, and its document: given, or built when first asked for.

    The language server's analysis of an edit that touched a paragraph of a
    long document reuses what the edit left as it was and never builds the
    whole document model (see :mod:`featuredoc.incremental`); a request
    that needs it builds it then, once, on the thread that asks.
    """

    __slots__ = ("_document", "_build", "_lock", "findings", "lines", "moved", "_cursor")

    def __init__(
        self,
        document: Document | None,
        findings: list[Finding],
        *,
        build: Callable[[], Document] | None = None,
        lines: list[str] | None = None,
        moved: tuple[int, int] | None = None,
        cursor: Callable[[], Document] | None = None,
    ) -> None:
        self._document = document
        self._build = build
        self._lock = threading.Lock() if build is not None else None
        self.findings = findings
        #: The document's lines (None: as the document has them, or no document).
        self.lines = lines if lines is not None else (document.lines if document else None)
        #: ``(line, delta)``: the previous version's lines from *line* on moved by *delta*
        #: (an analysis that reused the previous one; None: a whole analysis).
        self.moved = moved
        self._cursor: Callable[[], Document] | Document | None = cursor

    @property
    def document(self) -> Document | None:
        if self._build is not None and self._lock is not None:
            with self._lock:
                if self._build is not None:
                    self._document, self._build = self._build(), None
        return self._document

    def cursor_document(self) -> Document | None:
        """A document for completion and hover: the document when it is built, else one
        of the chunks they read (see :func:`featuredoc.incremental.cursor_document`),
        built once."""
        if self._build is None or self._cursor is None or self._lock is None:
            return self.document
        with self._lock:
            if callable(self._cursor):
                self._cursor = self._cursor()
            return self._cursor

    @property
    def built(self) -> bool:
        """Whether the document exists already (asking for it costs nothing)."""
        return self._build is None


def document_kind(path: str, config: Config) -> DocumentKind:
    """The kind of the document at *path* when the caller does not say (:meth:`Config.kind_of`)."""
    return config.kind_of(path)


def rule_codes() -> list[str]:
    """The codes of every rule the engine runs, sorted (what ``rules:`` may configure)."""
    return sorted(BY_CODE)


def oversize(text: str, config: Config) -> int | None:
    """The size of *text* in bytes (UTF-8) when it exceeds ``max_document_size``, else ``None``.

    The one place the limit is enforced: :func:`parse` (the workspace
    index, the base revision) and :func:`analyse` (the command line, the
    language server's documents) both ask here before parsing.
    """
    limit = config.max_document_size
    if len(text) * 4 <= limit:  # at most 4 bytes a code point: no need to count
        return None
    if text.isascii():  # a byte a code point (known without reading the text)
        return len(text) if len(text) > limit else None
    size = len(text.encode("utf-8", "surrogatepass"))
    return size if size > limit else None


def parse(
    text: str,
    path: str,
    config: Config,
    kind: DocumentKind | None = None,
    *,
    cached: bool = True,
) -> Document:
    """The document model of *text*; an empty one when it is larger than ``max_document_size``.

    ``cached=False``: parse without the caches that let an editor's next
    version reuse this one's chunks (the command line reads each text once;
    the model is the same either way).
    """
    if oversize(text, config) is not None:
        text = ""
    return parse_document(
        text,
        path,
        kind or document_kind(path, config),
        signoff_field=config.signoff.field,
        signoff_metadata_key=config.signoff.metadata_key,
        cached=cached,
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


def _too_large(size: int, config: Config) -> list[Finding]:
    severity = config.severity_for(TOO_LARGE, Severity.ERROR)
    if severity is None:
        return []
    return [
        Finding(
            TOO_LARGE,
            severity,
            f"The document is {size:,} bytes, more than max_document_size "
            f"({config.max_document_size:,} bytes): it was not checked. Split it, or raise "
            "max_document_size in .featuredoc.yaml",
            Span.on_line(0, 0, 0),
        )
    ]


def _declared(fix: Fix, auto: bool) -> Fix:
    """*fix*, applied by ``--fix`` only when its rule declares so.

    A rule that is not :attr:`Fixability.AUTO` never has a fix applied by
    ``--fix``; an AUTO rule's fixes are, except one the rule itself marks as
    not safe for a particular finding (a fix that would drop words the
    author wrote is left to the editor).
    """
    if not auto and fix.safe:
        fix.safe = False
    return fix


class Part(Enum):
    """Which part of each rule to run (see :attr:`featuredoc.rules.Rule.local`)."""

    ALL = "all"
    DOCUMENT = "document"  # each rule's check
    LOCAL = "local"  # each rule's local part


def _reports(rule: Rule, ctx: Context, part: Part) -> Iterable[Report]:
    if part is not Part.LOCAL:
        yield from rule.check(ctx)
    if part is not Part.DOCUMENT and rule.local is not None:
        yield from rule.local(ctx)


def run_rules(
    document: Document,
    config: Config,
    inputs: Inputs | None = None,
    *,
    rules: tuple[Rule, ...] = RULES,
    part: Part = Part.ALL,
) -> list[Finding]:
    """The findings of *rules* on *document*, sorted; a failing rule becomes an FD902 finding."""
    ctx = Context(document, config, inputs or Inputs(), registry=BY_CODE)
    findings: list[Finding] = []
    for rule in rules:
        if not rule.applies(document.kind) or (part is Part.LOCAL and rule.local is None):
            continue
        severity = config.severity_for(rule.code, rule.severity)
        if severity is None:
            continue
        # The rule's declaration decides whether --fix and "fix all" apply its fixes.
        safe = rule.fix is Fixability.AUTO
        try:
            for report in _reports(rule, ctx, part):
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
    inputs: Inputs | None = None,
    cached: bool = True,
) -> Analysis:
    """Parse and check *text*; never raises.

    A text larger than ``max_document_size`` is not parsed: its only
    finding is FD905, and the analysis has no document.
    """
    config = config or _DEFAULT_CONFIG
    size = oversize(text, config)
    if size is not None:
        return Analysis(None, _too_large(size, config))
    try:
        document = parse(text, path, config, kind, cached=cached)
    except Exception as exc:  # noqa: BLE001
        error = _internal_error("parsing the document", exc, config)
        return Analysis(None, [error] if error else [])
    findings = run_rules(document, config, inputs)
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
    inputs: Inputs | None = None,
    cached: bool = True,
) -> list[Finding]:
    """The findings for *text* (read from *path*), sorted by position.

    *inputs*: what the rules know beyond the text (workspace, template, base
    revision, today); built by :func:`featuredoc.workspace.inputs.rule_inputs`.
    *cached*: see :func:`parse`.
    """
    return analyse(text, path, config, kind=kind, inputs=inputs, cached=cached).findings
