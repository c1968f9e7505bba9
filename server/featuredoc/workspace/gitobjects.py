"""Reading many git objects through one ``git cat-file --batch`` process.

:class:`ObjectReader` keeps one ``git cat-file --batch`` running for a
repository and asks it one object at a time (a revision's commit, a file
at a revision), so reading every release of a file costs one process,
not one per file. :func:`tags` lists the tags matching a pattern with the
commits they name, in version order (:func:`version_key`: ``4.9`` before
``4.10``). Nothing is checked out and the working tree is not read.

A file that is a symbolic link is read where the link leads inside the
tree (as a checkout would show it); one leading out of the tree, nowhere
or round in a loop is no file. Revisions reach git only on the batch's
standard input, never as arguments, so no name can be taken for an
option; a name with a line break or a NUL is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from types import TracebackType
from typing import IO

from featuredoc.workspace.gitbase import TIMEOUT, GitError, run_git

_DIGITS = re.compile(r"(\d+)")
_TYPES = (b"commit", b"tree", b"blob", b"tag")
#: ``--follow-symlinks`` answers for a link that leads nowhere in the tree:
#: "<kind> <size>", then that many bytes (the link, or the name asked).
_NO_FILE = (b"symlink", b"dangling", b"loop", b"notdir")


def version_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key ordering *name*'s runs of digits as numbers (``4.9`` < ``4.10``)."""
    return tuple(
        (1, int(part)) if number % 2 else (0, part)
        for number, part in enumerate(_DIGITS.split(name))
    )


@dataclass(frozen=True, slots=True)
class Commit:
    oid: str
    date: str | None  # the committer's date, ``YYYY-MM-DD HH:MM:SS +ZZZZ`` (as ``%ci``)


@dataclass(frozen=True, slots=True)
class Tag:
    name: str  # without ``refs/tags/``; bytes that are not UTF-8 read as U+FFFD
    commit: str  # the commit it names (an annotated tag peeled)


def _run(root: Path, *args: str) -> bytes:
    done = run_git(root, *args)
    if done.returncode != 0:
        raise GitError(f"{root}: not inside a git repository")
    return done.stdout


def repository_prefix(root: Path) -> str:
    """Where *root* is in its repository (``""`` or ``sub/dir/``); GitError outside one."""
    lines = _run(root, "rev-parse", "--is-bare-repository", "--show-prefix").split(b"\n")
    if lines[0].strip() == b"true":
        return ""
    return lines[1].decode("utf-8", "surrogateescape") if len(lines) > 1 else ""


def tags(root: Path, pattern: str) -> list[Tag]:
    """The tags whose name matches the glob *pattern* (``*``, ``?``, ``[...]``), oldest version first."""
    out = _run(
        root,
        "for-each-ref",
        "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)",
        "refs/tags/",
    )
    found: list[Tag] = []
    for line in out.split(b"\n"):
        if not line:
            continue
        raw, oid, peeled = line.split(b"\0")
        name = raw.decode("utf-8", "replace")
        if fnmatchcase(name, pattern):
            found.append(Tag(name, (peeled or oid).decode("ascii")))
    found.sort(key=lambda t: (version_key(t.name), t.name))
    return found


def _commit_date(body: bytes) -> str | None:
    for line in body.split(b"\n"):
        if not line:
            break  # the end of the header
        if line.startswith(b"committer "):
            parts = line.rsplit(b" ", 2)
            try:
                seconds, zone = int(parts[1]), parts[2].decode("ascii")
                offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
                tz = dt.timezone(-offset if zone[0] == "-" else offset)
            except (ValueError, IndexError):
                return None
            return dt.datetime.fromtimestamp(seconds, tz).strftime("%Y-%m-%d %H:%M:%S %z")
    return None


class ObjectReader:
    """One ``git cat-file --batch`` for the repository holding *root*; use it in a ``with``."""

    def __init__(self, root: Path) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "-C", str(root), "cat-file", "--batch", "--follow-symlinks"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitError("git is not installed") from None
        self.requests = 0  # how many objects were asked for (for tests and benchmarks)

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def _ask(self, name: str) -> tuple[str, str, bytes] | None:
        """(object id, type, content) of the object *name*; None when there is none."""
        if not name or "\n" in name or "\0" in name:
            return None
        stdin: IO[bytes] | None = self._process.stdin
        stdout: IO[bytes] | None = self._process.stdout
        assert stdin is not None and stdout is not None
        self.requests += 1
        try:
            stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
            stdin.flush()
            line = stdout.readline()
        except OSError as exc:
            raise GitError(f"git cat-file failed: {exc}") from None
        if not line:
            raise GitError("git cat-file stopped answering")
        # "<oid> <type> <size>", else "<name> missing" (or ambiguous): a name may hold blanks
        header = line.split()
        if len(header) == 2 and header[0] in _NO_FILE and header[1].isdigit():
            stdout.read(int(header[1]) + 1)  # where the link leads: no file of the tree
            return None
        if len(header) != 3 or header[1] not in _TYPES or not header[2].isdigit():
            return None
        size = int(header[2])
        content = stdout.read(size + 1)[:size]  # the content and its closing line break
        return header[0].decode("ascii"), header[1].decode("ascii"), content

    def commit(self, revision: str) -> Commit | None:
        """The commit *revision* names (a tag is peeled); None when it names none."""
        answer = self._ask(f"{revision}^{{commit}}")
        if answer is None or answer[1] != "commit":
            return None
        return Commit(answer[0], _commit_date(answer[2]))

    def blob(self, commit: str, path: str) -> bytes | None:
        """The bytes of *path* (relative to the repository's top) at *commit*; None when absent."""
        answer = self._ask(f"{commit}:{path}")
        if answer is None or answer[1] != "blob":
            return None
        return answer[2]
