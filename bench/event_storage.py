"""Dagster's event storage for a run of the samples: the default (a SQLite file per run) against the consolidated
one (one SQLite file), each in a new instance, as a first `make run` creates it (issue #22, the 10 s target).

`python -m bench.event_storage [--runs 3]`: each sitting creates a new instance of each kind in a temporary
folder (timed), then runs the publishing graph over raw/ twice into a new warehouse (a first run, then one reading
every cache back), in one process, the kinds taking turns. Medians in bench/results/event_storage.json.
"""

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from bench.common import REPO, write_results

KINDS = ("default", "consolidated")


def _instance(kind: str, home: Path):
    import dagster as dg

    config = "telemetry:\n  enabled: false\n"
    if kind == "consolidated":
        config += (
            "event_log_storage:\n  module: dagster._core.storage.event_log\n"
            f"  class: ConsolidatedSqliteEventLogStorage\n  config:\n    base_dir: {home / 'history'}\n"
        )
    (home / "dagster.yaml").write_text(config, encoding="utf-8")
    return dg.DagsterInstance.from_config(str(home))


def _sitting(kind: str) -> dict[str, float]:
    import dagster as dg

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    with tempfile.TemporaryDirectory(prefix="newsetl-events-") as folder:
        home = Path(folder)
        started = time.perf_counter()
        instance = _instance(kind, home)
        times = {"new_instance": time.perf_counter() - started}
        resources = build_resources(REPO / "raw", home / "warehouse" / "news.duckdb")
        for run in ("first_run", "cached_run"):
            started = time.perf_counter()
            result = dg.materialize(
                [*ASSETS, *CHECKS], resources=resources, selection=PUBLISH_SELECTION, instance=instance
            )
            assert result.success
            times[run] = time.perf_counter() - started
        instance.dispose()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.event_storage", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=3, help="sittings per kind (default 3)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    _sitting("default")  # warm-up: imports and the word-list cache, not timed
    sittings: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    for _ in range(args.runs):
        for kind in KINDS:  # taking turns, so a busy moment of the machine favours neither
            sittings[kind].append(_sitting(kind))
    report = {
        "corpus": "raw/ (the five samples)",
        "runs": args.runs,
        "seconds": {
            kind: {
                part: {
                    "each": [round(s[part], 2) for s in runs],
                    "median": round(statistics.median(s[part] for s in runs), 2),
                }
                for part in ("new_instance", "first_run", "cached_run")
            }
            for kind, runs in sittings.items()
        },
    }
    for kind, parts in report["seconds"].items():
        print(kind, {part: figures["median"] for part, figures in parts.items()})
    print(f"written to {write_results('event_storage', report)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
