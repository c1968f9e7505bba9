"""``featuredoc``: check feature documents from the command line.

Commands: ``check`` (the linter, for people, editors and CI), ``rules``
(every code), ``explain CODE`` (one rule's documentation), ``matrix``,
``changes`` and ``review`` (a patch series; see ``cli/review.py``).

Exit status of ``check``: 0 when no finding reaches ``--fail-on`` (default:
error), 1 when one does (with ``--diff``: when there is something to fix),
2 on a usage or configuration error or a file that could not be read, and
on an unexpected internal error (one line on standard error; the traceback
too with ``FEATUREDOC_DEBUG=1``): a crash never looks like findings.

This module never imports the language server (pygls, lsprotocol): start-up
time is most of a small run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from featuredoc import __version__
from featuredoc.cli.display import escape_text, quote_path
from featuredoc.cli.output import (
    FileResult,
    fix_summary,
    format_github,
    format_gitlab,
    format_json,
    format_statistics_json,
    format_statistics_text,
    format_text,
    statistics,
    summary,
    use_colour,
)
from featuredoc.cli.runner import Options, Task, check_files, process_text
from featuredoc.model.config import Config
from featuredoc.model.findings import Severity
from featuredoc.workspace.config_file import ConfigProblem, load_for_run
from featuredoc.workspace.files import (
    Discovered,
    UnreadableFile,
    decode_file,
    discover,
    find_root,
    is_folder,
    project_path,
)

if TYPE_CHECKING:
    from featuredoc.cli.gate import Entry
    from featuredoc.workspace.index import WorkspaceIndex

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

FORMATS = ("text", "json", "sarif", "github", "gitlab")
FAIL_ON = ("error", "warning", "information", "hint", "never")


class UsageError(Exception):
    """A bad combination of options: one line for the user, exit status 2."""


def _code_list(value: str) -> list[str]:
    """Codes or prefixes that some registered rule has (``.featuredoc.yaml``'s check):
    a typo would select or ignore nothing, and CI would check nothing and pass."""
    from featuredoc.rules.catalog import code_problem

    codes = [part.strip() for part in value.split(",") if part.strip()]
    for code in codes:
        problem = code_problem(code, prefix=True)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
    return [code.upper() for code in codes]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. With *argv*, the options of a command that *argv*
    does not name may be left out (their modules are not imported: start-up
    time is most of a small run)."""
    parser = argparse.ArgumentParser(
        prog="featuredoc",
        description="Check feature documents and SUPPORT.md (support status, sections, sign-offs).",
    )
    parser.add_argument("--version", action="version", version=f"featuredoc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = _add_check(sub)
    _add_check_fixing(check)
    _add_check_settings(check)

    rules = sub.add_parser("rules", help="list every rule code", description="List every rule.")
    rules.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )

    explain = sub.add_parser(
        "explain", help="show a rule's documentation", description="Show a rule's documentation."
    )
    explain.add_argument("code", metavar="CODE", help="a rule code (FD201) or name")

    matrix = sub.add_parser(
        "matrix",
        help="render the support matrix (feature x architecture)",
        description="One table of every feature and architecture: the feature document's "
        "status, SUPPORT.md's, whether they agree, the sign-off and open problems.",
    )
    if argv is None or "matrix" in argv:
        from featuredoc.cli.matrix import add_arguments

        add_arguments(matrix)
    changes = sub.add_parser(
        "changes",
        help="list the support-status changes between two git revisions",
        description="Every status change of SUPPORT.md and the feature documents from "
        "revision A to B: added, removed, renamed, raised, lowered, security gained or lost.",
    )
    if argv is None or "changes" in argv:
        from featuredoc.cli.changes import add_arguments as changes_arguments

        changes_arguments(changes)
    _add_review(sub, argv)
    return parser


def _add_check(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """``featuredoc check``: the files and what is reported."""
    check = sub.add_parser(
        "check",
        help="check files and folders",
        description="Check feature documents and SUPPORT.md. "
        "Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or read errors.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files and folders (default: the current folder); '-' reads standard input",
    )
    check.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
    )
    check.add_argument(
        "--select",
        type=_code_list,
        action="extend",
        default=[],
        metavar="CODES",
        help="report only these codes or prefixes (comma-separated: FD201,FD4)",
    )
    check.add_argument(
        "--ignore",
        type=_code_list,
        action="extend",
        default=[],
        metavar="CODES",
        help="do not report these codes or prefixes (the more specific of --select/--ignore wins)",
    )
    return check


def _add_check_fixing(check: argparse.ArgumentParser) -> None:
    """``featuredoc check``: fixing, standard input, output and workers."""
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply every safe fix in place, then report what remains",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="show the fixes as a unified diff instead of writing them "
        "(exit status 1 when there is something to fix)",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the path of the document read from standard input (decides its kind and config)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="show how many findings of each code instead of the findings (text or json)",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the findings only: no summary, no notes",
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="skip files named on the command line that the configuration excludes "
        "(for pre-commit, which names every changed file)",
    )
    check.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: one per core for more than 8 files and 1 MiB)",
    )


