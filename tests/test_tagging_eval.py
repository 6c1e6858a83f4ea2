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


# The second held-out set (tests/gold/coverage_fresh.json): written after the first set's held-out third was spent,
# blind to the tagger, about other events. Per-article rules are the first set's; the checks below add its own.
FRESH_GOLD = GOLD.parent / "coverage_fresh.json"
FRESH = json.loads(FRESH_GOLD.read_text(encoding="utf-8"))["articles"]
# Where a scrape's chrome starts: credit lines, related-story lists, reader comments and photo captions.
CHROME = re.compile(
    r"^(\(Reporting by|Related (stories|coverage)|Reader comment|▶ 관련기사|\[사진=|▲|写真：)", re.M
)


def _story_members(articles: list[dict]) -> dict[str, list[dict]]:
    members = defaultdict(list)
    for article in articles:
        members[article["story"]].append(article)
    return members


def _headline_and_body(article: dict) -> str:
    chrome = CHROME.search(article["text"])
    return f"{article['title']}\n\n{article['text'][: chrome.start() if chrome else None]}"


def test_fresh_ids_splits_and_languages():
    assert len(FRESH) >= 27
    assert len({a["id"] for a in FRESH}) == len(FRESH)
    for article in FRESH:
        assert re.fullmatch(r"f(en|ko|ja)\d{2}", article["id"]), article["id"]
        assert article["id"][1:3] == article["language"], article["id"]
        assert article["split"] == "fresh", article["id"]
    languages = Counter(a["language"] for a in FRESH)
    assert set(languages) == {"en", "ko", "ja"} and min(languages.values()) >= 8


@pytest.mark.parametrize("article", FRESH, ids=lambda a: a["id"])
def test_fresh_article_follows_the_first_sets_rules(article):
    test_article_fields_and_length(article)
    test_entity_labels_are_valid(article)
    test_issue_labels_are_valid(article)


@pytest.mark.parametrize("article", FRESH, ids=lambda a: a["id"])
def test_fresh_labels_come_from_headline_and_body_not_chrome(article):
    body = _headline_and_body(article)
    full = f"{article['title']}\n\n{article['text']}"
    for entity in article["entities"]:
        surfaces = [entity["surface"], *entity.get("other_surfaces", [])]
        assert all(s in body for s in surfaces), (article["id"], surfaces)
        # surface is the first spelling, the rest come later
        assert full.find(entity["surface"]) == min(full.find(s) for s in surfaces), (article["id"], surfaces)


def test_fresh_set_carries_chrome_that_must_not_count():
    with_chrome = [a for a in FRESH if CHROME.search(a["text"])]
    assert len(with_chrome) >= 4 and {a["language"] for a in with_chrome} == {"en", "ko", "ja"}
    # The chrome names things the labels leave out (a related headline's chip maker, a comment's Jeju).
    assert any(
        re.search(r"SK Hynix|Jeju|中 |삼성전자", a["text"][CHROME.search(a["text"]).start() :])
        for a in with_chrome
    )


def test_fresh_events_differ_from_the_first_set():
    assert not {a["story"] for a in FRESH} & {a["story"] for a in ARTICLES}
    assert not {a["title"] for a in FRESH} & {a["title"] for a in ARTICLES}


def test_fresh_stories_group_articles_of_one_event():
    stories = _story_members(FRESH)
    groups = [m for m in stories.values() if len(m) >= 2]
    assert sum(len({a["language"] for a in m}) >= 2 for m in groups) >= 4, "cross-language groups"
    assert sum(len({a["language"] for a in m}) == 3 for m in groups) >= 2
    assert any(len(m) == 1 for m in stories.values()), "singletons"
    for members in groups:
        days = [date.fromisoformat(a["published"]) for a in members]
        assert (max(days) - min(days)).days <= 3, members[0]["story"]
        assert len({a["topic"] for a in members}) == 1


def test_fresh_same_topic_different_event_pairs_exist():
    stories = _story_members(FRESH)
    by_topic = defaultdict(list)
    for story, members in stories.items():
        by_topic[members[0]["topic"]].append(story)
    paired = {t: s for t, s in by_topic.items() if len(s) >= 2}
    assert len(paired) >= 4, paired

    def first_day(story):
        return min(date.fromisoformat(a["published"]) for a in stories[story])

    gaps = [abs((first_day(a) - first_day(b)).days) for s in paired.values() for a, b in combinations(s, 2)]
    # One pair close in time (two missile launches 16 days apart), so date alone cannot split it.
    assert min(gaps) <= 21


def test_fresh_set_covers_the_hard_cases_with_new_instances():
    text = {
        lang: "\n".join(f"{a['title']}\n{a['text']}" for a in FRESH if a["language"] == lang)
        for lang in ("en", "ko", "ja")
    }
    # Korean full stop with no space after it, date ranges, Japanese speaker labels.
    assert re.search(r"[\uac00-\ud7a3]\.[0-9\uac00-\ud7a3]", text["ko"])
    assert re.search(r"(Sept|Oct)\. \d+-\d+", text["en"]) and re.search(r"\d+~\d+일", text["ko"])
    assert re.search(r"\d+～\d+[日月]", text["ja"])
    assert len(re.findall(r"^[^\n「]{2,10}：「", text["ja"], re.M)) >= 4
    # Korean and Japanese words that hold a country name but are not the country.
    assert re.search(r"일본어|한국형|한국말", text["ko"]) and re.search(r"韓国語|日本語", text["ja"])
    # Officials by surname and title only, labelled as the person.
    by_title = {(a["id"], e["surface"]) for a in FRESH for e in a["entities"] if e["type"] == "person"}
    for surface in ("이 대통령", "FM Cho", "高市", "岩屋", "木原"):
        assert any(s == surface for _, s in by_title), surface
    # The peninsula as geography without north_korea, and real North Korea evidence with it.
    peninsula = [a for a in FRESH if re.search("Korean Peninsula|한반도|朝鮮半島", a["text"])]
    assert any("north_korea" not in a["issues"] for a in peninsula)
    assert any("north_korea" in a["issues"] for a in peninsula)
    # Names that look like another type: a person called Kanayama (gold mine), shops named like people.
    types = {e["name"]: e["type"] for a in FRESH for e in a["entities"]}
    assert types["Masako Kanayama"] == types["Shiori Chiba"] == "person"
    assert types["Matsumoto Kiyoshi"] == types["Don Quijote"] == "organization"
