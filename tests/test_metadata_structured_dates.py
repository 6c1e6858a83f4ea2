"""Structured publication times (issue #21): a JSON record's ``published`` field and a page's date metadata
(``article:published_time``, JSON-LD ``datePublished``) keep their clock time and stated zone through to
``documents.published_at`` / ``published_utc_offset``, never converted and never a zone the value did not state."""

import datetime as dt
import json

import pytest

from pipeline.clean.articles import articles_frame, clean_records
from pipeline.ingest.records import read_records
from pipeline.ingest.structured_dates import html_publication, structured_first, structured_publication
from pipeline.text.dates import Publication

SHA = "0" * 64
JAN_14 = dt.date(2026, 1, 14)

_LEAD = (
    "SEOUL, Jan. 14 (Yonhap) -- South Korea and Japan agreed Wednesday to resume working-level talks on "
    "wartime forced labor next month, the foreign ministry said."
)
_BODY = (
    "The two sides will meet in Tokyo to discuss a fund that would compensate victims and their families.",
    "Officials in both capitals said the leaders wanted the issue settled before the spring summit.",
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-14T10:05:00+09:00", (JAN_14, dt.time(10, 5), 540)),
        ("2026-01-14T01:05:00Z", (JAN_14, dt.time(1, 5), 0)),
        ("2026-01-14T10:05:00.250-05:00", (JAN_14, dt.time(10, 5, 0, 250000), -300)),
        ("20260114T100500+0900", (JAN_14, dt.time(10, 5), 540)),
        ("2026-01-14 10:05", (JAN_14, dt.time(10, 5), None)),  # a time, no zone stated
        ("2026-01-14", (JAN_14, None, None)),  # the date alone: no midnight invented
        ("Wed, 14 Jan 2026 01:05:00 GMT", (JAN_14, dt.time(1, 5), 0)),  # RFC 2822, as RSS writes it
        ("Wed, 14 Jan 2026 10:05:00 +0900", (JAN_14, dt.time(10, 5), 540)),
        ("Wed, 14 Jan 2026 10:05:00 KST", (JAN_14, dt.time(10, 5), 540)),
        ("Wed, 14 Jan 2026 01:05:00 -0000", (JAN_14, dt.time(1, 5), None)),  # RFC 2822: zone unknown
        ("Wed, 14 Jan 2026 01:05:00", (JAN_14, dt.time(1, 5), None)),
        ("2026년 1월 14일 오전 10:05", (JAN_14, dt.time(10, 5), None)),  # as a page writes it
        ("January 14, 2026 10:05 AM ET", (JAN_14, dt.time(10, 5), -300)),
        ("2026-01-14T10:05:00+15:00", (JAN_14, dt.time(10, 5), None)),  # no real zone is +15:00
        ("2026-01-14T24:00", (JAN_14, None, None)),  # a broken clock keeps its date
        ("2026-13-45", (None, None, None)),
        ("0001-01-01T00:00:00Z", (None, None, None)),  # a CMS's placeholder, not a date
        ("yesterday", (None, None, None)),
        (1768352700, (None, None, None)),  # epoch seconds state no clock
        (None, (None, None, None)),
    ],
)
def test_structured_publication_keeps_the_stated_clock_and_zone(value, expected) -> None:
    assert structured_publication(value) == Publication(*expected)


def test_the_structured_value_wins_and_the_text_fills_in_only_what_agrees() -> None:
    page = Publication(JAN_14, dt.time(10, 5), 540)
    assert structured_first(Publication(JAN_14), page) == page  # a date alone: the page's time of that day
    assert structured_first(Publication(dt.date(2026, 1, 15)), page) == Publication(dt.date(2026, 1, 15))
    assert structured_first(Publication(JAN_14, dt.time(10, 5)), page) == page  # same clock: its zone too
    later = Publication(JAN_14, dt.time(11, 20))
    assert structured_first(later, page) == later  # another time: the page's zone was stated for another
    assert structured_first(Publication(None), page) == page


def _jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records).encode("utf-8")


def _record(key: str, published, text: tuple[str, ...] = (_LEAD, *_BODY)) -> dict:
    return {
        "id": key,
        "url": f"https://en.yna.co.kr/view/AEN2026011400{key}",
        "title": "S. Korea, Japan to resume talks on forced labor",
        "outlet": "Yonhap News Agency",
        "published": published,
        "text": "\n".join(text),
    }


def test_json_published_fields_reach_published_at_and_offset_as_stated() -> None:
    data = _jsonl(
        _record("1", "2026-01-14T10:05:00+09:00"),
        _record("2", "2026-01-14 10:05"),
        _record("3", "Wed, 14 Jan 2026 01:05:00 GMT"),
        _record("4", "2026-01-14"),
        _record("5", "not a date"),
    )
    records, quarantined = read_records("yonhap/2026-01-14.jsonl", SHA, data)
    assert not quarantined
    assert [(r.published, r.published_time, r.published_utc_offset) for r in records] == [
        (JAN_14, dt.time(10, 5), 540),
        (JAN_14, dt.time(10, 5), None),
        (JAN_14, dt.time(1, 5), 0),
        (JAN_14, None, None),
        (None, None, None),
    ]
    articles, rejected = clean_records(records)
    assert not rejected
    frame = articles_frame(articles).sort("record")
    assert frame.select("published_date", "published_at", "published_utc_offset").rows() == [
        (JAN_14, dt.datetime(2026, 1, 14, 10, 5), 540),  # the page's clock, not 01:05 UTC
        (JAN_14, dt.datetime(2026, 1, 14, 10, 5), None),
        (JAN_14, dt.datetime(2026, 1, 14, 1, 5), 0),
        (JAN_14, None, None),
        (None, None, None),
    ]


