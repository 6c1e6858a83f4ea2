"""Amounts and dates read from the text: the words as written and what they mean."""

import datetime as dt

import duckdb
import pytest
from conftest import offset_mismatches

from pipeline.tag.numbers import find_numbers


def _read(text: str) -> list[tuple]:
    return [(kind, text[s:e], value, unit, date) for kind, s, e, value, unit, date in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "183 laborers, including 136 Korean forced laborers, died on Feb. 3, 1942.",
            [
                ("count", "183 laborers", 183.0, "laborers", None),
                ("count", "136 Korean forced laborers", 136.0, "laborers", None),
                ("date", "Feb. 3, 1942", None, None, dt.date(1942, 2, 3)),
            ],
        ),
        (
            "Profits jumped 76% to $1.13bn (£600m) as 15 percent duties hit.",
            [
                ("percent", "76%", 76.0, "percent", None),
                ("money", "$1.13bn", 1.13e9, "USD", None),
                ("money", "£600m", 6e8, "GBP", None),
                ("percent", "15 percent", 15.0, "percent", None),
            ],
        ),
        ("The treaty signed in 1965 still binds.", [("year", "1965", 1965.0, None, None)]),
        ("Lee met Takaichi on Jan. 13 in Nara.", [("date", "Jan. 13", None, None, None)]),
        (
            "2026年1月13日、183人が集まった。",
            [
                ("date", "2026年1月13日", None, None, dt.date(2026, 1, 13)),
                ("count", "183人", 183.0, "人", None),
            ],
        ),
        (
            "2026년 1월 13일 183명이 모였다.",
            [
                ("date", "2026년 1월 13일", None, None, dt.date(2026, 1, 13)),
                ("count", "183명", 183.0, "명", None),
            ],
        ),
        ("He spent 50 billion won.", [("money", "50 billion won", 5e10, "KRW", None)]),
        ("長生炭鉱の事故では183人が死亡した。", [("count", "183人", 183.0, "人", None)]),
        ("Scores of 3 and 4 at 10 in the morning.", []),
    ],
)
def test_amounts_and_dates(text, expected):
    assert _read(text) == expected


def test_sample_warehouse_states_the_chosei_toll(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.sql(
            "SELECT m.kind, m.surface, m.value, m.date FROM mentions_numeric m JOIN documents d USING (doc_id) "
            "WHERE d.source_path LIKE '004%' ORDER BY m.char_start"
        ).fetchall()
    assert offset_mismatches(sample_warehouse, "mentions_numeric", "surface") == 0
    assert ("count", "183 laborers", 183.0, None) in rows
    assert ("date", "Feb. 3, 1942", None, dt.date(1942, 2, 3)) in rows
