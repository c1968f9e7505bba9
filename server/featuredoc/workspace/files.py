"""Finding and reading the documents to check."""

from __future__ import annotations

import errno
import fnmatch
import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from featuredoc.model.config import Config

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
MAX_FILE_BYTES = 32 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot be checked; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Discovered:
    path: Path
    explicit: bool


def _matches(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) for p in patterns)


def is_candidate(rel_to_root: str, rel_to_arg: str, direct_child: bool, config: Config) -> bool:
    """Whether a file found in a folder scan is checked.

    Include and exclude globs match the path relative to the workspace root
    or to the folder named on the command line; for a file directly inside
    that folder, the globs' file-name part is enough (so ``featuredoc check
    docs/features`` works from anywhere).
    """
    names = [rel_to_root, rel_to_arg]
    if direct_child:
        name = posixpath.basename(rel_to_arg)
        basename_includes = [posixpath.basename(p) for p in config.include]
        basename_excludes = [posixpath.basename(p) for p in config.exclude]
        if _matches(name, basename_excludes):
            return False
        if config.is_support_file(name) or _matches(name, basename_includes):
            return True
    if any(_matches(n, config.exclude) for n in names):
        return False
    if config.support_file in names:
        return True
    return any(_matches(n, config.include) for n in names)


def discover(paths: list[Path], root: Path, config: Config) -> tuple[list[Discovered], list[str]]:
    """Files to check (sorted, unique) and one-line problems met on the way."""
    found: dict[Path, Discovered] = {}
    problems: list[str] = []
    for arg in paths:
        info = _stat(arg)
        if isinstance(info, OSError):
            if info.errno in _GONE:
                problems.append(f"{arg}: no such file or directory")
            else:  # named explicitly: reading it reports why it cannot be checked
                found[Path(os.path.abspath(arg))] = Discovered(arg, True)
            continue
        if not stat.S_ISDIR(info.st_mode):
            found[arg.resolve()] = Discovered(arg, True)
            continue
        for file in _walk(arg, problems):
            rel_arg = file.relative_to(arg).as_posix()
            try:
                rel_root = file.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                rel_root = rel_arg
            direct = "/" not in rel_arg
            if is_candidate(rel_root, rel_arg, direct, config):
                found.setdefault(file.resolve(), Discovered(file, False))
    ordered = sorted(found.values(), key=lambda d: d.path.as_posix())
    return ordered, problems


def _walk(folder: Path, problems: list[str]) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()

    def on_error(error: OSError) -> None:
        problems.append(f"{error.filename}: cannot read folder ({error.strerror})")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error, followlinks=False):
        try:
            st = os.stat(dirpath)
            ident = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if ident in seen:
            dirnames[:] = []
            continue
        seen.add(ident)
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            info = _stat(path)
            if isinstance(info, OSError) and info.errno in _GONE:
                continue  # a dangling link or a link loop: nothing to check
            # Anything else, even a link into a folder that cannot be read, is
            # given to the reader, which reports it as a skipped file.
            yield path


#: errno values of a path that leads nowhere (a dangling link, a loop).
_GONE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG})


def _stat(path: Path) -> os.stat_result | OSError:
    """``os.stat`` (links followed), or the error instead of raising it."""
    try:
        return os.stat(path)
    except OSError as exc:
        return exc


def is_regular_file(path: Path) -> bool:
    """Whether *path* (links followed) is a regular file; ``False`` when it cannot be told."""
    info = _stat(path)
    return not isinstance(info, OSError) and stat.S_ISREG(info.st_mode)


def decode(data: bytes, path: str) -> str:
    """Text of a file, or :class:`UnreadableFile` with a one-line reason."""
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"{path}: not a text file (contains NUL bytes); skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{path}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "skipped"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file *path*, or :class:`UnreadableFile`.

    FIFOs, devices and folders are refused without reading them: a named
    pipe would block the check forever and ``/dev/zero`` never ends. Files
    larger than :data:`MAX_FILE_BYTES` are refused too (a file that grows
    while it is read is cut off there and refused).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFile(f"{path}: not a regular file; skipped")
            too_big = UnreadableFile(
                f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; skipped"
            )
            if info.st_size > MAX_FILE_BYTES:
                raise too_big
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise UnreadableFile(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise too_big
    return data


def read_text(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def is_workspace_relative(rel: str) -> bool:
    """Whether *rel* names a place inside the folder it is relative to.

    Absolute paths (``/etc/passwd``, ``C:\\x``, ``\\\\server\\share``), ``..``
    components and NULs are refused: a configuration may only point inside
    its workspace.
    """
    norm = rel.replace("\\", "/")
    if not norm.strip() or "\x00" in norm or norm.startswith("/") or norm.startswith("~"):
        return False
    if len(norm) >= 2 and norm[1] == ":" and norm[0].isalpha():
        return False
    return ".." not in norm.split("/")


def inside_workspace(root: str | os.PathLike[str], rel: str) -> Path | None:
    """``root / rel`` resolved, or ``None`` when it would leave *root*.

    Refuses what :func:`is_workspace_relative` refuses, and a path whose
    symbolic links lead outside the workspace.
    """
    if not is_workspace_relative(rel):
        return None
    try:
        base = Path(root).resolve()
        path = (base / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if path != base and base not in path.parents:
        return None
    return path


def find_root(start: Path) -> Path:
    """The workspace root: the nearest folder with ``.featuredoc.yaml`` or ``.git``."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / ".featuredoc.yaml").is_file() or (folder / ".git").exists():
            return folder
    return current
