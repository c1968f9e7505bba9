"""Checking (and fixing) files for the CLI, one by one or with a process pool.

:func:`process_text` is the whole job for one document: check, filter by
``--select``/``--ignore``, apply safe fixes until none is left (for
``--fix``/``--diff``). :func:`process_file` adds reading and the atomic
write-back; :func:`check_files` runs it over many files, in worker processes
when there are enough files for it to pay off. Both paths run the same
function, so their results are identical.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from featuredoc.analysis.fixes import fix_repeatedly
from featuredoc.cli.display import quote_path
from featuredoc.cli.output import FileResult
from featuredoc.engine import analyse
from featuredoc.model.changes import Changes
from featuredoc.model.config import REWRITABLE_SUFFIXES, Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.encoding import DecodedText
from featuredoc.model.findings import Finding
from featuredoc.model.inputs import Inputs, WorkspaceView
from featuredoc.model.text import split_lines
from featuredoc.workspace.files import (
    UnreadableFile,
    is_regular_file,
    read_decoded,
    read_text,
)
from featuredoc.workspace.index import Progress, WorkspaceIndex
from featuredoc.workspace.inputs import SupportText, rule_inputs

#: Use worker processes only above this many files and this much text:
#: below, starting them and sending results back costs more than it saves
#: (a worker adds ~20 ms, and ~0.3 ms a file, to ~1 ms a file of checking
#: a typical 7 KB document).
PARALLEL_MIN_FILES = 8
PARALLEL_MIN_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"
#: The ``rel`` of standard input read without ``--stdin-filename``.
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Options:
    """What to do with each file."""

    fix: bool = False  # apply safe fixes
    write: bool = False  # write fixed files back (``--fix`` without ``--diff``)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # What the rules may know beyond the document (plain data: sent to workers).
    root: str | None = None  # the workspace root (its template: FD106)
    support: SupportText | None = None  # SUPPORT.md (FD601/FD602 on feature documents)
    base: str | None = None  # a verified commit: compare with the file there (FD603/FD604)
    base_label: str | None = None  # the revision as the user wrote it (for messages)
    headings: bool = False  # keep where the headings are (``--baseline`` matches by section)
    changes: Changes | None = None  # the files changed since ``base`` (FD610)


@dataclass(frozen=True, slots=True)
class Task:
    path: str  # where to read it
    display: str  # how to show it
    rel: str  # relative to the workspace root, "/"-separated
    #: named on the command line (not found in a folder) and not fixed: its
    #: content may make it a SUPPORT.md under any name (Config.kind_of)
    by_content: bool = False


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether *code* is reported under ``--select``/``--ignore`` prefixes.

    As in ruff, the most specific (longest) matching prefix decides; on a
    tie ``--ignore`` wins. No ``--select`` selects every code.
    """

    def best(prefixes: Sequence[str]) -> int:
        lengths = [
            0 if p == "ALL" else len(p) for p in prefixes if p == "ALL" or code.startswith(p)
        ]
        return max(lengths, default=-1)

    chosen = best(select) if select else 0
    return chosen >= 0 and best(ignore) < chosen


def _filtered(findings: list[Finding], options: Options) -> list[Finding]:
    if not options.select and not options.ignore:
        return findings
    return [f for f in findings if is_selected(f.code, options.select, options.ignore)]


def rule_inputs_for(
    rel: str,
    config: Config,
    options: Options,
    workspace: WorkspaceView | None = None,
) -> Inputs:
    """What the rules know beyond the file *rel*: workspace (given, or SUPPORT.md only),
    template, and with ``options.base`` the file at that revision.

    Raises :class:`featuredoc.workspace.gitbase.GitError` when the base cannot be read.
    """
    base = None
    if options.base is not None and options.root is not None and rel not in ("", "-"):
        from featuredoc.workspace.gitbase import load_base

        root = Path(options.root)
        path = Path(rel) if Path(rel).is_absolute() else root / rel
        base = load_base(root, options.base, path, config, verified=True, label=options.base_label)
    return rule_inputs(
        rel,
        config,
        root=options.root,
        workspace=workspace,
        support=options.support,
        base=base,
        changes=options.changes,
    )


