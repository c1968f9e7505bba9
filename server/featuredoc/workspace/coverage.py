"""Documentation coverage: the files a change touches, and the prompts for the reviewer.

:func:`changed_files` asks git what changed since a revision (for
``featuredoc check --base`` and the editor's ``base`` setting, FD610);
:func:`prompts` (and :func:`gaps`, the typed form) is the one call for a
command that has the changed files from elsewhere, a patch for instance:
it reads the workspace's feature documents and returns one line per
document whose covered code changed while the document did not. Which code
a document covers is :mod:`featuredoc.analysis.coverage`'s decision, the
same for the rule and here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Iterable
from pathlib import Path

from featuredoc.analysis.coverage import Gap, find_gap
from featuredoc.model.changes import ChangeKind, Changes, FileChange, normalise
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.text import split_lines
from featuredoc.workspace.files import UnreadableFile, discover, project_path, read_text
from featuredoc.workspace.gitbase import GitError, check_rev, run_git

#: git's status letters (``--name-status``) → what the change did.
_KINDS: dict[str, ChangeKind] = {
    "A": ChangeKind.ADDED,
    "C": ChangeKind.ADDED,
    "D": ChangeKind.DELETED,
    "R": ChangeKind.RENAMED,
}

#: How long the language server trusts a list of changed files (seconds).
CHANGES_TTL = 30.0


def parse_name_status(output: bytes) -> list[FileChange]:
    """The changes in ``git diff --name-status -z`` output (rename: status, old, new)."""
    fields = [f.decode("utf-8", "replace") for f in output.split(b"\0")]
    changes: list[FileChange] = []
    at = 0
    while at + 1 < len(fields) and fields[at]:
        status = fields[at][:1]
        kind = _KINDS.get(status, ChangeKind.MODIFIED)
        if status in ("R", "C") and at + 2 < len(fields):
            old, new = fields[at + 1], fields[at + 2]
            at += 3
            if kind is ChangeKind.ADDED:  # a copy adds a file, the original stays
                changes.append(FileChange(new, ChangeKind.ADDED))
            else:
                changes.append(FileChange(new, kind, old))
            continue
        changes.append(FileChange(fields[at + 1], kind))
        at += 2
    return changes


def changed_files(root: Path, rev: str, label: str | None = None) -> Changes:
    """The files under *root* that differ between *rev* and the working tree.

    Committed, staged and unsaved-to-git changes alike (``git diff REV``,
    renames detected), and the untracked files git does not ignore (as
    added). Paths are relative to *root*. Raises
    :class:`featuredoc.workspace.gitbase.GitError` when git cannot answer.
    """
    check_rev(rev)
    diff = run_git(
        root, "diff", "--name-status", "-z", "-M", "--relative", "--no-ext-diff", rev, "--"
    )
    if diff.returncode != 0:
        message = diff.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git diff {rev} failed")
    files = parse_name_status(diff.stdout)
    untracked = run_git(root, "ls-files", "-z", "--others", "--exclude-standard")
    if untracked.returncode == 0:
        for name in untracked.stdout.split(b"\0"):
            if name:
                files.append(FileChange(name.decode("utf-8", "replace"), ChangeKind.ADDED))
    return Changes(label or rev, tuple(files))


_recent: dict[tuple[str, str], tuple[float, Changes | None]] = {}
_recent_lock = threading.Lock()


def recent_changes(root: Path, rev: str) -> Changes | None:
    """:func:`changed_files`, asked again after :data:`CHANGES_TTL` (``None``: git failed).

    For the language server, on its worker thread: saving files changes the
    answer, so it is not kept for long; a revision git cannot read is
    reported by the base revision's own check, not here.
    """
    key = (str(root), rev)
    now = time.monotonic()
    with _recent_lock:
        cached = _recent.get(key)
    if cached is not None and now - cached[0] <= CHANGES_TTL:
        return cached[1]
    try:
        changes: Changes | None = changed_files(root, rev)
    except GitError:
        changes = None
    with _recent_lock:
        if len(_recent) > 16:
            _recent.clear()
        _recent[key] = (now, changes)
    return changes


def as_changes(changed: Iterable[str | FileChange]) -> tuple[FileChange, ...]:
    """*changed* as :class:`FileChange` entries (a bare path is a modified file)."""
    return tuple(
        c if isinstance(c, FileChange) else FileChange(normalise(c), ChangeKind.MODIFIED)
        for c in changed
    )


def gaps(
    root: Path,
    config: Config,
    changed: Collection[str | FileChange],
    documents_changed: Collection[str] = (),
) -> list[Gap]:
    """Each feature document under *root* whose covered code is in *changed*, itself not.

    *changed*: the changed files, relative to *root* (``/``-separated; a
    :class:`FileChange` to say a file was added, deleted or renamed);
    *documents_changed*: documents to count as updated besides those in
    *changed*. The documents are the ones a folder scan of *root* finds,
    read as they are on disk (one that cannot be read is skipped).
    """
    files = as_changes(changed)
    updated = {normalise(d) for d in documents_changed}
    found: list[Gap] = []
    documents, _ = discover([root], root, config)
    for document in documents:
        rel = project_path(document.path, root)
        if rel in updated or config.classify(rel) is not DocumentKind.FEATURE:
            continue
        try:
            text = read_text(document.path)
        except UnreadableFile:
            continue
        gap = find_gap(split_lines(text), rel, config, files)
        if gap is not None:
            found.append(gap)
    return found


def prompts(
    root: Path,
    config: Config,
    changed: Collection[str | FileChange],
    documents_changed: Collection[str] = (),
) -> list[str]:
    """The lines a reviewer can paste, one per document :func:`gaps` finds, in path order.

    ``this change modifies xen/common/sched/credit2.c; docs/features/sched_credit2.pandoc
    was not updated``
    """
    return [gap.prompt for gap in gaps(root, config, changed, documents_changed)]
