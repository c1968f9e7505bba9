#!/usr/bin/env python3
"""``featuredoc matrix --releases`` over every Xen release: how long, and where the time goes.

    python benchmarks/matrix_releases_bench.py              # the bundle, 5 runs each
    python benchmarks/matrix_releases_bench.py --repo DIR   # another repository
    python benchmarks/matrix_releases_bench.py --runs 10 --json

The repository is a clone of ``../shared/corpus/xen-releases.bundle`` (made in
a temporary folder, nothing checked out) unless ``--repo`` names one. Every
``RELEASE-*`` tag holding SUPPORT.md is a column, then HEAD. Measured, best
and median of ``--runs``:

* ``read``: SUPPORT.md of every release from git (one ``git cat-file --batch``);
* ``build``: parsing and reading each text once, the FD502-FD509 findings,
  merging the columns and marking the changes;
* ``html``, ``markdown``, ``json``: rendering;
* ``whole``: all of it in this process (read, build, the three renderings);
* ``command``: ``featuredoc matrix --releases --format html`` in a new
  process (Python's start-up and imports included);
* ``git show``: for comparison, reading the same texts with one ``git show``
  per release instead of one batch.

Wall times suffer on a busy machine; the CPU time (this process and the
processes it waited for) is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "server"))

from featuredoc.cli.release_matrix import build_releases, release_sources  # noqa: E402
from featuredoc.cli.release_matrix_render import (  # noqa: E402
    render_html,
    render_json,
    render_markdown,
)
from featuredoc.model.config import Config  # noqa: E402

BUNDLE = REPO.parent / "shared" / "corpus" / "xen-releases.bundle"


def _cpu() -> float:
    """CPU seconds of this process and its finished children (git, the command)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(runs: int, work: Callable[[], object]) -> dict[str, float]:
    """Best and median wall time, and the best CPU time (steadier on a busy machine)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        work()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((_cpu() - start_cpu) * 1000)
    return {
        "best_ms": round(min(times), 1),
        "median_ms": round(statistics.median(times), 1),
        "cpu_ms": round(min(cpu), 1),
    }


def measure(repo: Path, runs: int) -> dict[str, Any]:
    config = Config()
    sources, requests = release_sources(repo, config, [], "RELEASE-*")
    matrix = build_releases(sources, config)

    def whole() -> None:
        found, _ = release_sources(repo, config, [], "RELEASE-*")
        built = build_releases(found, config)
        render_html(built, config), render_markdown(built), render_json(built)

    def git_show() -> None:
        for source in sources:
            subprocess.run(
                ["git", "-C", str(repo), "show", f"{source.commit}:SUPPORT.md"],
                capture_output=True,
                check=True,
            )

    command = [sys.executable, "-m", "featuredoc.cli.command", "matrix", "--releases"]
    return {
        "columns": [c.name for c in matrix.columns],
        "rows": len(matrix.rows),
        "changes": matrix.changes,
        "git_objects": requests,
        "bytes": sum(len((s.text or "").encode()) for s in sources),
        "read": timed(runs, lambda: release_sources(repo, config, [], "RELEASE-*")),
        "build": timed(runs, lambda: build_releases(sources, config)),
        "html": timed(runs, lambda: render_html(matrix, config)),
        "markdown": timed(runs, lambda: render_markdown(matrix)),
        "json": timed(runs, lambda: render_json(matrix)),
        "whole": timed(runs, whole),
        "command": timed(
            runs,
            lambda: subprocess.run(
                [*command, "--format", "html"],
                cwd=repo,
                capture_output=True,
                check=True,
                env={"PYTHONPATH": str(REPO / "server"), "PATH": "/usr/bin:/bin"},
            ),
        ),
        "git show": timed(runs, git_show),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, help="a repository (default: clone the bundle)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.repo
        if repo is None:
            if not BUNDLE.is_file():
                print(f"no {BUNDLE}; give --repo", file=sys.stderr)
                return 2
            repo = Path(tmp) / "xen"
            subprocess.run(
                ["git", "clone", "-q", "--no-checkout", str(BUNDLE), str(repo)], check=True
            )
        result = measure(repo.resolve(), args.runs)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{len(result['columns'])} columns ({result['columns'][0]} .. {result['columns'][-1]}), "
        f"{result['rows']} rows, {result['changes']} changes, {result['bytes']:,} bytes of "
        f"SUPPORT.md, {result['git_objects']} git objects"
    )
    for key in ("read", "build", "html", "markdown", "json", "whole", "command", "git show"):
        times = result[key]
        print(
            f"  {key:10} best {times['best_ms']:8.1f} ms   median {times['median_ms']:8.1f} ms"
            f"   CPU {times['cpu_ms']:8.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
