"""What the Dagster UI shows about the assets: column descriptions from the models (the same text as
docs/warehouse.md), kinds and owners, raw/ against the last snapshot, the snapshot's diff command, and the failing
rows of a check."""

from pipeline.core.schemas import TABLE_MODELS
from tools.write_warehouse_doc import OUT, column_table, render


def test_warehouse_doc_column_tables_are_the_models():
    # If this fails: .venv/bin/python -m tools.write_warehouse_doc (after editing pipeline/core/column_descriptions.py)
    text = OUT.read_text(encoding="utf-8")
    assert text == render(text)
    for table in TABLE_MODELS:
        assert f"<!-- columns:{table} -->\n\n{column_table(table)}\n<!-- /columns -->" in text


def test_every_published_column_has_a_description():
    blank = [
        f"{table}.{name}"
        for table, model in TABLE_MODELS.items()
        for name, column in model.to_schema().columns.items()
        if not (column.description or "").strip()
    ]
    assert blank == []


def test_column_table_gives_duckdb_types():
    lines = column_table("stories").splitlines()
    assert lines[:2] == ["| column | type | meaning |", "|---|---|---|"]
    assert [line.split(" | ")[:2] for line in lines[2:]] == [
        ["| story_id", "VARCHAR"],
        ["| label", "VARCHAR"],
        ["| first_published", "DATE"],
        ["| last_published", "DATE"],
        ["| n_documents", "INTEGER"],
        ["| key_terms", "VARCHAR[]"],
    ]
