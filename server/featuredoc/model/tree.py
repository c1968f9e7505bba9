"""The files of the project's tree, as plain data (what FD701 checks paths against).

The shell lists the tree (:mod:`featuredoc.workspace.tree`); rules and
editor features only ask this listing. Paths are relative to the root,
``/``-separated, without ``./``.
"""

from __future__ import annotations

import bisect
import fnmatch
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: ``{read,write}``: the shell's alternatives, written in paths such as
#: ``tools/libxl/libxl_stream_{read,write}.c``.
_BRACES = re.compile(r"\{([^{}]*)\}")
#: Alternatives one path may expand to at most (bounds the work per path).
MAX_EXPANSIONS = 64


def normalise(path: str) -> str | None:
    """*path* as the listing writes it; ``None`` when it leaves the root (``..`` too far)."""
    parts: list[str] = []
    for part in path.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


@dataclass(frozen=True, slots=True)
class TreeListing:
    """The files and folders under a project's root.

    *opaque* are folders whose contents are not listed (a link to a folder,
    a folder that could not be read): any path below one may exist.
    *complete* is false when the listing stopped at its size limit: then
    nothing is known to be missing.
    """

    root: str
    files: frozenset[str]
    folders: frozenset[str] = field(default_factory=frozenset)
    opaque: frozenset[str] = field(default_factory=frozenset)
    complete: bool = True
    _children: dict[str, list[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: Each glob looked for, and whether a name matched it (asked again on every check).
    _globbed: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: dict[str, list[str]] = {}
        for path in sorted(self.files | self.folders):
            children.setdefault(posixpath.dirname(path), []).append(path)
        object.__setattr__(self, "_children", children)

    @classmethod
    def of(cls, root: str, files: Iterable[str]) -> TreeListing:
        """A listing of *files*, their folders derived from them (tests, fixtures)."""
        names = frozenset(n for n in (normalise(f) for f in files) if n)
        folders = {posixpath.dirname(n) for n in names}
        for folder in list(folders):
            while folder:
                folder = posixpath.dirname(folder)
                folders.add(folder)
        return cls(root, names, frozenset(folders - {""}))

    def is_folder(self, path: str) -> bool:
        return path == "" or path in self.folders or self.under_opaque(path)

    def under_opaque(self, path: str) -> bool:
        """Whether *path* is, or lies below, a folder whose contents are not listed."""
        while path:
            if path in self.opaque:
                return True
            path = posixpath.dirname(path)
        return False

    def exists(self, path: str) -> bool:
        """Whether *path* names a file or folder, or matches one (globs, ``{a,b}``)."""
        if path in self.files or self.is_folder(path):
            return True
        if not has_pattern(path):
            return False
        return all(self._matches(p) for p in expand(path))

    def _matches(self, pattern: str) -> bool:
        if pattern in self.files or self.is_folder(pattern):
            return True
        folder = posixpath.dirname(pattern)
        if has_pattern(folder):
            return True  # a pattern in a folder name: not looked for, taken as found
        if self.under_opaque(folder):
            return True
        known = self._globbed.get(pattern)
        if known is None:
            known = self._globbed[pattern] = self._any_child_matches(folder, pattern)
        return known

    def _any_child_matches(self, folder: str, pattern: str) -> bool:
        """Whether a name in *folder* matches *pattern*: only the names that start with its
        text before the first ``*``, ``?`` or ``[`` are compared (found by bisection), so
        a glob in a folder of 100 000 files reads the few it may match."""
        names = self.children(folder)
        literal = pattern[: next((i for i, c in enumerate(pattern) if c in "*?["), len(pattern))]
        at = bisect.bisect_left(names, literal)
        while at < len(names) and names[at].startswith(literal):
            if fnmatch.fnmatchcase(names[at], pattern):
                return True
            at += 1
        return False

    def children(self, folder: str) -> list[str]:
        """Files and folders directly in *folder*, as paths from the root, sorted."""
        return self._children.get(folder, [])


def has_pattern(path: str) -> bool:
    """Whether *path* is a glob or has ``{a,b}`` alternatives."""
    return any(c in path for c in "*?[{")


def expand(path: str) -> list[str]:
    """*path* with each ``{a,b}`` written out (at most :data:`MAX_EXPANSIONS` paths)."""
    found = [path]
    while any(_BRACES.search(p) for p in found) and len(found) <= MAX_EXPANSIONS:
        out: list[str] = []
        for p in found:
            m = _BRACES.search(p)
            if m is None:
                out.append(p)
                continue
            out.extend(p[: m.start()] + alt + p[m.end() :] for alt in m.group(1).split(","))
        found = out
    return found[:MAX_EXPANSIONS]
