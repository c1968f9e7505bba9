"""Finding and reading the documents to check."""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from featuredoc.model.config import Config
from featuredoc.model.encoding import DecodedText, decode_utf8

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
MAX_FILE_BYTES = 32 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot be checked; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Discovered:
    path: Path
    explicit: bool


def _relative(path: Path, base: Path) -> str | None:
    """*path* relative to the resolved folder *base*, ``/``-separated; ``None`` outside it."""
    try:
        return path.resolve().relative_to(base).as_posix()
    except (ValueError, OSError, RuntimeError):
        return None


def project_path(path: Path, root: Path) -> str:
    """*path* relative to *root*, ``/``-separated; absolute when outside it.

    Only the folders are resolved: a file that is a link keeps its own name
    (``docs/features/x.pandoc``, not where it points).
    """
    lexical = Path(os.path.abspath(path))
    located = lexical.parent.resolve() / lexical.name
    try:
        return located.relative_to(root.resolve()).as_posix()
    except ValueError:
        return located.as_posix()


def discover(paths: list[Path], root: Path, config: Config) -> tuple[list[Discovered], list[str]]:
    """Files to check (sorted, unique) and one-line problems met on the way.

    A file named in *paths* is checked whatever its name (as ruff and
    markdownlint do). In a folder, only the documents
    :meth:`Config.classify` knows: the support file and the feature
    documents the ``include``/``exclude`` globs select, relative to *root*
    (relative to the folder itself for a folder outside *root*).
    """
    found: dict[Path, Discovered] = {}
    problems: list[str] = []
    base = root.resolve()
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
        prefix = _relative(arg, base)  # where the folder sits in the workspace
        for file in _walk(arg, problems):
            rel = file.relative_to(arg).as_posix()
            if prefix is not None:
                rel = posixpath.normpath(posixpath.join(prefix, rel))
            if config.classify(rel) is not None:
                found.setdefault(file.resolve(), Discovered(file, False))
    ordered = sorted(found.values(), key=lambda d: d.path.as_posix())
    return ordered, problems


def overlooked(folder: Path, root: Path, config: Config, limit: int = 10_000) -> list[Path]:
    """Files in *folder* that look like feature documents but no ``include`` glob selects.

    Named with the extension of an ``include`` glob other than ``.md``
    (Markdown files are everywhere; a ``.pandoc`` file is a document), and
    not a document :meth:`Config.classify` knows: what a folder scan leaves
    out, for a hint when it found no feature document. At most the first
    *limit* files of the folder are looked at.
    """
    suffixes = {
        posixpath.splitext(pattern)[1].lower()
        for pattern in config.include
        if posixpath.splitext(pattern)[1].lower() not in ("", ".md")
    }
    if not suffixes:
        return []
    base = root.resolve()
    prefix = _relative(folder, base)
    found: list[Path] = []
    for number, file in enumerate(_walk(folder, [])):
        if number >= limit:
            break
        if file.suffix.lower() not in suffixes:
            continue
        rel = file.relative_to(folder).as_posix()
        if prefix is not None:
            rel = posixpath.normpath(posixpath.join(prefix, rel))
        if config.classify(rel) is None:
            found.append(file)
    return found


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


def is_folder(path: Path) -> bool:
    """Whether *path* (links followed) is a folder; ``False`` when it cannot be told."""
    info = _stat(path)
    return not isinstance(info, OSError) and stat.S_ISDIR(info.st_mode)


def is_regular_file(path: Path) -> bool:
    """Whether *path* (links followed) is a regular file; ``False`` when it cannot be told."""
    info = _stat(path)
    return not isinstance(info, OSError) and stat.S_ISREG(info.st_mode)


def decode_file(data: bytes, path: str) -> DecodedText:
    """The text of a file's bytes, or :class:`UnreadableFile` for a binary file.

    Bytes that are not UTF-8 do not make the file unreadable: each becomes
    U+FFFD and is recorded in the result (FD904 reports them).
    """
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"{path}: not a text file (contains NUL bytes); skipped")
    return decode_utf8(data)


def decode(data: bytes, path: str) -> str:
    """The text of a file (:func:`decode_file`), for readers that do not report FD904."""
    return decode_file(data, path).text


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


def read_decoded(path: Path) -> DecodedText:
    """The text of the regular file *path* and the bytes that were not UTF-8."""
    return decode_file(read_bytes(path), str(path))


def read_text(path: Path) -> str:
    return read_decoded(path).text


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


#: What makes a folder a workspace root, besides the configured support file.
ROOT_MARKERS = (".featuredoc.yaml", ".git")
FEATURES_FOLDER = "docs/features"


def find_root(start: Path, *, support_file: str = "SUPPORT.md", cwd: Path | None = None) -> Path:
    """The workspace root for *start* (a file or folder), as ruff finds a project.

    The nearest of *start* (its folder, for a file) and its parents that
    holds ``.featuredoc.yaml``, ``.git``, the support file or a
    ``docs/features`` folder; when none does, the current directory (*cwd*).
    The command line and the language server (for a document outside every
    workspace folder) both ask here. The root is also the only folder whose
    ``.featuredoc.yaml`` is read
    (:func:`featuredoc.workspace.config_file.config_file_at`): a folder
    above it is never looked at for configuration.
    """
    found = marked_root(start, support_file=support_file)
    if found is not None:
        return found
    return (cwd or Path.cwd()).resolve()


def marked_root(start: Path, *, support_file: str = "SUPPORT.md") -> Path | None:
    """What :func:`find_root` finds by its markers, ``None`` when no folder has one."""
    try:
        current = start.resolve()
    except (OSError, RuntimeError):
        current = start.absolute()
    if not is_folder(current):  # a file, or a path that cannot be looked at (a link
        current = current.parent  # into a folder that cannot be read): its folder
    for folder in (current, *current.parents):
        try:
            if any((folder / marker).exists() for marker in ROOT_MARKERS):
                return folder
            if support_file and (folder / support_file).is_file():
                return folder
            if (folder / FEATURES_FOLDER).is_dir():
                return folder
        except OSError:
            continue
    return None
