"""Blocking checks inside the steps that produce the tables (``check_specs``).

Each asset validates the frame it produced before the frame is written: ``schema`` (the table's Pandera model:
types, keys, ranges, rules), ``offsets`` (every span slices its document's text back to its own text) and, on
``documents``, ``nothing_lost`` (every raw path is a document or a quarantine row). A failing check is recorded
with the rule and the failing rows, then the step fails: nothing broken is staged, and nothing downstream (the
publish) runs. No check is a step of its own, so a run starts no extra step and reloads no staged table for them.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg
import pandera.errors
import polars as pl

from assets.metadata import markdown_preview
from pipeline.core.integrity import open_checked
from pipeline.core.offsets import offset_violations
from pipeline.core.schemas import TABLE_MODELS

_SAMPLE_ROWS = 10
_RULE_CHARS = 30
SCHEMA = "schema"
OFFSETS = "offsets"
NOTHING_LOST = "nothing_lost"
READABLE = "readable"
EVERY_DOCUMENT = "every_document"

_DESCRIPTIONS = {
    SCHEMA: "`{table}` satisfies its Pandera model (types, keys, ranges, rules).",
    OFFSETS: "Every `{table}` span slices its document's text back to its own text.",
    NOTHING_LOST: "Nothing lost: every raw path is a document or a quarantine row.",
    EVERY_DOCUMENT: "Every document has exactly one `{table}` row, and every row is a document's.",
    READABLE: "The published file opens read-only, its snapshot log ends with this run's snapshot, and the "
    "current tables and that snapshot's history hold the same number of documents.",
}


def specs(table: str, *names: str) -> list[dg.AssetCheckSpec]:
    """The blocking checks ``table``'s step runs, ``schema`` first when the table has a model."""
    names = ((SCHEMA,) if table in TABLE_MODELS else ()) + names
    return [
        dg.AssetCheckSpec(
            name, asset=table, blocking=True, description=_DESCRIPTIONS[name].format(table=table)
        )
        for name in names
    ]


