"""What Dagster partitions cost one run of the toy graph: unpartitioned vs 4 and 16 partitions in a single run.

Run `.venv/bin/python -m bench.partition_prototype.overhead [--runs 10] [--documents 48]`; results go to
bench/results/partition_overhead.json.

Six configurations: the toy graph (toy.py) unpartitioned, with 4 and with 16 static partitions (one run over
every partition, as a single-run backfill launches it), each on an ephemeral (in-memory) instance and on a SQLite
instance (what `newsetl run` and `dagster dev` use). Each configuration keeps its instance and store for all its
runs, so later runs see earlier ones, as a real deployment does; the rounds are interleaved so a busy moment of
the machine does not favour one configuration. The data is a few dozen small texts: the time measured is
Dagster's bookkeeping, which grows with the asset materializations a run records (one per asset-partition).
"""

import argparse
import platform
import shutil
import statistics
import tempfile
import time
import warnings
from contextlib import ExitStack
from pathlib import Path

from bench.common import REPO, write_results

PARTITIONS = (0, 4, 16)
INSTANCES = ("ephemeral", "sqlite")


def _time_run(job, instance, tags: dict[str, str]) -> tuple[float, int]:
    """One in-process run: (wall seconds, asset materializations it recorded)."""
    from bench.partition_prototype.toy import QUIET, failure_messages

    started = time.perf_counter()
    result = job.execute_in_process(instance=instance, run_config=QUIET, tags=tags, raise_on_error=False)
    wall = time.perf_counter() - started
    if not result.success:
        raise RuntimeError(f"run {result.run_id} failed: {failure_messages(result)}")
    return wall, sum(1 for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION")


def _instance(kind: str, home: Path):
    """An in-memory instance, or a SQLite one (run, event log and schedule storage) under ``home``."""
    import dagster as dg

    if kind == "ephemeral":
        return dg.DagsterInstance.ephemeral()
    home.mkdir(parents=True)
    return dg.DagsterInstance.local_temp(tempdir=str(home))


def measure(runs: int, documents: int) -> dict:
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    import dagster as dg

    from bench.partition_prototype import toy

    root = Path(tempfile.mkdtemp(prefix="newsetl-partition-overhead-"))
    try:
        raw = root / "raw"
        toy.write_corpus(raw, documents)
        # Warm-up: imports and first-call costs would otherwise land on whichever configuration runs first.
        with dg.DagsterInstance.ephemeral() as instance:
            job = toy.build_defs(raw, root / "warmup", partitions=0).resolve_job_def(toy.MATERIALIZE_ALL)
            _time_run(job, instance, {})
        seconds: dict[tuple[int, str], list[float]] = {}
        events: dict[tuple[int, str], int] = {}
        with ExitStack() as stack:
            configs = {}
            for n in PARTITIONS:
                for kind in INSTANCES:
                    name = f"{n}_{kind}"
                    instance = stack.enter_context(_instance(kind, root / f"dagster_{name}"))
                    job = toy.build_defs(raw, root / f"store_{name}", partitions=n).resolve_job_def(
                        toy.MATERIALIZE_ALL
                    )
                    tags = toy.range_tags(toy.partition_keys(n)) if n else {}
                    configs[n, kind] = (job, instance, tags)
                    seconds[n, kind] = []
            for _ in range(runs):
                for key, (job, instance, tags) in configs.items():
                    wall, events[key] = _time_run(job, instance, tags)
                    seconds[key].append(round(wall, 3))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows = []
    for kind in INSTANCES:
        base = statistics.median(seconds[0, kind][1:])
        for n in PARTITIONS:
            later = statistics.median(seconds[n, kind][1:])
            rows.append(
                {
                    "partitions": n,
                    "instance": kind,
                    "materializations_per_run": events[n, kind],
                    "first_run_s": seconds[n, kind][0],
                    "median_later_runs_s": round(later, 3),
                    "added_vs_unpartitioned_s": round(later - base, 3),
                    "runs_s": seconds[n, kind],
                }
            )
    return {
        "what": "wall seconds of one in-process run of the toy graph (bench/partition_prototype/toy.py)",
        "documents": documents,
        "runs_per_configuration": runs,
        "dagster": dg.__version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "rows": rows,
    }


def print_table(report: dict) -> None:
    print(
        f"dagster {report['dagster']}, {report['documents']} documents, {report['runs_per_configuration']} runs each"
    )
    print(f"{'partitions':>10} {'instance':>9} {'mat./run':>8} {'first s':>8} {'median s':>9} {'added s':>8}")
    for row in report["rows"]:
        print(
            f"{row['partitions']:>10} {row['instance']:>9} {row['materializations_per_run']:>8} "
            f"{row['first_run_s']:>8.2f} {row['median_later_runs_s']:>9.2f} {row['added_vs_unpartitioned_s']:>8.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.partition_prototype.overhead", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--runs", type=int, default=10, help="runs of each configuration (the first is reported apart)"
    )
    parser.add_argument("--documents", type=int, default=48)
    args = parser.parse_args()
    if args.runs < 2:
        parser.error(
            "--runs must be at least 2 (the first run is reported apart from the median of the others)"
        )
    report = measure(args.runs, args.documents)
    print_table(report)
    print(f"wrote {write_results('partition_overhead', report).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
