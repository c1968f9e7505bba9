"""``featuredoc``: check feature documents from the command line.

Exit status: 0 when no finding reaches ``--fail-on`` (default: error), 1 when
one does, 2 on a usage or configuration error or a file that could not be
read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from featuredoc import __version__
from featuredoc.config import Config
from featuredoc.config_loader import ConfigProblem, load_for_run
from featuredoc.engine import check as check_text
from featuredoc.files import UnreadableFile, discover, find_root, read_text
from featuredoc.findings import Severity
from featuredoc.output import FileResult, format_json, format_text
from featuredoc.text import split_lines

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="featuredoc",
        description="Check feature documents and SUPPORT.md (support status, sections, sign-offs).",
    )
    parser.add_argument("--version", action="version", version=f"featuredoc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="check files and folders")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files and folders (default: the current folder)",
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "information", "hint", "never"),
        default="error",
        help="lowest severity that makes the exit status 1",
    )
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
    return parser


def load_config(root: Path, args: argparse.Namespace | None = None) -> Config:
    """The run's settings; an invalid file raises ConfigProblem (exit status 2)."""
    explicit = getattr(args, "config", None)
    return load_for_run(root, explicit, use_file=not getattr(args, "no_config", False))


def run_check(args: argparse.Namespace) -> int:
    paths: list[Path] = list(args.paths) or [Path(".")]
    root = find_root(paths[0] if paths[0].is_dir() else paths[0].parent)
    config = load_config(root, args)
    files, problems = discover(paths, root, config)
    results: list[FileResult] = []
    for item in files:
        display = item.path.as_posix()
        try:
            text = read_text(item.path)
        except UnreadableFile as exc:
            problems.append(str(exc))
            continue
        kind = None
        findings = check_text(text, display, config, kind=kind)
        results.append(FileResult(display, split_lines(text), findings))
    output = format_json(results) if args.format == "json" else format_text(results)
    sys.stdout.write(output)
    for problem in problems:
        print(f"featuredoc: error: {problem}", file=sys.stderr)
    if problems:
        return EXIT_ERROR
    if args.fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(args.fail_on)
    failed = any(f.severity <= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return run_check(args)
    except ConfigProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
