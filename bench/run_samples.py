"""`make run` on the five samples, timed as a user types it (issue #22: <= 10 s first publish, <= 3 s unchanged).

`python -m bench.run_samples`: in a fresh checkout copy (the top-level files with their times kept, so make sees
the environment as built; raw/ copied; the code and .venv linked), three first publishes (a new warehouse and a
new Dagster instance, `.dagster/`, which `newsetl run` makes and records into), each followed by a re-run with
nothing changed; then three first publishes as on a new machine, with an empty word-list cache
(``NEWSETL_CACHE_DIR``, `pipeline/core/user_cache.py`). Wall time of the whole `make run`, start-up and the instance's
event writes included. Medians in bench/results/run_samples.json.
"""

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import REPO, write_results

#: What a checkout has at its top level that `make run` reads.
TOP_LEVEL_FILES = ("Makefile", "dagster.yaml", "pyproject.toml", "uv.lock")
LINKED = ("pipeline", "assets", "newsetl", ".venv", ".venv-tools")


def _checkout(work: Path) -> Path:
    for name in TOP_LEVEL_FILES:
        shutil.copy2(REPO / name, work / name)
    shutil.copytree(REPO / "raw", work / "raw")
    for name in LINKED:
        if (REPO / name).exists():
            (work / name).symlink_to(REPO / name)
    return work


def _make_run(work: Path, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["make", "--no-print-directory", "run"], env=env, check=True, cwd=work, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def main() -> int:
    # The user's shell: no DAGSTER_HOME (newsetl picks the checkout's instance), no newsetl settings.
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME" and not k.startswith("NEWSETL_")}
    cold, warm, new_machine = [], [], []
    for n in range(6):
        work = _checkout(Path(tempfile.mkdtemp(prefix="newsetl-run-")))
        try:
            if n < 3:
                cold.append(_make_run(work, env))
                warm.append(_make_run(work, env))
                assert (work / ".dagster" / "history").is_dir(), (
                    "the run did not record into the checkout's instance"
                )
            else:
                new_machine.append(_make_run(work, env | {"NEWSETL_CACHE_DIR": str(work / "empty-cache")}))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "command": "make run (as typed, in a fresh checkout copy)",
        "cold_full_publish_seconds": [round(s, 2) for s in cold],
        "warm_nothing_changed_seconds": [round(s, 2) for s in warm],
        "new_machine_cold_seconds": [round(s, 2) for s in new_machine],
        "cold_median": round(statistics.median(cold), 2),
        "warm_median": round(statistics.median(warm), 2),
        "target_cold_seconds": 10,
        "target_warm_seconds": 3,
    }
    write_results("run_samples", report)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
