"""What the rules get for a document beyond its text: the one place it is assembled.

For a document in a workspace folder: the folder's index (cross-document
rules), with the ``base`` editor setting the document at that git revision
(FD603/FD604), and the text of the workspace's template, assembled by
:func:`featuredoc.workspace.inputs.rule_inputs` as for the command line. Reads files and
runs git: called on the worker thread only.
"""

from __future__ import annotations

from pathlib import Path

from featuredoc.lsp.base_revisions import BaseRevisions
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.workspaces import FolderIndexes, path_for
from featuredoc.model.inputs import BaseRevision, Inputs


class RuleInputs:
    """Builds the rule inputs (``extras``) of a document."""

    def __init__(self, settings: Settings, indexes: FolderIndexes, bases: BaseRevisions) -> None:
        self._settings = settings
        self._indexes = indexes
        self._bases = bases

    def root_for(self, uri: str) -> Path | None:
        """The workspace folder holding *uri*; for a file outside every folder, its root.

        That root is found as the command line finds it, and is the one whose
        ``.featuredoc.yaml`` applies (:meth:`Settings.outside_root`); ``None``
        when no folder above the file is marked. Other documents (untitled
        buffers) get the workspace root.
        """
        folder = self._settings.folder_for(uri)
        if folder:
            return self._indexes.folder_root(folder)
        if uri.startswith("file:"):
            return self._settings.outside_root(uri)
        return self._indexes.folder_root("")

    def for_document(self, uri: str) -> Inputs:
        """The inputs the rules get for document *uri* (the shared builder, given what we hold)."""
        from featuredoc.workspace.coverage import recent_changes
        from featuredoc.workspace.inputs import rule_inputs

        folder = self._indexes.folder_index(uri)
        root, base = self.root_for(uri), self.base_for(uri)
        return rule_inputs(
            path_for(uri),
            self._settings.config_for(uri),
            root=root,
            workspace=folder.index if folder is not None else None,
            base=base,
            changes=None if base is None or root is None else recent_changes(root, base.rev),
        )

    def base_for(self, uri: str) -> BaseRevision | None:
        rev = self._settings.server_setting(uri, "base")
        if not isinstance(rev, str) or not rev.strip() or not uri.startswith("file:"):
            return None
        root = self.root_for(uri)
        if root is None:
            return None
        config = self._settings.config_for(uri)
        return self._bases.base_of(rev.strip(), root, path_for(uri), config)
