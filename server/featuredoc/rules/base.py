"""What a rule is, and what it is given to check."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from featuredoc.analysis.status import StatusValue, status_values
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.encoding import DecodedText
from featuredoc.model.findings import Report, Severity
from featuredoc.model.tiers import TierSet


class WorkspaceView(Protocol):
    """The other documents of the workspace, as the cross-document rules see them."""

    def support(self) -> Document | None:
        """The parsed SUPPORT.md (``None`` when the workspace has none)."""
        ...

    def features(self) -> Iterator[Document]:
        """Every feature document of the workspace (none when only SUPPORT.md is known)."""
        ...


@dataclass(frozen=True, slots=True)
class BaseRevision:
    """The checked document as it was at a base revision (``document`` None: new since)."""

    rev: str  # how messages name the revision
    document: Document | None


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the rules know beyond the document; all of it optional, none of it read by rules.

    The CLI and the server build it with
    :func:`featuredoc.workspace.inputs.rule_inputs`; tests build it directly.
    """

    #: The workspace's SUPPORT.md and feature documents (FD601, FD602).
    workspace: WorkspaceView | None = None
    #: The project's own template (FD106; the built-in one when ``None``).
    template_text: str | None = None
    #: The document at the base revision (FD603, FD604; off when ``None``).
    base: BaseRevision | None = None
    #: The date sign-offs may not lie after (FD303).
    today: _dt.date = field(default_factory=_dt.date.today)
    #: How a file read from disk was decoded, with its bytes that are not UTF-8
    #: (FD904); ``None`` for text that came as Unicode (an editor buffer).
    decoded: DecodedText | None = None


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at, built once per check. Rules do no I/O of their own."""

    document: Document
    config: Config
    inputs: Inputs = field(default_factory=Inputs)
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
