"""What the rules get for a document beyond its text: the one place it is assembled.

For a document in a workspace folder: the folder's index (cross-document
rules), with the ``base`` editor setting the document at that git revision
(FD603/FD604), and the text of the workspace's template, assembled by
:func:`featuredoc.workspace.inputs.rule_inputs` as for the command line,
from the document's :class:`featuredoc.lsp.context.DocumentContext`. An
open document's inputs are taken over by its next version while nothing
they were built from changed (the same inputs object is also what lets an
edit of prose reuse the previous analysis, see :mod:`featuredoc.incremental`).
Reads files and runs git: called on the worker thread only.
"""

from __future__ import annotations

import os
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
        #: uri → a SUPPORT.md's version file and its state when its inputs were built
        self._files: dict[str, tuple[str | None, tuple[int, int] | None]] = {}
        #: inputs built, and taken over from the previous version (for tests and benchmarks)
        self.builds = 0
        self.reused = 0

    def for_context(self, context: DocumentContext, folder: Folder | None) -> Inputs:
        """The inputs of an open document's version (built once per context and index).

        A new version takes the previous version's inputs when nothing they
        were built from changed: the same file, settings and index, no base
        revision, the same day, and for a SUPPORT.md its version file (its
        only file) the same size and modification time.
        """
        from featuredoc.model.document import DocumentKind  # not needed to answer `initialize`

        with self._lock:
            found = self._built.get(context.uri)
            known = self._files.get(context.uri)
        if found is not None and found[0] is context and found[1] is folder:
            return found[2]
        if (
            found is not None
            and found[1] is folder
            and _same_but_version(found[0], context)
            and found[2].today == _today()
            and self.base_for(context) is None
            and (known is None or _stat(known[0]) == known[1])
        ):
            self.reused += 1
            with self._lock:
                self._built[context.uri] = (context, folder, found[2])
            return found[2]
        files = _version_file(context) if context.kind is DocumentKind.SUPPORT else None
        inputs = self.build(context, folder)
        with self._lock:
            self._built[context.uri] = (context, folder, inputs)
            if files is None:
                self._files.pop(context.uri, None)
            else:
                self._files[context.uri] = files
        return inputs

    def forget(self, uri: str) -> None:
        """The document was closed, or what its inputs were built from changed."""
        with self._lock:
            self._built.pop(uri, None)
            self._files.pop(uri, None)

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


def _same_but_version(before: DocumentContext, now: DocumentContext) -> bool:
    """Whether *now* is *before* at another version of the document (same settings)."""
    return (
        before.uri == now.uri
        and before.generation == now.generation
        and before.path == now.path
        and before.root == now.root
        and before.config is now.config
        and before.kind is now.kind
        and before.config_file == now.config_file
    )


def _version_file(context: DocumentContext) -> tuple[str | None, tuple[int, int] | None]:
    """The file a SUPPORT.md's inputs read (its version file), and its state now."""
    from featuredoc.workspace.files import inside_workspace

    config, root = context.config, context.root
    if root is None or not config.version_file:
        return None, None
    found = inside_workspace(root, config.version_file)
    path = None if found is None else str(found)
    return path, _stat(path)


def _stat(path: str | None) -> tuple[int, int] | None:
    """The modification time and size of *path* (``None``: none, or it cannot be read)."""
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _today() -> datetime.date:
    import datetime  # not needed to answer `initialize`

    return datetime.date.today()
