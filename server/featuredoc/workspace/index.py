"""The workspace index: every feature document and the SUPPORT.md, parsed once.

Used by the CLI and the language server alike. Documents the editor has
open are given as text (``set_text``); the rest are read from disk and
re-read only when their size or modification time changes. Cross-document
rules see the index through ``ctx.inputs.workspace``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from featuredoc.engine import parse
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.workspace.files import UnreadableFile, discover, is_regular_file, read_text

Progress = Callable[[int, int, str], None]


class _Entry:
    """A path's document: parsed, or built when first asked for (*source*)."""

    __slots__ = ("_document", "_source", "kind", "stamp", "from_editor")

    def __init__(
        self,
        document: Document | None,
        stamp: tuple[int, int] | None,  # (mtime_ns, size) when read from disk
        from_editor: bool,
        source: Callable[[], Document | None] | None = None,
        kind: DocumentKind | None = None,
    ) -> None:
        self._document = document
        self._source = source
        self.kind = document.kind if document is not None else kind
        self.stamp = stamp
        self.from_editor = from_editor

    @property
    def document(self) -> Document | None:
        if self._source is not None:
            self._document, self._source = self._source(), None
        return self._document


def _is_feature(entry: _Entry | None) -> bool:
    return entry is not None and entry.kind is DocumentKind.FEATURE


class WorkspaceIndex:
    """Feature documents and SUPPORT.md under one root."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root.resolve()
        self.config = config
        self._entries: dict[str, _Entry] = {}
        #: the feature documents by path, kept while none comes, goes or changes
        self._features: tuple[Document, ...] | None = None
        self.problems: list[str] = []

    # ---- paths ---------------------------------------------------------

    def key(self, path: str | Path) -> str:
        """The index key of a path: absolute, normalised."""
        return os.path.normpath(os.path.abspath(str(path)))

    def support_path(self) -> Path | None:
        candidate = (self.root / self.config.support_file).resolve()
        try:
            candidate.relative_to(self.root)
        except ValueError:
            return None
        return candidate

    # ---- loading -------------------------------------------------------

    def scan(self, progress: Progress | None = None) -> None:
        """Find the workspace's documents on disk and (re)read changed ones."""
        for _ in self.scan_steps(progress):
            pass

    def scan_steps(self, progress: Progress | None = None) -> Iterator[int]:
        """:meth:`scan` one file at a time (yields after each; the server yields to its loop)."""
        files, problems = discover([self.root], self.root, self.config)
        self.problems = problems
        wanted = {self.key(item.path) for item in files}
        support = self.support_path()
        if support is not None and is_regular_file(support):
            wanted.add(self.key(support))
        for key in [k for k, e in self._entries.items() if k not in wanted and not e.from_editor]:
            self._drop(key)
        ordered = sorted(wanted)
        for number, key in enumerate(ordered, 1):
            if progress is not None:
                progress(number, len(ordered), key)
            self._refresh(key)
            yield number

    def _refresh(self, key: str) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry.from_editor:
            return
        try:
            st = os.stat(key)
        except FileNotFoundError:
            self._drop(key)
            return
        except OSError as exc:  # e.g. a link into a folder that cannot be read
            self.problems.append(f"{key}: cannot read ({exc.strerror or exc})")
            self._put(key, _Entry(None, None, False))
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if entry is not None and entry.stamp == stamp:
            return
        try:
            text = read_text(Path(key))
        except UnreadableFile as exc:
            self.problems.append(str(exc))
            self._put(key, _Entry(None, stamp, False))
            return
        self._put(key, _Entry(self._parse(key, text), stamp, False))

    def _put(self, key: str, entry: _Entry) -> None:
        old = self._entries.get(key)
        if _is_feature(old) or _is_feature(entry):
            self._features = None
        self._entries[key] = entry

    def _drop(self, key: str) -> _Entry | None:
        entry = self._entries.pop(key, None)
        if _is_feature(entry):
            self._features = None
        return entry

    def _parse(self, key: str, text: str) -> Document:
        kind = self.kind(key) or self.config.kind_of(key)  # given by the editor: checked anyway
        return parse(text, key, self.config, kind)

    def relative(self, path: str | Path) -> str | None:
        """*path* relative to the root, ``/``-separated; ``None`` outside it."""
        key = Path(self.key(path))
        try:
            return key.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:  # through symbolic links only when the path as written is outside
            return key.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def kind(self, path: str | Path) -> DocumentKind | None:
        """What *path* is in this workspace (:meth:`Config.classify`); ``None``: not indexed."""
        rel = self.relative(path)
        return None if rel is None else self.config.classify(rel)

    def is_support(self, path: str | Path) -> bool:
        return self.kind(path) is DocumentKind.SUPPORT

    def set_text(self, path: str | Path, text: str) -> Document:
        """The editor's text for *path* (wins over the disk until ``forget``)."""
        key = self.key(path)
        document = self._parse(key, text)
        self._put(key, _Entry(document, None, True))
        return document

    def set_document(self, path: str | Path, document: Document) -> None:
        self._put(self.key(path), _Entry(document, None, True))

    def set_source(
        self, path: str | Path, source: Callable[[], Document | None], kind: DocumentKind
    ) -> None:
        """The editor's version of *path*, whose document *source* builds when it is asked for."""
        self._put(self.key(path), _Entry(None, None, True, source, kind))

    def forget(self, path: str | Path) -> None:
        """The editor closed *path*: fall back to the file on disk."""
        key = self.key(path)
        entry = self._drop(key)
        if entry is not None and os.path.exists(key):
            self._refresh(key)

    def file_changed(self, path: str | Path) -> None:
        key = self.key(path)
        entry = self._entries.get(key)
        if entry is not None and entry.from_editor:
            return
        self._drop(key)
        if os.path.exists(key) and self.wants(key):
            self._refresh(key)

    def wants(self, path: str | Path) -> bool:
        """Whether *path* belongs in the index: SUPPORT.md or a feature document."""
        return self.kind(path) is not None

    def paths(self) -> list[str]:
        """Every indexed path (index keys), sorted."""
        return sorted(self._entries)

    # ---- queries -------------------------------------------------------

    def support(self) -> Document | None:
        support = self.support_path()
        if support is None:
            return None
        entry = self._entries.get(self.key(support))
        return entry.document if entry else None

    def features(self) -> tuple[Document, ...]:
        """The feature documents, by path: the same tuple until one comes, goes or changes."""
        if self._features is None:
            entries = self._entries
            self._features = tuple(
                entry.document
                for entry in (entries[key] for key in sorted(entries))
                if _is_feature(entry) and entry.document is not None
            )
        return self._features

    def document(self, path: str | Path) -> Document | None:
        # a path that is a key already (the paths of indexed documents) is looked up as it is
        entry = self._entries.get(path) if isinstance(path, str) else None
        if entry is None:
            entry = self._entries.get(self.key(path))
        return entry.document if entry else None

    def __len__(self) -> int:
        return len(self._entries)


class SupportView:
    """A workspace that knows only its SUPPORT.md.

    What the rules of a feature document need (FD601, FD602), and cheap to
    build in each worker process of ``featuredoc check`` from SUPPORT.md's
    text; SUPPORT.md itself is checked against the whole index.
    """

    def __init__(self, support: Document | None) -> None:
        self._support = support

    @classmethod
    def from_text(cls, path: str, text: str, config: Config) -> SupportView:
        return cls(parse(text, path, config, DocumentKind.SUPPORT))

    def support(self) -> Document | None:
        return self._support

    def features(self) -> tuple[Document, ...]:
        return ()


# ---- featuredoc check ------------------------------------------------------------