def process_text(
    text: str,
    display: str,
    rel: str,
    config: Config,
    options: Options,
    workspace: WorkspaceView | None = None,
    decoded: DecodedText | None = None,
    *,
    by_content: bool = False,
) -> tuple[FileResult, str]:
    """Check (and with ``options.fix``, fix) one document's text.

    Returns the result (findings that remain, how many were fixed, the diff)
    and the text after the fixes. *workspace*: the index to check against
    (default: SUPPORT.md only, from ``options``). *decoded*: how the text
    was read from bytes; with bytes that are not UTF-8 (FD904) nothing is
    fixed, since the fixed text could not keep them. *by_content*: the
    file was named explicitly, so its text may make it a SUPPORT.md under
    any name; with ``options.fix`` its kind goes by its path alone.
    """
    inputs = _inputs(rel, config, options, workspace)
    if isinstance(inputs, str):
        return FileResult(display, [], [], rel=rel, errors=[f"{display}: {inputs}"]), text
    refused = False
    if decoded is not None and decoded.lossy:
        inputs = dataclasses.replace(inputs, decoded=decoded)
        refused, options = options.fix, dataclasses.replace(options, fix=False, write=False)
    wrong_kind = options.fix and rel != STDIN and not config.rewritable(rel)
    if wrong_kind:
        options = dataclasses.replace(options, fix=False, write=False)
    kind = config.kind_of(display, text) if by_content and not options.fix else None
    headings: list[tuple[int, str]] = []

    def checked(current: str) -> list[Finding]:
        # without the caches of the editor's incremental parsing, which
        # only cost time and memory here (a flood of tiny sections doubled both)
        found = analyse(current, display, config, kind=kind, inputs=inputs, cached=False)
        if options.headings:  # the last text checked is the one reported
            headings[:] = _heading_lines(found.document)
        return _filtered(found.findings, options)

    def findings_in(current: str) -> list[Finding]:
        with _without_cycle_collection():  # until the document is freed, on return
            return checked(current)

    findings = findings_in(text)
    notes, errors = _unfixed(findings, display, config, lossy=refused, wrong_kind=wrong_kind)
    if not options.fix:
        result = FileResult(display, split_lines(text), findings, rel=rel, notes=notes)
        result.errors.extend(errors)
        result.headings = headings
        return result, text
    result, fixed = _fixed(text, findings, findings_in, display, rel)
    result.notes, result.headings = notes, headings
    return result, fixed


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection while one document is parsed, checked and freed.

    Every few hundred new objects the collector goes over the young ones,
    and now and then over all: a document of half a million headings makes
    millions, all alive until the check ends, so each pass found nothing to
    free and they took a tenth of the time (and a pass once collection is
    back on, were they still alive). Memory is freed as before when its last
    reference goes; cycles made meanwhile wait for the next collection (at
    most one document's worth).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _inputs(
    rel: str, config: Config, options: Options, workspace: WorkspaceView | None
) -> Inputs | str:
    """The rules' inputs for *rel*, or why the base revision cannot be read."""
    if options.base is None:  # no git: do not even import it (start-up time)
        return rule_inputs_for(rel, config, options, workspace)
    from featuredoc.workspace.gitbase import GitError

    try:
        return rule_inputs_for(rel, config, options, workspace)
    except GitError as exc:
        return str(exc)


def _unfixed(
    findings: list[Finding], display: str, config: Config, *, lossy: bool, wrong_kind: bool
) -> tuple[list[str], list[str]]:
    """Notes and errors for fixes not applied: the bytes are not UTF-8, or the file not ours."""
    if not any(fix.safe for f in findings for fix in f.fixes):
        return [], []
    if lossy:
        note = (
            f"{display}: not fixed: it holds bytes that are not valid UTF-8 (FD904), "
            "which writing the fixes would replace; save it as UTF-8 first"
        )
        return [note], []
    if wrong_kind:
        return [], [f"{display}: fixes not written: {not_rewritable(config)}"]
    return [], []


