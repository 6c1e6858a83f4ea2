"""The warehouse contract: each Pandera model accepts the published sample tables and names what it rejects."""

import duckdb
import pandera.errors
import polars as pl
import pytest

from pipeline.core.offsets import offset_violations
from pipeline.core.schemas import (
    PUBLISHED_TABLES,
    TABLE_MODELS,
    Documents,
    Entities,
    MentionsNumeric,
    Paragraphs,
    Sentences,
    polars_schema,
)


@pytest.fixture(scope="module")
def tables(sample_warehouse) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        return {name: con.sql(f'SELECT * FROM "{name}"').pl() for name in TABLE_MODELS}


def _rejects(model, frame: pl.DataFrame, rule: str) -> None:
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        model.validate(frame, lazy=True)
    assert rule in str(caught.value)


def test_every_published_table_satisfies_its_model(tables):
    for name, model in TABLE_MODELS.items():
        model.validate(tables[name], lazy=True)


def test_published_tables_are_the_models_tables_in_publish_order():
    assert PUBLISHED_TABLES == (
        "documents",
        "quarantine",
        "paragraphs",
        "sentences",
        "entities",
        "entity_mentions",
        "issues",
        "issue_mentions",
        "doc_issues",
        "cleaning_edits",
        "duplicates",
        "stories",
        "story_articles",
        "quotes",
        "mentions_numeric",
    )
    # Each model names its own table (the name pandera reports in its errors) and shares the base settings.
    for name, model in TABLE_MODELS.items():
        assert (model.__config__.name, model.__config__.strict, model.__config__.coerce) == (name, True, True)


def test_polars_dtypes_come_from_the_models():
    documents = polars_schema(Documents)
    assert documents["published_date"] == pl.Date
    assert documents["published_at"] == pl.Datetime("us")
    assert documents["published_at"].time_zone is None  # the page's own clock, never converted
    assert documents["published_utc_offset"] == pl.Int16
    assert documents["record"] == pl.Int32
    assert documents["is_canonical"] == pl.Boolean
    assert documents["spin_score"] == pl.Float64
    assert polars_schema(Entities)["aliases"] == pl.List(pl.String)
    assert (polars_schema(MentionsNumeric)["value"], polars_schema(MentionsNumeric)["date"]) == (
        pl.Float64,
        pl.Date,
    )
    # Columns come in the model's order, which is the published order.
    assert list(polars_schema(Paragraphs).items()) == [
        ("doc_id", pl.String),
        ("paragraph_idx", pl.Int32),
        ("kind", pl.String),
        ("language", pl.String),
        ("language_method", pl.String),
        ("text", pl.String),
        ("char_start", pl.Int32),
        ("char_end", pl.Int32),
    ]
    assert list(polars_schema(Sentences)) == [
        "doc_id",
        "sentence_idx",
        "paragraph_idx",
        "text",
        "char_start",
        "char_end",
        "spin_score",
        "tone",
    ]


@pytest.mark.parametrize("table", TABLE_MODELS)
def test_an_empty_frame_of_the_derived_schema_fits_its_model(table):
    model = TABLE_MODELS[table]
    empty = pl.DataFrame(schema=polars_schema(model))
    assert model.validate(empty, lazy=True).schema == polars_schema(model)


def test_published_tables_have_their_models_columns_in_order_with_their_dtypes(tables):
    for name, model in TABLE_MODELS.items():
        assert tables[name].schema == polars_schema(model), name


@pytest.mark.parametrize(
    ("table", "break_it", "rule"),
    [
        ("documents", lambda f: f.with_columns(pl.lit("xx").alias("language")), "isin"),
        ("documents", lambda f: f.with_columns(pl.lit(f["doc_id"][0]).alias("cluster_id")), "one canonical"),
        ("documents", lambda f: f.with_columns(pl.lit("").alias("text")), "str_length"),
        (
            "documents",
            lambda f: f.with_columns(pl.lit(None, pl.Date).alias("published_date")).with_columns(
                pl.datetime(2026, 1, 14, 10, 5).alias("published_at")
            ),
            "published_at falls on published_date",
        ),
        ("paragraphs", lambda f: pl.concat([f, f.head(1)]), "(doc_id, paragraph_idx) is unique"),
        ("sentences", lambda f: f.with_columns(pl.col("char_end") + 1), "char_end - char_start == len(text)"),
        ("issues", lambda f: f.with_columns(pl.lit("whaling").alias("issue_id")), "isin"),
        ("doc_issues", lambda f: f.with_columns(pl.lit(1.5).alias("salience")), "less_than_or_equal_to"),
        ("entity_mentions", lambda f: f.with_columns(pl.col("char_start") - 1), "len(surface)"),
        (
            "cleaning_edits",
            lambda f: f.with_columns(pl.col("before").alias("after")),
            "an edit changes something",
        ),
        (
            "quarantine",
            lambda f: pl.DataFrame(
                {
                    "source_path": ["x"],
                    "record": [None],
                    "sha256": [None],
                    "reason": ["felt_like_it"],
                    "detail": [""],
                }
            ),
            "isin",
        ),
    ],  # fmt: skip
)
def test_a_broken_table_is_rejected_with_the_rule_named(tables, table, break_it, rule):
    _rejects(TABLE_MODELS[table], break_it(tables[table]), rule)


def test_strict_models_refuse_unknown_columns(tables):
    _rejects(TABLE_MODELS["issues"], tables["issues"].with_columns(pl.lit(1).alias("extra")), "extra")


def test_offsets_must_slice_the_document_text(tables):
    assert offset_violations(tables["sentences"], tables["documents"]).height == 0
    shifted = tables["sentences"].with_columns(pl.col("char_start") + 1, pl.col("char_end") + 1)
    assert offset_violations(shifted, tables["documents"]).height == shifted.height
    orphan = tables["paragraphs"].head(1).with_columns(pl.lit("ffffffffffffffff").alias("doc_id"))
    assert offset_violations(orphan, tables["documents"]).height == 1
