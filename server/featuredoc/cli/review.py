"""``featuredoc review PATCH...``: what a patch series introduces, as a reviewer's reply.

The series (``git format-patch`` files, a mailbox, or ``-`` for standard
input) is applied on ``--base`` (default ``HEAD``) away from the user's
repository (:mod:`featuredoc.workspace.series`). Both trees are checked as
``featuredoc check`` checks a project (the applied one with ``--base``, so
the status-change rules FD603-FD606 run), and only what the series brings
is reported: a finding of the applied tree that the base does not have
(findings match by rule, file, message and the text of their line, not by
line number; a renamed file keeps its findings), and any finding on a line
the series adds. Each is placed under the ``+`` line it concerns in the
patch that added it, or under its hunk or file header. Then the status
changes (as ``featuredoc changes`` reads them), whether one needs the
security team's sign-off, and whether an ``Acked-by``/``Reviewed-by`` from
``signoff.team`` is in the series.

Exit status: 0 reviewed, nothing at or above ``--fail-on`` introduced and
no sign-off missing; 1 the series introduces such a finding or needs a
sign-off it does not carry; 2 a patch that cannot be read or does not
apply, an unknown base, a bad configuration or a git failure.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from featuredoc.cli.changes import compare, read_revision
from featuredoc.cli.display import escape_text
from featuredoc.cli.output import FileResult, lsp_range
from featuredoc.cli.review_reply import (
    Comment,
    Fixed,
    Review,
    render_json,
    render_text,
    signoff_verdict,
)
from featuredoc.cli.runner import Options, Task, prepare_check, process_file
from featuredoc.model.changes import ChangeKind, FileChange
from featuredoc.model.config import Config
from featuredoc.model.findings import Finding, Severity
from featuredoc.parser.mail import FileDiff, Hunk, MailError, PatchMail, read_diff, read_mails
from featuredoc.workspace.files import discover, find_root, project_path
from featuredoc.workspace.gitbase import GitError, check_rev
from featuredoc.workspace.series import AppliedSeries, ApplyError, applied_series, changed_lines

FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "information", "hint", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_NUMBER = re.compile(r"\d+")

# ---- checking both trees --------------------------------------------------------------------


#: Rules that report a status change: the reply lists each change once, in its own section.
STATUS_CHANGE_RULES = frozenset({"FD604", "FD606"})
#: Rules whose question the reply asks from the patches themselves
#: (:func:`further_prompts`): the temporary tree holds the documents only, so
#: a comparison of its files with the base would see the code as deleted.
ASKED_FROM_PATCHES = frozenset({"FD610"})
#: Rules left out of the findings of the reply.
LEFT_OUT = STATUS_CHANGE_RULES | ASKED_FROM_PATCHES


def check_tree(
    root: Path, config: Config, base: str | None = None, label: str | None = None
) -> list[FileResult]:
    """Every document of *root* checked as ``featuredoc check`` would.

    With *base*, as ``--base`` *base* (a commit of *root*'s repository),
    named *label* in messages.
    """
    files, _ = discover([root], root, config)
    tasks = [Task(str(d.path), rel, rel) for d in files for rel in [project_path(d.path, root)]]
    options, index = prepare_check(root, config, Options(), [t.rel for t in tasks], base=base)
    if label is not None:
        options = dataclasses.replace(options, base_label=label)
    return [
        process_file(
            task, config, options, index if index and index.is_support(task.path) else None
        )
        for task in tasks
    ]


def _key(result: FileResult, finding: Finding, path: str) -> tuple[str, str, str, str]:
    """What a finding is, wherever its line moved: rule, file, message, its line's text."""
    line = finding.span.start.line
    text = result.lines[line].rstrip() if 0 <= line < len(result.lines) else ""
    return finding.code, path, _NUMBER.sub("#", finding.message), text


def introduced(
    before: Sequence[FileResult],
    after: Sequence[FileResult],
    added: dict[str, set[int]],
    renames: dict[str, str],
) -> tuple[list[tuple[FileResult, Finding]], list[Fixed]]:
    """The findings of *after* not in *before* or on added lines; and those *after* lost."""
    new_name = {old: new for new, old in renames.items()}
    old = Counter(_key(r, f, new_name.get(r.rel, r.rel)) for r in before for f in r.findings)
    found = []
    for result in after:
        for finding in sorted(result.findings, key=Finding.sort_key):
            if finding.code in LEFT_OUT:
                continue
            key = _key(result, finding, result.rel)
            known = old[key] > 0
            if known:
                old[key] -= 1
            if not known or finding.span.start.line in added.get(result.rel, set()):
                found.append((result, finding))
    fixed = []
    for result in before:
        for finding in result.findings:
            key = _key(result, finding, new_name.get(result.rel, result.rel))
            if old[key] > 0:
                old[key] -= 1
                fixed.append(
                    Fixed(finding.code, result.rel, finding.span.start.line, finding.message)
                )
    return found, fixed


# ---- placing findings in the patches --------------------------------------------------------


def _files(files: Sequence[FileDiff], prefix: str) -> list[FileDiff]:
    """A patch's file diffs whose new path lies in the project (paths made root-relative)."""
    return [
        dataclasses.replace(file, new=file.new[len(prefix) :])
        for file in files
        if file.new is not None and file.new.startswith(prefix)
    ]


class Places:
    """The patches' file diffs by path, and the first hunk adding each line: built once, so
    that placing every finding of a huge series takes time in proportion to it."""

    def __init__(self, diffs: Sequence[list[FileDiff]]) -> None:
        # Per path: (patch index, file diff), the last patch first.
        self.touching: dict[str, list[tuple[int, FileDiff]]] = {}
        for index in reversed(range(len(diffs))):
            for file in diffs[index]:
                if file.new is not None:
                    self.touching.setdefault(file.new, []).append((index, file))
        self._adding: dict[str, dict[str, tuple[int, FileDiff, Hunk]]] = {}

    def adding(self, path: str, line: str) -> tuple[int, FileDiff, Hunk] | None:
        """The first (patch, file, hunk) of :attr:`touching` whose lines hold *line*."""
        found = self._adding.get(path)
        if found is None:
            found = self._adding[path] = {}
            for index, file in self.touching.get(path, []):
                for hunk in file.hunks:
                    for text in hunk.lines:
                        if text.startswith("+"):
                            found.setdefault(text, (index, file, hunk))
        return found.get(line)


def place(result: FileResult, finding: Finding, places: Places, added: set[int]) -> Comment:
    """*finding* as a comment: under the ``+`` line (last patch that adds that text) or hunk."""
    line = finding.span.start.line
    text = result.lines[line] if 0 <= line < len(result.lines) else ""
    comment = Comment(
        finding.code,
        finding.severity.label,
        finding.message,
        result.rel,
        line,
        lsp_range(finding.span, result.lines),
        None,
        added_line=line in added,
    )
    adding = places.adding(result.rel, f"+{text}") if comment.added_line else None
    if adding is not None:
        index, file, hunk = adding
        comment.patch, comment.quoted = index, f"+{text}"
        comment.file_header, comment.hunk_header = file.header, hunk.header
        return comment
    touching = places.touching.get(result.rel)
    if touching:
        index, file = touching[0]
        comment.patch, comment.file_header = index, file.header
        if file.hunks:
            nearest = min(file.hunks, key=lambda h: abs(h.new_start - 1 - line))
            comment.hunk_header = nearest.header
    return comment


def _order(comment: Comment) -> tuple[bool, int, str, int]:
    """By patch (files the series leaves alone last), then file and line."""
    return comment.patch is None, comment.patch or 0, comment.path, comment.line


# ---- the command ----------------------------------------------------------------------------


def further_prompts(
    series: AppliedSeries, diffs: Sequence[Sequence[FileDiff]], config: Config
) -> list[str]:
    """Questions for the author beyond the findings, listed at the end of the reply.

    The one place where checks of a series that are not document rules add
    their prompts (each one sentence); :class:`Review` keeps them in order.
    Today: code a feature document covers (``covers``, or paths the document
    names) changed by the series while the document was not
    (:func:`featuredoc.workspace.coverage.prompts`, as FD610 asks it).
    """
    from featuredoc.workspace.coverage import prompts

    changed = series_changes(diffs, series.prefix)
    if not changed:
        return []
    return prompts(series.applied_dir, config, changed)


def series_changes(diffs: Sequence[Sequence[FileDiff]], prefix: str) -> list[FileChange]:
    """Every file the patches' *diffs* touch (in the project under *prefix*), in order, once."""
    found: dict[str, FileChange] = {}
    for files in diffs:
        for file in files:
            change = _change_of(file, prefix)
            if change is not None:
                found.pop(change.path, None)
                found[change.path] = change
    return list(found.values())


def _change_of(file: FileDiff, prefix: str) -> FileChange | None:
    def inside(path: str | None) -> str | None:
        return path[len(prefix) :] if path is not None and path.startswith(prefix) else None

    old, new = inside(file.old), inside(file.new)
    if new is None and old is None:
        return None
    if new is None:
        return FileChange(old or "", ChangeKind.DELETED)
    if file.old is None:
        return FileChange(new, ChangeKind.ADDED)
    if old is not None and old != new:
        return FileChange(new, ChangeKind.RENAMED, old)
    return FileChange(new)


def build_review(root: Path, base: str, patches: list[PatchMail], config: Config) -> Review:
    """Apply *patches* on *base* of *root*'s repository and review what they introduce."""

    def wanted(rel: str) -> bool:
        return config.classify(rel) is not None or rel == config.template

    with applied_series(root, base, patches, wanted) as series:
        before = check_tree(series.base_dir, config, None)
        after = check_tree(series.applied_dir, config, series.base, base)
        added, renames = changed_lines(
            series.applied_dir, series.base, series.applied, series.prefix
        )
        found, fixed = introduced(before, after, added, renames)
        diffs = [read_diff(p.diff) for p in patches]  # each patch's diff, read once
        places = Places([_files(files, series.prefix) for files in diffs])
        comments = [place(r, f, places, added.get(r.rel, set())) for r, f in found]
        comments.sort(key=_order)
        changes = compare(
            read_revision(series.applied_dir, series.base, config),
            read_revision(series.applied_dir, series.applied, config),
            config,
        )
        review = Review(
            base,
            series.base,
            patches,
            comments,
            fixed,
            changes,
            signoff_verdict(patches, changes, config),
        )
        review.prompts.extend(further_prompts(series, diffs, config))
    return review


def read_series(paths: Sequence[str]) -> list[PatchMail]:
    """Every patch of every file (``-``: standard input), in order; MailError/OSError."""
    patches: list[PatchMail] = []
    for path in paths:
        if path == "-":
            data, source = sys.stdin.buffer.read(), "-"
        else:
            data, source = Path(path).read_bytes(), path
        patches.extend(read_mails(data, source))
    return patches


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "patches",
        nargs="+",
        metavar="PATCH",
        help="git format-patch files or mailboxes; '-' reads standard input",
    )
    parser.add_argument(
        "--base",
        default="HEAD",
        metavar="REV",
        help="the revision the series applies on (default: HEAD)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="lowest severity of an introduced finding that makes the exit status 1 (default: error)",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the project folder (default: .)"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file")
    parser.add_argument(
        "--no-config", action="store_true", help="ignore .featuredoc.yaml, use the defaults"
    )


def _apply_failure(exc: ApplyError, base: str, fmt: str) -> int:
    patch = exc.patch
    message = (
        f"patch {exc.number} '{patch.subject}' ({patch.where}) does not apply on {base}: "
        f"{exc.reason}"
    )
    if fmt == "json":
        error = {
            "patch": patch.subject,
            "source": patch.source,
            "line": patch.line,
            "number": exc.number,
            "file": exc.file,
            "base": base,
            "message": message,
        }
        sys.stdout.write(json.dumps({"error": error}, indent=2, ensure_ascii=False) + "\n")
    print(f"featuredoc review: error: {escape_text(message)}", file=sys.stderr)
    return EXIT_ERROR


def _status(review: Review, fail_on: str) -> int:
    if review.wants_action:
        return EXIT_FINDINGS
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    failed = any(Severity.parse(c.severity) <= threshold for c in review.comments)
    return EXIT_FINDINGS if failed else EXIT_OK


def run_review(args: argparse.Namespace) -> int:
    from featuredoc.workspace.config_file import load_for_run

    root = find_root(Path(args.root))
    config = load_for_run(root, args.config, use_file=not args.no_config)
    try:
        base = check_rev(args.base)
        patches = read_series(list(args.patches))
        review = build_review(root, base, patches, config)
    except ApplyError as exc:
        return _apply_failure(exc, args.base, args.format)
    except (GitError, MailError) as exc:
        print(f"featuredoc review: error: {escape_text(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        where = exc.filename if exc.filename is not None else "-"
        print(
            f"featuredoc review: error: {escape_text(f'{where}: cannot read ({exc.strerror or exc})')}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.format == "json":
        sys.stdout.write(render_json(review))
    else:
        sys.stdout.write(render_text(review, config))
    return _status(review, args.fail_on)
