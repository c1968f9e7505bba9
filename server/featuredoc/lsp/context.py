"""A document's context, resolved once per version: where it is and what it is checked as.

The path, the workspace folder, the root, the settings, the kind and
whether edits may be offered all follow from the uri, the settings
generation and (for the kind) the text. :class:`Contexts` works them out
once for each version of an open document (:meth:`Contexts.of`) and hands
the same :class:`DocumentContext` to the analysis, the rule inputs, the
publishing and every request on that version; :attr:`Contexts.resolutions`
counts how often that work is done.
"""

from __future__ import annotations

import posixpath
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pygls import uris

from featuredoc.lsp.settings import Settings

if TYPE_CHECKING:
    from featuredoc.model.config import Config
    from featuredoc.model.document import DocumentKind

CONFIG_FILE = ".featuredoc.yaml"


def path_for(uri: str) -> str:
    """The file system path of a ``file:`` uri (other uris as they are)."""
    if uri.startswith("file:"):
        return uris.to_fs_path(uri) or uri
    return uri


def is_config_file(uri: str) -> bool:
    """Whether *uri* names a ``.featuredoc.yaml``."""
    return posixpath.basename(uri.split("?", 1)[0]) == CONFIG_FILE


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An open document's text at one version, under one configuration generation."""

    uri: str
    version: int | None
    text: str
    generation: int


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What a document is, at one version under one settings generation."""

    uri: str
    version: int | None
    generation: int
    path: str
    #: the workspace folder (uri) holding it, ``None`` outside every folder
    folder: str | None
    #: the key of the folder index it belongs to (:mod:`featuredoc.lsp.workspaces`)
    index_key: str | None
    #: the workspace folder, or for a file outside every folder, its own marked root
    root: Path | None
    config: Config
    #: what it is checked as; ``None``: it is not checked
    kind: DocumentKind | None
    #: a ``.featuredoc.yaml``: checked as configuration, never as a document
    config_file: bool
    #: quick fixes and formatting may edit it (see :meth:`Contexts.resolve`)
    may_edit: bool


class Contexts:
    """Resolves :class:`DocumentContext` objects, once per open document version."""

    def __init__(
        self,
        settings: Settings,
        index_key: Callable[[str], str | None],
        folder_root: Callable[[str], Path | None],
    ) -> None:
        self._settings = settings
        self._index_key = index_key
        self._folder_root = folder_root
        self._lock = threading.Lock()
        self._current: dict[str, DocumentContext] = {}
        #: uri → the text last sniffed and whether it reads like a SUPPORT.md
        self._sniffed: dict[str, tuple[str, bool]] = {}
        #: what a file's path makes it, by uri, path, folder, root and settings: a
        #: keystroke does not resolve the path again (symbolic links followed once)
        self._by_path: dict[
            tuple[str, str, str | None, Path, int], tuple[Config, DocumentKind | None]
        ] = {}
        #: contexts resolved (for tests and benchmarks: one per version of a document)
        self.resolutions = 0

    def of(self, snapshot: Snapshot) -> DocumentContext:
        """The context of the open document's version in *snapshot* (resolved once)."""
        with self._lock:
            found = self._current.get(snapshot.uri)
            if (
                found is not None
                and found.version == snapshot.version
                and found.generation == snapshot.generation
            ):
                return found
            found = self.resolve(snapshot.uri, snapshot.version, snapshot.generation, snapshot.text)
            self._current[snapshot.uri] = found
            return found

    def forget(self, uri: str) -> None:
        """The document was closed."""
        with self._lock:
            self._current.pop(uri, None)
            self._sniffed.pop(uri, None)
            for key in [key for key in list(self._by_path) if key[0] == uri]:
                self._by_path.pop(key, None)

    def resolve(
        self, uri: str, version: int | None, generation: int, text: str | None
    ) -> DocumentContext:
        """Work out the context of *uri* (*text*: its editor text; ``None``: a closed file).

        The kind: a text that reads like a SUPPORT.md is one, whatever its
        name (:func:`featuredoc.model.sniff.looks_like_support`). Else a file
        is what :meth:`Config.classify` says for its path relative to its root
        (a workspace folder, or for a file outside every folder, the root
        marked above it); with no root above it, what
        :meth:`Config.classify_anywhere` says. So a README gets no findings,
        even from an editor that attaches the server to every Markdown file.
        A buffer without a file (untitled) is checked, as a feature document
        unless named like SUPPORT.md.

        Edits may be offered as for ``featuredoc check --fix``
        (:meth:`Config.rewritable`): a file named like a feature document or
        the support file, never ``src/main.c``, even when an ``include`` glob
        makes it checked; a buffer without a file may be edited.
        """
        from featuredoc.model.document import DocumentKind

        self.resolutions += 1
        settings = self._settings
        folder = settings.folder_for(uri)
        config = settings.config_for(uri)
        path = path_for(uri)
        root = self._root(uri, folder)
        kind = self._kind_by_path(uri, path, folder, root, config)
        if kind is not DocumentKind.SUPPORT and self._reads_like_support(uri, text):
            kind = DocumentKind.SUPPORT  # its name says otherwise; only then is the text read
        on_disk = uri.startswith("file:")
        may_edit = not on_disk or kind is DocumentKind.SUPPORT or config.rewritable(path)
        return DocumentContext(
            uri=uri,
            version=version,
            generation=generation,
            path=path,
            folder=folder,
            index_key=self._index_key(uri),
            root=root,
            config=config,
            kind=kind,
            config_file=is_config_file(uri),
            may_edit=may_edit,
        )

    def _root(self, uri: str, folder: str | None) -> Path | None:
        """The workspace folder holding *uri*; for a file outside every folder, its root.

        That root is found as the command line finds it, and its
        ``.featuredoc.yaml`` is the one that applies
        (:meth:`featuredoc.lsp.settings.Settings.outside_root`); other
        documents (untitled buffers) get the workspace root.
        """
        if folder:
            return self._folder_root(folder)
        if uri.startswith("file:"):
            return self._settings.outside_root(uri)
        return self._folder_root("")

    def _kind_by_path(
        self, uri: str, path: str, folder: str | None, root: Path | None, config: Config
    ) -> DocumentKind | None:
        """What *uri*'s path alone makes it (see :meth:`resolve`)."""
        if not uri.startswith("file:"):
            return config.kind_of(path)
        if folder is None and root is None:
            return config.classify_anywhere(path)
        if root is None:
            return None
        key = (uri, path, folder, root, id(config))
        known = self._by_path.get(key)
        if known is not None and known[0] is config:
            return known[1]  # the same file, folder and settings as the last version
        try:
            rel: str | None = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            rel = None
        kind = None if rel is None else config.classify(rel)
        if len(self._by_path) >= 1024:
            self._by_path.clear()
        self._by_path[key] = (config, kind)
        return kind

    def _reads_like_support(self, uri: str, text: str | None) -> bool:
        """Whether *text* reads like a SUPPORT.md; cached per document."""
        if text is None:
            return False  # not open: its path decides
        cached = self._sniffed.get(uri)
        if cached is not None and (cached[0] is text or cached[0] == text):
            return cached[1]
        from featuredoc.model.sniff import looks_like_support

        found = looks_like_support(text)
        self._sniffed[uri] = (text, found)
        return found
