"""The real server with an analysis slowed down by a delay (``FEATUREDOC_SLOW_ANALYSIS``).

Used by the tests to prove that requests never wait for an analysis and
that a result overtaken by a newer version is never published.
"""

from __future__ import annotations

import os
import time
from typing import Any

from featuredoc import engine
from featuredoc.lsp import server

DELAY = float(os.environ.get("FEATUREDOC_SLOW_ANALYSIS", "2"))
_analyse = engine.analyse


def slow_analyse(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    time.sleep(DELAY)
    return _analyse(*args, **kwargs)


engine.analyse = slow_analyse

if __name__ == "__main__":
    server.main()
