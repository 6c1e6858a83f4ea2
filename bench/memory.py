"""Where the memory goes: the peak resident memory of the run during each Dagster step (issue #6's ≤ 3 GB).

Run `.venv/bin/python -m bench.memory [--documents 10000] [--corpus-dir DIR] [--executor multiprocess]`; results go
to bench/results/memory_docs_<N>[_multiprocess].json.

The whole graph runs over a corpus from `bench/corpus.py`; a thread reads resident set sizes every 50 ms, and
each step is charged the highest reading between its start and its end.

* ``in_process`` (what `newsetl run` does): every step in this process, which is what is read. Memory a step
  took is not handed back to the system, so a step starts near the previous high. The clean stage's worker
  processes, used from 5,000 documents a worker, are not counted: run with NEWSETL_WORKERS=1 to keep them in.
* ``multiprocess`` (`newsetl run --processes`: Dagster's multiprocess executor): every step in a process of its
  own, one at a time; the readings are the largest single process of this process's tree and the tree's total.
"""

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
import warnings
from pathlib import Path

from bench.common import REPO, materialize_graph, missing, write_results
from bench.corpus import BBC, corpus

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError):
        return 0  # the process ended between listing and reading


def _tree_rss() -> tuple[int, int]:
    """(largest single process, total) of this process and all its descendants."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    parents[int(entry.name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {os.getpid()}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    sizes = [_rss(pid) for pid in tree]
    return max(sizes), sum(sizes)


def _run_in_process(raw: Path, warehouse: Path):
    result, stats, _ = materialize_graph(raw, warehouse)
    return result.success, stats


def _run_multiprocess(raw: Path, warehouse: Path, work: Path):
    """What `newsetl run --processes` does, in an instance of its own whose step stats are then read."""
    import dagster as dg

    from newsetl.runner import run_pipeline

    home = work / "dagster"
    home.mkdir()
    os.environ |= {
        "NEWSETL_RAW_DIR": str(raw),
        "NEWSETL_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(home),
    }
    outcome = run_pipeline(quiet=True, processes=True)
    for failure in outcome["failures"]:
        print(failure)
    with dg.DagsterInstance.get() as instance:
        return outcome["success"], instance.get_run_step_stats(outcome["run_id"])


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--corpus-dir", type=Path, help="build the corpus here once and reuse it")
    parser.add_argument("--executor", choices=("in_process", "multiprocess"), default="in_process")
    args = parser.parse_args()
    if missing(BBC):
        return 2
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    multiprocess = args.executor == "multiprocess"
    work = Path(tempfile.mkdtemp(prefix="newsetl-memory-"))
    readings: list[tuple[float, int, int]] = []  # (time, largest process, total)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            largest, total = _tree_rss() if multiprocess else (_rss(),) * 2
            readings.append((time.time(), largest, total))
            time.sleep(0.05)

    try:
        raw, n_docs, _ = corpus(work, args.documents, args.corpus_dir)
        warehouse = work / "warehouse" / "news.duckdb"
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        if multiprocess:
            success, stats = _run_multiprocess(raw, warehouse, work)
        else:
            success, stats = _run_in_process(raw, warehouse)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    steps = {}
    for step in stats:
        inside = [
            (largest, total) for at, largest, total in readings if step.start_time <= at <= step.end_time
        ]
        if inside:
            steps[step.step_key] = {
                "peak_rss_mb": round(max(r[0] for r in inside) / 1e6, 1),
                "seconds": round(step.end_time - step.start_time, 2),
            }
    report = {
        "corpus": f"5 samples + {args.documents} documents of bench/corpus.py",
        "documents": n_docs,
        "executor": args.executor,
        **({"max_concurrent": 1} if multiprocess else {}),  # `--processes` runs one step at a time
        "succeeded": success,
        "wall_seconds": round(wall, 1),
        "peak_rss_mb": round(max(r[1] for r in readings) / 1e6, 1),
        **({"peak_total_rss_mb": round(max(r[2] for r in readings) / 1e6, 1)} if multiprocess else {}),
        "steps_by_peak": dict(sorted(steps.items(), key=lambda kv: -kv[1]["peak_rss_mb"])[:12]),
    }
    suffix = "_multiprocess" if multiprocess else ""
    out = write_results(f"memory_docs_{args.documents}{suffix}", report)
    print(json.dumps(report, indent=2))
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0 if success else 1


if __name__ == "__main__":
    raise SystemExit(main())
