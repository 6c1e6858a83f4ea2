"""Blocking asset checks: the Pandera contract of every published table, and the cross-table rules.

A failing check stops `warehouse_snapshot` from running, so a broken table is never published; the check's
metadata names the rule and shows the failing rows.
"""

import dagster as dg
import pandera.errors
import polars as pl

from assets.metadata import markdown_preview
from pipeline.schemas import TABLE_MODELS, offset_violations

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
    @dg.asset_check(
        asset=table,
        name=f"{table}_offsets",
        blocking=True,
        additional_ins={"documents": dg.AssetIn("documents")},
        description=f"Every `{table}` span slices its document's text back to `{text_column}`.",
    )
    def check(frame: pl.DataFrame, documents: pl.DataFrame) -> dg.AssetCheckResult:
        bad = offset_violations(frame, documents, text_column)
        return dg.AssetCheckResult(
            passed=bad.height == 0,
            metadata={"failing_rows": bad.height, "sample": dg.MetadataValue.md(markdown_preview(bad, _SAMPLE_ROWS))},
        )

    return check


@dg.asset_check(
    asset="quarantine",
    blocking=True,
    additional_ins={"raw_manifest": dg.AssetIn("raw_manifest"), "documents": dg.AssetIn("documents")},
    description="Nothing lost: every raw path is a document or a quarantine row.",
)
def every_raw_file_accounted_for(
    quarantine: pl.DataFrame, raw_manifest: pl.DataFrame, documents: pl.DataFrame
) -> dg.AssetCheckResult:
    accounted = pl.concat([documents.select("source_path"), quarantine.select("source_path")]).unique()
    missing = raw_manifest.join(accounted, on="source_path", how="anti")
    return dg.AssetCheckResult(
        passed=missing.height == 0,
        metadata={"missing_paths": missing.height, "sample": dg.MetadataValue.md(markdown_preview(missing))},
    )


CHECKS = [
    *(_schema_check(table, model) for table, model in TABLE_MODELS.items()),
    *(_offsets_check(table, "text") for table in ("paragraphs", "sentences")),
    _offsets_check("entity_mentions", "surface"),
    _offsets_check("issue_mentions", "evidence"),
    every_raw_file_accounted_for,
]
