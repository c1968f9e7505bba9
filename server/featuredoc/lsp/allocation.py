"""Large texts kept on the heap, where glibc's malloc would map and unmap each one.

glibc serves an allocation over its mmap threshold (128 KiB at first) with
a fresh memory mapping and unmaps it when it is freed: every version of a
2 MB document, and every slice of it, then costs its pages faulted in
again. Typing one character in a 100,000-line document rebuilt its text
that way in 1.9 ms, against 0.1 ms from the heap. When the first large
document is opened, the server asks glibc to keep allocations up to 32 MiB
on the heap and to give memory back to the system only above 64 MiB free at
its top. Elsewhere (another C library, another system) nothing is done.
"""

from __future__ import annotations

import logging
import sys
import threading

log = logging.getLogger("featuredoc")

#: A text this long (code points) asks for it.
LARGE = 1 << 18
#: glibc's mallopt parameters.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_lock = threading.Lock()
_asked = False


def keep_large_texts_on_heap(size: int) -> bool:
    """Ask glibc once, when a text of *size* code points is :data:`LARGE`; whether it
    was asked (now or before) and agreed."""
    global _asked
    if size < LARGE:
        return False
    with _lock:
        if _asked:
            return True
        _asked = True
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    agreed = bool(mallopt(_M_MMAP_THRESHOLD, 32 << 20)) and bool(
        mallopt(_M_TRIM_THRESHOLD, 64 << 20)
    )
    log.debug("featuredoc: large allocations kept on the heap: %s", agreed)
    return agreed
