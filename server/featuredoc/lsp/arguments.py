"""The command line of ``featuredoc-ls``.

The server talks LSP over standard input and output and needs no argument;
``--help`` and ``--version`` answer and exit without starting it, and
``--stdio`` (which some clients add) is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from featuredoc import __version__

if TYPE_CHECKING:
    import argparse

DESCRIPTION = (
    "The featuredoc language server: checks feature documents and SUPPORT.md as you "
    "type. It speaks the Language Server Protocol over standard input and output; "
    "editors start it, people rarely need to. Settings come from .featuredoc.yaml at "
    "the workspace root and the editor's 'featuredoc' settings. The same checks run "
    "from the command line with `featuredoc check`."
)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The options in *argv* (without the program name).

    ``--help`` and ``--version`` print and exit with status 0; an unknown
    option prints a usage line and exits with status 2. Neither starts the
    server. (:func:`featuredoc.lsp.server.main` calls it only when there are
    options: without, start-up does not load :mod:`argparse`.)
    """
    import argparse

    parser = argparse.ArgumentParser(prog="featuredoc-ls", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"featuredoc-ls {__version__}")
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="use standard input and output (the default and only transport)",
    )
    return parser.parse_args(list(argv))
