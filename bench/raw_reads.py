"""How much of `newsetl run`'s start-up reading raw/ twice cost, on a folder of 10,000 article files (#25).

`python -m bench.raw_reads [--files 10000] [--repeats 5]`: writes the articles `bench.corpus` generates, one file
each, into a temporary raw/, then times, each in a fresh process and taking turns, the start-up as `newsetl run`
goes through it before the first step: describe raw/ (the freshness check's hash), import Dagster and build the
publishing job, open an instance and record the raw_files observation. ``twice``: the observation describes raw/
again (as before); ``once``: it takes the manifest the CLI read (``newsetl.runner._record_raw_observation``).
Medians in bench/results/raw_reads.json. The page cache is warm after the first pass, as on a second `newsetl run`.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import REPO, missing, write_results
from bench.corpus import BBC, REUTERS

MODES = ("twice", "once")

_CHILD = """
import os, sys, time, json
started = time.perf_counter()
mode, raw, warehouse = sys.argv[1:4]
os.environ.update(NEWSETL_RAW_DIR=raw, NEWSETL_WAREHOUSE=warehouse, DAGSTER_HOME="")
from pipeline.ingest.manifest import describe_raw, manifest_sha256
t = time.perf_counter()
manifest = describe_raw(raw)
version = manifest_sha256(manifest)
describe = time.perf_counter() - t
import dagster as dg
from assets.definitions import defs
from assets.raw import raw_files_observation
from newsetl.runner import _record_raw_observation
defs.resolve_job_def("materialize_all")
t = time.perf_counter()
with dg.DagsterInstance.ephemeral() as instance:
    if mode == "once":
        _record_raw_observation(instance, manifest)
    else:
        instance.report_runless_asset_event(raw_files_observation(version))
observation = time.perf_counter() - t
print(json.dumps({"describe_s": describe, "observation_s": observation,
                  "startup_s": time.perf_counter() - started}))
"""


def write_files(raw: Path, n: int) -> int:
    """``n`` articles of ``bench.corpus``, one ``.txt`` file each (title, blank line, text); returns the bytes."""
    from bench.corpus import records

    raw.mkdir(parents=True, exist_ok=True)
    for k, record in enumerate(records(0, n)):
        text = (record.get("title") or "") + "\n\n" + record["text"] + "\n"
        (raw / f"{k:05d}.txt").write_text(text, encoding="utf-8")
    return sum(path.stat().st_size for path in raw.iterdir())


def _child(mode: str, raw: Path, warehouse: Path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(raw), str(warehouse)],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if missing(BBC, REUTERS):
        return 1
    with tempfile.TemporaryDirectory(prefix="newsetl-raw-reads-") as folder:
        raw, warehouse = Path(folder) / "raw", Path(folder) / "warehouse" / "news.duckdb"
        size = write_files(raw, args.files)
        _child("once", raw, warehouse)  # warms the page cache and Python's bytecode
        times: dict[str, list[dict]] = {mode: [] for mode in MODES}
        for _ in range(args.repeats):
            for mode in MODES:
                times[mode].append(_child(mode, raw, warehouse))
    medians = {
        mode: {key: round(statistics.median(t[key] for t in runs), 3) for key in runs[0]}
        for mode, runs in times.items()
    }
    # The start-up's other parts (importing Dagster, several seconds) vary more between processes than the read
    # saved, on a shared machine: the saving is the observation's own time, whose only difference is that read.
    saved = medians["twice"]["observation_s"] - medians["once"]["observation_s"]
    report = {
        "files": args.files,
        "bytes": size,
        "repeats": args.repeats,
        "median": medians,
        "saved_s": round(saved, 3),
        "saved_share_of_startup": round(saved / medians["twice"]["startup_s"], 3),
        "runs": times,
    }
    print(json.dumps(report, indent=1))
    write_results("raw_reads", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
