"""Giving a build's freed memory back to the operating system before its largest single allocation.

CPython hands freed objects back to the C allocator, and glibc's allocator keeps the freed pages in its heap for
later use. A large catalogue's build frees most of what loading and page generation used (the catalogue itself),
and MkDocs' pages fill only part of that space again. At the very end, Material's search plugin turns its whole
index into one text and then into bytes (two allocations as large as ``search_index.json``, 12 MiB each at 5000
products), which come from fresh pages on top of the kept ones: the build's peak. Handing the free pages back first
lowers that peak by the size of the free space (about 25 MiB at 5000 products).

Only glibc has ``malloc_trim``; elsewhere (macOS, musl) this does nothing but collect cyclic garbage.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The C library the process already has (looking it up by name needs ldconfig or a compiler).
        function = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    function.argtypes, function.restype = [ctypes.c_size_t], ctypes.c_int
    trim: Callable[[int], int] = function
    return trim


def give_back_free_memory() -> bool:
    """Free unreachable cycles, then return the allocator's free pages to the operating system. True when the
    allocator could be asked to (glibc)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
