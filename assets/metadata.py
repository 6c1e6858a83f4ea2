"""Materialization metadata the UI shows: row counts, a Markdown preview and the schema of every frame."""

from functools import cache

import dagster as dg
import polars as pl

from pipeline.core.column_descriptions import COLUMN_DESCRIPTIONS
from pipeline.core.schemas import TABLE_MODELS
from pipeline.ingest.manifest import MANIFEST_SCHEMA

#: Who answers for every asset (the UI's owner field).
OWNERS = ["team:newsetl"]
#: A table a Polars step builds and the IO manager stages as Parquet.
STAGED_KINDS = {"polars", "parquet"}
#: The published warehouse.
WAREHOUSE_KINDS = {"duckdb"}


def staged_out(description: str) -> dg.AssetOut:
    """One output of a multi-asset: a staged Polars table, owned by the team, described for the UI."""
    return dg.AssetOut(kinds=STAGED_KINDS, owners=OWNERS, description=description)


_PREVIEW_ROWS = 5
_PREVIEW_CHARS = 60


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= _PREVIEW_CHARS else text[: _PREVIEW_CHARS - 1] + "…"


def markdown_preview(frame: pl.DataFrame, rows: int = _PREVIEW_ROWS) -> str:
    head = frame.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)


@cache
def _descriptions_by_columns() -> dict[tuple[str, ...], dict[str, str]]:
    """Column descriptions of every published table's model, keyed by the model's columns in order; and of the raw
    manifest, which the publish writes as it is."""
    out = {tuple(MANIFEST_SCHEMA): COLUMN_DESCRIPTIONS["manifest"]}
    for model in TABLE_MODELS.values():
        columns = model.to_schema().columns
        out[tuple(columns)] = {name: column.description or "" for name, column in columns.items()}
    return out


def column_descriptions(frame: pl.DataFrame) -> dict[str, str]:
    """What each column of ``frame`` means, from the Pandera model of the published table it is (the same text
    as docs/warehouse.md's column tables); empty for a frame that is no published table (staged internals)."""
    return _descriptions_by_columns().get(tuple(frame.columns), {})


def table_schema(frame: pl.DataFrame) -> dg.TableSchema:
    descriptions = column_descriptions(frame)
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name, str(dtype), description=descriptions.get(name))
            for name, dtype in frame.schema.items()
        ]
    )


def frame_metadata(frame: pl.DataFrame) -> dict:
    return {
        "dagster/row_count": frame.height,
        "dagster/column_schema": table_schema(frame),
        "preview": dg.MetadataValue.md(markdown_preview(frame)),
    }


def cache_metadata(stats) -> dict:
    """How many documents a stage computed now and how many it read back from its cache."""
    return {"documents_computed": stats.computed, "documents_reused": stats.reused}


#: Output metadata naming the cache file that already holds exactly this output (``ParquetFrameIOManager``).
STORED_IN = "stored_in"


def stored_once(stats) -> dict:
    """For a step whose output is, row for row, the table its per-document cache just saved: the file, so the IO
    manager keeps that file as the staged table instead of writing a second copy."""
    file = (stats.files or {}).get("result")
    return {STORED_IN: dg.MetadataValue.path(str(file))} if file is not None else {}
