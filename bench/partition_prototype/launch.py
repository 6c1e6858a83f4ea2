"""How a run over a partitioned graph can be launched in process: without a partition it fails; with range tags,
on the run or on the job, it is one run over every partition.

Run `.venv/bin/python -m bench.partition_prototype.launch`; it prints, for each way of launching the toy graph
(toy.py, 16 partitions) on a fresh instance and store: whether it succeeded, Dagster's message if not, how many
runs it took and how many materializations each asset got.

1. the ``materialize_all`` asset job with no partition (what `newsetl run` or a sensor's RunRequest would do);
2. ``dg.materialize`` over the assets with no partition;
3. ``materialize_all`` with the range tags 00..0f on the run (what a single-run backfill launches);
4. ``publish_all``, the same selection with the range tags on the job itself, launched with no partition.
"""

import argparse
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

ASSETS = ("raw_manifest", "articles", "cleaning_edits", "quarantine", "paragraphs", "documents", "warehouse")


def attempt(label: str, root: Path, launch: Callable) -> None:
    """Launch once on a fresh instance and store (``launch(defs, instance)``); print what happened."""
    import dagster as dg

    from bench.partition_prototype import toy

    raw, store = root / "raw", root / label.split(".")[0]
    defs = toy.build_defs(raw, store, partitions=16)
    print(f"{label}")
    with dg.DagsterInstance.ephemeral() as instance:
        try:
            result = launch(defs, instance)
        except Exception as error:  # a launch refused before any step ran
            print(f"    refused: {type(error).__name__}: {str(error).splitlines()[0]}")
            return
        print(f"    success={result.success}, runs on the instance: {instance.get_runs_count()}")
        for message in toy.failure_messages(result):
            print(f"    failed step {message}")
        counts = []
        for name in ASSETS:
            records = instance.fetch_materializations(dg.AssetKey(name), limit=1000).records
            partitioned = sum(1 for r in records if r.partition_key is not None)
            counts.append(f"{name} {len(records)}" + (f" ({partitioned} partitions)" if partitioned else ""))
        print(f"    materializations: {', '.join(counts)}")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.partition_prototype.launch", description=__doc__.splitlines()[0]
    )
    parser.parse_args()
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    import dagster as dg

    from bench.partition_prototype import toy

    every = toy.range_tags(toy.partition_keys(16))
    options = {"run_config": toy.QUIET, "raise_on_error": False}
    root = Path(tempfile.mkdtemp(prefix="newsetl-partition-launch-"))
    try:
        toy.write_corpus(root / "raw")
        attempt(
            "1. materialize_all, no partition",
            root,
            lambda defs, inst: defs.resolve_job_def(toy.MATERIALIZE_ALL).execute_in_process(
                instance=inst, **options
            ),
        )
        attempt(
            "2. dg.materialize(assets), no partition",
            root,
            lambda defs, inst: dg.materialize(
                list(defs.assets), instance=inst, resources=defs.resources, **options
            ),
        )
        attempt(
            "3. materialize_all, range tags 00..0f on the run",
            root,
            lambda defs, inst: defs.resolve_job_def(toy.MATERIALIZE_ALL).execute_in_process(
                instance=inst, tags=every, **options
            ),
        )
        attempt(
            "4. publish_all (range tags 00..0f on the job), no partition",
            root,
            lambda defs, inst: defs.resolve_job_def(toy.PUBLISH_ALL).execute_in_process(
                instance=inst, **options
            ),
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
