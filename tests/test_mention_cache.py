"""Entity mentions between runs: only documents with new text or a changed alias are tagged again, and the
result is always what tagging everything from scratch gives."""

import datetime as dt

import polars as pl
import pytest
from conftest import sentences_of

from pipeline.infra.doc_cache import DocumentCache
from pipeline.reference.gazetteer import load_entities
from pipeline.stages.mentions import entity_mention_rows
from pipeline.tag.entities.discover import entities_from_names, found_names
from pipeline.tag.entities.roles import tag_entities_by_date

ORDER = ["doc_id", "char_start", "entity_id", "char_end", "sentence_idx", "surface"]


def articles_of(sentences: pl.DataFrame) -> pl.DataFrame:
    ids = sentences["doc_id"].unique().sort()
    return pl.DataFrame({"doc_id": ids, "published_date": [dt.date(2026, 1, 13)] * len(ids)})


def corpus_entities(sentences: pl.DataFrame) -> pl.DataFrame:
    """The gazetteer plus the names this corpus gives that it does not know, as the `entities` asset builds."""
    gazetteer = load_entities()
    return pl.concat([gazetteer, entities_from_names(found_names(sentences, gazetteer))])


def from_scratch(sentences: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    return tag_entities_by_date(sentences, entities, articles_of(sentences)).sort(ORDER)


@pytest.fixture
def cache(tmp_path) -> DocumentCache:
    return DocumentCache(tmp_path, "entity_mentions")


def run(sentences: pl.DataFrame, entities: pl.DataFrame, cache: DocumentCache):
    return entity_mention_rows(sentences, entities, articles_of(sentences), cache)


def test_samples_cold_and_warm_give_what_tagging_from_scratch_gives(sample_texts, cache):
    sentences = sentences_of(sample_texts)
    entities = corpus_entities(sentences)
    cold, cold_stats = run(sentences, entities, cache)
    warm, warm_stats = run(sentences, entities, cache)
    assert cold.equals(from_scratch(sentences, entities)) and warm.equals(cold)
    # fixed counts of the samples (their lines taken as paragraphs): a cache that lost or doubled rows shows
    assert dict(cold.group_by("doc_id").len().iter_rows()) == {
        "000_24727959cc5582db": 63,
        "001_783aa3b52b0b225f": 101,
        "002_044d5fb0454c9a08": 42,
        "003_657d0e333287f047": 100,
        "004_ce80a095a2018a15": 59,
    }
    assert (cold_stats.computed, warm_stats.computed) == (len(sample_texts), 0)


def test_a_new_article_naming_a_new_person_retags_the_older_articles_that_name_them(cache):
    """A headline in capitals names nobody the name finder can tell apart from shouting; once a new article
    names "Maria Gonzalez" in running text she is an entity, and the old headline is a mention of her."""
    base = {
        "a": "MARIA GONZALEZ VISITS NARA\nThe professor met Takaichi in Tokyo.",
        "b": "Lee Jae-myung flew to Nara on Tuesday.",
    }
    sentences = sentences_of(base)
    entities = corpus_entities(sentences)
    before, _ = run(sentences, entities, cache)
    assert "person:discovered_maria_gonzalez" not in before["entity_id"].to_list()

    grown = sentences_of({**base, "c": "Professor Maria Gonzalez wrote the report."})
    grown_entities = corpus_entities(grown)
    after, stats = run(grown, grown_entities, cache)
    assert after.equals(from_scratch(grown, grown_entities))
    assert after.select("doc_id", "entity_id", "surface").rows() == [
        ("a", "person:discovered_maria_gonzalez", "MARIA GONZALEZ"),
        ("a", "place:nara_prefecture", "NARA"),
        ("a", "person:sanae_takaichi", "Takaichi"),
        ("a", "place:tokyo", "Tokyo"),
        ("b", "person:lee_jae_myung", "Lee Jae-myung"),
        ("b", "place:nara_prefecture", "Nara"),
        ("c", "person:discovered_maria_gonzalez", "Maria Gonzalez"),
    ]
    assert set(after.filter(pl.col("entity_id") == "person:discovered_maria_gonzalez")["doc_id"]) == {
        "a",
        "c",
    }
    # "c" is new, "a" names her; "b" is read back.
    assert (stats.documents, stats.computed) == (3, 2)


def test_a_removed_entity_retags_only_the_articles_that_contained_its_aliases(sample_texts, cache):
    sentences = sentences_of(sample_texts)
    entities = corpus_entities(sentences)
    tagged, _ = run(sentences, entities, cache)
    # The place the fewest samples mention: removing it must not touch the others.
    per_place = (
        tagged.filter(pl.col("entity_id").str.starts_with("place:"))
        .group_by("entity_id")
        .agg(pl.col("doc_id").n_unique().alias("n"))
    )
    gone = per_place.sort("n", "entity_id")["entity_id"][0]
    holders = set(tagged.filter(pl.col("entity_id") == gone)["doc_id"])
    assert 0 < len(holders) < len(sample_texts)
    fewer = entities.filter(pl.col("entity_id") != gone)
    after, stats = run(sentences, fewer, cache)
    assert after.equals(from_scratch(sentences, fewer))
    assert gone not in after["entity_id"].to_list()
    assert len(holders) <= stats.computed < len(sample_texts)


def test_without_a_cache_the_rows_are_the_same():
    sentences = sentences_of({"a": "Takaichi met Lee Jae-myung in Nara.", "b": "Nothing here."})
    entities = load_entities()
    frame, stats = entity_mention_rows(sentences, entities, articles_of(sentences), None)
    assert frame.equals(from_scratch(sentences, entities)) and stats.computed == 2
    assert frame.select("doc_id", "entity_id", "surface").rows() == [
        ("a", "person:sanae_takaichi", "Takaichi"),
        ("a", "person:lee_jae_myung", "Lee Jae-myung"),
        ("a", "place:nara_prefecture", "Nara"),
    ]


def test_a_new_one_word_alias_retags_only_the_articles_that_write_it_in_its_case(cache):
    """A new article names "Professor John Glass": his bare family name "Glass" matches case-sensitively, as every
    one-word alias does, so the article that writes "Glass" is tagged again and the one that writes "glass" is
    read back."""
    base = {
        "a": "Lee Jae-myung flew to Nara. A glass of tea was served.",
        "b": "Glass exports from Japan rose in March.",
    }
    sentences = sentences_of(base)
    run(sentences, corpus_entities(sentences), cache)
    grown = sentences_of({**base, "c": "Professor John Glass wrote the report on Tuesday."})
    grown_entities = corpus_entities(grown)
    assert "person:discovered_john_glass" in grown_entities["entity_id"].to_list()
    after, stats = run(grown, grown_entities, cache)
    assert after.equals(from_scratch(grown, grown_entities))
    assert (stats.documents, stats.computed) == (3, 2)  # "c" is new, "b" writes "Glass"; "a" is read back
