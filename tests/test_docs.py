"""The docs stay true: every SQL example runs and prints what the docs show; every column is documented."""

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import publish_second_snapshot

from newsetl.sandbox import check_query, open_for_queries
from newsetl.tables import markdown_table
from pipeline.core.schemas import PUBLISHED_TABLES
from pipeline.warehouse.store import MANIFEST_TABLE
from pipeline.warehouse.views import VIEWS

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)```\n(?:\n(?P<table>(?:\|[^\n]*\|\n)+))?", re.S)


def _examples(doc: str) -> list[tuple[str, str | None]]:
    text = (REPO / doc).read_text(encoding="utf-8")
    return [(m["sql"].strip(), m["table"].strip() if m["table"] else None) for m in EXAMPLE.finditer(text)]


@pytest.mark.parametrize(
    ("doc", "at_least"), [("README.md", 5), ("docs/warehouse.md", 1), ("docs/queries.md", 12)]
)
def test_sql_examples_print_what_the_docs_show(doc: str, at_least: int, sample_warehouse: Path):
    examples = _examples(doc)
    assert len(examples) >= at_least
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        for sql, shown in examples:
            result = markdown_table(con.sql(sql).pl())
            if shown is not None:
                assert result == shown, (
                    f"{doc}: the result of\n{sql}\nno longer matches the docs; it is now\n{result}"
                )


def test_every_cookbook_query_shows_its_result_and_runs_in_the_sandbox(sample_warehouse: Path):
    """The cookbook is for `newsetl sql`: each query is one the sandbox accepts, reads only the warehouse's own
    files (the history views included), and prints the table the doc shows."""
    examples = _examples("docs/queries.md")
    assert [sql for sql, shown in examples if shown is None] == []
    con = open_for_queries(sample_warehouse)
    try:
        for sql, shown in examples:
            check_query(sql)
            assert markdown_table(con.sql(sql).pl()) == shown, sql
    finally:
        con.close()


#: The tables of the current snapshot, not the convenience views beside them (documented under "Views").
BASE_TABLES = (
    "WHERE table_schema = 'main' AND table_name IN "
    "(SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE')"
)


def _documented_columns() -> dict[str, list[str]]:
    text = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        name, _, body = section.partition("\n")
        rows = re.findall(r"^\| (\w+) \| [A-Z]", body, flags=re.M)
        tables[name.strip()] = rows
    return tables


def test_every_table_and_column_is_documented_in_order(sample_warehouse: Path):
    documented = _documented_columns()
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        actual: dict[str, list[str]] = {}
        for table, column in con.sql(
            f"SELECT table_name, column_name FROM information_schema.columns {BASE_TABLES} "
            "ORDER BY table_name, ordinal_position"
        ).fetchall():
            actual.setdefault(table, []).append(column)
        types = dict(
            ((t, c), d)
            for t, c, d in con.sql(
                f"SELECT table_name, column_name, data_type FROM information_schema.columns {BASE_TABLES}"
            ).fetchall()
        )
    assert documented == actual
    # The tables the models publish, plus the manifest and the snapshot log the publisher adds.
    assert set(documented) == {*PUBLISHED_TABLES, MANIFEST_TABLE, "snapshots"}
    text = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    for (table, column), dtype in types.items():
        assert f"| {column} | {dtype} |" in text, f"{table}.{column} is documented with the wrong type"


def _documented_views() -> dict[str, tuple[str, list[str]]]:
    """The "Views" section of docs/warehouse.md: view name -> (its description, its columns in order)."""
    text = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    _, found, section = text.partition("\n## Views\n")
    assert found, "docs/warehouse.md has no ## Views section"
    rows = re.findall(r"^\| `(\w+)` \| (.+) \| ((?:`\w+`(?:, )?)+) \|$", section, flags=re.M)
    return {name: (description, re.findall(r"`(\w+)`", columns)) for name, description, columns in rows}


def test_every_view_is_documented_with_its_description_and_columns(sample_warehouse: Path):
    documented = _documented_views()
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        actual = {
            view.name: (view.description, [row[0] for row in con.sql(f'DESCRIBE "{view.name}"').fetchall()])
            for view in VIEWS
        }
    assert documented == actual


@pytest.fixture(scope="module")
def second_snapshot(sample_warehouse: Path, tmp_path_factory) -> Path:
    """The sample warehouse with a second snapshot published on top: The Hankyoreh's article gone, with its tags."""

    def drop_the_hankyoreh(tables: dict) -> dict:
        gone = tables["documents"].filter(pl.col("outlet") == "The Hankyoreh")["doc_id"].to_list()
        assert len(gone) == 1
        for name in ("documents", "doc_issues"):
            tables[name] = tables[name].filter(~pl.col("doc_id").is_in(gone))
        return tables

    folder = tmp_path_factory.mktemp("cookbook_two_snapshots") / "warehouse"
    return publish_second_snapshot(sample_warehouse, folder, drop_the_hankyoreh)


def test_the_cookbooks_snapshot_queries_see_what_the_second_snapshot_dropped(
    sample_warehouse, second_snapshot
):
    queries = [sql for sql, _ in _examples("docs/queries.md") if "FROM history." in sql]
    changes_sql, tags_sql = queries
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        dropped_tags = sorted(
            row[0]
            for row in con.sql(
                "SELECT issue_id FROM doc_issues JOIN documents USING (doc_id) WHERE outlet = 'The Hankyoreh'"
            ).fetchall()
        )
    with duckdb.connect(str(second_snapshot), read_only=True) as con:
        assert con.sql(changes_sql).fetchall() == [("removed", 1), ("unchanged", 4)]
        tags = con.sql(tags_sql).fetchall()
    assert dropped_tags and sorted(issue for issue, _, _ in tags) == dropped_tags
    assert {(newly, gone) for _, newly, gone in tags} == {(0, 1)}
