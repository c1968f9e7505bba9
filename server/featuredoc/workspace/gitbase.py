"""Reading a file as it was at a git revision (``git show REV:path``).

No git library: the ``git`` command with an argument list (never a shell),
a revision that cannot be mistaken for an option, and a time limit.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from featuredoc.model.config import Config
from featuredoc.model.encoding import decode_utf8
from featuredoc.model.inputs import BaseRevision

_SAFE_REV = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./@{}~^+-]*$")
TIMEOUT = 30


class GitError(Exception):
    """git could not answer; the message is one line for the user."""


def check_rev(rev: str) -> str:
    if not _SAFE_REV.match(rev) or ".." in rev:
        raise GitError(f"'{rev}' is not a revision featuredoc accepts")
    return rev


def run_git(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``git -C root ARGS`` (with *data* on its standard input, in *env*), not checked.

    The one way featuredoc runs git to completion: GitError when git is not
    installed or does not answer within :data:`TIMEOUT`.
    """
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            input=data,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=env,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {TIMEOUT} s") from None


def verify(root: Path, rev: str) -> str:
    """The commit *rev* names in the repository holding *root* (GitError when none)."""
    check_rev(rev)
    inside = run_git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise GitError(f"{root}: not inside a git repository, so there is no revision '{rev}'")
    result = run_git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if result.returncode != 0:
        if not run_git(root, "rev-list", "-n", "1", "--all").stdout.strip():
            raise GitError(f"unknown revision '{rev}': the repository has no commits yet")
        raise GitError(f"unknown revision '{rev}' (with a shallow clone, fetch it first)")
    return result.stdout.decode("ascii", "replace").strip()


def show(root: Path, rev: str, path: Path, *, verified: bool = False) -> str | None:
    """Text of *path* at *rev*, or None when the file did not exist there.

    *verified*: *rev* came from :func:`verify` (saves a git call per file).
    """
    if not verified:
        rev = verify(root, rev)
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitError(f"{path}: outside the repository") from None
    result = run_git(root, "show", f"{rev}:./{rel}")
    if result.returncode != 0:
        return None  # the file did not exist at that revision
    # Bytes that are not UTF-8 read as U+FFFD: the statuses can still be compared.
    return decode_utf8(result.stdout).text


def list_files(root: Path, rev: str, folder: str, *, verified: bool = False) -> list[str]:
    """Paths (relative to *root*, ``/``-separated) of the files directly in *folder* at *rev*."""
    if not verified:
        rev = verify(root, rev)
    prefix = folder.strip("/") + "/"
    result = run_git(root, "ls-tree", "-z", "--name-only", "--full-name", rev, "--", f"./{prefix}")
    if result.returncode != 0:
        return []
    top = run_git(root, "rev-parse", "--show-prefix").stdout.decode("utf-8", "replace").strip()
    names = [n.decode("utf-8", "replace") for n in result.stdout.split(b"\0") if n]
    return [n[len(top) :] for n in names if n.startswith(top)]


def load_base(
    root: Path,
    rev: str,
    path: Path,
    config: Config,
    *,
    verified: bool = False,
    label: str | None = None,
) -> BaseRevision:
    """*path* as it was at *rev*, parsed (``document`` None: new since *rev*).

    *label*: how messages name the revision (default *rev*; e.g. the branch
    name the user gave when *rev* is the commit it was verified as).
    """
    from featuredoc.engine import parse

    text = show(root, rev, path, verified=verified)
    if text is None:
        return BaseRevision(label or rev, None)
    return BaseRevision(label or rev, parse(text, str(path), config))