def _add_check_settings(check: argparse.ArgumentParser) -> None:
    """``featuredoc check``: settings, git revisions and baselines."""
    check.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: the nearest .featuredoc.yaml in the folder of the first "
        "PATH or its parents, up to the repository root)",
    )
    check.add_argument(
        "--no-config",
        action="store_true",
        help="ignore .featuredoc.yaml files and use the built-in defaults",
    )
    check.add_argument(
        "--base",
        metavar="REV",
        help="compare statuses with each file at git revision REV (FD603, FD604), "
        "e.g. origin/main in a pull request, and report covered code changed since (FD610)",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings that are not in this baseline (see --write-baseline); "
        "its findings no longer found are listed, without failing",
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every finding in FILE as the baseline, instead of reporting them (exit 0)",
    )
    check.add_argument(
        "--new-only",
        action="store_true",
        help="report only findings on lines changed since --base REV (the working tree's diff)",
    )


def _add_review(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], argv: Sequence[str] | None
) -> None:
    review = sub.add_parser(
        "review",
        help="review a patch series: what it introduces, as a reply to paste into an e-mail",
        description="Apply a patch series (git format-patch files, a mailbox, '-' for standard "
        "input) on --base in a temporary tree and report only what it introduces: findings, "
        "status changes and whether the security team's sign-off is needed and carried. "
        "Exit status: 0 nothing to act on, 1 new findings at or above --fail-on or a missing "
        "sign-off, 2 a patch that cannot be read or does not apply, or another error.",
    )
    if argv is None or "review" in argv:
        from featuredoc.cli.review import add_arguments as review_arguments

        review_arguments(review)


def load_config(root: Path, args: argparse.Namespace | None = None) -> Config:
    """The run's settings; an invalid file raises ConfigProblem (exit status 2)."""
    explicit = getattr(args, "config", None)
    return load_for_run(root, explicit, use_file=not getattr(args, "no_config", False))


# ---- check ------------------------------------------------------------------


def _shown(path: Path, root: Path) -> str:
    """How a finding's file is named: relative to the root, or to the current folder above it.

    Inside the project (the current folder at or below the root) paths are
    the project's own (``docs/features/x.pandoc`` even from
    ``docs/features``), as CI annotations need. Run from a folder that
    holds the project (``featuredoc check examples/``), they are relative to
    where the command runs (``examples/SUPPORT.md``), so they can be opened
    from there.
    """
    here = Path.cwd().resolve()
    resolved_root = root.resolve()
    if here != resolved_root and here in resolved_root.parents:
        return project_path(path, here)
    return project_path(path, root)


def _excluded(rel: str, config: Config) -> bool:
    import fnmatch

    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in config.exclude)


