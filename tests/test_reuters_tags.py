"""The Reuters check of issue #23 (bench/reuters_tags.py): its matching and scoring on hand-made stories, the
selection of the 1,189 Japan/Korea stories, and a fixed slice of them through the real pipeline."""

from collections import Counter

from bench import reuters_tags
from bench.reuters_tags import label_matches, match_people, score, scrape_text, words

#: The first 40 selected stories: 10 people labels (Lawson twice, Leigh-Pemberton, Sumita, ...), 4 `trade`.
SLICE = 40


def _person(name: str, *surfaces: str) -> dict:
    return {"entity_id": name.casefold(), "name": name, "type": "person", "surfaces": [name, *surfaces]}


def test_words_fold_case_hyphens_and_dots():
    assert words("Robin Leigh-Pemberton") == ("robin", "leigh", "pemberton")
    assert words("de-clercq") == ("de", "clercq")
    assert words("James A. Baker") == ("james", "a", "baker")


def test_a_label_matches_the_full_name_ending_in_its_words():
    assert label_matches("nakasone", ["Yasuhiro Nakasone"])
    assert label_matches("james-baker", ["James Baker"])
    assert label_matches("leigh-pemberton", ["Robin Leigh-Pemberton"])
    assert label_matches("de-clercq", ["Willy De Clercq"])


def test_a_label_matches_the_family_name_alone():
    assert label_matches("james-baker", ["Baker"])
    assert label_matches("reagan", ["President", "Reagan"])


def test_a_label_does_not_match_another_given_name_or_a_longer_word():
    assert not label_matches("james-baker", ["Howard Baker"])
    assert not label_matches("lawson", ["Lawsons"])
    assert not label_matches("sumita", ["Satoshi Sumita Bank"])


def test_people_pair_one_to_one():
    baker, full, other = _person("Baker"), _person("James Baker"), _person("Tadashi Kuranari")
    pairs, missed, extra = match_people(["james-baker", "sumita"], [baker, full, other])
    assert [(label, entity["name"]) for label, entity in pairs] == [("james-baker", "Baker")]
    assert missed == ["sumita"]
    assert [e["name"] for e in extra] == ["James Baker", "Tadashi Kuranari"]


def test_score_on_hand_made_stories():
    stories = [
        {"newid": 1, "people": ["nakasone", "sumita"], "topics": ["trade"]},
        {"newid": 2, "people": [], "topics": ["money-fx"]},
        {"newid": 3, "people": ["lawson"], "topics": ["trade"]},  # not published
    ]
    sumita_as_org = {**_person("Bank of Japan Governor Satoshi Sumita"), "type": "organization"}
    predicted = {
        1: {
            "language": "en",
            "entities": [_person("Yasuhiro Nakasone"), _person("Tadashi Kuranari"), sumita_as_org],
            "issues": {"trade_economy", "japan_us"},
        },
        2: {"language": "ja", "entities": [_person("Kiichi Miyazawa")], "issues": {"trade_economy"}},
    }
    vocabulary = ["nakasone", "miyazawa", "sumita", "lawson"]
    result = score(stories, predicted, vocabulary)
    assert (result["stories"], result["published"], result["language_accuracy"]) == (3, 2, 0.333)
    assert result["people"] == {
        "gold": 3,
        "predicted": 3,
        "matched": 1,
        "precision": 0.333,
        "recall": 0.333,
        "predicted_in_vocabulary": 2,
        "precision_in_vocabulary": 0.5,
        "recall_any_type": 0.667,
    }
    assert result["trade"] == {"gold": 2, "predicted": 2, "matched": 1, "precision": 0.5, "recall": 0.5}
    assert result["errors"]["missed_people"] == {"lawson": [3], "sumita": [1]}
    assert result["errors"]["unlabelled_people_in_vocabulary"] == {"Kiichi Miyazawa": 1}
    assert result["errors"]["not_english"] == {2: "ja", 3: None}


def test_scrape_text_decodes_entities_and_drops_wire_codes():
    story = {
        "title": "U.S. &lt;TRADE> CURBS",
        "dateline": "    TOKYO, March 27 - ",
        "body": "Japan &amp; the U.S. said.\n Reuter\n&#3;",
    }
    assert scrape_text(story) == "U.S. <TRADE> CURBS\n\nTOKYO, March 27 - Japan & the U.S. said.\n Reuter"


def _corpus_or_skip() -> None:
    from conftest import shared_corpus

    shared_corpus("reuters21578")


def test_selection_is_the_1189_japan_korea_stories_with_a_body():
    _corpus_or_skip()
    stories = reuters_tags.select_stories()
    assert len(stories) == 1189
    assert Counter(s["text_type"] for s in stories) == {"NORM": 1186, "UNPROC": 3}
    assert sum(len(s["people"]) for s in stories) == 296
    assert sum("trade" in s["topics"] for s in stories) == 217


def test_fixed_slice_through_the_pipeline_keeps_people_and_trade():
    """The first 40 stories, published by the real graph: every one published and English, and no fewer
    people and trade labels found than at the baseline commit 276f7c5 (6 of 10 people, 4 of 4 trade)."""
    _corpus_or_skip()
    result = reuters_tags.run(SLICE)
    assert (result["stories"], result["published"], result["quarantined"]) == (SLICE, SLICE, [])
    assert result["language_accuracy"] == 1.0
    assert result["people"]["gold"] == 10 and result["trade"]["gold"] == 4
    assert result["people"]["matched"] >= 6, result["errors"]["missed_people"]
    assert result["trade"]["matched"] == 4
