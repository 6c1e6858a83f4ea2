"""Names the gazetteer does not know: people, organizations and places found by shape, lists and neighbours."""

import duckdb
import polars as pl
import pytest

from pipeline.reference.gazetteer import load_entities, tag_entities
from pipeline.tag.entities.discover import entities_from_names, found_names, known_names
from pipeline.tag.entities.name_finder import NameFinder


@pytest.fixture(scope="module")
def finder():
    return NameFinder(known_names(load_entities()))


def names(finder, *sentences):
    found = finder.find(list(sentences))
    return [
        [(text[s.start : s.end], s.type, s.rule) for s in spans]
        for text, spans in zip(sentences, found, strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shape: a romanized Korean name needs no cue and no list
        ("The plan was backed by Kwon Hyuk-soo, who spoke later.", [("Kwon Hyuk-soo", "person")]),
        # a cue after the name
        ("“It will work,” said Maria Gonzalez, a professor at Keio.", [("Maria Gonzalez", "person")]),
        # a title before the name is a cue and not part of it; a nationality before it is peeled too
        ("Czech President Vaclav Havel welcomed it.", [("Vaclav Havel", "person")]),
        ("Argentine Abel Balbo scored twice.", [("Abel Balbo", "person")]),
        # a given name from the lists, with no cue at all
        ("The award went to Gabriela Szabo on Sunday.", [("Gabriela Szabo", "person")]),
        # romanized Japanese name shape
        ("The goal came from Takuya Takagi after the break.", [("Takuya Takagi", "person")]),
        # institutions
        ("Delegates met at Kyoto University on Monday.", [("Kyoto University", "organization")]),
        ("The Bank of Japan held rates.", [("Bank of Japan", "organization")]),
        (
            "He joined the Institute for Far Eastern Studies.",
            [("Institute for Far Eastern Studies", "organization")],
        ),
        ("Officials from FIFA arrived.", [("FIFA", "organization")]),
        # a city at the end of a name run is a club or company; places are places
        ("Bayer Leverkusen beat them.", [("Bayer Leverkusen", "organization")]),
        ("Flights from Munich to Rangoon resumed.", [("Munich", "place"), ("Rangoon", "place")]),
        ("The match at Melbourne Cricket Ground drew a crowd.", [("Melbourne Cricket Ground", "facility")]),
        # possessives and compound adjectives of known names cut the run
        ("Japan's Sankei Shimbun reported it.", [("Japan", "place"), ("Sankei Shimbun", "organization")]),
        ("He studied at King's College London.", [("King's College London", "organization")]),
        # a person's possessive, a person of a body, a given name before a town, "and the" between names
        (
            "He backed Robert Kilroy Silk's Veritas Party.",
            [("Robert Kilroy Silk", "person"), ("Veritas Party", "organization")],
        ),
        (
            "They met Hannah Ward of the Refugee Council.",
            [("Hannah Ward", "person"), ("Refugee Council", "organization")],
        ),
        ("Critics included Ken Livingstone.", [("Ken Livingstone", "person")]),
        (
            "Ties between the Bank of Japan and the Soviet Union grew.",
            [("Bank of Japan", "organization"), ("Soviet Union", "place")],
        ),
        # titles without a dot, and words before a title, are not part of the name
        (
            "Talks with Gen Musharraf and Commons Speaker Michael Martin.",
            [("Musharraf", "person"), ("Michael Martin", "person")],
        ),
        # common words, demonyms, compass words and calendar words are not people
        ("South Korean officials met on Monday.", []),
        ("The Rose Bowl sold out.", []),
        ("West Indies won the toss.", []),
    ],
)
def test_names_in_one_sentence(finder, text, expected):
    assert [(name, kind) for name, kind, _ in names(finder, text)[0]] == expected


def test_sentence_openers_are_peeled_but_mid_sentence_capitals_are_names(finder):
    opener, inside = names(finder, "But Real Madrid lost.", "They said Real Madrid lost.")
    assert ("Real Madrid", "organization", "name_with_place") in inside
    assert all(name != "But" for name, _, _ in opener)