def _reads_stdin(args: argparse.Namespace) -> bool:
    if "-" in args.paths:
        if len(args.paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        return True
    if args.paths and args.stdin_filename is not None:
        raise UsageError("--stdin-filename names standard input: give '-' or no PATH with it")
    return args.stdin_filename is not None


def _validate(args: argparse.Namespace) -> None:
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics works with --format text or json")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")


def _check_stdin(
    args: argparse.Namespace, options: Options, problems: list[str]
) -> tuple[list[FileResult], Path, Config, str | bytes | None]:
    """Standard input as the file ``--stdin-filename`` names; and what ``--fix`` prints.

    That is the fixed text, or the bytes as they came when they are not
    all UTF-8 (FD904): printing the decoded text would replace them.
    """
    named = Path(args.stdin_filename) if args.stdin_filename else None
    root = find_root(named.parent if named is not None else Path.cwd())
    config = load_config(root, args)
    rel = project_path(named, root) if named is not None else "-"
    display = rel if named is not None else "-"
    data = sys.stdin.buffer.read()
    try:
        decoded = decode_file(data, display)
    except UnreadableFile as exc:
        problems.append(str(exc))
        return [], root, config, None
    if args.force_exclude and _excluded(rel, config):
        return [], root, config, data
    options, index = _workspace(args, root, config, options, [rel])
    result, new_text = process_text(
        decoded.text, display, rel, config, options, index, decoded, by_content=True
    )
    problems.extend(result.errors)  # e.g. --base: git cannot show the file
    if result.errors:
        return [], root, config, data
    return [result], root, config, data if decoded.lossy else new_text


def _check_paths(
    args: argparse.Namespace, options: Options, problems: list[str], warnings: list[str]
) -> tuple[list[FileResult], Path, Config]:
    paths = [Path(p) for p in args.paths] or [Path(".")]
    root = find_root(paths[0])
    config = load_config(root, args)
    files, found_problems = discover(paths, root, config)
    problems.extend(found_problems)
    warnings.extend(_overlooked_hints(paths, files, root, config))
    if args.force_exclude:
        files = [d for d in files if not _excluded(project_path(d.path, root), config)]
    # Shown relative to the root (or to the current folder above it; absolute when outside).
    tasks = [
        Task(str(d.path), _shown(d.path, root), project_path(d.path, root), d.explicit)
        for d in files
    ]
    options, index = _workspace(args, root, config, options, [t.rel for t in tasks])
    results = _check_tasks(tasks, config, options, index, args.jobs)
    readable: list[FileResult] = []
    for result in results:
        problems.extend(result.errors)
        if not result.errors or result.lines:
            readable.append(result)
    return readable, root, config


def _overlooked_hints(
    paths: list[Path], files: list[Discovered], root: Path, config: Config
) -> list[str]:
    """For a folder that gave no feature document: the files there that look like ones."""
    from featuredoc.model.document import DocumentKind
    from featuredoc.workspace.files import overlooked

    hints = []
    for folder in paths:
        if not is_folder(folder):
            continue
        base = folder.resolve()
        if any(
            config.classify(project_path(d.path, root)) is DocumentKind.FEATURE
            and d.path.resolve().is_relative_to(base)
            for d in files
        ):
            continue
        missed = overlooked(folder, root, config)
        if not missed:
            continue
        many = len(missed) > 1
        hints.append(
            f"{quote_path(str(folder))}: {len(missed)} "
            f"{'files look like feature documents' if many else 'file looks like a feature document'}"
            f" ({quote_path(str(missed[0]))}{', ...' if many else ''}), but no include glob "
            f"selects {'them' if many else 'it'} ({', '.join(config.include)}, relative to "
            f"{quote_path(str(root))}): name {'them' if many else 'it'}, or set include in "
            ".featuredoc.yaml"
        )
    return hints


