"""The labelled set of issue #23 part 5 (tests/gold/coverage_eval.json) is sound; its scores live in bench/."""

import json
import re
from collections import Counter, defaultdict
from datetime import date
from itertools import combinations

import pytest

from bench.tagging_eval import GOLD, match_entities, normalize
from pipeline.core.constants import ISSUE_IDS, EntityType
from pipeline.reference import DATA_DIR
from pipeline.reference.gazetteer import GAZETTEER_FILE

ARTICLES = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
GAZETTEER = {
    e["entity_id"]: e for e in json.loads((DATA_DIR / GAZETTEER_FILE).read_text(encoding="utf-8"))["entities"]
}


def _stories() -> dict[str, list[dict]]:
    members = defaultdict(list)
    for article in ARTICLES:
        members[article["story"]].append(article)
    return members


def test_ids_are_unique_and_languages_are_a_third_each():
    assert len(ARTICLES) >= 36
    assert len({a["id"] for a in ARTICLES}) == len(ARTICLES)
    languages = Counter(a["language"] for a in ARTICLES)
    assert set(languages) == {"en", "ko", "ja"}
    assert max(languages.values()) - min(languages.values()) <= 1


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["id"])
def test_article_fields_and_length(article):
    assert date.fromisoformat(article["published"])
    assert article["outlet"].strip() and article["title"].strip()
    text = article["text"]
    if article["language"] == "ja":
        # Japanese has no spaces: 120-350 words is about 300-900 characters.
        assert 300 <= len(re.sub(r"\s", "", text)) <= 900
    else:
        assert 120 <= len(text.split()) <= 350
    # Written in its language: Latin letters, Hangul, or kana and kanji with kana among them (not Chinese).
    script = {"en": r"[A-Za-z]", "ko": r"[\uac00-\ud7a3]", "ja": r"[\u3040-\u30ff\u4e00-\u9fff]"}[
        article["language"]
    ]
    assert len(re.findall(script, text)) > len(text) / 2
    if article["language"] == "ja":
        assert len(re.findall(r"[\u3040-\u30ff]", text)) > len(text) / 5


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["id"])
def test_entity_labels_are_valid(article):
    full = f"{article['title']}\n\n{article['text']}"
    keys = [e["entity_id"] or e["name"] for e in article["entities"]]
    assert len(keys) == len(set(keys)), "one row per entity per article"
    for entity in article["entities"]:
        assert entity["type"] in set(EntityType)
        for surface in [entity["surface"], *entity.get("other_surfaces", [])]:
            assert surface in full, f"{article['id']}: {surface!r} not in the text"
        if entity["entity_id"] is not None:
            listed = GAZETTEER[entity["entity_id"]]
            assert (entity["name"], entity["type"]) == (listed["name"], listed["type"])
        else:
            # A name the gazetteer has must carry its id.
            assert all(e["name"] != entity["name"] for e in GAZETTEER.values()), entity["name"]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["id"])
def test_issue_labels_are_valid(article):
    assert article["issues"], article["id"]
    assert len(article["issues"]) == len(set(article["issues"]))
    assert set(article["issues"]) <= set(ISSUE_IDS)


def test_a_third_of_each_language_is_held_out():
    for language in ("en", "ko", "ja"):
        splits = Counter(a["split"] for a in ARTICLES if a["language"] == language)
        assert set(splits) == {"dev", "heldout"}
        assert splits["heldout"] * 3 == sum(splits.values())


def test_stories_group_articles_of_one_event():
    stories = _stories()
    groups = [m for m in stories.values() if len(m) >= 2]
    assert len(groups) >= 8
    assert sum(len({a["language"] for a in m}) == 3 for m in groups) >= 3, (
        "cross-language groups in all three"
    )
    for members in groups:
        days = [date.fromisoformat(a["published"]) for a in members]
        assert (max(days) - min(days)).days <= 14, members[0]["story"]
        assert len({a["topic"] for a in members}) == 1


