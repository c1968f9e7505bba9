"""What completion and hover know of a document's workspace, beyond the document.

Basics values used across the workspace, SUPPORT.md's label definitions and
entries, and the template's guidance, each for a document's
:class:`featuredoc.lsp.context.DocumentContext`: from the folder's index once
it is built, else from the files (cached in
:class:`featuredoc.lsp.editing_index.EditingIndex`), and from the editor's
text of SUPPORT.md when it is open. Reads files: called off the event loop
(the io thread), except :meth:`Knowledge.open_documents`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygls.workspace import Workspace

from featuredoc.lsp.context import DocumentContext, path_for
from featuredoc.lsp.editing_index import EditingIndex, documents_by_path
from featuredoc.lsp.workspaces import FolderIndexes

if TYPE_CHECKING:
    from featuredoc.analysis.crossdoc import SupportEntries
    from featuredoc.model.document import Document


class Knowledge:
    """The workspace facts editing help draws on."""

    def __init__(
        self,
        workspace: Callable[[], Workspace],
        index: EditingIndex,
        indexes: FolderIndexes,
        open_documents: Callable[[], list[tuple[str, Document]]],
    ) -> None:
        """*open_documents*: the latest analysed model of each open document (what
        completion reads of it)."""
        self._workspace = workspace
        self.index = index
        self._indexes = indexes
        self._open_documents = open_documents

    def open_documents(self) -> dict[Path, Document]:
        """The analysed open documents by path (they count with the editor's text)."""
        return documents_by_path(
            (path_for(uri), document)
            for uri, document in self._open_documents()
            if uri.startswith("file:")
        )

    def values(self, context: DocumentContext) -> Callable[[], dict[str, set[str]]]:
        """Basics values of the workspace, read when called (off the loop)."""
        return functools.partial(
            self.index.values, context.root, context.config, self.open_documents()
        )

    def _support_text(self, context: DocumentContext) -> str | None:
        """The editor's text of the workspace's SUPPORT.md when it is open."""
        root, config = context.root, context.config
        if root is not None and config.support_file:
            support = (root / config.support_file).resolve()
            for open_uri, document in list(self._workspace().text_documents.items()):
                if open_uri.startswith("file:") and Path(path_for(open_uri)) == support:
                    source: str = document.source
                    return source
        return None

    def definitions(self, context: DocumentContext) -> dict[str, Any]:
        """The SUPPORT.md labels of the document's workspace."""
        return self.index.definitions(context.root, context.config, self._support_text(context))

    def support_entries(self, context: DocumentContext) -> SupportEntries | None:
        """The entries of the document's workspace SUPPORT.md.

        The folder's index once it is built; before that, the file itself
        (the editor's text when it is open), so a hover or completion right
        after start-up already knows the entries.
        """
        from featuredoc.analysis.crossdoc import support_entries

        support = self._indexes.support_document(context.index_key)
        if support is None:
            support = self.index.support_document(
                context.root, context.config, self._support_text(context)
            )
        return support_entries(support) if support is not None else None

    def template_guidance(self, context: DocumentContext) -> dict[str, str]:
        """The workspace template's guidance per section."""
        from featuredoc.workspace.template_file import load_for

        text = load_for(context.root, context.config)
        return _template_guidance(text) if text else {}


@functools.lru_cache(maxsize=4)
def _template_guidance(text: str) -> dict[str, str]:
    from featuredoc.editing.hover import template_guidance
    from featuredoc.parser import parse_document

    return template_guidance(parse_document(text, "template"))
