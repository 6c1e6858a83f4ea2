"""Blocking asset checks: the Pandera contract of every published table, and the cross-table rules.

A failing check stops `warehouse_snapshot` from running, so a broken table is never published; the check's
metadata names the rule and shows the failing rows.
"""

import dagster as dg
import pandera.errors
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.metadata import markdown_preview
from pipeline.offsets import offset_violations
from pipeline.schemas import TABLE_MODELS

_SAMPLE_ROWS = 10


def _schema_check(table: str, model) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name=f"{table}_schema",
        blocking=True,
        description=f"`{table}` satisfies its Pandera model `{model.__name__}` (types, keys, ranges, rules).",
    )
    def check(frame: pl.DataFrame) -> dg.AssetCheckResult:
        try:
            model.validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as errors:
            failures = errors.failure_cases
            return dg.AssetCheckResult(
                passed=False,
                description=f"{table} broke {failures.height} rule(s)",
                metadata={
                    "failing_rules": failures.height,
                    "failures": dg.MetadataValue.md(markdown_preview(failures, _SAMPLE_ROWS)),
                },
            )
        return dg.AssetCheckResult(passed=True, metadata={"rows": frame.height})

    return check


def _offsets_check(table: str, text_column: str) -> dg.AssetChecksDefinition:
    """Spans of a tagging table must slice documents.text back to their own text."""

    # The text is read from `articles`, which `documents.text` copies unchanged: `documents` is built from the
    # tags (stories), so a check on a tag table that waited for `documents` would wait for itself.
    @dg.asset_check(
        asset=table,
        name=f"{table}_offsets",
        blocking=True,
        additional_ins={"articles": dg.AssetIn("articles")},
        description=f"Every `{table}` span slices its document's text back to `{text_column}`.",
    )
    def check(frame: pl.LazyFrame, articles: pl.LazyFrame) -> dg.AssetCheckResult:
        return _offsets_result({table: offset_violations(frame, articles, text_column)})

    return check


def _offsets_result(violations: dict[str, pl.DataFrame]) -> dg.AssetCheckResult:
    bad = {name: frame for name, frame in violations.items() if frame.height}
    return dg.AssetCheckResult(
        passed=not bad,
        metadata={
            "failing_rows": sum(frame.height for frame in bad.values()),
            **{
                f"sample_{name}": dg.MetadataValue.md(markdown_preview(frame, _SAMPLE_ROWS))
                for name, frame in bad.items()
            },
        },
    )


# Checks on `documents` that look upstream: a blocking check may only read assets its own asset depends on
# (a check on `paragraphs` that read `documents` would make the graph circular).
@dg.asset_check(
    asset="documents",
    blocking=True,
    additional_ins={"paragraphs": dg.AssetIn("paragraphs"), "sentences": dg.AssetIn("sentences")},
    description="Every paragraph and sentence span slices documents.text back to its own text.",
)
def segment_offsets(
    documents: pl.LazyFrame, paragraphs: pl.LazyFrame, sentences: pl.LazyFrame
) -> dg.AssetCheckResult:
    return _offsets_result(
        {
            "paragraphs": offset_violations(paragraphs, documents),
            "sentences": offset_violations(sentences, documents),
        }
    )


@dg.asset_check(
    asset="documents",
    blocking=True,
    additional_ins={"raw_manifest": dg.AssetIn("raw_manifest"), "quarantine": dg.AssetIn("quarantine")},
    description="Nothing lost: every raw path is a document or a quarantine row.",
)
def every_raw_file_accounted_for(
    documents: pl.LazyFrame, raw_manifest: pl.DataFrame, quarantine: pl.DataFrame
) -> dg.AssetCheckResult:
    sources = documents.select("source_path").unique().collect()
    accounted = pl.concat([sources, quarantine.select("source_path")]).unique()
    missing = raw_manifest.join(accounted, on="source_path", how="anti")
    return dg.AssetCheckResult(
        passed=missing.height == 0,
        metadata={"missing_paths": missing.height, "sample": dg.MetadataValue.md(markdown_preview(missing))},
    )


@dg.asset_check(
    asset="warehouse_snapshot",
    description="The published file opens read-only, its snapshot log ends with this run's snapshot, and the "
    "current tables and that snapshot's history hold the same number of documents.",
)
def snapshot_is_current_and_readable(
    context: dg.AssetCheckExecutionContext, warehouse_reader: DuckDBResource
) -> dg.AssetCheckResult:
    materialization = context.instance.get_latest_materialization_event(dg.AssetKey("warehouse_snapshot"))
    expected = materialization.asset_materialization.metadata["snapshot_id"].value
    with warehouse_reader.get_connection() as con:
        latest, n_current = con.sql(
            "SELECT snapshot_id, n_documents FROM snapshots ORDER BY created_at DESC LIMIT 1"
        ).fetchall()[0]
        n_documents = con.sql("SELECT count(*) FROM documents").fetchall()[0][0]
        n_history = con.sql(
            "SELECT count(*) FROM history.documents WHERE snapshot_id = $id", params={"id": latest}
        ).fetchall()[0][0]
    return dg.AssetCheckResult(
        passed=latest == expected and n_current == n_documents == n_history,
        metadata={
            "snapshot_id": latest,
            "documents": n_documents,
            "documents_in_history": n_history,
        },
    )


CHECKS = [
    *(_schema_check(table, model) for table, model in TABLE_MODELS.items()),
    _offsets_check("entity_mentions", "surface"),
    _offsets_check("issue_mentions", "evidence"),
    _offsets_check("quotes", "text"),
    _offsets_check("mentions_numeric", "surface"),
    segment_offsets,
    every_raw_file_accounted_for,
    snapshot_is_current_and_readable,
]
