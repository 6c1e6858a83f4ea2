"""Publishing: the validated tables become a new warehouse snapshot."""

import dagster as dg
import polars as pl

from assets import checks
from assets.resources import NewsPaths
from assets.settings import GROUP_PUBLISH
from pipeline.infra.versions import pipeline_code_version, stage_fingerprint
from pipeline.ingest.manifest import manifest_sha256
from pipeline.warehouse.publish import publish

PUBLISHED_TABLES = (
    "documents",
    "quarantine",
    "paragraphs",
    "sentences",
    "entities",
    "entity_mentions",
    "issues",
    "issue_mentions",
    "doc_issues",
    "cleaning_edits",
    "duplicates",
    "stories",
    "quotes",
    "mentions_numeric",
)


@dg.asset(
    group_name=GROUP_PUBLISH,
    code_version=stage_fingerprint("publish"),
    check_specs=checks.specs("warehouse_snapshot", checks.READABLE),
)
def warehouse_snapshot(  # noqa: PLR0913 - one input per published table is the point
    context: dg.AssetExecutionContext,
    paths: NewsPaths,
    raw_manifest: pl.DataFrame,
    documents: pl.LazyFrame,
    quarantine: pl.LazyFrame,
    paragraphs: pl.LazyFrame,
    sentences: pl.LazyFrame,
    entities: pl.LazyFrame,
    entity_mentions: pl.LazyFrame,
    issues: pl.LazyFrame,
    issue_mentions: pl.LazyFrame,
    doc_issues: pl.LazyFrame,
    cleaning_edits: pl.LazyFrame,
    duplicates: pl.LazyFrame,
    stories: pl.LazyFrame,
    quotes: pl.LazyFrame,
    mentions_numeric: pl.LazyFrame,
) -> dg.MaterializeResult:
    """The published DuckDB warehouse: a new snapshot of every table, or nothing when the data is unchanged.

    The tables arrive as scans of their staged Parquet (``pl.LazyFrame``): publishing streams them one at a time,
    so this step's memory does not grow with the corpus."""
    inputs = locals()
    tables = {name: inputs[name] for name in PUBLISHED_TABLES}
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
