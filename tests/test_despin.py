"""despin: restore whole spun phrases, never touch clean text, and score how spun a text looks."""

import json
import re

import pytest
from conftest import CLEAN_SAMPLES, SPUN_SAMPLE, shared_corpus

from pipeline.core.constants import CleanStep
from pipeline.despin.lexicon import REPORT_PROBABILITY
from pipeline.despin.restore import (
    CONFIDENCE_FLOOR,
    RULE_ENTITY_NAME,
    RULE_LEARNED_SYNONYM,
    RULE_REVERSE_THESAURUS,
    RULE_SPINNER_GRAMMAR,
    RULE_SPINNER_LEXICON,
    DespinResult,
    despin,
    load_spinner_phrases,
    spin_score,
)


def replay(text: str, result: DespinResult) -> str:
    """Apply the edits from the last offset to the first, as the Edit contract promises."""
    for edit in sorted(result.edits, key=lambda e: e.char_start, reverse=True):
        assert text[edit.char_start : edit.char_start + len(edit.before)] == edit.before
        text = text[: edit.char_start] + edit.after + text[edit.char_start + len(edit.before) :]
    return text


@pytest.fixture(scope="module")
def spun() -> tuple[str, DespinResult]:
    text = SPUN_SAMPLE.read_text(encoding="utf-8")
    return text, despin(text)


@pytest.mark.parametrize(
    "restored",
    [
        "shake hands ahead of their summit",
        "Asia-Pacific Economic Cooperation forum",
        "Blue House national security adviser Wi Sung-lac",
        "136 Korean forced laborers",
        "including rare earths, in response",
        "reliant on Chinese rare earths, supply chain risks",
        "Chinese President Xi Jinping",
        "Japanese Defense Minister Shinjiro Koizumi",
        "Korea National Diplomatic Academy",
        "By Shin Hyeong-cheol, staff reporter; Jang Ye-ji, staff reporter",
        "(pool photo)",
    ],
)
def test_spun_sample_phrases_are_restored(spun, restored):
    assert restored in spun[1].text


def test_spun_sample_edits_are_explained_and_replay(spun):
    text, result = spun
    assert len(result.edits) >= 25
    for edit in result.edits:
        assert edit.step == CleanStep.DESPIN
        assert edit.rule in {
            RULE_REVERSE_THESAURUS,
            RULE_ENTITY_NAME,
            RULE_SPINNER_LEXICON,
            RULE_SPINNER_GRAMMAR,
            RULE_LEARNED_SYNONYM,
        }
        assert 0 < edit.confidence <= 1
        assert edit.before != edit.after
    assert replay(text, result) == result.text


def test_spun_phrase_kept_where_a_legitimate_one_is_embedded(spun):
    # "Chinese language" alone is fine English: only the whole spun phrase is rewritten.
    assert "Chinese language" not in spun[1].text
    assert despin("She teaches Chinese language and literature.").edits == ()


@pytest.mark.parametrize("sample", CLEAN_SAMPLES, ids=lambda p: p.name[:3])
def test_clean_samples_are_left_alone(sample):
    text = sample.read_text(encoding="utf-8")
    result = despin(text)
    assert result.edits == ()
    assert result.text == text
    assert result.spin_score == 0.0


def test_spun_sample_scores_clearly_above_clean_ones(spun):
    clean = max(despin(p.read_text(encoding="utf-8")).spin_score for p in CLEAN_SAMPLES)
    assert spun[1].spin_score >= 0.5 > clean + 0.4
    assert 0.0 <= spun[1].spin_score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "The Environmental Protection Minister resigned.",
        "Posts on the discussion board were deleted.",
        "A brand new low-cost carrier will fly to Osaka.",
        "The firm will provide chain stores with rice.",
        "A nationwide safety inspection of mines began.",
        "They bought a blue home near the coast.",
        "The striker moved forward of the defender.",
        "Palms and uncommon plants grew in the garden.",
    ],
)
def test_legitimate_look_alikes_are_not_touched(text):
    assert despin(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Uncommon earths are scarce.", "Rare earths are scarce."),
        ("UNCOMMON EARTHS ROW", "RARE EARTHS ROW"),
        ("China Curbs Uncommon Earths", "China Curbs Rare Earths"),
        ("Leaders shake\u00a0palms.", "Leaders shake hands."),
        ("The Blue Home’s view", "The Blue House’s view"),
        ("world provide chains", "global supply chains"),
    ],
)
def test_case_spacing_and_apostrophes(text, expected):
    assert despin(text).text == expected


def test_despin_is_idempotent(spun):
    assert despin(spun[1].text).edits == ()


def test_spin_score_grows_with_the_density_of_restorations():
    text = "They shake palms forward of their summit. " + "The talks went on. " * 20
    assert spin_score(0, text) == 0.0 == spin_score(3, "")
    assert 0.0 < spin_score(1, text) < spin_score(2, text) < spin_score(3, text) < 1.0
    assert [spin_score(n, text) for n in (1, 2, 3)] == [0.4441, 0.691, 0.8282]
    restored = despin(text)
    assert (len(restored.edits), restored.spin_score) == (2, 0.691)  # "shake palms", "forward of"


