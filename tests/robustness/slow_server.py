"""The real server with slow work slowed down further, to show what waits for it.

``FEATUREDOC_SLOW_ANALYSIS``: seconds added to every analysis (default 2).
``FEATUREDOC_SLOW_FIXES``: seconds added to every choice of fixes (default 0).

Used by the tests to prove that requests never wait for an analysis or for
a code action, and that a result overtaken by a newer version is never
published.
"""

from __future__ import annotations

import os
import time
from typing import Any

from featuredoc import engine, incremental
from featuredoc.analysis import fixes
from featuredoc.lsp import server

DELAY = float(os.environ.get("FEATUREDOC_SLOW_ANALYSIS", "2"))
FIXES_DELAY = float(os.environ.get("FEATUREDOC_SLOW_FIXES", "0"))
_analyse = engine.analyse
_select_fixes = fixes.select_fixes


def slow_analyse(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    time.sleep(DELAY)
    return _analyse(*args, **kwargs)


_analyse_edit = incremental.analyse_edit


def slow_analyse_edit(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    """The server's analysis of an open document, slowed once (not again inside)."""
    time.sleep(DELAY)
    engine.analyse = _analyse  # the worker runs one analysis at a time
    try:
        return _analyse_edit(*args, **kwargs)
    finally:
        engine.analyse = slow_analyse


def slow_select_fixes(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    time.sleep(FIXES_DELAY)
    return _select_fixes(*args, **kwargs)


engine.analyse = slow_analyse
incremental.analyse_edit = slow_analyse_edit
fixes.select_fixes = slow_select_fixes  # type: ignore[assignment]

if __name__ == "__main__":
    server.main()
