"""The spinner lexicon's calibrated ranker, the document-consistency feature, and the grammar rule."""

import dataclasses

import pytest
from conftest import SPUN_SAMPLE, bbc_texts
from spinner import lexicon_pairs, spin_with_pairs

from pipeline.despin.context import window_fit
from pipeline.despin.grammar import restore_grammar
from pipeline.despin.lexicon import load_lexicon, ranked_hits, scored_hits
from pipeline.despin.lexicon_ranker import FEATURES, features, load_model, probabilities
from pipeline.despin.restore import (
    CONFIDENCE_FLOOR,
    RULE_SPINNER_GRAMMAR,
    RULE_SPINNER_LEXICON,
    despin,
    spin_evidence,
)


def test_applied_lexicon_restorations_are_mostly_right_and_confidence_tracks_precision():
    # Held-out articles (the ranker was fitted on 0-799, the floor read on 800-999), spun as a lighter content farm
    # does: confidence is P(right), so applied edits (>= the floor) are right about as often as they say, and the
    # confident ones more often than the marginal ones.
    pairs = lexicon_pairs()
    bins = {"applied": [0, 0, 0.0], "marginal": [0, 0, 0.0], "confident": [0, 0, 0.0]}
    for i, text in enumerate(bbc_texts(1400, 1460)):
        spun, swaps = spin_with_pairs(text, pairs, rate=0.6, seed=1400 + i)
        by_start = {s.start: s for s in swaps}
        for e in despin(spun).edits:
            if e.rule != RULE_SPINNER_LEXICON:
                continue
            s = by_start.get(e.char_start)
            right = bool(s and s.spun == e.before and s.original.lower() == e.after.lower())
            for name, low, high in (("applied", 0.5, 1.01), ("marginal", 0.5, 0.9), ("confident", 0.9, 1.01)):
                if low <= e.confidence < high:
                    bins[name][0] += right
                    bins[name][1] += 1
                    bins[name][2] += e.confidence
    assert CONFIDENCE_FLOOR[RULE_SPINNER_LEXICON] == 0.5
    right, n, confidence = bins["applied"]
    assert n > 500
    assert right / n >= 0.85
    assert abs(right / n - confidence / n) <= 0.08  # observed precision near the mean predicted one
    m_right, m_n, m_confidence = bins["marginal"]
    assert m_n > 30 and abs(m_right / m_n - m_confidence / m_n) <= 0.15
    assert bins["confident"][0] / bins["confident"][1] >= 0.95
    assert m_right / m_n < bins["confident"][0] / bins["confident"][1]


def test_weights_ship_for_every_feature():
    model = load_model()
    assert len(model.weight) == len(FEATURES)
    assert all(s > 0 for s in model.scale)


def _facts_of(text: str, spun_form: str):
    evidence = spin_evidence(SPUN_SAMPLE.read_text(encoding="utf-8"))
    hits = [h for h in ranked_hits(text, document=evidence.lexicon_document) if h.row.spun == spun_form]
    assert hits
    return hits[0].facts


def test_a_row_the_document_shows_spun_elsewhere_is_more_likely_spun_here():
    # Document consistency is a feature, not a rule: the same facts with the row seen spun elsewhere score higher.
    facts = _facts_of("Lee Jae Myung will go to Japan next week.", "go to")
    assert facts[0].elsewhere >= 1  # the sample shows "This go to was" (a visit) with strong evidence
    alone = [dataclasses.replace(f, elsewhere=0) for f in facts]
    assert probabilities(list(facts))[0] > probabilities(alone)[0]


def test_a_document_that_still_writes_the_dictionarys_words_is_less_likely_spun():
    # A spinner that swapped everything it knew leaves none of its originals; clean copy leaves many.
    facts = _facts_of("The ministry stated throughout the talks that it would act.", "throughout")
    fully = [dataclasses.replace(f, left_share=0.0) for f in facts]
    barely = [dataclasses.replace(f, left_share=0.9) for f in facts]
    assert probabilities(fully)[0] > probabilities(barely)[0]


def test_rows_the_calibration_never_saw_take_a_typical_record():
    rows = load_lexicon()
    unseen = [r for r in rows if not r.known]
    seen = sorted(r.log_odds for r in rows if r.known)
    assert unseen
    assert all(seen[0] < r.log_odds < seen[-1] for r in unseen)


def test_an_original_is_read_with_the_article_it_takes():
    # "an excessive rise" -> "a high rise": the original is scored as "a high", not as the ungrammatical "an high".
    hit = scored_hits("Prices saw an excessive rise.")[0]
    left, right = ["<s>", "prices", "saw"], ["rise", "</s>"]
    assert hit.original == "high"
    assert hit.margin == window_fit(left, ("a", "high"), right) - window_fit(left, ("an", "excessive"), right)
    assert hit.margin == pytest.approx(10.9069, abs=1e-4)  # the shipped trigram model's value
    assert despin("Prices saw an excessive rise.", document=spin_evidence(SPUN_SAMPLE.read_text())).text == (
        "Prices saw a high rise."
    )


def test_each_before_two_names_and_a_plural_verb_is_both():
    fixes = restore_grammar(
        "Each Tokyo and Beijing have ratcheted up the tenor. Since then each the US and China are wary."
    )
    assert [(f.before, f.after) for f in fixes] == [("Each", "Both"), ("each", "both")]
    # A writer's "each": one noun, a common-noun pair, time words, or a singular verb.
    for text in (
        "Each country has its own rules.",
        "Each man and woman have a vote.",
        "Each Monday and Friday are busy.",
        "Each Tokyo and Osaka resident was asked.",
        "Each Tokyo and Beijing official said so.",
    ):
        assert restore_grammar(text) == [], text


def test_grammar_rule_runs_only_in_spun_documents():
    sentence = "Each Tokyo and Beijing have ratcheted up the tenor of their messages."
    assert despin(sentence).edits == ()
    result = despin(sentence, document=spin_evidence(SPUN_SAMPLE.read_text(encoding="utf-8")))
    assert result.text.startswith("Both Tokyo and Beijing have")
    assert [e.rule for e in result.edits if e.before == "Each"] == [RULE_SPINNER_GRAMMAR]


def test_features_are_finite_for_extreme_inputs():
    facts = _facts_of("The ministry stated throughout the talks that it would act.", "throughout")
    extreme = dataclasses.replace(facts[0], context=-60.0, standing=80.0, row_margin=float("inf"))
    assert all(abs(x) < 1e6 for x in features(extreme))
