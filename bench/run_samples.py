"""`newsetl run` on the five samples, wall time including Python and Dagster start-up (issue #6: <= 10 s).

`python -m bench.run_samples`: three cold runs, each into a fresh warehouse (a full publish), and three warm
re-runs with nothing changed; then three cold runs as on a new machine, with an empty word-list cache
(``NEWSETL_CACHE_DIR``, `pipeline/user_cache.py`). Medians in bench/results/run_samples.json.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, write_results


def _run(env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsetl", "run", "--quiet"], env=env, check=True, cwd=REPO)
    return time.perf_counter() - started


def main() -> int:
    cold, warm, new_machine = [], [], []
    for n in range(6):
        work = Path(tempfile.mkdtemp(prefix="newsetl-run-"))
        try:
            env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
            env |= {"NEWSETL_RAW_DIR": str(REPO / "raw"), "NEWSETL_WAREHOUSE": str(work / "news.duckdb")}
            if n < 3:
                cold.append(_run(env))
                warm.append(_run(env))
            else:
                new_machine.append(_run(env | {"NEWSETL_CACHE_DIR": str(work / "empty-cache")}))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "cold_full_publish_seconds": [round(s, 2) for s in cold],
        "warm_nothing_changed_seconds": [round(s, 2) for s in warm],
        "new_machine_cold_seconds": [round(s, 2) for s in new_machine],
        "cold_median": round(statistics.median(cold), 2),
        "warm_median": round(statistics.median(warm), 2),
        "target_seconds": 10,
    }
    write_results("run_samples", report)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
