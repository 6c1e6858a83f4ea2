"""Titles resolved by the article's date: the office holder on that day, and nothing when it cannot be known."""

import datetime as dt

import polars as pl
import pytest

from pipeline.tag.entities.roles import holder, resolve_titles


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


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Japanese: surname + title with no space; a Korean president's hanja surname
        (
            "石破首相と李大統領が会談した。",
            dt.date(2025, 8, 23),
            [("person:shigeru_ishiba", "石破"), ("person:lee_jae_myung", "李")],
        ),
        # Korean: Hangul surname, a space, the title; the same words in 2010 name Lee Myung-bak
        ("이 대통령은 말했다.", dt.date(2025, 8, 23), [("person:lee_jae_myung", "이")]),
        ("이 대통령은 말했다.", dt.date(2010, 5, 1), [("person:lee_myung_bak", "이")]),
        ("다카이치 총리가 도착했다.", dt.date(2026, 1, 13), [("person:sanae_takaichi", "다카이치")]),
        # country + title
        (
            "일본 총리는 韓国の大統領と会った。",
            dt.date(2025, 8, 23),
            [("person:shigeru_ishiba", "일본 총리"), ("person:lee_jae_myung", "韓国の大統領")],
        ),
        # no holder on the day, a compound that is not a title, a syllable inside a word
        ("高市総理大臣は", dt.date(2025, 8, 23), []),
        ("대통령실은 밝혔다", dt.date(2025, 8, 23), []),
        ("유이 대통령", dt.date(2025, 8, 23), []),
    ],
)
def test_korean_and_japanese_titles_resolve_by_date(text, day, expected):
    from pipeline.tag.entities.roles import cjk_titles

    assert [(entity, text[a:b]) for entity, a, b in cjk_titles(text, day)] == expected
