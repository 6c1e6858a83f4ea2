"""Titles resolved by the article's date: the office holder on that day, and nothing when it cannot be known."""

import datetime as dt

import polars as pl
import pytest

from pipeline.roles import holder, resolve_titles


@pytest.mark.parametrize(
    ("title", "day", "country", "surname", "expected"),
    [
        ("President", dt.date(2026, 1, 13), None, "Lee", "person:lee_jae_myung"),
        ("President", dt.date(2010, 5, 1), None, "Lee", "person:lee_myung_bak"),
        ("Prime Minister", dt.date(2025, 9, 1), "place:japan", None, "person:shigeru_ishiba"),
        ("prime minister", dt.date(2026, 1, 13), "place:japan", None, "person:sanae_takaichi"),
        (
            "President",
            dt.date(2025, 5, 1),
            "place:south_korea",
            None,
            None,
        ),  # acting presidency: no holder listed
        ("President", dt.date(2026, 1, 13), None, None, None),  # Lee and Trump: which country?
    ],
)
def test_holder_on_the_day(title, day, country, surname, expected):
    assert holder(title, day, country=country, surname=surname) == expected


def _sentences(text: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": ["a"], "sentence_idx": [0], "text": [text], "char_start": [0]})


def _none() -> pl.DataFrame:
    return pl.DataFrame(schema={"doc_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32})


def test_titled_surnames_and_country_titles_resolve_by_date():
    text = "President Lee met the Japanese prime minister in Nara, and President Lee Jae-myung smiled."
    found = resolve_titles(_sentences(text), _none(), {"a": dt.date(2026, 1, 13)})
    assert found.select("entity_id", "surface").rows() == [
        ("person:lee_jae_myung", "Lee"),
        ("person:sanae_takaichi", "Japanese prime minister"),
    ]  # the full name is the gazetteer's to tag
    assert resolve_titles(_sentences(text), _none(), {"a": None}).is_empty()


def test_a_span_already_tagged_is_left_alone():
    text = "President Lee spoke."
    tagged = pl.DataFrame(
        {"doc_id": ["a"], "char_start": [10], "char_end": [13]},
        schema_overrides={"char_start": pl.Int32, "char_end": pl.Int32},
    )
    assert resolve_titles(_sentences(text), tagged, {"a": dt.date(2026, 1, 13)}).is_empty()
