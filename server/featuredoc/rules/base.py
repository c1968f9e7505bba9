"""What a rule is, and what it is given to check."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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
    fixable: bool = False
    doc: str = ""
    settings: tuple[str, ...] = ()

    def applies(self, kind: DocumentKind) -> bool:
        return kind in self.applies_to
