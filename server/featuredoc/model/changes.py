"""The files a change touches: what FD610 compares a feature document's coverage with.

Plain data: the shells fill it (``git diff --name-status`` for
``featuredoc check --base``, a patch for ``featuredoc review``) and the
rules read it through :class:`featuredoc.rules.base.Inputs`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import Enum


class ChangeKind(Enum):
    """What happened to a file; the value is the verb a prompt uses."""

    MODIFIED = "modifies"
    ADDED = "adds"
    DELETED = "deletes"
    RENAMED = "renames"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One changed file, ``/``-separated and relative to the workspace root.

    ``path`` is the file after the change (for a deletion: the file deleted);
    ``old_path`` the name before a rename.
    """

    path: str
    kind: ChangeKind = ChangeKind.MODIFIED
    old_path: str | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        """Every name the change touches (both names of a rename)."""
        return (self.path,) if self.old_path is None else (self.old_path, self.path)

    def describe(self) -> str:
        """``xen/a.c`` or, for a rename, ``xen/a.c to xen/b.c``."""
        return self.path if self.old_path is None else f"{self.old_path} to {self.path}"


@dataclass(frozen=True, slots=True)
class Changes:
    """The files changed since ``rev``, and the path of the document being checked.

    One ``files`` tuple is shared by every document of a run; ``document``
    (relative to the workspace root, ``""`` when unknown) is set per document
    by :func:`featuredoc.workspace.inputs.rule_inputs`.
    """

    rev: str
    files: tuple[FileChange, ...]
    document: str = ""


def normalise(path: str) -> str:
    """*path* ``/``-separated, without a leading ``./``, for comparing with changed paths."""
    norm = path.replace("\\", "/")
    while norm.startswith("./"):
        norm = norm[2:]
    return posixpath.normpath(norm) if norm else norm