def _heading_lines(document: Document | None) -> list[tuple[int, str]]:
    """Where each heading of *document* starts (0-based line) and its title."""
    if document is None:
        return []
    return [(h.line_span.start.line, h.title) for h in document.headings]


def _fixed(
    text: str,
    findings: list[Finding],
    findings_in: Callable[[str], list[Finding]],
    display: str,
    rel: str,
) -> tuple[FileResult, str]:
    """Apply the safe fixes until none is left: the result, and the fixed text."""
    run = fix_repeatedly(text, findings, findings_in)
    result = FileResult(
        display,
        split_lines(run.text),
        run.findings,
        rel=rel,
        fixed=sum(run.fixed.values()),
        fixed_codes=dict(run.fixed),
        introduced=run.introduced,
    )
    if run.text != text:
        result.diff = unified_diff(text, run.text, rel or display)
    return result, run.text


def not_rewritable(config: Config) -> str:
    """Why fixes are not written to a file :meth:`Config.rewritable` refuses."""
    kinds = ", ".join(REWRITABLE_SUFFIXES)
    return (
        f"featuredoc rewrites only feature documents ({kinds}) and the support file "
        f"({config.support_file}), whatever 'include' selects"
    )


_LINE_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines_with_ends(text: str) -> list[str]:
    return _LINE_WITH_END.findall(text)


