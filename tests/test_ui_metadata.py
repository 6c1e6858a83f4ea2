"""What the Dagster UI shows about the assets: column descriptions from the models (the same text as
docs/warehouse.md), kinds and owners, raw/ against the last snapshot, the snapshot's diff command, and the failing
rows of a check."""

import shutil
import warnings
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from conftest import SAMPLE_FILES
from dagster._core.definitions.observe import observe  # not re-exported at the top level

from assets import checks
from assets.definitions import defs
from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
from assets.publish import diff_command
from assets.raw import raw_files, raw_files_observation, raw_metadata
from assets.resources import build_resources
from pipeline.core.schemas import TABLE_MODELS
from tools.write_warehouse_doc import OUT, TABLES, column_table, documented_columns, render

warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
#: The file the second publish finds added to raw/.
ADDED = "010_added.txt"


def test_warehouse_doc_column_tables_are_the_models():
    # If this fails: .venv/bin/python -m tools.write_warehouse_doc (after editing pipeline/core/column_descriptions.py)
    text = OUT.read_text(encoding="utf-8")
    assert text == render(text)
    for table in TABLES:
        assert f"<!-- columns:{table} -->\n\n{column_table(table)}\n<!-- /columns -->" in text


def test_every_published_column_has_a_description():
    blank = [
        f"{table}.{name}"
        for table in TABLES
        for name, _, text in documented_columns(table)
        if not text.strip()
    ]
    assert blank == []
    assert len(TABLES) == 17  # the 15 modelled tables, manifest and snapshots


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


