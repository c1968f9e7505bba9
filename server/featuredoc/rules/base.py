"""What a rule is, and what it is given to check."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from featuredoc.analysis.status import StatusValue, status_values
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.findings import Report, Severity
from featuredoc.model.tiers import TierSet


@dataclass
class Context:
    """Everything a rule may look at. Rules must not do I/O of their own."""

    document: Document
    config: Config
    today: _dt.date = field(default_factory=_dt.date.today)
    #: Optional extra knowledge (e.g. the workspace's SUPPORT.md), keyed by name.
    extras: dict[str, Any] = field(default_factory=dict)
    #: The registered rules by code, as the engine runs them.
    registry: Mapping[str, Rule] = field(default_factory=dict)

    @cached_property
    def tiers(self) -> TierSet:
        return self.config.tier_set()

    @cached_property
    def statuses(self) -> list[StatusValue]:
        return status_values(self.document, self.config)


CheckFunction = Callable[[Context], Iterable[Report]]

FEATURE = frozenset({DocumentKind.FEATURE})
SUPPORT = frozenset({DocumentKind.SUPPORT})
ANY = frozenset({DocumentKind.FEATURE, DocumentKind.SUPPORT})


class Fixability(Enum):
    """Whether a rule's findings come with a fix, and who may apply it.

    The one declaration behind ``featuredoc rules``, ``featuredoc explain``,
    the rule pages and what ``featuredoc check --fix`` applies: the engine
    marks every fix a rule yields as safe exactly when the rule is
    :attr:`AUTO`, and ``--fix`` (like the editor's "fix all") applies safe
    fixes only.
    """

    #: No fix: the author has to write the change.
    NONE = "none"
    #: A quick fix offered in the editor, to review before accepting it;
    #: ``featuredoc check --fix`` and "fix all" leave it alone (the right
    #: text is a guess, or a placeholder someone has to fill in).
    EDITOR = "editor"
    #: A fix applied by ``featuredoc check --fix`` and the editor's "fix
    #: all" (and offered as a quick fix): it changes only what the finding
    #: names, and the result is what the author meant.
    AUTO = "auto"

    @property
    def label(self) -> str:
        """How ``featuredoc rules`` and the rule index show it."""
        return {"none": "", "editor": "editor", "auto": "yes"}[self.value]

    @property
    def description(self) -> str:
        """One line for ``featuredoc explain`` and the rule pages."""
        if self is Fixability.AUTO:
            return "yes, applied by `featuredoc check --fix` (and the editor's fix-all)"
        if self is Fixability.EDITOR:
            return (
                "in the editor only, as a quick fix to review; `featuredoc check --fix` leaves it"
            )
        return "no"


@dataclass(frozen=True)
class Rule:
    """A rule: its public code and name, default severity and check.

    The documentation of a rule is the docstring of the module that defines
    it, with the sections *What it does*, *Why is this bad?*, *Example* and
    *Use instead* (and *Configuration* where settings affect it).
    """

    code: str
    name: str
    severity: Severity
    check: CheckFunction
    summary: str
    applies_to: frozenset[DocumentKind] = FEATURE
    #: Whether the findings come with a fix and who applies it (see :class:`Fixability`).
    fix: Fixability = Fixability.NONE
    doc: str = ""
    settings: tuple[str, ...] = ()

    @property
    def fixable(self) -> bool:
        """Whether ``featuredoc check --fix`` applies this rule's fixes."""
        return self.fix is Fixability.AUTO

    def applies(self, kind: DocumentKind) -> bool:
        return kind in self.applies_to
