"""What every benchmark shares: where the repository, the shared corpora and the results live."""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: ../shared/corpora: research-only data, read in place and never copied into the repository.
CORPORA = REPO.parent / "shared" / "corpora"
RESULTS = REPO / "bench" / "results"


def write_results(name: str, report: dict) -> Path:
    """Write ``report`` to bench/results/<name>.json (the figures the README quotes) and return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def missing(*paths: Path) -> bool:
    """True, after saying so on stderr, when a corpus file a benchmark needs is not on this machine."""
    absent = [str(path) for path in paths if not path.exists()]
    if absent:
        print(f"needs {', '.join(absent)} (../shared/corpora); not on this machine", file=sys.stderr)
    return bool(absent)


def materialize_graph(raw: Path, warehouse: Path):
    """The publishing graph in this process, as `newsetl run` runs it, quietly: (result, step stats, wall seconds)."""
    import time

    import dagster as dg

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    with dg.DagsterInstance.ephemeral() as instance:
        started = time.perf_counter()
        result = dg.materialize(
            [*ASSETS, *CHECKS],
            resources=build_resources(raw, warehouse),
            selection=PUBLISH_SELECTION,
            instance=instance,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
        wall = time.perf_counter() - started
        return result, instance.get_run_step_stats(result.run_id), wall
