"""Which assets Dagster calls stale after one raw document changes, step by step, partitioned or not.

Run `.venv/bin/python -m bench.partition_prototype.staleness`; it prints, after each step, every asset's stale
status and causes. Three variants of the toy graph (toy.py): 16 partitions; 16 partitions with every asset also
depending on raw_files directly (``raw_dep``: staleness is not transitive, so without it only raw_manifest turns
stale when raw/ changes); and the unpartitioned graph, as newsetl is.

For a partitioned asset it prints two things: the status without a partition, which is what the lineage graph
node shows (dagster_graphql's ``staleStatus`` asks the resolver with ``partition=None``, and
``CachingStaleStatusResolver`` answers FRESH for any partitioned asset then), and how many partitions are
stale (``staleStatusByPartition``, only on the asset's partitions page).
"""

import argparse
import shutil
import tempfile
import warnings
from pathlib import Path

VARIANTS = {
    "16 partitions": {"partitions": 16, "raw_dep": False},
    "16 partitions, every asset depends on raw_files": {"partitions": 16, "raw_dep": True},
    "unpartitioned (newsetl today)": {"partitions": 0, "raw_dep": False},
}
SHOWN = ("raw_manifest", "articles", "paragraphs", "documents", "warehouse")
EDITED = "doc000.txt"


def _causes(resolver, key, partition: str | None = None) -> list[str]:
    return sorted(
        {
            cause.reason + (f" <- {cause.dependency.asset_key.to_user_string()}" if cause.dependency else "")
            for cause in resolver.get_stale_causes(key, partition)
        }
    )


def describe(instance, defs, partitions: int) -> list[str]:
    """One line per shown asset: its status as the graph shows it and, if partitioned, per partition."""
    import dagster as dg
    from dagster._utils.test.data_versions import get_stale_status_resolver

    from bench.partition_prototype.toy import partition_keys

    resolver = get_stale_status_resolver(instance, list(defs.assets))
    lines = []
    for name in SHOWN:
        key = dg.AssetKey(name)
        graph = resolver.get_status(key).value  # what the lineage graph node shows
        if partitions and name in ("articles", "paragraphs"):
            keys = partition_keys(partitions)
            stale = [p for p in keys if resolver.get_status(key, p).value == "STALE"]
            causes = sorted({c for p in stale for c in _causes(resolver, key, p)})
            lines.append(
                f"{name:12} graph node {graph:7} | {len(stale):2}/{partitions} partitions STALE {causes}"
            )
        else:
            lines.append(f"{name:12} graph node {graph:7} {_causes(resolver, key)}")
    return lines


def walk(root: Path, partitions: int, raw_dep: bool) -> None:
    """Full run; edit one document; observe raw/; re-run raw_manifest, then clean, then all; bump code."""
    import dagster as dg

    from bench.partition_prototype import toy

    raw = root / "raw"
    toy.write_corpus(raw)
    store = root / "store"
    keys = toy.partition_keys(partitions)

    def build(code_version: str = "1") -> dg.Definitions:
        return toy.build_defs(raw, store, partitions=partitions, raw_dep=raw_dep, code_version=code_version)

    defs = build()

    def run(instance, *names: str, partitioned: bool = True) -> None:
        job = defs.resolve_job_def(toy.MATERIALIZE_ALL)
        result = job.execute_in_process(
            instance=instance,
            run_config=toy.QUIET,
            raise_on_error=False,
            tags=toy.range_tags(keys) if partitions and partitioned else {},
            asset_selection=[dg.AssetKey(n) for n in names] or None,
        )
        if not result.success:
            raise RuntimeError(f"run of {names or 'everything'} failed: {toy.failure_messages(result)}")

    def show(instance, label: str, graph_defs: dg.Definitions = defs) -> None:
        print(f"  {label}")
        for line in describe(instance, graph_defs, partitions):
            print(f"      {line}")

    with dg.DagsterInstance.ephemeral() as instance:
        toy.observe_raw(instance, raw)
        run(instance)
        show(instance, "1. raw/ observed, full run")
        with (raw / EDITED).open("a", encoding="utf-8") as out:
            out.write("\nA new paragraph.\n")
        toy.observe_raw(instance, raw)
        where = f"partition {toy.partition_of(EDITED, partitions)}" if partitions else "no partition"
        show(instance, f"2. {EDITED} ({where}) edited, raw_files observed at its new version")
        run(instance, "raw_manifest", partitioned=False)
        show(instance, "3. raw_manifest re-materialized")
        run(instance, "articles", "cleaning_edits", "quarantine")
        show(instance, "4. clean re-materialized" + (" (every partition, one step)" if partitions else ""))
        run(instance)
        show(instance, "5. full run")
        show(instance, "6. code_version of every asset below raw_manifest bumped 1 -> 2, no run", build("2"))


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.partition_prototype.staleness", description=__doc__.splitlines()[0]
    )
    parser.parse_args()
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    for label, variant in VARIANTS.items():
        print(f"== {label}")
        root = Path(tempfile.mkdtemp(prefix="newsetl-partition-staleness-"))
        try:
            walk(root, **variant)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
