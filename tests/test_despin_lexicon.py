"""The spinner lexicon: everyday swaps restored inside spun documents only, where context shows them."""

import json

import pytest
from conftest import CLEAN_SAMPLES, REPO, SPUN_SAMPLE, bbc_texts, shared_corpus
from spinner import lexicon_pairs, spin_with_pairs

from pipeline.despin.lexicon import (
    DEFAULT_RESTORE_MARGIN,
    EVIDENCE_MARGIN,
    MARGINS_FILE,
    lexicon_evidence,
    load_lexicon,
    restore_lexicon,
    scored_hits,
)
from pipeline.despin.restore import RULE_SPINNER_LEXICON, despin, spin_evidence

GOLD = json.loads((REPO / "tests" / "gold" / "hankyoreh_spins.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spun_document():
    return spin_evidence(SPUN_SAMPLE.read_text(encoding="utf-8"))


def test_lexicon_rows_are_well_formed_and_calibrated():
    rows = load_lexicon()
    assert len(rows) >= 300
    for row in rows:
        assert row.note and row.originals and row.spun not in row.originals
    learned = [r for r in rows if r.margin != DEFAULT_RESTORE_MARGIN]
    assert MARGINS_FILE.exists() and len(learned) >= 200
    # The calibration learned that writers use "final" themselves far more than they use "whereas".
    margin = {r.spun: r.margin for r in rows}
    assert margin["whereas"] < margin["final"]


def test_margins_file_matches_the_lexicon():
    # A row renamed or removed in the lexicon leaves a stale margin behind: re-run tools/calibrate_lexicon.py.
    spun = {r.spun for r in load_lexicon()}
    lines = MARGINS_FILE.read_text(encoding="utf-8").splitlines()
    learned = [line.split("\t")[0] for line in lines if line and not line.startswith(("#", "spun\t"))]
    assert set(learned) <= spun


def test_spun_sample_is_judged_spun_and_clean_samples_are_not(spun_document):
    assert spun_document.is_spun
    for sample in CLEAN_SAMPLES:
        assert not spin_evidence(sample.read_text(encoding="utf-8")).is_spun, sample.name


def test_a_row_is_restored_only_inside_a_spun_document(spun_document):
    sentence = "The ministry stated on Monday that the talks would resume throughout the winter."
    assert despin(sentence).edits == ()
    restored = despin(sentence, document=spun_document)
    assert restored.text == "The ministry said on Monday that the talks would resume during the winter."
    assert {e.rule for e in restored.edits} == {RULE_SPINNER_LEXICON}
    assert all(0 < e.confidence <= 1 for e in restored.edits)


def test_context_decides_even_in_a_spun_document(spun_document):
    # "strain" is left where it is the writer's word; it is put back where "pressure" belongs.
    kept = despin("The muscle strain kept him out of the match.", document=spun_document)
    assert "strain" in kept.text
    restored = despin("Beijing is ramping up strain on Seoul.", document=spun_document)
    assert restored.text == "Beijing is ramping up pressure on Seoul."


def test_indefinite_article_follows_the_restored_word(spun_document):
    assert despin("Prices saw an excessive rise.", document=spun_document).text == "Prices saw a high rise."
    assert despin("An assault killed three.", document=spun_document).text == "An attack killed three."


def test_restoration_keeps_the_writers_case_and_apostrophes(spun_document):
    text = "In the meantime, one another’s international locations watched."
    assert despin(text, document=spun_document).text == "Meanwhile, each other’s countries watched."


def test_hankyoreh_substitutions_restored():
    from bench.despin import hankyoreh

    # bench/despin.py measures 73 of the 89 gold substitutions restored exactly (none tuned on this file).
    assert hankyoreh(learned=False)["restored_exactly"] >= 73
    text = SPUN_SAMPLE.read_text(encoding="utf-8")
    result = despin(text)
    # Every edit sits inside a gold span: nothing the writer wrote is changed.
    spans, cursor = [], {}
    for spun, _ in GOLD["spins"]:
        start = text.index(spun, cursor.get(spun, 0))
        cursor[spun] = start + 1
        spans.append((start, start + len(spun)))
    outside = [
        e
        for e in result.edits
        if not any(a < e.char_start + len(e.before) and e.char_start < b for a, b in spans)
    ]
    assert outside == []


def test_restored_sample_is_not_restored_again():
    text = SPUN_SAMPLE.read_text(encoding="utf-8")
    once = despin(text).text
    assert despin(once).edits == ()


def test_evidence_counts_only_rows_that_read_far_better_restored():
    text = "The authorities stated whereas the final vote was held."
    hits = scored_hits(text)
    assert [h.row.spun for h in hits] == ["the authorities", "stated", "whereas", "final"]
    assert [round(h.margin, 2) for h in hits] == [2.44, 7.6, 2.37, -1.05]  # ln odds, restored over as written
    signs = lexicon_evidence(text)
    assert [h.row.spun for h in signs] == ["stated"]  # the one row far past the margin
    assert 2.44 < EVIDENCE_MARGIN <= 7.6
    assert restore_lexicon("Whereas the talks went on, he stated nothing.")[0].after == "While"


def test_held_out_news_spun_with_known_pairs_is_mostly_restored():
    # Articles 1000+ were never used to calibrate the margins (tools/calibrate_lexicon.py uses 0-999).
    pairs = lexicon_pairs()
    swapped = restored = wrong = 0
    for seed, article in enumerate(bbc_texts(1000, 1060)):
        spun, swaps = spin_with_pairs(article, pairs, seed=seed)
        result = despin(spun)
        by_start = {e.char_start: e for e in result.edits}
        spans = [(s.start, s.start + len(s.spun)) for s in swaps]
        for s in swaps:
            e = by_start.get(s.start)
            restored += bool(e and e.before == s.spun and e.after.lower() == s.original.lower())
        wrong += sum(
            not any(a < e.char_start + len(e.before) and e.char_start < b for a, b in spans)
            for e in result.edits
        )
        swapped += len(swaps)
    assert swapped > 1000
    assert restored / swapped >= 0.85
    assert wrong / restored <= 0.06


def test_clean_news_is_never_judged_spun():
    texts = bbc_texts(0, 300)
    spun = [t[:60] for t in texts if spin_evidence(t).is_spun]
    assert spun == []


def test_every_restoration_has_some_confidence_even_on_a_tie():
    """Found at 100k documents: a row the document confirms is restored even where the context reads the same
    either way (margin 0), and its edit then said confidence 0.0, which the cleaning_edits schema refuses."""
    corpus = shared_corpus("reuters21578") / "reuters21578.jsonl"
    from bench.corpus import BBC, originals
    from bench.dedup import copies

    if not BBC.exists():
        pytest.skip("../shared/corpora/bbc_news_2225 is not present on this machine")
    assert corpus.exists()
    pool = originals()
    k = 24190  # the document of bench/corpus.py's 100k corpus where it happened: a spun Reuters grain report
    text = copies(*pool[k % len(pool)], seed=k)["spun_lexicon"]
    result = despin(text, document=spin_evidence(text))
    # A tie is now held back by the confidence floor (pipeline.despin.restore.CONFIDENCE_FLOOR), but keeps its confidence.
    found = (*result.edits, *result.held_back)
    lexicon = [e for e in found if e.rule == RULE_SPINNER_LEXICON]
    assert any(e.before == "know-how" for e in lexicon)
    assert all(0.0 < e.confidence <= 1.0 for e in found)
