"""Freed memory goes back to the system between the phases of a large step (``pipeline/infra/memory.py``)."""

import os
import sys

import pytest

from pipeline.infra.memory import release_free_memory

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * _PAGE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and glibc's malloc_trim")
def test_a_freed_corpus_of_small_strings_is_handed_back():
    release_free_memory()
    # Like parsed records: many small texts, then one object kept that was allocated after them, so the heap's
    # top stays in use and only trimming inside the heap can return the pages.
    texts = [f"{n:08d}" * 128 for n in range(200_000)]  # ~1 KB each, ~200 MB
    keeper = ["kept"] * 10
    held = _rss()
    del texts
    assert release_free_memory()
    assert held - _rss() > 100 * 2**20
    assert keeper