def schema(table: str, frame: pl.DataFrame) -> dg.AssetCheckResult:
    try:
        TABLE_MODELS[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        failures = errors.failure_cases
        rows = failing_rows(frame, failures)
        return dg.AssetCheckResult(
            asset_key=table,
            check_name=SCHEMA,
            passed=False,
            description=f"{table} broke {failures.height} rule(s)",
            metadata={
                "failing_rules": failures.height,
                "failures": dg.MetadataValue.md(markdown_preview(failures, _SAMPLE_ROWS)),
                "failing_rows": rows.height,
                "sample": dg.MetadataValue.md(markdown_preview(rows, _SAMPLE_ROWS)),
            },
        )
    return dg.AssetCheckResult(
        asset_key=table, check_name=SCHEMA, passed=True, metadata={"rows": frame.height, "failing_rows": 0}
    )


def failing_rows(frame: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` that broke a rule of its model (Pandera's ``failure_cases``), in frame order: their
    position (``row``), the rules each broke (``broken``), then the row itself. A rule on a whole column (a
    missing column, a wrong type) names no row and is only in the failures."""
    # A long rule is named without its arguments: isin over 18 issue ids would hide the row's other rules.
    check = pl.col("check")
    check = (
        pl.when(check.str.len_chars() > _RULE_CHARS)
        .then(check.str.extract(r"^([^(]*)") + "(…)")
        .otherwise(check)
    )
    broken = (
        failures.filter(pl.col("index").is_not_null())
        .select(
            pl.col("index").cast(pl.Int64).alias("row"),
            pl.when(pl.col("column").is_null())
            .then(check)
            .otherwise(pl.format("{}: {}", pl.col("column"), check))
            .alias("broken"),
        )
        .group_by("row")
        .agg(pl.col("broken").unique().sort().str.join("; "))
    )
    return broken.join(frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64)), on="row").sort(
        "row"
    )


def offsets(
    table: str, spans: dict[str, tuple[pl.DataFrame, str]], texts: pl.DataFrame
) -> dg.AssetCheckResult:
    """``offsets`` of ``table``: each frame of ``spans`` (name -> (frame, text column)) against ``texts``."""
    bad = {}
    for name, (frame, column) in spans.items():
        violations = offset_violations(frame, texts, column)
        if violations.height:
            bad[name] = violations
    return dg.AssetCheckResult(
        asset_key=table,
        check_name=OFFSETS,
        passed=not bad,
        metadata={
            "failing_rows": sum(frame.height for frame in bad.values()),
            **{
                f"sample_{name}": dg.MetadataValue.md(markdown_preview(frame, _SAMPLE_ROWS))
                for name, frame in bad.items()
            },
        },
    )


def span_checks(table: str, frame: pl.DataFrame, texts, column: str) -> list[dg.AssetCheckResult]:
    """``schema`` and ``offsets`` of a span table whose ``column`` is the text its span slices."""
    return [schema(table, frame), offsets(table, {table: (frame, column)}, texts)]


def same_text(documents: pl.DataFrame, articles: pl.DataFrame) -> dg.AssetCheckResult:
    """``offsets`` of ``documents``: its text is the cleaned articles' text, which every span was checked against."""
    joined = documents.select("doc_id", "text").join(
        articles.select("doc_id", pl.col("text").alias("_checked")), on="doc_id", how="full", coalesce=True
    )
    differing = joined.filter(pl.col("text").ne_missing(pl.col("_checked"))).select("doc_id")
    return dg.AssetCheckResult(
        asset_key="documents",
        check_name=OFFSETS,
        passed=differing.height == 0,
        metadata={
            "failing_rows": differing.height,
            "sample": dg.MetadataValue.md(markdown_preview(differing, _SAMPLE_ROWS)),
        },
    )


def nothing_lost(
    documents: pl.DataFrame, raw_manifest: pl.DataFrame, quarantine: pl.DataFrame
) -> dg.AssetCheckResult:
    accounted = pl.concat([documents.select("source_path"), quarantine.select("source_path")]).unique()
    missing = raw_manifest.select("source_path").join(accounted, on="source_path", how="anti")
    return dg.AssetCheckResult(
        asset_key="documents",
        check_name=NOTHING_LOST,
        passed=missing.height == 0,
        metadata={
            "missing_paths": missing.height,
            "failing_rows": missing.height,
            "sample": dg.MetadataValue.md(markdown_preview(missing, _SAMPLE_ROWS)),
        },
    )


def every_document(table: str, frame: pl.DataFrame, documents: pl.DataFrame) -> dg.AssetCheckResult:
    """``frame`` has one row per document of ``documents`` (a row per document, none for an unknown one)."""
    counts = frame.group_by("doc_id").len("rows")
    wrong = (
        documents.select("doc_id", _document=pl.lit(True))
        .join(counts, on="doc_id", how="full", coalesce=True)
        .filter(pl.col("_document").is_null() | (pl.col("rows").fill_null(0) != 1))
        .select("doc_id", pl.col("rows").fill_null(0))
    )
    return dg.AssetCheckResult(
        asset_key=table,
        check_name=EVERY_DOCUMENT,
        passed=wrong.height == 0,
        metadata={
            "failing_rows": wrong.height,
            "sample": dg.MetadataValue.md(markdown_preview(wrong, _SAMPLE_ROWS)),
        },
    )


def readable(warehouse: Path, snapshot_id: str) -> dg.AssetCheckResult:
    """``readable`` of ``warehouse_snapshot``, checked on the file as a reader opens it, after the publish (its
    size and time against the publish record, then read-only)."""
    with open_checked(warehouse, deep=False) as con:
        latest, n_current = con.sql(
            "SELECT snapshot_id, n_documents FROM snapshots ORDER BY created_at DESC LIMIT 1"
        ).fetchall()[0]
        n_documents = con.sql("SELECT count(*) FROM documents").fetchall()[0][0]
        n_history = con.sql(
            "SELECT count(*) FROM history.documents WHERE snapshot_id = $id", params={"id": latest}
        ).fetchall()[0][0]
    return dg.AssetCheckResult(
        asset_key="warehouse_snapshot",
        check_name=READABLE,
        passed=latest == snapshot_id and n_current == n_documents == n_history,
        metadata={"snapshot_id": latest, "documents": n_documents, "documents_in_history": n_history},
    )


def verified(results: Iterable[dg.AssetCheckResult]) -> Iterator[dg.AssetCheckResult]:
    """Each result, recorded; then, when one failed, the step fails before its frames are written."""
    failed = []
    for result in results:
        yield result
        if not result.passed:
            failed.append(f"{result.asset_key.to_user_string()} {result.check_name}")
    if failed:
        raise dg.Failure(f"blocking check(s) failed, nothing written: {', '.join(failed)}")


#: Checks that are not part of an asset's step (none: every table's are inside the step that produces it).
CHECKS: list[dg.AssetChecksDefinition] = []
