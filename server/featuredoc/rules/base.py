"""What a rule is, and what it is given to check."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Protocol

from featuredoc.analysis.status import StatusValue, status_values
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.encoding import DecodedText
from featuredoc.model.findings import Report, Severity
from featuredoc.model.tiers import TierSet
from featuredoc.model.tree import TreeListing


class WorkspaceView(Protocol):
    """The other documents of the workspace, as the cross-document rules see them."""

    def support(self) -> Document | None:
        """The parsed SUPPORT.md (``None`` when the workspace has none)."""
        ...

    def features(self) -> Sequence[Document]:
        """Every feature document of the workspace (none when only SUPPORT.md is known).

        The same sequence object while the feature documents stay the same
        (the comparisons of FD602 on SUPPORT.md are kept while it does).
        """
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
    #: The files of the project's tree (FD701); ``None``: unknown, paths are not checked.
    tree: TreeListing | None = None


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


class Fixability(Enum):
    """Whether a rule's findings come with a fix, and who may apply it.

    The one declaration behind ``featuredoc rules``, ``featuredoc explain``,
    the rule pages and what ``featuredoc check --fix`` applies: the engine
    marks the fixes of a rule that is not :attr:`AUTO` as not safe, and
    ``--fix`` (like the editor's "fix all") applies safe fixes only. An AUTO
    rule may still leave one finding's fix to the editor when it would drop
    words the author wrote (FD201 on ``**Supported** on x86 only``).
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
