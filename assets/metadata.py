"""Materialization metadata the UI shows: row counts, a Markdown preview and the schema of every frame."""

import dagster as dg
import polars as pl

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


def table_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, str(dtype)) for name, dtype in frame.schema.items()])


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
