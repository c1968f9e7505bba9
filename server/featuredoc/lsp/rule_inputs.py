"""What the rules get for a document beyond its text: the one place it is assembled.

For a document in a workspace folder: the folder's index (cross-document
rules), with the ``base`` editor setting the document at that git revision
(FD603/FD604), and the text of the workspace's template, assembled by
:func:`featuredoc.workspace.inputs.rule_inputs` as for the command line,
from the document's :class:`featuredoc.lsp.context.DocumentContext`. An
open document's inputs are built once per version (again only when its
folder's index was replaced by a new one). Reads files and runs git:
called on the worker thread only.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from featuredoc.lsp.base_revisions import BaseRevisions
from featuredoc.lsp.context import DocumentContext
from featuredoc.lsp.folders import Folder
from featuredoc.lsp.settings import Settings

if TYPE_CHECKING:
    import datetime

    from featuredoc.model.inputs import BaseRevision, Inputs


class RuleInputs:
    """Builds the rule inputs of a document from its context."""

    def __init__(self, settings: Settings, bases: BaseRevisions) -> None:
        self._settings = settings
        self._bases = bases
        self._lock = threading.Lock()
        #: uri → the context, the folder index and the inputs built for them
        self._built: dict[str, tuple[DocumentContext, Folder | None, Inputs]] = {}
        #: inputs built (for tests and benchmarks)
        self.builds = 0

    def for_context(self, context: DocumentContext, folder: Folder | None) -> Inputs:
        """The inputs of an open document's version: the previous version's while the
        document is what it was (:func:`_same_place`), the folder index the same and the
        day the same; built again otherwise.

        The same inputs object is what lets an edit of prose reuse the previous
        version's analysis (:mod:`featuredoc.incremental`).
        """
        with self._lock:
            found = self._built.get(context.uri)
        if (
            found is not None
            and found[1] is folder
            and _same_place(found[0], context)
            and found[2].today == _today()
        ):
            if found[0] is not context:
                with self._lock:
                    self._built[context.uri] = (context, folder, found[2])
            return found[2]
        inputs = self.build(context, folder)
        with self._lock:
            self._built[context.uri] = (context, folder, inputs)
        return inputs

    def forget(self, uri: str) -> None:
        """The document was closed."""
        with self._lock:
            self._built.pop(uri, None)

    def build(self, context: DocumentContext, folder: Folder | None) -> Inputs:
        """The inputs the rules get for *context* (the shared builder, given what we hold)."""
        from featuredoc.workspace.coverage import recent_changes
        from featuredoc.workspace.inputs import rule_inputs

        self.builds += 1
        root, base = context.root, self.base_for(context)
        return rule_inputs(
            context.path,
            context.config,
            root=root,
            workspace=folder.index if folder is not None else None,
            base=base,
            changes=None if base is None or root is None else recent_changes(root, base.rev),
        )

    def base_for(self, context: DocumentContext) -> BaseRevision | None:
        uri = context.uri
        rev = self._settings.server_setting(uri, "base")
        if not isinstance(rev, str) or not rev.strip() or not uri.startswith("file:"):
            return None
        if context.root is None:
            return None
        return self._bases.base_of(rev.strip(), context.root, context.path, context.config)


def _same_place(a: DocumentContext, b: DocumentContext) -> bool:
    """Whether two versions' contexts give the same inputs: all but the version the same."""
    return (
        a.uri == b.uri
        and a.generation == b.generation
        and a.path == b.path
        and a.folder == b.folder
        and a.index_key == b.index_key
        and a.root == b.root
        and a.config is b.config
        and a.kind is b.kind
        and a.config_file == b.config_file
    )


def _today() -> datetime.date:
    import datetime  # not needed to answer `initialize`

    return datetime.date.today()
