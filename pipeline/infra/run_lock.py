"""One run at a time on a warehouse: a run owns the staging folder and the caches from its first step to its last.

A run stages every table under ``<warehouse>/.staging`` and keeps per-document caches under ``<warehouse>/cache``;
two runs over different raw folders sharing them would publish each other's tables. So a run holds this lock for
its whole length, not only while publishing (``pipeline.warehouse.store.publish_lock`` still guards the swap itself).

- A run takes it exclusively: a second run on the same warehouse waits for it, then gives up naming the holder.
- It is an ``flock`` on ``<warehouse>/.run.lock``: the kernel drops it when the holder dies, so a killed run
  never leaves it taken. The holder writes who it is into ``.run.owner`` so a waiting run can say whom it waits for.
- Processes a holder starts (step processes, clean workers) inherit ``NEWSETL_RUN_LOCK``, naming the
  lock their parent holds for them, and do not take it again (they would wait for their own parent).
"""

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".run.lock"
OWNER_FILE = ".run.owner"
#: Set in the environment of a lock holder (and so of every process it starts) to the lock file it holds.
HELD_ENV = "NEWSETL_RUN_LOCK"
#: How long a run waits for another run on the same warehouse by default, seconds. NEWSETL_RUN_WAIT.
DEFAULT_WAIT_S = 600.0


def default_wait_s() -> float:
    return float(os.environ.get("NEWSETL_RUN_WAIT", DEFAULT_WAIT_S))


class WarehouseInUse(RuntimeError):
    """Another run holds the warehouse, and waiting for it took longer than allowed."""


def lock_path(warehouse_path: Path) -> Path:
    return Path(warehouse_path).resolve().parent / LOCK_FILE


def current_owner(warehouse_path: Path) -> str:
    """Who holds (or last held) the run lock, in words: "pid 123 on host, run abc, since 2026-12-07T03:00:00Z"."""
    path = lock_path(warehouse_path).with_name(OWNER_FILE)
    try:
        owner = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "another process"
    parts = [f"pid {owner.get('pid')} on {owner.get('host')}"]
    if owner.get("run_id"):
        parts.append(f"run {owner['run_id']}")
    parts.append(f"since {owner.get('since')}")
    return ", ".join(parts)


@contextmanager
def run_lock(
    warehouse_path: Path,
    *,
    wait_s: float | None = None,
    run_id: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the warehouse for one run; wait up to ``wait_s`` for another holder, telling ``on_wait`` once whom
    for, then raise :class:`WarehouseInUse`. Re-entrant in the holder and in every process it starts."""
    path = lock_path(warehouse_path)
    if os.environ.get(HELD_ENV) == str(path):
        yield  # our own parent (or this process, further up the stack) holds it for us
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        wait_s = default_wait_s() if wait_s is None else wait_s
        deadline = time.monotonic() + wait_s
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(f"another run is using {path.parent} ({current_owner(warehouse_path)}); waiting")
                    told = True
                if time.monotonic() >= deadline:
                    raise WarehouseInUse(
                        f"another run is using {path.parent} ({current_owner(warehouse_path)}); "
                        f"gave up after waiting {wait_s:.0f}s"
                    ) from None
                time.sleep(0.2)
        _write_owner(path.with_name(OWNER_FILE), run_id)
        outer = os.environ.get(HELD_ENV)
        os.environ[HELD_ENV] = str(path)
        try:
            yield
        finally:
            if outer is None:
                os.environ.pop(HELD_ENV, None)
            else:
                os.environ[HELD_ENV] = outer
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_owner(path: Path, run_id: str | None) -> None:
    owner = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "run_id": run_id,
        "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(owner), encoding="utf-8")
    os.replace(partial, path)
