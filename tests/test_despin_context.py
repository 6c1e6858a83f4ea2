"""despin_context: the trigram model prefers the phrase a writer meant over the spinner's version."""

import pytest

from pipeline.despin.context import (
    SENTENCE_END,
    SENTENCE_START,
    UNKNOWN_LOG_PROB,
    language_model,
    log_prob,
    margin,
    tokenize,
)
from pipeline.despin.restore import despin


def _at(text: str, word: str) -> tuple[list, int]:
    tokens = tokenize(text)
    return tokens, [t.word for t in tokens].index(word)


@pytest.mark.parametrize(
    ("spun_text", "spun_word", "original"),
    [
        ("The nationwide security adviser met reporters.", "nationwide", "national"),
        ("Leaders shake palms ahead of their summit.", "palms", "hands"),
    ],
)
def test_original_beats_spun_word_in_context(spun_text, spun_word, original):
    tokens, i = _at(spun_text, spun_word)
    assert margin(tokens, i, original) > 5
    # ...and the other way round: in the clean phrase the spinner's word loses by as much.
    restored = spun_text.replace(spun_word, original)
    tokens, i = _at(restored, original)
    assert margin(tokens, i, spun_word) < -5


def test_multi_word_candidates_are_scored_as_a_span():
    tokens, i = _at("They shake palms before the summit.", "palms")
    assert margin(tokens, i, "hands") > margin(tokens, i, "hands over") > 0


def test_tokens_are_lower_case_with_sentence_markers_and_offsets():
    text = "The Minister’s view. He said\n\nNo 10"
    tokens = tokenize(text)
    assert [t.word for t in tokens] == [
        SENTENCE_START, "the", "minister's", "view", SENTENCE_END,
        SENTENCE_START, "he", "said", SENTENCE_END,
        SENTENCE_START, "no", "10", SENTENCE_END,
    ]  # fmt: skip
    for t in tokens:
        if t.end > t.start:
            assert text[t.start : t.end].lower().replace("’", "'") == t.word


def test_unknown_words_are_floored_and_the_model_is_loaded_once(monkeypatch):
    from pipeline.despin import context

    assert log_prob("zzqxwv", ("the",)) == UNKNOWN_LOG_PROB
    # ln P(security | the national) in pocketsphinx's en-us model: a fixed value of the shipped file
    assert log_prob("security", ("the", "national")) == pytest.approx(-3.8082096, abs=1e-6)
    assert UNKNOWN_LOG_PROB < -3.81
    reads, real = [], context.NGramModel

    class CountingReader:
        @staticmethod
        def readfile(path):
            reads.append(path)
            return real.readfile(path)

    monkeypatch.setattr(context, "NGramModel", CountingReader)
    language_model.cache_clear()
    scores = [log_prob("security", ("the", "national")) for _ in range(3)]
    assert reads == [context.LM_FILE]  # three look-ups, one read of the file
    assert scores == [pytest.approx(-3.8082096, abs=1e-6)] * 3


@pytest.mark.parametrize(
    "text",
    [
        "The national security adviser met reporters on Monday.",
        "Leaders shake hands ahead of their summit.",
        "Shares in the company fell sharply after the results were published.",
        "He scored twice in the second half to seal the win.",
    ],
)
def test_clean_sentences_are_unchanged(text):
    assert despin(text, learned=True).text == text
