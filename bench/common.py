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


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def precision_recall(gold: int, predicted: int, matched: int, noun: str = "") -> dict:
    """Counts and their precision and recall, keys named ``gold<noun>`` … as the results files have them."""
    return {
        f"gold{noun}": gold,
        f"predicted{noun}": predicted,
        f"matched{noun}": matched,
        "precision": ratio(matched, predicted),
        "recall": ratio(matched, gold),
    }


def pair_one_to_one(gold: list, predicted: list, matches) -> tuple[list[tuple], list, list]:
    """(matched pairs, missed gold, unmatched predicted): each gold item, in its order, takes the first still free
    predicted item it ``matches``."""
    pairs, free, missed = [], list(predicted), []
    for g in gold:
        hit = next((p for p in free if matches(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            pairs.append((g, hit))
            free.remove(hit)
    return pairs, missed, free


def code_state() -> dict:
    """The commit measured and any uncommitted pipeline edits in the checkout (others may work in it too)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout

    dirty = git("status", "--porcelain", "--", "pipeline", "assets").splitlines()
    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "uncommitted": [line[3:] for line in dirty],
    }