def _workspace(
    args: argparse.Namespace, root: Path, config: Config, options: Options, rels: list[str]
) -> tuple[Options, WorkspaceIndex | None]:
    """What the rules know beyond each file: template, SUPPORT.md, ``--base``."""
    from featuredoc.cli.runner import prepare_check, terminal_progress

    progress = None if args.quiet else terminal_progress(sys.stderr)
    return prepare_check(root, config, options, rels, base=args.base, progress=progress)


def _check_tasks(
    tasks: list[Task],
    config: Config,
    options: Options,
    index: WorkspaceIndex | None,
    jobs: int | None,
) -> list[FileResult]:
    """Feature documents (maybe in workers) and, with *index*, SUPPORT.md here against it."""
    if index is None:
        return check_files(tasks, config, options, jobs)
    from featuredoc.cli.runner import process_file

    # Only the workspace's own SUPPORT.md is compared with every feature
    # document; any other file named so is checked like the rest.
    support = {i for i, task in enumerate(tasks) if index.is_support(task.path)}
    others = check_files(
        [t for i, t in enumerate(tasks) if i not in support], config, options, jobs
    )
    rest = iter(others)
    return [
        process_file(task, config, options, index) if i in support else next(rest)
        for i, task in enumerate(tasks)
    ]


def _names() -> dict[str, str]:
    from featuredoc.rules.catalog import all_rules

    return {info.code: info.name for info in all_rules()}


def _report(
    args: argparse.Namespace,
    results: list[FileResult],
    root: Path,
    config: Config,
    problems: list[str],
    out: TextIO,
    summaries: bool,
) -> None:
    """The findings in ``--format``; with *summaries*, the lines for people after them."""
    colour = args.format == "text" and use_colour(out.isatty())
    if args.statistics:
        stats = statistics(results, _names())
        if args.format == "json":
            out.write(format_statistics_json(stats))
        else:
            out.write(format_statistics_text(stats))
        return
    if args.format == "json":
        out.write(format_json(results, lambda path: _shown(Path(path), root)))
    elif args.format == "github":
        out.write(format_github(results))
    elif args.format == "gitlab":
        out.write(format_gitlab(results))
    elif args.format == "sarif":
        from featuredoc.cli.sarif import format_sarif

        out.write(format_sarif(results, config, root, notifications=problems))
    else:
        out.write(format_text(results, colour=colour))
        if summaries:
            if args.fix:
                out.write(fix_summary(results, dry_run=False))
            fixable = 0
            if not args.fix:
                fixable = sum(
                    1 for r in results for f in r.findings if any(fx.safe for fx in f.fixes)
                )
            out.write(summary(results, fixable=fixable, colour=colour))
    if args.fix and args.format != "text" and summaries:
        sys.stderr.write(fix_summary(results, dry_run=False))


