"""Publishing: the validated tables become a new warehouse snapshot."""

import shlex
from pathlib import Path

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import OWNERS, WAREHOUSE_KINDS
from assets.raw import raw_files
from assets.resources import NewsPaths
from assets.settings import GROUP_PUBLISH
from pipeline.core.schemas import PUBLISHED_TABLES
from pipeline.infra.versions import pipeline_code_version, stage_fingerprint
from pipeline.ingest.manifest import manifest_sha256
from pipeline.warehouse.publish import publish


@dg.asset(
    kinds=WAREHOUSE_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_PUBLISH,
    code_version=stage_fingerprint("publish"),
    # One input per table the models name (pipeline/core/schemas.py), each read as a scan of its staged Parquet.
    ins={name: dg.AssetIn(dagster_type=pl.LazyFrame) for name in PUBLISHED_TABLES},
    check_specs=checks.specs("warehouse_snapshot", checks.READABLE),
)
def warehouse_snapshot(
    context: dg.AssetExecutionContext,
    paths: NewsPaths,
    raw_manifest: pl.DataFrame,
    **tables: pl.LazyFrame,
) -> dg.MaterializeResult:
    """The published DuckDB warehouse: a new snapshot of every table, or nothing when the data is unchanged.

    The tables arrive as scans of their staged Parquet (``pl.LazyFrame``): publishing streams them one at a time,
    so this step's memory does not grow with the corpus."""
    tables = {name: tables[name] for name in PUBLISHED_TABLES}  # publish order, whatever order Dagster passes
    manifest = raw_manifest
    result = publish(
        tables,
        paths.warehouse,
        manifest=manifest,
        manifest_sha256=manifest_sha256(manifest),
        code_version=pipeline_code_version(),
    )
    context.log.info(result.message)
    row = result.row
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": result.snapshot_id,
            "parent_snapshot_id": row["parent_snapshot_id"] or "none (the first snapshot)",
            "diff": diff_command(row["parent_snapshot_id"], result.snapshot_id, paths.warehouse),
            "created": result.created,
            "message": result.message,
            "warehouse": dg.MetadataValue.path(str(paths.warehouse.resolve())),
            "dataset_sha256": row["dataset_sha256"],
            "code_version": row["code_version"],
            **{key: row[key] for key in row if key.startswith("n_")},
        },
        data_version=dg.DataVersion(row["dataset_sha256"]),
        check_results=[checks.readable(paths.warehouse, result.snapshot_id)],
    )


#: Where the CLI looks for the warehouse unless told (``newsetl --help``).
_DEFAULT_WAREHOUSE = Path("warehouse/news.duckdb")


def diff_command(parent: str | None, snapshot_id: str, warehouse: Path) -> str:
    """The command that shows what changed from ``parent`` to ``snapshot_id`` (documents, text, tags)."""
    if parent is None:
        return "none: the first snapshot has no parent to compare with"
    where = "" if Path(warehouse) == _DEFAULT_WAREHOUSE else f" --warehouse {shlex.quote(str(warehouse))}"
    return f"newsetl diff{where} {parent} {snapshot_id}"