def test_thesaurus_rows_are_whole_phrases_with_a_reason():
    phrases = load_spinner_phrases()
    assert len(phrases) >= 100
    for p in phrases:
        assert len(p.spun.split()) >= 2, f"single words are never restored: {p.spun!r}"
        assert p.original and p.note and p.original != p.spun
        # An original that is itself a spun phrase would make despin chase its own output.
        assert despin(p.original).edits == (), p.original


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_clean_bbc_news_is_essentially_untouched():
    corpus = shared_corpus("bbc_news_2225") / "bbc_news.jsonl"
    words = changed = 0
    with corpus.open(encoding="utf-8") as handle:
        for line, _ in zip(handle, range(400), strict=False):
            article = json.loads(line)
            text = f"{article['title']}\n\n{article['text']}"
            result = despin(text)
            words += _words(text)
            changed += sum(_words(e.before) for e in result.edits)
    assert words > 100_000
    assert changed * 1000 / words <= 0.2


# The confidence floor (issue #21): near ties are held back, not applied.

QUARREL = "“For those who intervene in an inexpensive quarrel between adults, you’ll in all probability find yourself resented by each side,” he advised reporters."
# Gold spans whose right restoration the lexicon ranker rates below the floor (P(right) < 0.5: on tuning articles
# such restorations are right less than half the time). The near ties the old margin floor lost ("throughout",
# "successfully", "stay") now clear it on the row's record and the document's evidence.
LOST_TO_FLOOR = {
    "one of many largest targets",
    "this battle",
    "the present enjoying discipline",
    "diplomacy strategy",
    "international degree",
    "makes an attempt to hold out",
    "next-generation duties aimed toward",
    "a problem the Japanese authorities has beforehand",
}


def test_near_tie_swap_in_a_spun_document_is_held_back(spun):
    text, result = spun
    document = result.document
    assert document.is_spun  # the floor does not weaken spin detection
    sentence = despin(QUARREL, document=document)
    assert "affordable" not in sentence.text
    assert "resented by both sides" in sentence.text  # confident swaps in the same sentence still go back
    # "cheap" is the likeliest original (the writer's word was "petty", which the context cannot tell): held back.
    assert "cheap" not in sentence.text
    held = [e for e in sentence.held_back if "inexpensive" in e.before]
    assert held and held[0].after in {"a cheap", "a petty", "an affordable"}
    assert (
        held[0].confidence
        < CONFIDENCE_FLOOR[RULE_SPINNER_LEXICON]
        <= min(e.confidence for e in sentence.edits if e.rule == RULE_SPINNER_LEXICON)
    )
    assert "affordable quarrel" not in result.text and "inexpensive quarrel" in result.text


def _restored(text: str, edits, start: int, end: int) -> str:
    for e in sorted(edits, key=lambda e: e.char_start, reverse=True):
        if start <= e.char_start < end or start < e.char_start + len(e.before) <= end:
            start, end = min(start, e.char_start), max(end, e.char_start + len(e.before))
            text = text[: e.char_start] + e.after + text[e.char_start + len(e.before) :]
            end += len(e.after) - len(e.before)
    return text[start:end]


def test_floor_loses_only_the_named_hankyoreh_restorations(spun):
    text, result = spun
    gold = json.loads((SPUN_SAMPLE.parents[1] / "tests" / "gold" / "hankyoreh_spins.json").read_text("utf-8"))
    lost, cursor = set(), {}
    for spun_span, original in gold["spins"]:
        start = text.index(spun_span, cursor.get(spun_span, 0))
        cursor[spun_span] = start + 1
        end = start + len(spun_span)
        with_floor = _restored(text, result.edits, start, end)
        without = _restored(text, (*result.edits, *result.held_back), start, end)
        if original in without and original not in with_floor:
            lost.add(spun_span)
    assert lost == LOST_TO_FLOOR
    assert all(REPORT_PROBABILITY <= e.confidence < CONFIDENCE_FLOOR[e.rule] for e in result.held_back)


def test_held_back_restorations_still_count_in_the_spin_score(spun):
    # The quarrel sentence among forty plain ones: five swaps go back and one is held back. The score is that of
    # six restorations, not five (on the whole Hankyoreh copy both round to 0.9999, so it is measured here).
    text = QUARREL + " " + "The talks went on. " * 40
    result = despin(text, document=spun[1].document)
    assert (len(result.edits), len(result.held_back)) == (5, 1)
    assert (spin_score(5, text), spin_score(6, text)) == (0.7505, 0.8109)
    assert result.spin_score == 0.8109


def test_clean_held_out_bbc_gets_no_edit_and_nothing_held_back():
    corpus = shared_corpus("bbc_news_2225") / "bbc_news.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()[1000:1200]
    for line in lines:
        article = json.loads(line)
        result = despin(f"{article['title']}\n\n{article['text']}")
        assert result.edits == () and result.held_back == (), article["title"]
