"""What the rules get for a document beyond its text: the one place it is assembled.

For a document in a workspace folder: the folder's index (cross-document
rules), with the ``base`` editor setting the document at that git revision
(FD603/FD604), and the text of the workspace's template. Reads files and
runs git: called on the worker thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from featuredoc.lsp.base_revisions import BaseRevisions
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.workspaces import FolderIndexes, path_for


class RuleInputs:
    """Builds the rule inputs (``extras``) of a document."""

    def __init__(self, settings: Settings, indexes: FolderIndexes, bases: BaseRevisions) -> None:
        self._settings = settings
        self._indexes = indexes
        self._bases = bases

    def root_for(self, uri: str) -> Path | None:
        """The workspace folder holding *uri* (else the workspace root)."""
        return self._indexes.folder_root(self._settings.folder_for(uri) or "")

    def for_document(self, uri: str) -> dict[str, Any]:
        """The ``extras`` the rules get for document *uri*."""
        from featuredoc.workspace.template_file import load_for

        extras: dict[str, Any] = {}
        folder = self._indexes.folder_index(uri)
        if folder is not None:
            extras["workspace"] = folder.index
        base = self.base_for(uri)
        if base is not None:
            extras["base"] = base
        text = load_for(self.root_for(uri), self._settings.config_for(uri))
        if text is not None:
            extras["template_text"] = text
        return extras

    def base_for(self, uri: str) -> Any:  # noqa: ANN401
        rev = self._settings.server_setting(uri, "base")
        if not isinstance(rev, str) or not rev.strip() or not uri.startswith("file:"):
            return None
        root = self.root_for(uri)
        if root is None:
            return None
        config = self._settings.config_for(uri)
        return self._bases.base_of(rev.strip(), root, path_for(uri), config)
