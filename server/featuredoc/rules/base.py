"""What a rule is, and the context it checks (its inputs are :mod:`featuredoc.model.inputs`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from featuredoc.analysis.status import StatusValue, status_values
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.findings import Report, Severity
from featuredoc.model.inputs import Inputs
from featuredoc.model.tiers import TierSet


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
LineRanges = Callable[[Document], Iterable[tuple[int, int]]]

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
    #: The rule's local part: findings that depend only on the chunk (a heading
    #: and what follows it up to the next heading) they are in, and on what an
    #: edit of prose leaves as it is (the headings, the tables, the workspace).
    #: It is run on the whole document with *check*, and on the chunks an edit
    #: touched alone (``ctx.document.extent``); *check* must not report them.
    local: CheckFunction | None = None
    #: The top-level sections (by folded name) whose paragraphs *check* reads:
    #: an edit inside one of them runs *check* again.
    reads_sections: tuple[str, ...] = ()
    #: The lines (``(first, last)`` ranges) whose text *check* reads beyond the
    #: headings, the blocks other than paragraphs and what Xen's generator reads
    #: of a SUPPORT.md (a section of definitions, a link below a block): an edit
    #: of one of them runs *check* again.
    reads_lines: LineRanges | None = None

    @property
    def fixable(self) -> bool:
        """Whether ``featuredoc check --fix`` applies this rule's fixes."""
        return self.fix is Fixability.AUTO

    def applies(self, kind: DocumentKind) -> bool:
        return kind in self.applies_to