def test_a_json_time_beats_the_texts_and_takes_its_zone_only_at_the_same_clock() -> None:
    stamped = (
        "S. Korea, Japan to resume talks on forced labor",
        "Posted : 2026-01-14 10:05 KST",
        _LEAD,
        *_BODY,
    )
    data = _jsonl(
        _record("1", "2026-01-14", stamped),  # a date alone: the text's time and zone of that day
        _record("2", "2026-01-14T10:05:00", stamped),  # the same clock: the text states its zone
        _record("3", "2026-01-14T11:20:00", stamped),  # another clock: the JSON's, without the text's zone
        _record("4", "2026-01-15", stamped),  # another day: the JSON's date and no time
    )
    records, _ = read_records("yonhap/stamped.jsonl", SHA, data)
    articles, _ = clean_records(records)
    rows = articles_frame(articles).sort("record").select("published_at", "published_utc_offset").rows()
    assert rows == [
        (dt.datetime(2026, 1, 14, 10, 5), 540),
        (dt.datetime(2026, 1, 14, 10, 5), 540),
        (dt.datetime(2026, 1, 14, 11, 20), None),
        (None, None),
    ]


_PARAGRAPHS = "".join(
    f"<p>{paragraph}</p>"
    for paragraph in (
        "Foreign ministers of South Korea and Japan met in Tokyo on Tuesday to prepare a summit planned for "
        "the spring, officials in both capitals said.",
        "The two sides discussed compensation for wartime forced labor, export controls on semiconductor "
        "materials and the release of treated water from the Fukushima plant.",
        "Seoul's foreign minister said after the talks that both governments wanted to keep shuttle diplomacy "
        "going regardless of domestic political pressure.",
    )
)


def _page(head: str, body_extra: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Korea and Japan prepare spring summit | Harbor Daily</title>"
        '<meta property="og:site_name" content="Harbor Daily">'
        f"{head}</head><body><header><a href='/'>Harbor Daily</a></header><main><article>"
        f"<h1>Korea and Japan prepare spring summit</h1>{body_extra}{_PARAGRAPHS}</article></main></body></html>"
    )


_OPEN_GRAPH = (
    '<meta property="article:published_time" content="2026-01-14T09:30:00+09:00">'
    '<meta property="article:modified_time" content="2026-01-15T18:00:00+09:00">'
)
_JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "WebSite", "name": "Harbor Daily"},'
    '{"@type": "NewsArticle", "headline": "Korea and Japan prepare spring summit",'
    ' "datePublished": "2026-01-14T09:30:00+09:00", "dateModified": "2026-01-15T18:00:00+09:00"}]}</script>'
)


@pytest.mark.parametrize(
    "head",
    [
        _OPEN_GRAPH,
        _JSON_LD,
        '<meta itemprop="datePublished" content="2026-01-14T09:30:00+09:00">',
        # A placeholder before the real value is passed over (Gannett pages write "0001-01-01T00:00:00Z").
        '<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
        '<meta itemprop="datePublished" content="2026-01-14T09:30:00+09:00">',
        # A broken JSON-LD block costs nothing: the Open Graph time still says.
        '<script type="application/ld+json">{"@type": "NewsArticle", </script>' + _OPEN_GRAPH,
    ],
)
def test_a_pages_date_metadata_keeps_its_time_and_zone(head: str) -> None:
    page = _page(head)
    assert html_publication(page) == Publication(JAN_14, dt.time(9, 30), 540)  # published, not modified
    (record,), quarantined = read_records("world/summit.html", SHA, page.encode("utf-8"))
    assert not quarantined
    assert record.publication == Publication(JAN_14, dt.time(9, 30), 540)
    articles, _ = clean_records([record])
    row = articles_frame(articles).select("published_date", "published_at", "published_utc_offset").row(0)
    assert row == (JAN_14, dt.datetime(2026, 1, 14, 9, 30), 540)


def test_a_page_without_date_metadata_keeps_the_date_alone() -> None:
    """A visible date, no metadata: trafilatura finds the day, and no time is made up for it."""
    page = _page("", "<p class='date'>January 14, 2026</p>")
    assert html_publication(page) == Publication(None)
    (record,), _ = read_records("world/summit.html", SHA, page.encode("utf-8"))
    assert (record.published, record.published_time, record.published_utc_offset) == (JAN_14, None, None)


def test_a_json_records_published_wins_over_its_pages_metadata() -> None:
    page = _page(_OPEN_GRAPH)
    data = _jsonl(
        {"id": "h1", "html": page, "published": "2026-01-14T10:00:00Z"},
        {"id": "h2", "html": page, "published": "2026-01-14"},  # the date alone: the page's time of that day
        {"id": "h3", "html": page},
    )
    records, quarantined = read_records("feed.jsonl", SHA, data)
    assert not quarantined
    assert [record.publication for record in records] == [
        Publication(JAN_14, dt.time(10, 0), 0),
        Publication(JAN_14, dt.time(9, 30), 540),
        Publication(JAN_14, dt.time(9, 30), 540),
    ]


def test_a_page_that_is_not_html_states_no_date() -> None:
    assert html_publication("") == Publication(None)
    assert html_publication("just text, 2026-01-14T09:30:00+09:00") == Publication(None)
