"""The workspace as navigation sees it from an open document: the folder's index, with
every open document of the folder at the editor's current text.

Definitions, references, rename and lenses (:mod:`featuredoc.editing.navigation`
and its neighbours) read a :class:`featuredoc.editing.entry_links.NavWorkspace`;
:class:`NavView` is one. Its documents are the folder index's
(:mod:`featuredoc.lsp.workspaces`: files on disk, and the last analysed
version of each open document), except that each open document is the
model of its current version (:meth:`featuredoc.lsp.documents.Documents.model`):
what navigation reads and what a rename edits is the text the editor has,
at the version the edits are sent for. It also names each file as the
client does (its uri) and converts places in each file's own lines
(:meth:`NavView.location`). Before the folder is indexed it knows
SUPPORT.md (from the file) and the open documents only (:attr:`NavView.ready`).

:func:`nav_view` gathers the open documents on the event loop and reads
the index and the files on the io thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls import uris

from featuredoc.lsp.analyses import Model
from featuredoc.lsp.context import CONFIG_FILE, path_for
from featuredoc.lsp.convert import Converter
from featuredoc.lsp.services import Services
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.text import line_ending

if TYPE_CHECKING:
    from featuredoc.editing.entry_links import Location
    from featuredoc.editing.lens import Lens
    from featuredoc.editing.tier_sites import ConfigText


def document_uri(path: str) -> str:
    """The ``file:`` uri of *path*."""
    return uris.from_fs_path(path) or Path(path).as_uri()


def _key(path: str) -> str:
    """A path as the index names it (absolute, normalised)."""
    return os.path.normpath(os.path.abspath(path))


@dataclass(frozen=True, slots=True)
class OpenFile:
    """An open document (or ``.featuredoc.yaml``) at the version navigation read."""

    uri: str
    version: int | None
    lines: list[str]
    document: Document | None
    #: the editor's text (its line ends are those of edits sent for it)
    text: str = ""


class NavView:
    """A folder's documents, the open ones at the editor's text (see the module's docstring)."""

    def __init__(
        self,
        support: Document | None,
        features: Sequence[Document],
        lookup: Callable[[str], Document | None],
        opened: dict[str, OpenFile],
        config_file: ConfigText | None,
        encoding: str,
        *,
        ready: bool,
    ) -> None:
        self._support = support
        self._features = tuple(features)
        self._lookup = lookup
        #: index key → the open file
        self.opened = opened
        self.config_file = config_file
        self._encoding = encoding
        #: the folder's index is built: every document of the folder is known
        self.ready = ready

    # ---- NavWorkspace ---------------------------------------------------------------

    def support(self) -> Document | None:
        return self._support

    def features(self) -> Sequence[Document]:
        return self._features

    def document(self, path: str) -> Document | None:
        found = self.opened.get(_key(path))
        if found is not None:
            return found.document
        return self._lookup(path)

    # ---- files as the client names them -----------------------------------------------

    def uri(self, path: str) -> str:
        found = self.opened.get(_key(path))
        if found is not None:
            return found.uri
        return document_uri(path)

    def version(self, path: str) -> int | None:
        """The version of the open document at *path* the view read; ``None``: not open."""
        found = self.opened.get(_key(path))
        return found.version if found is not None else None

    def lines(self, path: str) -> list[str]:
        """The lines of *path* as navigation read them (the disk's for other files)."""
        found = self.opened.get(_key(path))
        if found is not None:
            return found.lines
        document = self.document(path)
        if document is not None:
            return document.lines
        config = self.config_file
        if config is not None and _key(config.path) == _key(path):
            from featuredoc.model.text import split_lines

            return split_lines(config.text)
        return _disk_lines(path)

    def line_end(self, path: str) -> str:
        """The line end of *path*'s text (the editor's, else the disk's): edits write it."""
        found = self.opened.get(_key(path))
        if found is not None:
            return line_ending(found.text)
        config = self.config_file
        if config is not None and _key(config.path) == _key(path):
            return line_ending(config.text)
        from featuredoc.workspace.files import UnreadableFile, read_text

        try:
            return line_ending(read_text(Path(path)))
        except (UnreadableFile, OSError):
            return "\n"

    def converter(self, path: str) -> Converter:
        return Converter(self.lines(path), self._encoding)

    def location(self, place: Location) -> types.Location:
        """*place* in the client's terms (off the event loop: it may read the file)."""
        return types.Location(
            uri=self.uri(place.path), range=self.converter(place.path).range(place.span)
        )


def _disk_lines(path: str) -> list[str]:
    from featuredoc.model.text import split_lines
    from featuredoc.workspace.files import UnreadableFile, read_text

    try:
        return split_lines(read_text(Path(path)))
    except (UnreadableFile, OSError):
        return []


async def _open_files(s: Services, model: Model) -> dict[str, OpenFile]:
    """The open documents of *model*'s folder, each at its current version (on the loop)."""
    context = model.context
    found: dict[str, OpenFile] = {}
    for uri in s.documents.open_uris():
        if not uri.startswith("file:") or s.indexes.key_for(uri) != context.index_key:
            continue
        same = uri == context.uri
        current = model if same else await s.documents.model(uri)
        if current is None or (current.document is None and not current.context.config_file):
            continue
        editor = s.documents.document(uri)
        source = editor.source if editor is not None else ""
        found[_key(path_for(uri))] = OpenFile(
            uri, current.version, current.lines, current.document, source
        )
    return found


async def nav_view(s: Services, model: Model) -> NavView:
    """The workspace of the open document *model*, as navigation sees it."""
    opened = await _open_files(s, model)
    context = model.context
    key, root, config = context.index_key, context.root, context.config
    config_open = opened.get(_key(str(root / CONFIG_FILE))) if root is not None else None
    indexes, knowledge = s.indexes, s.knowledge

    def build() -> NavView:
        folder = indexes.folder_by_key(key) if key is not None else None
        ready = folder is not None and folder.ready
        support: Document | None = None
        features: tuple[Document, ...] = ()
        if folder is not None:
            with indexes.lock:
                support, features = folder.index.support(), folder.index.features()
        if not ready:
            support = support or knowledge.index.support_document(root, config)
        index = folder.index if folder is not None else None

        def lookup(path: str) -> Document | None:
            if index is None:
                return None
            with indexes.lock:
                return index.document(path)

        return NavView(
            _with_open(support, opened, DocumentKind.SUPPORT),
            _features_with_open(features, opened),
            lookup,
            opened,
            _config_text(root, config_open),
            s.encoding(),
            ready=ready,
        )

    return await s.documents.in_thread(build)


def _with_open(
    support: Document | None, opened: dict[str, OpenFile], kind: DocumentKind
) -> Document | None:
    """SUPPORT.md at the editor's text when it is open."""
    for item in opened.values():
        if item.document is not None and item.document.kind is kind:
            if support is None or _key(support.path) == _key(item.document.path):
                return item.document
    return support


def _features_with_open(
    features: Sequence[Document], opened: dict[str, OpenFile]
) -> tuple[Document, ...]:
    """The index's feature documents, each open one at the editor's text (sorted by path)."""
    by_key = {_key(doc.path): doc for doc in features}
    for key, item in opened.items():
        if item.document is not None and item.document.kind is DocumentKind.FEATURE:
            by_key[key] = item.document
    return tuple(by_key[k] for k in sorted(by_key))


def _config_text(root: Path | None, opened: OpenFile | None) -> ConfigText | None:
    """The root's ``.featuredoc.yaml``: the editor's text when open, else the disk's."""
    from featuredoc.editing.tier_sites import ConfigText
    from featuredoc.workspace.files import UnreadableFile, read_text

    if root is None:
        return None
    path = root / CONFIG_FILE
    if opened is not None:
        return ConfigText(str(path), opened.text)
    try:
        return ConfigText(str(path), read_text(path))
    except (UnreadableFile, OSError):
        return None


async def document_lenses(s: Services, uri: str) -> tuple[Model, list[Lens]] | None:
    """The open document *uri*'s current model and its lenses (``None``: not open or not checked)."""
    from featuredoc.editing.lens import lenses

    model = await s.documents.model(uri)
    if model is None or model.document is None:
        return None
    document, config = model.document, model.context.config
    view = await nav_view(s, model)
    return model, await s.documents.in_thread(lambda: lenses(document, config, view))
