"""Work on blocks of documents in several processes.

``map_blocks`` runs a function over blocks of documents in other processes (spawned, not forked: Polars and the language model hold
threads and locks a fork would copy half-taken) and hands the results back in block order, so output never
depends on the number of processes.

Workers: ``NEWSETL_WORKERS`` (default: the machine's cores). Below ``MIN_DOCUMENTS_PER_WORKER`` documents a
worker, starting processes costs more than it saves and the work stays in this process (``bench/shards.py``
measures one process against two). If processes cannot be started (a script without a ``__main__`` guard), the
work runs here instead.
"""

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many documents per worker a second process does not pay for its start-up (``bench/shards.py``).
MIN_DOCUMENTS_PER_WORKER = 5000


def worker_count() -> int:
    configured = os.environ.get("NEWSETL_WORKERS")
    return max(1, int(configured)) if configured else max(1, os.cpu_count() or 1)


def map_blocks(
    fn: Callable[[list[T]], R],
    items: Sequence[T],
    *,
    block: int,
    workers: int | None = None,
    min_per_worker: int | None = None,
    on_block: Callable[[int], None] | None = None,
) -> list[R]:
    """``fn`` applied to consecutive blocks of ``block`` items, in worker processes, the results in the order of
    the blocks: concatenated, they are in the order of ``items``, so a caller never reorders (which would copy
    its whole output), and the result never depends on the number of processes. Blocks go to the workers one at
    a time as they free up, so this process never serializes more than a few blocks at once (the corpus split
    in one piece per worker was a second copy of it here). ``fn`` must be importable by name (a module-level
    function or a ``functools.partial`` of one) when more than one process runs. ``on_block(items done)`` is
    called as each block's result is in hand, in block order (with it, one process works a block at a time too)."""
    workers = workers or worker_count()
    per_worker = MIN_DOCUMENTS_PER_WORKER if min_per_worker is None else min_per_worker
    workers = min(workers, max(1, len(items) // max(1, per_worker)))
    if len(items) <= block or (workers == 1 and on_block is None):
        results = [fn(list(items))]
        _count(on_block, len(items))
        return results
    blocks = [list(items[start : start + block]) for start in range(0, len(items), block)]
    if workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
                return _counted(pool.map(fn, blocks), blocks, on_block)
        except BrokenProcessPool:
            pass
    return _counted(map(fn, blocks), blocks, on_block)


def _counted(results: Iterable[R], blocks: list[list[T]], on_block: Callable[[int], None] | None) -> list[R]:
    """``results`` as a list, ``on_block`` told the items done as each block's result arrives."""
    out, done = [], 0
    for result, part in zip(results, blocks, strict=True):
        out.append(result)
        done += len(part)
        _count(on_block, done)
    return out


def _count(on_block: Callable[[int], None] | None, done: int) -> None:
    if on_block is not None:
        on_block(done)
