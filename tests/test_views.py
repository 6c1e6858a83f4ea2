"""The convenience views (pipeline/warehouse/views.py): in every published file, each row accounted for, and equal
to the same join written independently in Polars over the sample warehouse's tables."""

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.warehouse.views import VIEWS, create_views


@pytest.fixture(scope="module")
def con(sample_warehouse: Path):
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        yield connection


def _table(con, name: str) -> pl.DataFrame:
    return con.sql(f'SELECT * FROM "{name}"').pl()


def test_a_read_only_open_sees_every_view(con):
    views = {
        row[0]
        for row in con.sql(
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    }
    assert views == {view.name for view in VIEWS}
    assert views == {"article_issues", "article_entities", "quotes_by_speaker", "story_overview"}


def test_each_view_names_exactly_the_tables_its_sql_reads():
    for view in VIEWS:
        read = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", view.sql))
        assert read == set(view.tables), view.name


def test_article_issues_is_doc_issues_with_its_document(con):
    view = _table(con, "article_issues")
    expected = _table(con, "doc_issues").join(
        _table(con, "documents").select(
            "doc_id", "outlet", "published_date", "language", "title", "is_canonical"
        ),
        on="doc_id",
    )
    assert view.height == con.sql("SELECT count(*) FROM doc_issues").fetchall()[0][0] > 0
    key = ["doc_id", "issue_id"]
    assert view.sort(key).equals(expected.select(view.columns).sort(key))
    dated = view.filter(pl.col("published_date").is_not_null())
    assert set(dated["outlet"]) == {"The Dong-A Ilbo"}  # the one sample with a stated date


def test_article_entities_counts_every_mention_once(con):
    view = _table(con, "article_entities")
    mentions = _table(con, "entity_mentions")
    assert view.select(pl.struct("doc_id", "entity_id").is_unique().all()).item()
    assert view["n_mentions"].sum() == mentions.height > 0
    expected = (
        mentions.group_by("doc_id", "entity_id")
        .agg(
            pl.len().cast(pl.Int32).alias("n_mentions"),
            pl.col("surface").unique().sort().alias("surfaces"),
            pl.col("sentence_idx").min().alias("first_sentence_idx"),
        )
        .join(_table(con, "entities").select("entity_id", "name", "type"), on="entity_id")
    )
    key = ["doc_id", "entity_id"]
    columns = ["doc_id", "entity_id", "name", "type", "n_mentions", "surfaces", "first_sentence_idx"]
    assert view.select(columns).sort(key).equals(expected.select(columns).sort(key))
    # The one sample that names the islets writes both names: Dokdo four times, Takeshima twice.
    dokdo = view.filter(pl.col("entity_id") == "place:dokdo")
    assert dokdo.select("doc_id", "n_mentions", "surfaces").to_dicts() == [
        {"doc_id": "17edf4756e43dec7", "n_mentions": 6, "surfaces": ["Dokdo", "Takeshima"]}
    ]


def test_quotes_by_speaker_keeps_every_quotation_and_names_tagged_speakers(con):
    view = _table(con, "quotes_by_speaker")
    quotes = _table(con, "quotes")
    assert view.height == quotes.height > 0
    assert (
        view.sort("doc_id", "quote_idx")["quote"].to_list()
        == quotes.sort("doc_id", "quote_idx")["text"].to_list()
    )
    # A name exactly where the speaker is a gazetteer entity; an untagged speaker keeps its row, unnamed.
    assert (view["speaker_name"].is_null() == view["speaker_entity_id"].is_null()).all()
    by_speaker = {(r["speaker"], r["speaker_name"], r["speaker_type"]) for r in view.iter_rows(named=True)}
    assert ("Wi Sung-lac", "Wi Sung-lac", "person") in by_speaker
    assert ("Ishiba", "Shigeru Ishiba", "person") in by_speaker
    assert ("a joint statement", None, None) in by_speaker


def test_story_overview_lists_each_storys_outlets_and_languages(con):
    view = _table(con, "story_overview")
    stories = _table(con, "stories")
    assert sorted(view["story_id"]) == sorted(stories["story_id"])
    members = _table(con, "story_articles").join(_table(con, "documents"), on="doc_id")
    for row in view.iter_rows(named=True):
        docs = members.filter(pl.col("story_id") == row["story_id"])
        outlets = sorted(set(docs["outlet"].drop_nulls()))
        assert row["outlets"] == outlets and row["n_outlets"] == len(outlets)
        assert row["languages"] == sorted(set(docs["language"])) and row["n_languages"] == len(
            row["languages"]
        )
        assert row["n_documents"] == docs.height
    # The Nara summit story: three articles, one with no outlet the page names.
    summit = view.filter(pl.col("n_documents") == 3).row(0, named=True)
    assert (summit["outlets"], summit["n_outlets"], summit["languages"]) == (
        ["The Dong-A Ilbo", "The Hankyoreh"],
        2,
        ["en"],
    )


def test_a_view_is_made_only_when_all_its_tables_are_published(sample_warehouse: Path):
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{sample_warehouse}' AS sample (READ_ONLY)")
        for name in ("documents", "doc_issues", "quotes"):
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM sample.{name}")
        assert create_views(con, ["documents", "doc_issues", "quotes"]) == ["article_issues"]
        made = {
            r[0]
            for r in con.sql(
                "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal"
            ).fetchall()
        }
        assert made == {"article_issues"}
        assert (
            con.sql("SELECT count(*) FROM article_issues").fetchall()
            == con.sql("SELECT count(*) FROM doc_issues").fetchall()
        )


def test_tables_without_a_views_columns_get_no_view_rather_than_a_failed_publish():
    with duckdb.connect() as con:
        con.execute("CREATE TABLE documents (doc_id VARCHAR, text VARCHAR)")
        con.execute("CREATE TABLE doc_issues (doc_id VARCHAR, issue_id VARCHAR)")
        assert create_views(con, ["documents", "doc_issues"]) == []
