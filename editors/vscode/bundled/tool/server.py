"""Starts the featuredoc language server that ships inside the VS Code extension.

The server and its dependencies are in ``../libs``: pure Python, installed for
the oldest Python the server supports, so any CPython 3.10 or newer runs
them. They go first on ``sys.path``, so that whatever the interpreter has
installed itself (another featuredoc, another pygls) does not shadow them.

    python3 server.py             the server, over stdio
    python3 server.py --version   the bundled featuredoc's version
"""

import os
import runpy
import sys

LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
MIN_PYTHON = (3, 10)


def main() -> int:
    if sys.version_info[:2] < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        have = ".".join(map(str, sys.version_info[:3]))
        sys.stderr.write(
            f"featuredoc: the bundled server needs Python {need} or newer; "
            f"{sys.executable} is {have}\n"
        )
        return 2
    if not os.path.isdir(os.path.join(LIBS, "featuredoc")):
        sys.stderr.write(f"featuredoc: the bundled server is missing from {LIBS}\n")
        return 2
    sys.path.insert(0, LIBS)
    if sys.argv[1:] == ["--version"]:
        import featuredoc

        sys.stdout.write(f"featuredoc {featuredoc.__version__}\n")
        return 0
    runpy.run_module("featuredoc", run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