# --- the graph on the samples: what the UI reads from the instance ---------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The samples published twice into one warehouse, recorded in one instance: the five samples, then raw/ with a
    file added, one changed and one removed. Yields (raw folder, warehouse, instance, first run, second run, the
    raw_files observation made between them)."""
    root = tmp_path_factory.mktemp("ui_metadata")
    raw = root / "raw"
    raw.mkdir()
    for sample in SAMPLE_FILES:
        shutil.copy(sample, raw / sample.name)
    warehouse = root / "warehouse" / "news.duckdb"
    resources = build_resources(raw, warehouse)
    with dg.DagsterInstance.ephemeral() as instance:
        before = observe([raw_files], resources=resources, instance=instance)
        first = dg.materialize(
            [*ASSETS, *CHECKS], resources=resources, selection=PUBLISH_SELECTION, instance=instance
        )
        (raw / ADDED).write_text("Tokyo and Seoul agreed on Monday to resume talks on the Sado mine.\n")
        changed = raw / SAMPLE_FILES[2].name
        changed.write_text(changed.read_text(encoding="utf-8") + "\nAn editor's note added later.\n")
        (raw / SAMPLE_FILES[0].name).unlink()
        between = observe([raw_files], resources=resources, instance=instance)
        second = dg.materialize(
            [*ASSETS, *CHECKS], resources=resources, selection=PUBLISH_SELECTION, instance=instance
        )
        yield raw, warehouse, instance, first, second, before, between


def _metadata(result, node: str, output: str | None = None) -> dict:
    (materialization,) = [
        m
        for m in result.asset_materializations_for_node(node)
        if output is None or m.asset_key.to_user_string() == output
    ]
    return {key: value.value for key, value in materialization.metadata.items()}


def _observed(result) -> dict:
    (observation,) = result.asset_observations_for_node("raw_files")
    return {key: value.value for key, value in observation.metadata.items()}


def test_every_published_table_shows_its_columns_described(published):
    _, _, _, first, _, _, _ = published
    shown = {}
    for materialization in first.get_asset_materialization_events():
        data = materialization.step_materialization_data.materialization
        table = data.asset_key.to_user_string()
        if table in TABLE_MODELS:
            schema = data.metadata["dagster/column_schema"].value
            shown[table] = {column.name: column.description for column in schema.columns}
        elif table == "raw_manifest":
            schema = data.metadata["dagster/column_schema"].value
            shown["manifest"] = {column.name: column.description for column in schema.columns}
    assert set(shown) == {*TABLE_MODELS, "manifest"}
    for table in shown:
        assert shown[table] == {name: text for name, _, text in documented_columns(table)}
    assert shown["duplicates"]["kind"].startswith("`exact` (same folded text as the canonical one), `spun`")


def test_every_asset_has_kinds_and_an_owner():
    graph = defs.resolve_asset_graph()
    kinds = {key.to_user_string(): set(graph.get(key).kinds) for key in graph.get_all_asset_keys()}
    owners = {key.to_user_string(): graph.get(key).owners for key in graph.get_all_asset_keys()}
    assert kinds.pop("warehouse_snapshot") == {"duckdb"}
    assert kinds.pop("raw_files") == {"python"}
    assert kinds.pop("warehouse_report") == {"matplotlib"}
    assert set(kinds) >= {*TABLE_MODELS, "articles", "raw_manifest"}
    assert all(found == {"polars", "parquet"} for found in kinds.values())
    # raw_files too (an observable source, declared by its spec: the one-asset decorator takes no owners).
    assert owners["raw_files"] == ["team:newsetl"]
    assert all(found == ["team:newsetl"] for found in owners.values())


def test_raw_files_shows_files_bytes_and_changes_since_the_last_snapshot(published):
    _, warehouse, _, first, _, before, between = published
    assert _observed(before) == {
        "files": 5,
        "bytes": 28440,
        "compared_with": "nothing (no snapshot yet)",
        "new_files": 5,
        "changed_files": 0,
        "removed_files": 0,
        "changes": "\n".join(
            ["| source_path | change |", "|---|---|"]
            + [f"| {sample.name} | new |" for sample in SAMPLE_FILES]
        ),
    }
    snapshot_id = _metadata(first, "warehouse_snapshot")["snapshot_id"]
    assert _observed(between) == {
        "files": 5,
        "bytes": 28440 - 5162 + 67 + 31,
        "compared_with": snapshot_id,
        "new_files": 1,
        "changed_files": 1,
        "removed_files": 1,
        "changes": "| source_path | change |\n|---|---|\n"
        f"| {ADDED} | new |\n| {SAMPLE_FILES[2].name} | changed |\n| {SAMPLE_FILES[0].name} | removed |",
    }


def test_an_observation_the_cli_records_carries_the_same_metadata(published, monkeypatch):
    raw, warehouse, _, _, second, _, _ = published
    from pipeline.ingest.manifest import raw_version

    monkeypatch.setenv("NEWSETL_RAW_DIR", str(raw))
    monkeypatch.setenv("NEWSETL_WAREHOUSE", str(warehouse))
    observation = raw_files_observation(raw_version(raw))
    metadata = {key: value.value for key, value in observation.metadata.items()}
    assert metadata == {
        "files": 5,
        "bytes": 28440 - 5162 + 67 + 31,
        "compared_with": _metadata(second, "warehouse_snapshot")["snapshot_id"],
        "new_files": 0,
        "changed_files": 0,
        "removed_files": 0,
    }
    # an observation of another version of raw/ never shows this one's figures
    assert raw_files_observation("0" * 64).metadata == {}


def test_warehouse_snapshot_names_its_parent_and_the_diff_command(published):
    _, warehouse, _, first, second, _, _ = published
    one, two = _metadata(first, "warehouse_snapshot"), _metadata(second, "warehouse_snapshot")
    assert one["parent_snapshot_id"] == "none (the first snapshot)"
    assert one["diff"] == "none: the first snapshot has no parent to compare with"
    assert two["parent_snapshot_id"] == one["snapshot_id"] != two["snapshot_id"]
    assert two["diff"] == f"newsetl diff --warehouse {warehouse} {one['snapshot_id']} {two['snapshot_id']}"
    assert diff_command("a", "b", Path("warehouse/news.duckdb")) == "newsetl diff a b"


def test_passing_checks_show_no_failing_rows(published):
    _, _, _, first, _, _, _ = published
    evaluations = first.get_asset_check_evaluations()
    defined = defs.resolve_asset_graph().asset_check_keys
    assert {dg.AssetCheckKey(e.asset_key, e.check_name) for e in evaluations} == defined
    assert all(e.passed for e in evaluations)
    # every check but the warehouse file's (which checks a file, not rows) counts its failing rows
    row_checks = [e for e in evaluations if e.check_name != "readable"]
    assert len(row_checks) == len(defined) - 1 == 24
    assert {e.metadata["failing_rows"].value for e in row_checks} == {0}


def test_a_failing_schema_check_counts_and_shows_the_failing_rows(published):
    _, warehouse, _, _, _, _, _ = published
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents = con.sql("SELECT * FROM documents ORDER BY doc_id").pl()
    broken = documents.with_columns(
        language=pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("xx")).otherwise("language"),
        spin_score=pl.when(pl.int_range(pl.len()) == 3).then(2.0).otherwise("spin_score"),
    )
    result = checks.schema("documents", broken)
    assert not result.passed and result.metadata["failing_rows"].value == 2
    sample = result.metadata["sample"].value.splitlines()
    assert sample[0].startswith("| row | broken | doc_id | source_path |")
    assert [line.split(" | ")[:3] for line in sample[2:]] == [
        ["| 1", "language: isin(…)", documents["doc_id"][1]],
        ["| 3", "spin_score: less_than_or_equal_to(1.0)", documents["doc_id"][3]],
    ]


def test_a_failing_row_check_shows_up_to_ten_failing_rows(published):
    _, warehouse, _, _, _, _, _ = published
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents = con.sql("SELECT * FROM documents").pl()
        sentences = con.sql("SELECT * FROM sentences").pl()
    # every sentence row of `sentences` taken for a table that must have one row per document
    result = checks.every_document("story_articles", sentences.select("doc_id"), documents)
    assert not result.passed and result.metadata["failing_rows"].value == 4
    assert len(result.metadata["sample"].value.splitlines()) == 2 + 4


def test_raw_files_says_when_the_warehouse_cannot_be_compared_with(published, tmp_path):
    raw, _, _, _, _, _, _ = published
    from pipeline.ingest.manifest import describe_raw

    damaged = tmp_path / "news.duckdb"
    damaged.write_bytes(b"not a database")
    metadata = raw_metadata(describe_raw(raw), damaged)
    assert metadata["files"] == 5 and "new_files" not in metadata
    assert metadata["compared_with"].startswith(f"nothing: {damaged} is damaged")
