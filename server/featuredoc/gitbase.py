"""Reading a file as it was at a git revision (``git show REV:path``).

No git library: the ``git`` command with an argument list (never a shell),
a revision that cannot be mistaken for an option, and a time limit.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from featuredoc.model import Document

_SAFE_REV = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./@{}~^+-]*$")
TIMEOUT = 30


class GitError(Exception):
    """git could not answer; the message is one line for the user."""


@dataclass(slots=True)
class Base:
    """A document as it was at a revision (``document`` is None when it did not exist)."""

    rev: str
    document: Document | None


def check_rev(rev: str) -> str:
    if not _SAFE_REV.match(rev) or ".." in rev:
        raise GitError(f"'{rev}' is not a revision featuredoc accepts")
    return rev


def show(root: Path, rev: str, path: Path) -> str | None:
    """Text of *path* at *rev*, or None when the file did not exist there."""
    check_rev(rev)
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitError(f"{path}: outside the repository") from None
    try:
        verify = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        if verify.returncode != 0:
            raise GitError(f"unknown revision '{rev}'")
        result = subprocess.run(
            ["git", "-C", str(root), "show", f"{rev}:./{rel}"],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {TIMEOUT} s") from None
    if result.returncode != 0:
        return None  # the file did not exist at that revision
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None