def unified_diff(old: str, new: str, path: str) -> str:
    """A ``git diff``-style unified diff of *old* to *new*."""
    import difflib

    out: list[str] = []
    for line in difflib.unified_diff(
        _lines_with_ends(old),
        _lines_with_ends(new),
        quote_path(f"a/{path}"),
        quote_path(f"b/{path}"),
    ):
        if line.startswith(("---", "+++", "@@")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def read_document(path: Path) -> DecodedText:
    """The text of *path*, whether it starts with a byte-order mark, and bytes not UTF-8."""
    return read_decoded(path)  # regular files only: never blocks on a FIFO or reads /dev/zero


class WriteRefused(Exception):
    """A file ``--fix`` must not rewrite; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a file was when it was read: a rewrite is refused if any of it changed."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _write_boundary(path: Path, root: str) -> tuple[str, str]:
    """The real folder a write to *path* must stay in, and what to call it in a message.

    The workspace *root* for a file inside it; for a file named outside the
    root (a second project on the command line), the folder it is named in.
    """
    lexical = os.path.abspath(path)
    if _inside(lexical, os.path.abspath(root)) or _inside(lexical, os.path.realpath(root)):
        return os.path.realpath(root), "the workspace"
    return os.path.realpath(os.path.dirname(lexical)), "its folder"


def write_atomically(
    path: Path, data: bytes, *, root: str | None = None, read: Stamp | None = None
) -> None:
    """Replace *path*'s content with *data*: all of it or nothing.

    The data goes to a temporary file in the same folder, is flushed to
    disk, given the original's permission bits and owner, and renamed over
    the original (a symbolic link is followed, not replaced). Raises
    :class:`WriteRefused`, writing nothing, when

    - the real path (links followed) is outside *root* (a link in the
      workspace pointing at ``~/.bashrc`` is never written through); a
      file named outside *root* may not lead out of its own folder;
    - the file has other hard links (the rename would split them);
    - its owner cannot be kept;
    - *read* is given and the file changed since then (an edit made while
      the fixes were computed is never lost); checked just before the rename.
    """
    import stat

    target = Path(os.path.realpath(path))
    if root is not None:
        boundary, what = _write_boundary(path, root)
        if not _inside(str(target), boundary):
            raise WriteRefused(f"its real path {target} is outside {what} {boundary}")
    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused("not a regular file")
    if info.st_nlink > 1:
        raise WriteRefused(f"it has {info.st_nlink} hard links, which replacing it would separate")
    if read is not None and Stamp.of(info) != read:
        raise WriteRefused("it changed since it was read; run the fixes again")

    def keep_identity(tmp: str) -> None:
        own = os.stat(tmp)
        if (own.st_uid, own.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.chown(tmp, info.st_uid, info.st_gid)
            except OSError:
                raise WriteRefused(
                    f"its owner ({info.st_uid}:{info.st_gid}) cannot be kept"
                ) from None
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        if read is not None and Stamp.of(target.stat()) != read:
            raise WriteRefused("it changed since it was read; run the fixes again")

    _swap_in(target, data, keep_identity)


def replace_file(path: Path, data: bytes) -> None:
    """Write *data* to *path*, new or replaced, atomically (an output file).

    A temporary file in the same folder renamed over *path*: an error
    leaves the old content, or no file, never an empty or partial one. A
    replaced file keeps its permission bits; a new one gets the usual
    ``0666`` less the umask. A symbolic link is followed. A device or a
    pipe (``/dev/stdout``, a FIFO) is written into as a shell's ``>``
    would, never replaced by a file.
    """
    import stat

    target = Path(os.path.realpath(path))
    try:
        info = os.stat(path)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            with open(path, "wb") as stream:
                stream.write(data)
            return
        mode = stat.S_IMODE(info.st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    _swap_in(target, data, lambda tmp: os.chmod(tmp, mode))


def _swap_in(target: Path, data: bytes, prepare: Callable[[str], None]) -> None:
    """Write *data* to a temporary file beside *target*, *prepare* it, rename it over *target*.

    The data is flushed to disk before the rename; on any error (including
    one *prepare* raises) the temporary file is removed and *target* is
    left as it was.
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        prepare(tmp)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def process_file(
    task: Task,
    config: Config,
    options: Options,
    workspace: WorkspaceView | None = None,
) -> FileResult:
    """Read, check, fix and (with ``options.write``) write back one file."""
    path = Path(task.path)
    try:
        read = Stamp.of(os.stat(path)) if options.write else None
        decoded = read_document(path)
    except OSError as exc:
        message = f"{task.display}: cannot read ({exc.strerror or exc})"
        return FileResult(task.display, [], [], rel=task.rel, errors=[message])
    except UnreadableFile as exc:
        return FileResult(task.display, [], [], rel=task.rel, errors=[str(exc)])
    text = decoded.text
    result, new_text = process_text(
        text,
        task.display,
        task.rel,
        config,
        options,
        workspace,
        decoded,
        by_content=task.by_content,
    )
    if options.write and new_text != text and not decoded.lossy:
        try:
            write_atomically(
                path,
                (_BOM if decoded.bom else b"") + new_text.encode("utf-8"),
                root=options.root,
                read=read,
            )
        except (OSError, WriteRefused) as exc:
            # Nothing was fixed after all: report the file as it is.
            unfixed = dataclasses.replace(options, fix=False, write=False)
            result, _ = process_text(
                text, task.display, task.rel, config, unfixed, workspace, decoded
            )
            if isinstance(exc, WriteRefused):
                result.errors.append(f"{task.display}: fixes not written: {exc}")
            else:
                reason = exc.strerror or exc
                result.errors.append(f"{task.display}: cannot write the fixes ({reason})")
    return result


# ---- the pool ---------------------------------------------------------------

_worker_state: tuple[Config, Options] | None = None


def _init_worker(config: Config, options: Options) -> None:
    global _worker_state
    _worker_state = (config, options)


def _run_in_worker(task: Task) -> FileResult:
    assert _worker_state is not None
    config, options = _worker_state
    return slim(process_file(task, config, options))


def slim(result: FileResult) -> FileResult:
    """*result* with only the lines its findings point into (the rest blank).

    The output needs a line only to convert a column on it; sending every
    line back from a worker would cost more than checking the file. The
    same goes for the lines of other documents that related places carry
    (FD602 on a feature document carries SUPPORT.md's).
    """
    keep: set[int] = set()
    #: the lines related places carry (another document's), by identity: those kept
    carried: dict[int, tuple[Sequence[str], set[int]]] = {}
    for finding in result.findings:
        spans = [finding.span, *(r.span for r in finding.related)]
        spans += [edit.span for fix in finding.fixes for edit in fix.edits]
        for span in spans:
            keep.update((span.start.line, span.end.line))
        for r in finding.related:
            if r.lines is not None:
                _, kept = carried.setdefault(id(r.lines), (r.lines, set()))
                kept.update((r.span.start.line, r.span.end.line))
    result.lines = _blanked(result.lines, keep)
    # the carried lists are shared and never modified: each place gets a slimmed copy
    slimmed = {key: _blanked(lines, kept) for key, (lines, kept) in carried.items()}
    for finding in result.findings:
        for r in finding.related:
            if r.lines is not None:
                r.lines = slimmed[id(r.lines)]
    return result


def _blanked(lines: Sequence[str], keep: set[int]) -> list[str]:
    return [line if number in keep else "" for number, line in enumerate(lines)]


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(files: int, size: int | None = None) -> int:
    """Worker processes for *files* files of *size* bytes in all: 1 (no pool) for a few."""
    if files <= PARALLEL_MIN_FILES or (size is not None and size < PARALLEL_MIN_BYTES):
        return 1
    return max(1, min(available_cpus(), files))


def _total_size(tasks: Sequence[Task], enough: int = PARALLEL_MIN_BYTES) -> int:
    total = 0
    for task in tasks:
        try:
            total += os.stat(task.path).st_size
        except OSError:
            continue
        if total >= enough:
            break
    return total


def check_files(
    tasks: Sequence[Task], config: Config, options: Options, jobs: int | None = None
) -> list[FileResult]:
    """Results for *tasks*, in their order; *jobs* worker processes (default: by amount)."""
    if jobs is not None:
        workers = max(1, jobs)
    elif len(tasks) <= PARALLEL_MIN_FILES:
        workers = 1
    else:
        workers = default_jobs(len(tasks), _total_size(tasks))
    if workers <= 1 or len(tasks) <= 1:
        return [process_file(task, config, options) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(tasks) // (workers * 8))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(config, options)
    ) as pool:
        return list(pool.map(_run_in_worker, tasks, chunksize=chunk))


# ---- preparing a run -----------------------------------------------------------


def terminal_progress(stream: TextIO) -> Progress | None:
    """A progress line on *stream* when it is a terminal (``None`` otherwise)."""
    if not stream.isatty():
        return None

    def show(done: int, total: int, path: str) -> None:
        if done >= total:
            stream.write("\r\x1b[K")
        else:
            stream.write(f"\r\x1b[Kfeaturedoc: indexing the workspace {done}/{total}")
        stream.flush()

    return show


def prepare_check(
    root: Path,
    config: Config,
    options: Options,
    rels: Sequence[str],
    *,
    base: str | None = None,
    progress: Progress | None = None,
) -> tuple[Options, WorkspaceIndex | None]:
    """*options* with what the rules know beyond each file, and the index for SUPPORT.md.

    The root (its template is read where the files are checked);
    SUPPORT.md's text when the root has one (feature documents are checked
    against it, in any worker process); with *base*, the verified commit
    (raises :class:`featuredoc.workspace.gitbase.GitError`). The whole index
    is built only when SUPPORT.md itself is among *rels*: it is checked
    against every feature document.
    """
    commit = base_label = None
    changes = None
    if base is not None:
        from featuredoc.workspace.coverage import changed_files
        from featuredoc.workspace.gitbase import verify

        commit, base_label = verify(root, base), base
        changes = changed_files(root, commit, base_label)
    index: WorkspaceIndex | None = None
    support: SupportText | None = None
    candidate = WorkspaceIndex(root, config)
    support_path = candidate.support_path()
    if support_path is not None and is_regular_file(support_path):
        try:
            support = SupportText(str(support_path), read_text(support_path))
        except UnreadableFile:
            pass  # reported when the file itself is checked
        if any(config.classify(rel) is DocumentKind.SUPPORT for rel in rels):
            candidate.scan(progress)
            index = candidate
    prepared = dataclasses.replace(
        options,
        root=str(root),
        support=support,
        base=commit,
        base_label=base_label,
        changes=changes,
    )
    return prepared, index
