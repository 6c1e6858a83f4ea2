"""The calibrated ranker of learned de-spinning: probabilities that behave like probabilities."""

from dataclasses import replace

from pipeline.despin.learned import score_candidates
from pipeline.despin.ranker import FEATURES, CandidateFacts, features, load_model, probabilities


def test_weights_ship_for_every_feature():
    model = load_model()
    assert len(model.weight) == len(FEATURES) == len(features(_facts()))
    assert all(s > 0 for s in model.scale)


def test_probabilities_leave_room_for_keeping_the_word():
    p = probabilities([_facts(), replace(_facts(), context=-6.0)])
    assert all(0 < x < 1 for x in p) and sum(p) < 1
    assert p[0] > p[1]


def test_better_context_and_a_denser_document_raise_the_probability():
    low, high = probabilities([_facts(context=1.0)])[0], probabilities([_facts(context=8.0)])[0]
    assert high > low
    sparse = probabilities([_facts(density=0.0)])[0]
    dense = probabilities([_facts(density=0.08)])[0]
    assert dense > sparse


def test_spun_word_in_real_context_gets_a_confident_original():
    # "rosebush" shares a synset with "rose" (the flower); in this sentence only the verb reads.
    text = "Shares in the company rosebush by 5% on Monday."
    (_, scored), *_ = [x for x in score_candidates(text, density=0.06) if x[0].group(0) == "rosebush"]
    p = probabilities([c.facts for c in scored])
    best = max(range(len(p)), key=p.__getitem__)
    assert scored[best].original == "rose" and p[best] > 0.9


def _facts(context: float = 5.0, density: float = 0.05) -> CandidateFacts:
    return CandidateFacts(
        context=context, lead=3.0, seen=0, zipf_original=5.0, zipf_spun=4.0, neighbours=6, candidates=3,
        beating_page=1, page_fit=-20.0, page_unknown=False, density=density,
    )  # fmt: skip