def test_a_capitals_headline_yields_only_known_names(finder):
    assert names(finder, "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .") == [
        [("JAPAN", "place", "known"), ("CHINA", "place", "known")]
    ]


def test_a_lone_family_name_is_the_person_named_earlier_in_the_document(finder):
    first, later, caps = names(
        finder,
        "Salem Bitar scored for Syria.",
        "Bitar then saved a penalty, and Cairns watched.",
        "BITAR THE HERO .",
    )
    assert first == [("Salem Bitar", "person", "family_name"), ("Syria", "place", "known")] or first[0][
        :2
    ] == (
        "Salem Bitar",
        "person",
    )
    assert ("Bitar", "person", "same_document") in later
    assert ("BITAR", "person", "same_document") in caps
    # Cairns is a GeoNames city and nobody in this document is called Cairns
    assert ("Cairns", "place", "known") in later


def test_every_span_is_inside_its_sentence_and_typed(finder):
    text = "Jose Ramos Horta, a Nobel laureate, told Reuters in Sydney that Portugal and Indonesia must talk."
    for spans in finder.find([text]):
        for s in spans:
            assert 0 <= s.start < s.end <= len(text)
            assert s.type in {"person", "organization", "place", "facility"}
            assert s.rule


def test_discovered_entities_are_new_people_and_organizations_only():
    sentences = pl.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d2"],
            "sentence_idx": [0, 1, 2, 0],
            "text": [
                "“Not yet,” said Maria Gonzalez, a professor at Keio.",
                "Maria Gonzalez agreed, as did Ramon Pacheco Pardo and Pacheco Pardo's colleague.",
                "The Hanbit Policy Institute published it in Osaka.",
                "Gonzalez was not there.",
            ],
        }
    )
    found = entities_from_names(found_names(sentences, load_entities()))
    assert found.select("entity_id", "name", "type", "discovered").rows() == [
        ("organization:discovered_hanbit_policy_institute", "Hanbit Policy Institute", "organization", True),
        ("person:discovered_maria_gonzalez", "Maria Gonzalez", "person", True),
    ]


def test_a_discovered_family_name_needs_an_antecedent_in_the_same_document():
    sentences = pl.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2"],
            "sentence_idx": [0, 1, 0],
            "char_start": [0, 40, 0],
            "text": ["Professor Jang Ye-ji wrote the report.", "Jang said more.", "Jang said nothing."],
        }
    )
    entities = pl.concat([load_entities(), entities_from_names(found_names(sentences, load_entities()))])
    mentions = tag_entities(sentences, entities).filter(pl.col("entity_id") == "person:discovered_jang_ye_ji")
    assert mentions.select("doc_id", "surface").rows() == [("d1", "Jang Ye-ji"), ("d1", "Jang")]


def test_samples_byline_reporter_is_discovered_and_tagged(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.sql(
            "SELECT e.name, count(m.doc_id) FROM entities e JOIN entity_mentions m USING (entity_id) "
            "WHERE e.discovered GROUP BY e.name"
        ).fetchall()
        reviewed = con.sql("SELECT count(*) FROM entities WHERE NOT discovered").fetchall()[0][0]
    assert ("Jang Ye-ji", 1) in rows
    assert reviewed >= 200


def test_the_people_the_samples_name_are_found_without_the_gazetteer(sample_warehouse):
    # The gazetteer lists these four because they matter to the corpus; discovery must not need it to.
    named = ["Min Jeong-hun", "Cho Jin-goo", "Jo Yang-hyeon", "Ramon Pacheco Pardo"]
    gazetteer = load_entities().filter(~pl.col("name").is_in(named))
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        sentences = con.sql("SELECT doc_id, sentence_idx, text FROM sentences").pl()
    found = entities_from_names(found_names(sentences, gazetteer))
    assert set(named) <= set(found.filter(pl.col("type") == "person")["name"])
    # and nothing found is a place or a word the lists know better
    assert not found.filter(pl.col("name").is_in(["South Korea", "Japan", "Seoul", "Tokyo"])).height
