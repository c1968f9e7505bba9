"""``featuredoc matrix``: the support matrix, of the working tree or of every release.

``featuredoc matrix [PATHS] [--format markdown|html|json] [--output FILE]``
renders every feature × architecture of the working tree, feature document
against SUPPORT.md (:mod:`featuredoc.cli.matrix_build`, rendered by
:mod:`featuredoc.cli.matrix_render` and :mod:`featuredoc.cli.matrix_html`).

``featuredoc matrix [DIR] --releases [REV ...] [--tags PATTERN]`` renders
SUPPORT.md of several revisions side by side, one column each, as Xen's
``docs/support-matrix-generate`` does (:mod:`featuredoc.cli.release_matrix`,
rendered by :mod:`featuredoc.cli.release_matrix_render`): the revisions
given, in their order, or else the tags matching ``release_tags`` (or
``--tags``) that hold a SUPPORT.md, oldest version first, then ``HEAD``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from featuredoc.cli.display import escape_text
from featuredoc.cli.matrix_build import (
    Matrix,
    Row,
    XenRow,
    XenTable,
    build,
    xen_table,
)
from featuredoc.cli.matrix_html import render_html
from featuredoc.cli.matrix_render import render_json, render_markdown
from featuredoc.workspace.index import WorkspaceIndex

FORMATS = ("markdown", "html", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="feature documents or folders to include (default: every one in the workspace); "
        "with --releases, the project folder (default: the current one)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the --output suffix, else markdown)",
    )
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write to FILE (default: standard output)"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file")
    parser.add_argument(
        "--no-config", action="store_true", help="ignore .featuredoc.yaml, use the defaults"
    )
    parser.add_argument(
        "--releases",
        nargs="*",
        metavar="REV",
        default=None,
        help="SUPPORT.md of several git revisions side by side, one column each, in the order "
        "given; without REV, every tag matching release_tags (--tags) that holds SUPPORT.md, "
        "oldest first, then HEAD",
    )
    parser.add_argument(
        "--tags",
        metavar="PATTERN",
        default=None,
        help="with --releases and no REV: the tags to use, a glob (default: the release_tags "
        "setting, RELEASE-*)",
    )


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lower() if args.output else ""
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "markdown")


def _error(message: str) -> int:
    print(f"featuredoc matrix: error: {escape_text(message)}", file=sys.stderr)
    return 2


def _write(text: str, output: Path | None) -> int:
    from featuredoc.cli.runner import replace_file

    if output is None:
        sys.stdout.write(text)
        return 0
    try:  # all or nothing: an error never leaves an empty or half-written page
        replace_file(output, text.encode("utf-8"))
    except OSError as exc:
        return _error(f"{output}: {exc.strerror or exc}")
    return 0


def _link_base(root: Path, output: Path | None) -> str:
    if output is None:
        return ""
    link_base = os.path.relpath(root, output.resolve().parent).replace(os.sep, "/") + "/"
    return "" if link_base == "./" else link_base


def _run_tree(args: argparse.Namespace) -> int:
    from featuredoc.cli.runner import terminal_progress
    from featuredoc.workspace.config_file import load_for_run
    from featuredoc.workspace.files import find_root

    paths = [Path(p) for p in args.paths] or [Path(".")]
    root = find_root(paths[0])
    config = load_for_run(root, args.config, use_file=not args.no_config)
    index = WorkspaceIndex(root, config)
    index.scan(terminal_progress(sys.stderr))
    matrix = build(index, config, only=paths if args.paths else None)
    fmt = _format(args)
    link_base = _link_base(root, args.output)
    text = {
        "html": lambda: render_html(matrix, link_base),
        "json": lambda: render_json(matrix),
    }.get(fmt, lambda: render_markdown(matrix, link_base))()
    for problem in index.problems:
        print(f"featuredoc: warning: {escape_text(problem)}", file=sys.stderr)
    return _write(text, args.output)


def _run_releases(args: argparse.Namespace) -> int:
    from featuredoc.cli import release_matrix_render as render
    from featuredoc.cli.release_matrix import build_releases, release_sources
    from featuredoc.workspace.config_file import load_for_run
    from featuredoc.workspace.files import find_root
    from featuredoc.workspace.gitbase import GitError

    revisions: list[str] = args.releases or []
    if revisions and args.tags is not None:
        return _error("--tags lists the releases itself: give either REV or --tags")
    if len(args.paths) > 1:
        return _error("with --releases, give at most one PATH: the project folder")
    root = find_root(Path(args.paths[0]) if args.paths else Path("."))
    config = load_for_run(root, args.config, use_file=not args.no_config)
    pattern = args.tags if args.tags is not None else config.release_tags
    try:
        sources, _ = release_sources(root, config, revisions, pattern)
    except GitError as exc:
        return _error(str(exc))
    matrix = build_releases(
        sources, config, root=str(root), tags_pattern=None if revisions else pattern
    )
    text = {
        "html": lambda: render.render_html(matrix, config),
        "json": lambda: render.render_json(matrix),
    }.get(_format(args), lambda: render.render_markdown(matrix))()
    return _write(text, args.output)


def run_matrix(args: argparse.Namespace) -> int:
    if args.releases is not None or args.tags is not None:
        return _run_releases(args)
    return _run_tree(args)


__all__ = [
    "Matrix",
    "Row",
    "XenRow",
    "XenTable",
    "build",
    "render_html",
    "render_json",
    "render_markdown",
    "run_matrix",
    "xen_table",
]