def _exit_status(args: argparse.Namespace, results: list[FileResult], problems: list[str]) -> int:
    if problems:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if any(r.diff for r in results) else EXIT_OK
    if args.fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(args.fail_on)
    failed = any(f.severity <= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failed else EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    _validate(args)
    stdin = _reads_stdin(args)
    baseline = _gate_start(args, stdin)
    options = Options(
        fix=args.fix or args.diff,
        write=args.fix and not args.diff and not stdin,
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        headings=args.baseline is not None or args.write_baseline is not None,
    )
    problems: list[str] = []
    warnings: list[str] = []
    fixed_text: str | bytes | None = None
    if stdin:
        results, root, config, fixed_text = _check_stdin(args, options, problems)
    else:
        results, root, config = _check_paths(args, options, problems, warnings)
        if not results and not problems and not args.quiet:
            print(
                f"featuredoc: warning: no files to check (in a folder, {config.support_file} "
                f"and the files matching {', '.join(config.include) or 'no include glob'} "
                f"relative to the workspace root {root} are checked)",
                file=sys.stderr,
            )

    if args.write_baseline is not None:
        return _write_baseline(args, results, root, problems)
    gated = _gate_finish(args, results, root, config, baseline)
    # No file checked and an error: the error alone ("No findings in 0 files" would
    # read as a result).
    summaries = not args.quiet and (bool(results) or not problems)
    if args.diff:
        sys.stdout.write("".join(r.diff for r in results))
        if summaries:
            sys.stderr.write(fix_summary(results, dry_run=True))
    elif stdin and args.fix:
        # As formatters do: the fixed document on stdout, the findings on stderr.
        if isinstance(fixed_text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(fixed_text)
        elif fixed_text is not None:
            sys.stdout.write(fixed_text)
        _report(args, results, root, config, problems, sys.stderr, summaries)
    else:
        _report(args, results, root, config, problems, sys.stdout, summaries)
    if summaries:  # after the text summary; on standard error beside any other format
        patch_or_text = args.diff or (stdin and args.fix)  # standard output holds them alone
        out = sys.stdout if args.format == "text" and not patch_or_text else sys.stderr
        out.writelines(line + "\n" for line in gated)
    sys.stdout.flush()
    if not args.quiet:
        for note in [*warnings, *(note for r in results for note in r.notes)]:
            print(f"featuredoc: warning: {escape_text(note)}", file=sys.stderr)
    for problem in problems:
        print(f"featuredoc: error: {escape_text(problem)}", file=sys.stderr)
    return _exit_status(args, results, problems)


def _gate_start(args: argparse.Namespace, stdin: bool) -> list[Entry] | None:
    """``--baseline``, read before any file is checked (and the gate's options checked)."""
    if args.baseline is None and args.write_baseline is None and not args.new_only:
        return None
    from featuredoc.cli.gate import GateUsage, start

    try:
        return start(args, stdin)
    except GateUsage as exc:
        raise UsageError(str(exc)) from None


def _gate_finish(
    args: argparse.Namespace,
    results: list[FileResult],
    root: Path,
    config: Config,
    baseline: list[Entry] | None,
) -> list[str]:
    """Leave out what ``--baseline`` and ``--new-only`` say is not new; what to say about it."""
    if baseline is None and not args.new_only:
        return []
    from featuredoc.cli.gate import finish
    from featuredoc.cli.runner import is_selected

    def reported(code: str) -> bool:
        on = config.severity_for(code, Severity.ERROR) is not None
        return on and is_selected(code, args.select, args.ignore)

    return finish(args, results, root, reported, baseline)


def _write_baseline(
    args: argparse.Namespace, results: list[FileResult], root: Path, problems: list[str]
) -> int:
    """``--write-baseline``: the findings go to the file, not the output; exit 0 when written."""
    from featuredoc.cli.gate import write_from

    written = write_from(args, results, root, problems)
    for problem in problems:
        print(f"featuredoc: error: {escape_text(problem)}", file=sys.stderr)
    return EXIT_OK if written else EXIT_ERROR


# ---- rules and explain ------------------------------------------------------


def run_rules(args: argparse.Namespace) -> int:
    from featuredoc.model.urls import rule_url
    from featuredoc.rules.catalog import all_rules

    infos = all_rules()
    if args.format == "json":
        import json

        items = [
            {
                "code": info.code,
                "name": info.name,
                "severity": info.severity.label,
                "fixable": info.fixable,
                "fix": info.fix.value,
                "summary": info.summary,
                "applies_to": list(info.applies_to),
                "url": rule_url(info.code),
            }
            for info in infos
        ]
        sys.stdout.write(json.dumps(items, indent=2) + "\n")
        return EXIT_OK
    rows = [("CODE", "NAME", "SEVERITY", "FIX", "SUMMARY")]
    rows += [(i.code, i.name, i.severity.label, i.fix.label, i.summary) for i in infos]
    widths = [max(len(row[col]) for row in rows) for col in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        sys.stdout.write(("  ".join(cells) + "  " + row[4]).rstrip() + "\n")
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    from featuredoc.model.urls import rule_url
    from featuredoc.rules.catalog import find

    info = find(args.code)
    if info is None:
        print(f"featuredoc: error: {escape_text(_unknown_rule(args.code))}", file=sys.stderr)
        return EXIT_ERROR
    colour = use_colour(sys.stdout.isatty())
    bold, reset = ("\x1b[1m", "\x1b[0m") if colour else ("", "")
    lines = info.doc.strip().splitlines() or [f"{info.code} {info.name}: {info.summary}"]
    out = [f"{bold}{lines[0]}{reset}", ""]
    out.append(f"Code: {info.code}   Name: {info.name}   Default severity: {info.severity.label}")
    out.append(f"Fix: {info.fix.description}")
    out.append(f"Applies to: {', '.join(info.applies_to) or '-'}")
    out.append(f"Documentation: {rule_url(info.code)}")
    fenced = False
    for line in lines[1:]:
        if line.startswith("```"):
            fenced = not fenced
            continue  # the code itself is indented instead
        if fenced:
            out.append("    " + line)
        elif line.startswith("## "):
            out.append(f"{bold}{line[3:]}{reset}")
        else:
            out.append(line)
    sys.stdout.write("\n".join(out).rstrip() + "\n")
    return EXIT_OK


def _unknown_rule(text: str) -> str:
    """Why ``featuredoc explain`` knows no rule *text* (a code or a name), with what was meant."""
    from featuredoc.analysis.similarity import closest
    from featuredoc.rules.catalog import all_rules, code_problem

    if text.strip().upper().startswith("FD"):
        return code_problem(text) or f"unknown rule '{text}'"
    name = closest(text, [info.name for info in all_rules()])
    also = f"; did you mean '{name}'?" if name else " (`featuredoc rules` lists them)"
    return f"unknown rule name '{text.strip()}'{also}"


def _git_error(exc: Exception) -> bool:
    """Whether *exc* is a :class:`featuredoc.workspace.gitbase.GitError` (without importing git support)."""
    gitbase = sys.modules.get("featuredoc.workspace.gitbase")
    return gitbase is not None and isinstance(exc, gitbase.GitError)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        if args.command == "rules":
            return run_rules(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "matrix":
            from featuredoc.cli.matrix import run_matrix

            return run_matrix(args)
        if args.command == "changes":
            from featuredoc.cli.changes import run_changes

            return run_changes(args)
        if args.command == "review":
            from featuredoc.cli.review import run_review

            return run_review(args)
        with _few_collections():
            return run_check(args)
    except UsageError as exc:
        print(f"featuredoc check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ConfigProblem as exc:
        for error in exc.errors:
            print(escape_text(str(error)), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output cut short (`featuredoc check | head`): not an error of ours.
        # Point stdout at /dev/null so that flushing it at exit stays quiet.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a crash must not exit 1 ("findings")
        if _git_error(exc):  # --base REV that git cannot read
            print(f"featuredoc {args.command}: error: {escape_text(str(exc))}", file=sys.stderr)
            return EXIT_ERROR
        return _crashed(args.command, exc)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Let Python's cycle collector run seldom while documents are checked.

    A check builds hundreds of thousands of small objects that all live
    until the document is done (a document of 100,000 headings: a third of
    the time went to collections that found nothing to free). The objects
    of the imports are set aside, and the collector runs after 100,000 new
    objects instead of 700; the settings are restored afterwards.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _crashed(command: str, exc: BaseException) -> int:
    """One line for an unexpected error (the traceback with ``FEATUREDOC_DEBUG=1``); status 2.

    Python's own exit status for an uncaught exception is 1, which means
    "findings": a CI job must never read a crash as a result.
    """
    import os

    if os.environ.get("FEATUREDOC_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    detail = escape_text(f"{type(exc).__name__}: {exc}")
    print(
        f"featuredoc {command}: internal error: {detail} "
        "(a bug in featuredoc: please report it; FEATUREDOC_DEBUG=1 shows the traceback)",
        file=sys.stderr,
    )
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
