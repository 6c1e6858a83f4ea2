"""People the gazetteer does not know: found by name shape and person cues, not by any list."""

import duckdb
import polars as pl
import pytest

from pipeline.discover import _known, discover_people, person_spans
from pipeline.gazetteer import load_entities


@pytest.fixture(scope="module")
def known():
    return _known(load_entities())


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("The plan was backed by Kwon Hyuk-soo, who spoke later.", ["Kwon Hyuk-soo"]),  # Korean name shape
        ("“It will work,” said Maria Gonzalez, a professor at Keio.", ["Maria Gonzalez"]),
        ("Analyst Tom Baker said the deal was fragile.", ["Tom Baker"]),
        ("Delegates met at Kyoto University on Monday.", []),
        ("South Korea and North Korea exchanged fire.", []),
        ("Lee Jae-myung met Sanae Takaichi in Nara.", []),  # the gazetteer knows them
    ],
)
def test_person_spans(known, text, people):
    assert [text[s:e] for s, e in person_spans(text, *known)] == people


def test_discovered_people_become_entities():
    sentences = pl.DataFrame(
        {"text": ["“Not yet,” said Maria Gonzalez, a professor at Keio.", "Maria Gonzalez agreed."]}
    )
    found = discover_people(sentences, load_entities())
    assert found.select("entity_id", "name", "type", "discovered").rows() == [
        ("person:discovered_maria_gonzalez", "Maria Gonzalez", "person", True)
    ]


def test_samples_byline_reporter_is_discovered_and_tagged(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.sql(
            "SELECT e.name, count(m.doc_id) FROM entities e JOIN entity_mentions m USING (entity_id) "
            "WHERE e.discovered GROUP BY e.name"
        ).fetchall()
        reviewed = con.sql("SELECT count(*) FROM entities WHERE NOT discovered").fetchall()[0][0]
    assert ("Jang Ye-ji", 1) in rows
    assert reviewed >= 200
