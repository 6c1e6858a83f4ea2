"""The whole run in one process and with Dagster shard partitions in two (`newsetl run --shards`), cold (issue #6).

Run `.venv/bin/python -m bench.partitions [--documents 10000] [--runs 2]`; results go to
bench/results/partitions.json.

Each configuration runs `newsetl run` as a user would (a subprocess, its own empty warehouse and Dagster
instance, every stage and check on) over the same corpus from `bench/corpus.py`:

* ``one_process``: NEWSETL_WORKERS=1, no shards: everything in one process;
* ``shards_one_process``: the shard partitions run one after another, then the publishing run (what sharding
  itself costs: every shard reads the raw files and the corpus's boilerplate again);
* ``shards_two_processes``: the shard partitions two at a time, in two processes, then the publishing run.

All three must publish the same data (``dataset_sha256``); the report gives wall seconds (median of ``--runs``)
and the speed-up of two processes over one.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, missing, write_results
from bench.corpus import BBC, build

CONFIGURATIONS = {
    "one_process": ({"NEWSETL_WORKERS": "1"}, []),
    "shards_one_process": ({"NEWSETL_WORKERS": "1", "NEWSETL_SHARDS": "2"}, ["--shards"]),
    "shards_two_processes": ({"NEWSETL_WORKERS": "2", "NEWSETL_SHARDS": "2"}, ["--shards"]),
}


def _run(raw: Path, work: Path, env: dict, flags: list[str]) -> tuple[float, str]:
    """One cold `newsetl run` in its own warehouse and Dagster home: (wall seconds, dataset_sha256)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSETL_")} | env
    full_env |= {"NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(work / "warehouse" / "news.duckdb"),
                 "DAGSTER_HOME": str(work), "PYTHONPATH": str(REPO)}  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsetl", "run", "--json", *flags],
        env=full_env, cwd=work, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(
            f"newsetl run {' '.join(flags)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
    return wall, json.loads(proc.stdout)["summary"]["dataset_sha256"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.partitions", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2, help="runs of each configuration (median reported)")
    args = parser.parse_args()
    if missing(BBC):
        return 2
    root = Path(tempfile.mkdtemp(prefix="newsetl-partitions-"))
    try:
        raw = root / "raw"
        n_docs, n_bytes = build(raw, args.documents)
        seconds: dict[str, list[float]] = {name: [] for name in CONFIGURATIONS}
        datasets = set()
        for _ in range(args.runs):  # interleaved, so a busy moment of the machine does not favour one
            for name, (env, flags) in CONFIGURATIONS.items():
                wall, dataset = _run(raw, root / name, env, flags)
                seconds[name].append(round(wall, 2))
                datasets.add(dataset)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    report = {
        "corpus": f"5 samples + {args.documents} documents of bench/corpus.py",
        "documents": n_docs,
        "megabytes": round(n_bytes / 1e6, 2),
        "wall_seconds": seconds,
        "median_wall_seconds": median,
        "speedup_two_processes_over_one": round(median["one_process"] / median["shards_two_processes"], 2),
        "same_data_published": len(datasets) == 1,
        "machine": {"cpus": os.cpu_count()},
    }
    out = write_results("partitions", report)
    print(json.dumps(report, indent=2))
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0 if report["same_data_published"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
