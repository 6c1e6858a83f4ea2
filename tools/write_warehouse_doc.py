"""Write docs/warehouse.md's column tables from the Pandera models (pipeline/core/schemas.py).

The `manifest` and `snapshots` tables, which the publish writes itself, take their types from
pipeline/ingest/manifest.py and pipeline/warehouse/store.py and their meanings from
pipeline/core/column_descriptions.py, where the models' descriptions are written too. Each table's `| column | type | meaning |` table sits between `<!-- columns:<table> -->` and
`<!-- /columns -->`; this tool rewrites what is between the markers from the models (column, DuckDB type, the
field's description) and leaves every other line of the page as it is. The same descriptions are the column
schemas the Dagster UI shows (assets/metadata.py), so the doc and the UI cannot drift apart;
tests/test_ui_metadata.py checks the page equals what this tool writes.

Run:  .venv/bin/python -m tools.write_warehouse_doc
"""

import re
from pathlib import Path

import polars as pl

from pipeline.core.column_descriptions import COLUMN_DESCRIPTIONS
from pipeline.core.schemas import TABLE_MODELS, polars_schema
from pipeline.ingest.manifest import MANIFEST_SCHEMA
from pipeline.warehouse.store import MANIFEST_TABLE, SNAPSHOTS_SCHEMA

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "warehouse.md"
_BLOCK = re.compile(r"(<!-- columns:(\w+) -->\n)(.*?)(<!-- /columns -->)", re.DOTALL)
_DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Boolean: "BOOLEAN",
    pl.Int16: "SMALLINT",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Float64: "DOUBLE",
    pl.Date: "DATE",
}


def duckdb_type(dtype: pl.DataType) -> str:
    """The type DuckDB gives a Parquet column of Polars ``dtype`` (what `DESCRIBE` shows in the warehouse)."""
    if isinstance(dtype, pl.List):
        return duckdb_type(dtype.inner) + "[]"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMP WITH TIME ZONE" if dtype.time_zone else "TIMESTAMP"
    return _DUCKDB_TYPES[dtype.base_type()]


def documented_columns(table: str) -> list[tuple[str, pl.DataType, str]]:
    """(column, Polars type, meaning) of every column of ``table``, in order: from its model when it has one."""
    if table in TABLE_MODELS:
        model = TABLE_MODELS[table]
        types = polars_schema(model)
        return [(name, types[name], column.description) for name, column in model.to_schema().columns.items()]
    types = {MANIFEST_TABLE: MANIFEST_SCHEMA, "snapshots": SNAPSHOTS_SCHEMA}[table]
    return [(name, dtype, COLUMN_DESCRIPTIONS[table][name]) for name, dtype in types.items()]


#: Every table the page describes column by column.
TABLES = (*TABLE_MODELS, MANIFEST_TABLE, "snapshots")


def column_table(table: str) -> str:
    """The Markdown column table of ``table``."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for name, dtype, meaning in documented_columns(table):
        lines.append(f"| {name} | {duckdb_type(dtype)} | {meaning} |")
    return "\n".join(lines) + "\n"


def render(text: str) -> str:
    """``text`` (the page) with every marked column table rewritten from the models."""
    unknown = sorted({m.group(2) for m in _BLOCK.finditer(text)} - set(TABLES))
    if unknown:
        raise ValueError(f"{OUT.name}: column markers for tables with no known columns: {', '.join(unknown)}")
    return _BLOCK.sub(lambda m: m.group(1) + "\n" + column_table(m.group(2)) + "\n" + m.group(4), text)


def main() -> int:
    OUT.write_text(render(OUT.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
