"""Findings: what a rule reports, with optional fixes as text edits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from featuredoc.model.text import Span


class Severity(IntEnum):
    """Severities, numbered as LSP's ``DiagnosticSeverity``."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.strip().upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the text in ``span`` (code-point columns) with ``new_text``."""

    span: Span
    new_text: str


@dataclass(slots=True)
class Fix:
    """A change that resolves a finding."""

    title: str
    edits: list[TextEdit]
    preferred: bool = False
    #: Applied by ``featuredoc check --fix`` and the editor's "fix all". For a
    #: rule's fixes the engine sets it from the rule's declaration
    #: (``Rule.fix``), whatever the rule wrote.
    safe: bool = True


@dataclass(slots=True)
class Related:
    """Another place that explains a finding (LSP ``relatedInformation``).

    *lines*: the lines of the other document that *span* was read from, when
    the rule has them; converting *span* to the editor's units needs them,
    and without them the place's document is looked up again. Never modified.
    """

    path: str
    span: Span
    message: str
    lines: Sequence[str] | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class Report:
    """What a rule yields; the engine turns it into a :class:`Finding`."""

    span: Span
    message: str
    fixes: list[Fix] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    code: str | None = None  # only for rules that report more than one code


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    span: Span
    fixes: list[Fix] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start.line, self.span.start.column, self.code)
