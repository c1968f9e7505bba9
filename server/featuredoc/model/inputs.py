"""What the rules are given beyond the document: the typed rule inputs.

Plain data that the shells and :mod:`featuredoc.workspace` build (through
:func:`featuredoc.workspace.inputs.rule_inputs`) and that
:class:`featuredoc.rules.base.Context` carries to every rule. It lives in
the lowest layer so that what builds the inputs never depends on the rules.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from featuredoc.model.changes import Changes
from featuredoc.model.document import Document
from featuredoc.model.encoding import DecodedText
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
    #: For SUPPORT.md, the text of the version file (``version_file``; FD520,
    #: FD523, FD524); ``None`` when there is none.
    version_text: str | None = None
    #: The files changed since the base revision, and this document's path (FD610).
    changes: Changes | None = None
    #: The files of the project's tree (FD701); ``None``: see :attr:`list_tree`.
    tree: TreeListing | None = None
    #: Lists the tree when :attr:`tree` is not given, called only by a rule that
    #: has a path to look up (:meth:`listing`): a document that names no path
    #: never costs a walk of the tree. ``None`` with no tree: paths are not checked.
    list_tree: Callable[[], TreeListing | None] | None = None

    def listing(self) -> TreeListing | None:
        """The project's files (FD701, FD702): :attr:`tree`, else :attr:`list_tree`'s."""
        if self.tree is not None or self.list_tree is None:
            return self.tree
        return self.list_tree()
