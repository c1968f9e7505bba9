#!/usr/bin/env python3
"""Run a Python program under cProfile with its heavy imports done before profiling starts.

A language server spends ~0.4 s importing lsprotocol/pygls, which would otherwise top
every profile of a keystroke loop; preloading them keeps the profile about the work.

    python benchmarks/profile_run.py OUT.prof -m featuredoc          # the server
    python benchmarks/profile_run.py OUT.prof --entry featuredoc.cli.command:main check DIR
    python benchmarks/profile_run.py OUT.prof benchmarks/floor_server.py

Then: python -m pstats OUT.prof, or lsp_bench.py / cli_bench.py --profile print the top.
"""

from __future__ import annotations

import cProfile
import importlib
import runpy
import sys

PRELOAD = (
    "lsprotocol.types",
    "pygls.lsp.server",
    "mistune",
    "yaml",
    "featuredoc.lsp.server",
    "featuredoc.cli.command",
)


def main() -> int:
    argv = sys.argv[1:]
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    out, rest = argv[0], argv[1:]
    for mod in PRELOAD:
        try:
            importlib.import_module(mod)
        except Exception:  # noqa: BLE001 - absent or broken: it will be profiled later
            pass
    prof = cProfile.Profile()
    code = 0
    prof.enable()
    try:
        if rest[0] == "-m":
            sys.argv = [rest[1], *rest[2:]]
            runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
        elif rest[0] == "--entry":
            mod, _, func = rest[1].partition(":")
            sys.argv = [mod, *rest[2:]]
            ret = getattr(importlib.import_module(mod), func)()
            code = ret if isinstance(ret, int) else 0
        else:
            sys.argv = list(rest)
            runpy.run_path(rest[0], run_name="__main__")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        prof.disable()
        prof.dump_stats(out)
    return code


if __name__ == "__main__":
    sys.exit(main())
