"""The clean stage in one process and in two (`pipeline/infra/workers.py`), on the same records (issue #6).

Run `.venv/bin/python -m bench.workers [--documents 10000]`; results go to bench/results/workers.json.

Records come from `bench/corpus.py` (BBC and Reuters, then perturbed copies); no cache is used, so both runs
clean every record. The two outputs must be identical; the report gives wall seconds for each worker count.
"""

import argparse
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from bench.common import missing, write_results
from bench.corpus import BBC, build


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workers", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    if missing(BBC):
        return 2
    from pipeline.ingest.records import read_records
    from pipeline.stages.clean import clean_stage

    raw = Path(tempfile.mkdtemp(prefix="newsetl-workers-"))
    build(raw, args.documents)
    records = []
    for path in sorted(raw.glob("corpus_*.jsonl")):
        data = path.read_bytes()
        records += read_records(path.name, hashlib.sha256(data).hexdigest(), data)[0]
    seconds, outputs = {}, {}
    for workers in (1, 2):
        os.environ["NEWSETL_WORKERS"] = str(workers)
        started = time.perf_counter()
        outputs[workers], _ = clean_stage(records)
        seconds[workers] = round(time.perf_counter() - started, 2)
    identical = all(outputs[1][name].equals(outputs[2][name]) for name in outputs[1])
    report = {
        "records": len(records),
        "clean_seconds_by_workers": seconds,
        "speedup": round(seconds[1] / seconds[2], 2),
        "identical_output": identical,
        "cores": os.cpu_count(),
    }
    write_results("workers", report)
    print(json.dumps(report, indent=1))
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
