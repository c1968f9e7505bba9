"""Listing the project's tree for the rules (FD701), cached while it stays the same."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from featuredoc.model.tree import TreeListing

#: Files listed at most; a larger tree is listed in part and marked incomplete.
MAX_TREE_ENTRIES = 200_000
#: Folders never listed: version-control data.
SKIPPED = frozenset({".git", ".hg", ".svn"})
#: A listing younger than this (seconds) is used without looking at the folders
#: again: the editor asks on every keystroke, and a tree of thousands of
#: folders takes milliseconds to look at.
FRESH_FOR = 1.0

_Stamps = tuple[tuple[str, int], ...]
#: root → the folders' modification times, the listing, and when they were last looked at
_cache: dict[str, tuple[_Stamps, TreeListing, float]] = {}
_lock = threading.Lock()


def _walk(root: str) -> tuple[TreeListing, _Stamps]:
    """Every file and folder under *root* (links to folders not followed), and the folders'
    modification times."""
    files: set[str] = set()
    folders: set[str] = set()
    opaque: set[str] = set()
    stamps: list[tuple[str, int]] = []
    pending = [""]
    complete = True
    while pending:
        rel = pending.pop()
        full = os.path.join(root, rel) if rel else root
        try:
            stamps.append((full, os.stat(full).st_mtime_ns))
            entries = list(os.scandir(full))
        except OSError:
            opaque.add(rel)
            continue
        for entry in entries:
            name = entry.name if not rel else f"{rel}/{entry.name}"
            if len(files) + len(folders) >= MAX_TREE_ENTRIES:
                complete = False
                break
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED:
                        folders.add(name)
                        pending.append(name)
                elif entry.is_symlink() and entry.is_dir():
                    folders.add(name)
                    opaque.add(name)
                else:
                    files.add(name)
            except OSError:
                opaque.add(name)
    listing = TreeListing(root, frozenset(files), frozenset(folders), frozenset(opaque), complete)
    return listing, tuple(stamps)


def _unchanged(stamps: _Stamps) -> bool:
    for path, mtime in stamps:
        try:
            if os.stat(path).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


def tree_listing(root: str | os.PathLike[str] | None) -> TreeListing | None:
    """The files under *root*; listed again only when a folder's modification time changes.

    ``None`` without a root. A file added, removed or renamed changes its
    folder's modification time, so the listing is current at each check
    that comes :data:`FRESH_FOR` after the last look at the folders.
    """
    if root is None:
        return None
    now = time.monotonic()
    key = _resolved(str(root), now)
    with _lock:
        cached = _cache.get(key)
    if cached is not None and (now - cached[2] < FRESH_FOR or _unchanged(cached[0])):
        if now - cached[2] >= FRESH_FOR:
            with _lock:
                _cache[key] = (cached[0], cached[1], now)
        return cached[1]
    listing, stamps = _walk(key)
    with _lock:
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = (stamps, listing, time.monotonic())
    return listing


#: root as given → the root with its symbolic links resolved, and when that was done
_roots: dict[str, tuple[str, float]] = {}


def _resolved(root: str, now: float) -> str:
    """*root* with its symbolic links resolved, looked at again after :data:`FRESH_FOR`."""
    with _lock:
        known = _roots.get(root)
    if known is not None and now - known[1] < FRESH_FOR:
        return known[0]
    resolved = str(Path(root).resolve())
    with _lock:
        if len(_roots) > 8:
            _roots.clear()
        _roots[root] = (resolved, now)
    return resolved
