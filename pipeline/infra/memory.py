"""Handing freed memory back to the system between the phases of a large step.

Python frees a corpus's worth of small objects (parsed records, cleaned articles) to the C allocator, which keeps
the pages for reuse by later ``malloc`` calls; but Polars allocates its frames through its own allocator, so those
pages would sit unused in the process until it ends, and the step's resident size would stay at its high mark.
``malloc_trim`` returns them. Where the C library is not glibc, nothing happens.
"""

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_free_memory() -> bool:
    """Collect garbage and give the C allocator's free pages back to the system; ``True`` if it could."""
    gc.collect()
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
