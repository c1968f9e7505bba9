"""Reading the project's own template (``config.template``), and other workspace files, cached."""

from __future__ import annotations

import os
import threading
from stat import S_ISREG

from featuredoc.model.config import Config
from featuredoc.workspace.files import inside_workspace

_cache: dict[str, tuple[int, int, str | None]] = {}
_cache_lock = threading.Lock()


def load_for(root: str | os.PathLike[str] | None, config: Config) -> str | None:
    """The text of the workspace's template (``config.template`` under *root*).

    ``None`` when there is no root, no such file, it cannot be read, it is
    not a regular file (a FIFO would block the read for ever) or it is
    larger than ``max_document_size``. The text is cached and re-read only
    when the file's modification time or size changes.
    """
    return load_file(root, config.template, config)


def load_file(root: str | os.PathLike[str] | None, rel: str, config: Config) -> str | None:
    """The text of the workspace file *rel* (under *root*), as :func:`load_for` reads it."""
    if root is None or not rel:
        return None
    path = inside_workspace(root, rel)  # never a file outside the workspace
    if path is None:
        return None
    key = str(path)
    try:
        stat = path.stat()
    except OSError:
        with _cache_lock:
            _cache.pop(key, None)
        return None
    with _cache_lock:
        cached = _cache.get(key)
    if cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
        return cached[2]
    text: str | None = None
    if S_ISREG(stat.st_mode) and stat.st_size <= config.max_document_size:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = None
    with _cache_lock:
        _cache[key] = (stat.st_mtime_ns, stat.st_size, text)
    return text
