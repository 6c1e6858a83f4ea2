"""Where the memory goes: the peak resident memory of the run during each Dagster step (issue #6's ≤ 3 GB).

Run `.venv/bin/python -m bench.memory [--documents 10000] [--corpus-dir DIR]`; results go to
bench/results/memory_docs_<N>.json.

The whole graph runs in-process, as `newsetl run` does, over a corpus from `bench/corpus.py`; a thread reads the
process's resident set size every 50 ms, and each step is charged the highest reading between its start and its
end (the clean stage's worker processes, used from 5,000 documents a worker, are not counted: run with
NEWSETL_WORKERS=1 to keep them in).
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

from bench.common import REPO, missing, write_results
from bench.corpus import BBC, corpus

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * _PAGE


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--corpus-dir", type=Path, help="build the corpus here once and reuse it")
    args = parser.parse_args()
    if missing(BBC):
        return 2
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    import dagster as dg

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    work = Path(tempfile.mkdtemp(prefix="newsetl-memory-"))
    readings: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            readings.append((time.time(), _rss()))
            time.sleep(0.05)

    try:
        raw, n_docs, _ = corpus(work, args.documents, args.corpus_dir)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with dg.DagsterInstance.ephemeral() as instance:
            result = dg.materialize(
                [*ASSETS, *CHECKS],
                resources=build_resources(raw, work / "warehouse" / "news.duckdb"),
                selection=PUBLISH_SELECTION,
                instance=instance,
                run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            )
            stats = instance.get_run_step_stats(result.run_id)
        done.set()
        sampler.join()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    steps = {}
    for step in stats:
        inside = [rss for at, rss in readings if step.start_time <= at <= step.end_time]
        if inside:
            steps[step.step_key] = {
                "peak_rss_mb": round(max(inside) / 1e6, 1),
                "seconds": round(step.end_time - step.start_time, 2),
            }
    report = {
        "corpus": f"5 samples + {args.documents} documents of bench/corpus.py",
        "documents": n_docs,
        "succeeded": result.success,
        "peak_rss_mb": round(max(rss for _, rss in readings) / 1e6, 1),
        "steps_by_peak": dict(sorted(steps.items(), key=lambda kv: -kv[1]["peak_rss_mb"])[:12]),
    }
    out = write_results(f"memory_docs_{args.documents}", report)
    print(json.dumps(report, indent=2))
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0 if result.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