def test_same_topic_different_event_pairs_exist():
    stories = _stories()
    by_topic = defaultdict(set)
    for story, members in stories.items():
        by_topic[members[0]["topic"]].add(story)
    months = {s: {a["published"][:7] for a in m} for s, m in stories.items()}
    chosei = by_topic["chosei_mine"]
    assert len(chosei) >= 3 and len(set.union(*(months[s] for s in chosei))) >= 3
    assert len(by_topic["wi_sung_lac_trip"]) >= 2
    # The Takeshima Day rally and the comfort-women ruling: two days apart, two stories.
    takeshima = next(m for s, m in stories.items() if s.startswith("takeshima_day"))
    ruling = next(m for s, m in stories.items() if s.startswith("comfort_women_ruling"))
    gap = date.fromisoformat(ruling[0]["published"]) - date.fromisoformat(takeshima[0]["published"])
    assert abs(gap.days) <= 7
    # The held-out third alone has joined pairs and a same-topic pair that must stay apart.
    held = [a for a in ARTICLES if a["split"] == "heldout"]
    assert sum(1 for a, b in combinations(held, 2) if a["story"] == b["story"]) >= 4
    assert any(a["topic"] == b["topic"] and a["story"] != b["story"] for a, b in combinations(held, 2))


def test_failure_cases_of_the_issue_are_covered():
    def texts(language=None):
        return "\n".join(a["text"] for a in ARTICLES if language in (None, a["language"]))

    everything = texts()
    for phrase in ("Korean Peninsula", "Pyongyang", "북한", "北朝鮮", "Keiichi Ichikawa", "National Security Secretariat",
                   "한국어", "Japan-Korea Cooperation Committee", "日韓協力委員会", "이 대통령", "李大統領",
                   "Ambassador Lee", "Horyu-ji", "Niigata", "Cambodia", "Sado", "Jan. 13-14", "高市首相："):  # fmt: skip
        assert phrase in everything or any(phrase in a["title"] for a in ARTICLES), phrase
    assert re.search(r"[\uac00-\ud7a3]\.[0-9\uac00-\ud7a3]", texts("ko")), (
        "a Korean full stop with no space after it"
    )
    # "Korean Peninsula" with no North Korea label, and real North Korea content with it.
    peninsula_only = [a for a in ARTICLES if re.search("Korean Peninsula|한반도|朝鮮半島", a["text"])]
    assert any("north_korea" not in a["issues"] for a in peninsula_only)
    assert any("north_korea" in a["issues"] for a in ARTICLES)


def test_entity_matching_rules():
    gold = [
        {"surface": "李在明", "name": "Lee Jae-myung", "type": "person", "entity_id": "person:lee_jae_myung"},
        {"surface": "National Security Secretariat", "name": "National Security Secretariat", "type": "organization",
         "entity_id": None},
        {"surface": "Horyu-ji", "name": "Horyu-ji", "type": "facility", "entity_id": None},
    ]  # fmt: skip
    predicted = [
        {"entity_id": "person:lee_jae_myung", "name": "Lee Jae-myung", "type": "person", "surfaces": ["李在明"]},
        {"entity_id": "person:discovered_x", "name": "National Security Secretariat", "type": "person",
         "surfaces": ["National Security Secretariat"]},
        {"entity_id": "place:tokyo", "name": "Tokyo", "type": "place", "surfaces": ["Tokyo"]},
    ]  # fmt: skip
    pairs, missed, extra = match_entities(gold, predicted)
    assert [(g["name"], p["type"]) for g, p in pairs] == [
        ("Lee Jae-myung", "person"),
        ("National Security Secretariat", "person"),
    ]
    assert [g["name"] for g in missed] == ["Horyu-ji"]
    assert [p["name"] for p in extra] == ["Tokyo"]
    assert normalize("Horyu-ji") == normalize("HORYU JI") == normalize("Ｈｏｒｙｕ・ｊｉ")
