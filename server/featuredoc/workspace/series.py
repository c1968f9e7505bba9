"""A patch series applied on a base revision, away from the user's repository.

:func:`applied_series` makes a temporary repository outside the user's
tree that borrows the user's objects (``objects/info/alternates``: nothing
is copied, nothing written into the user's repository), reads the base's
tree into its own index, applies each patch there with ``git apply
--cached`` (as ``git am`` does, offsets allowed, no fuzz), and commits the
result in the temporary repository. The documents of both trees (those
*wanted*) are written out in two folders: the base's, and the applied
series' (the temporary repository's work tree, so that ``--base`` rules
can read the base commit from there). The user's work tree, index,
branches, stashes and worktrees are never touched; the temporary folder is
removed on the way out, also on an error or Ctrl-C.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from featuredoc.parser.mail import PatchMail, unquote
from featuredoc.workspace.gitbase import GitError, run_git, verify

#: Variables that would point git at another repository than the one named.
_LOCATION_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_CEILING_DIRECTORIES",
)
_FAILED = re.compile(r"^error: patch failed: (.+):(\d+)$", re.M)
_NOT_APPLY = re.compile(
    r"^error: (.+): (?:patch does not apply|does not exist in index|"
    r"already exists in index|does not match index)$",
    re.M,
)
_CORRUPT = re.compile(r"corrupt patch at line (\d+)")
_REGULAR = ("100644", "100755")


class ApplyError(Exception):
    """A patch of the series does not apply on the base (or is not a patch git can read)."""

    def __init__(self, patch: PatchMail, number: int, file: str | None, reason: str) -> None:
        self.patch, self.number, self.file, self.reason = patch, number, file, reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class AppliedSeries:
    """Both trees of a series, written out for checking."""

    base: str  # the base commit
    applied: str  # the commit of the applied series (in the temporary repository)
    base_dir: Path  # the base's documents
    applied_dir: Path  # the applied documents; the temporary repository's work tree
    prefix: str  # the project root's folder inside the repository ("" or "sub/dir/")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES}
    env.update(
        GIT_AUTHOR_NAME="featuredoc review",
        GIT_AUTHOR_EMAIL="featuredoc@localhost",
        GIT_COMMITTER_NAME="featuredoc review",
        GIT_COMMITTER_EMAIL="featuredoc@localhost",
        GIT_AUTHOR_DATE="1970-01-01T00:00:00Z",
        GIT_COMMITTER_DATE="1970-01-01T00:00:00Z",
    )
    return env


def _git(repo: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """git in the temporary repository *repo* (raises GitError when git cannot run)."""
    return run_git(repo, *args, data=data, env=_environment())


def _must(result: subprocess.CompletedProcess[bytes], what: str) -> str:
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"{what} failed: {detail[-1] if detail else result.returncode}")
    return result.stdout.decode("utf-8", "replace").strip()


def _user_repository(root: Path) -> tuple[str, str]:
    """The user's object folder and the root's folder inside the repository (read only).

    Raises GitError when the temporary folder would lie inside the user's work tree.
    """
    result = run_git(
        root,
        "rev-parse",
        "--path-format=absolute",
        "--git-path",
        "objects",
        "--show-toplevel",
        "--show-prefix",
    )
    _must(result, "git rev-parse")
    objects, top, prefix = (result.stdout.decode("utf-8", "surrogateescape").split("\n") + [""])[:3]
    temporary = Path(tempfile.gettempdir()).resolve()
    if temporary.is_relative_to(Path(top).resolve()):
        raise GitError(
            f"the temporary folder {temporary} is inside the repository {top}: "
            "set TMPDIR to a folder outside it"
        )
    return objects, prefix


@contextmanager
def applied_series(
    root: Path, base: str, patches: Sequence[PatchMail], wanted: Callable[[str], bool]
) -> Iterator[AppliedSeries]:
    """*patches* applied on *base* of the repository holding *root* (see the module's text).

    *wanted*: which paths (relative to *root*) to write out. Raises
    :class:`GitError` for a bad base or a git failure, :class:`ApplyError`
    for a patch that does not apply.
    """
    commit = verify(root, base)
    objects, prefix = _user_repository(root)
    top = tempfile.mkdtemp(prefix="featuredoc-review-")
    try:
        work = Path(top) / "applied"
        _must(_git(Path(top), "init", "-q", "--template=", str(work)), "git init")
        (work / ".git" / "objects" / "info").mkdir(parents=True, exist_ok=True)
        (work / ".git" / "objects" / "info" / "alternates").write_text(objects + "\n")
        _must(_git(work, "read-tree", commit), "git read-tree")
        for number, patch in enumerate(patches, 1):
            _apply(work, Path(top), patch, number)
        tree = _must(_git(work, "write-tree"), "git write-tree")
        applied = _must(_git(work, "commit-tree", tree, "-p", commit, "-m", "review"), "git commit")
        base_dir = Path(top) / "base"
        base_dir.mkdir()
        _write_out(work, commit, base_dir, prefix, wanted)
        _write_out(work, applied, work, prefix, wanted)
        yield AppliedSeries(commit, applied, base_dir, work, prefix)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _apply(work: Path, top: Path, patch: PatchMail, number: int) -> None:
    diff = top / f"patch-{number}.diff"
    diff.write_bytes(patch.diff)
    result = _git(work, "apply", "--cached", "--whitespace=nowarn", str(diff))
    if result.returncode == 0:
        return
    raise _apply_error(patch, number, result.stderr.decode("utf-8", "replace"))


def _apply_error(patch: PatchMail, number: int, stderr: str) -> ApplyError:
    """What ``git apply`` said, as one sentence naming the patch's file and place."""
    corrupt = _CORRUPT.search(stderr)
    if corrupt is not None:
        line = int(corrupt.group(1))
        where = f"{patch.source}:{patch.diff_line + line - 1}" if patch.diff_line else patch.where
        return ApplyError(
            patch, number, None, f"{where}: corrupt patch (git apply: {corrupt.group(0)})"
        )
    failed = _FAILED.search(stderr)
    if failed is not None:
        file = failed.group(1)
        return ApplyError(
            patch, number, file, f"its hunk at {file}:{failed.group(2)} does not apply"
        )
    other = _NOT_APPLY.search(stderr)
    if other is not None:
        file = other.group(1)
        return ApplyError(patch, number, file, other.group(0).removeprefix("error: "))
    lines = [line.removeprefix("error: ") for line in stderr.strip().splitlines()]
    return ApplyError(patch, number, None, lines[-1] if lines else "git apply failed")


def _write_out(
    work: Path, commit: str, folder: Path, prefix: str, wanted: Callable[[str], bool]
) -> None:
    """The *wanted* regular files of *commit* under *prefix*, written into *folder*."""
    listing = _git(work, "ls-tree", "-r", "-z", "--full-tree", commit)
    _must(listing, "git ls-tree")
    blobs: list[tuple[str, str]] = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        path = name.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode not in _REGULAR or not path.startswith(prefix):
            continue
        rel = path[len(prefix) :]
        parts = rel.split("/")
        if any(p in ("", ".", "..") or p.casefold() == ".git" for p in parts):
            continue
        if wanted(rel):
            blobs.append((blob, rel))
    if not blobs:
        return
    request = "".join(f"{blob}\n" for blob, _ in blobs).encode("ascii")
    out = _must_bytes(_git(work, "cat-file", "--batch", data=request), "git cat-file")
    position = 0
    for _, rel in blobs:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        content = out[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
        target = folder.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _must_bytes(result: subprocess.CompletedProcess[bytes], what: str) -> bytes:
    if result.returncode != 0:
        _must(result, what)
    return result.stdout


def changed_lines(
    work: Path, base: str, applied: str, prefix: str
) -> tuple[dict[str, set[int]], dict[str, str]]:
    """Per path (relative to the root): the 0-based lines the series added; and renames.

    The renames map each renamed file's new path to its old one.
    """
    result = _git(
        work,
        "diff",
        "-U0",
        "-M",
        "--no-color",
        "--no-ext-diff",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        base,
        applied,
    )
    text = _must_bytes(result, "git diff").decode("utf-8", "surrogateescape")
    added: dict[str, set[int]] = {}
    renames: dict[str, str] = {}
    current: str | None = None
    source: str | None = None
    for line in text.splitlines():
        if line.startswith("rename from "):
            source = unquote(line[len("rename from ") :])
        elif line.startswith("rename to ") and source is not None:
            renames[_strip(unquote(line[len("rename to ") :]), prefix)] = _strip(source, prefix)
        elif line.startswith("+++ "):
            target = unquote(line[4:])
            current = _strip(target[2:], prefix) if target.startswith("b/") else None
        elif line.startswith("@@") and current is not None:
            start, count = _new_range(line)
            added.setdefault(current, set()).update(range(start - 1, start - 1 + count))
        elif line.startswith("diff --git "):
            source = current = None
    return added, renames


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


_RANGE = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _new_range(header: str) -> tuple[int, int]:
    """The new side of a hunk header: first line (1-based) and count."""
    m = _RANGE.match(header)
    if m is None:
        return 0, 0
    return int(m.group(1)), int(m.group(2)) if m.group(2) is not None else 1
