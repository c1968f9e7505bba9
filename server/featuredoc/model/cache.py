"""Bounded caches, safe to share between threads.

:class:`LruCache` is the one general cache of the package: the parser keeps
chunks and blocks in it, the language server its converted diagnostics.
It is plain data with no parsing, so it sits in the lowest layer.

Chunks are cached by their text (see :mod:`featuredoc.parser.document`).
While a document is edited, every keystroke makes one new chunk text and
leaves the previous one behind; :class:`PathUse` remembers which keys each
recently parsed path used, so the entries only an earlier version of the
same document used are dropped at once and memory stays flat however long
the editing session. Entries shared with other documents stay.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A bounded mapping that forgets the least recently used entry first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def reserve(self, size: int) -> None:
        """Hold at least *size* entries from now on."""
        if size > self.size:
            with self._lock:
                self.size = max(self.size, size)

    def drop(self, key: K) -> None:
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class PathUse(Generic[K]):
    """Which cache keys the last parse of each recent path used."""

    def __init__(self, max_paths: int = 64) -> None:
        self.max_paths = max_paths
        self._paths: OrderedDict[str, frozenset[K]] = OrderedDict()
        self._refs: Counter[K] = Counter()
        self._lock = threading.Lock()

    def replace(self, path: str, keys: Iterable[K]) -> list[K]:
        """Record *path*'s keys; return the keys its previous parse alone used."""
        new = frozenset(keys)
        with self._lock:
            old = self._paths.pop(path, frozenset())
            self._paths[path] = new
            for key in new - old:
                self._refs[key] += 1
            stale: list[K] = []
            for key in old - new:
                self._refs[key] -= 1
                if self._refs[key] <= 0:
                    del self._refs[key]
                    stale.append(key)
            while len(self._paths) > self.max_paths:
                _, keys_of_oldest = self._paths.popitem(last=False)
                for key in keys_of_oldest:  # forgotten, but left to the LRU bound
                    self._refs[key] -= 1
                    if self._refs[key] <= 0:
                        del self._refs[key]
            return stale
