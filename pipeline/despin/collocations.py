"""Broken collocations: words whose WordNet neighbour fits the words around them overwhelmingly better.

A spinner breaks fixed word pairs ("shake hands" -> "shake palms", "national security" -> "nationwide
security"): the trigram model then reads the spun word far worse than a neighbour it could stand for. The
learned layer's context signs (``pipeline.despin.learned.context_signs``) count words a neighbour beats by
``SIGN_MARGIN`` nats and need a density of them, so a short or lightly spun article rarely gets there. A much
wider margin is a stronger sign: no clean BBC or Reuters story and no MRPC sentence has ``SPUN_MIN_BREAKS``
distinct words a neighbour beats by ``BREAK_MARGIN`` nats, so that many such breaks call the article spun at
a density of context signs far below the learned layer's own floor.

The phrase list of the Problematic Paper Screener (tortured phrases in scientific papers) was measured as a
source of such pairs and left out: none of its 7,449 multi-word phrases occurs in BBC articles spun with a
foreign thesaurus or in the Hankyoreh sample, while 21 clean BBC stories contain one ("search engine").
"""

from pipeline.despin.learned import RARITY_PREFILTER_PER_WORD, SIGN_MARGIN, score_candidates, spin_evidence

# A collocation break: the best neighbour reads this many nats better in context (about e^10 = 22,000 times
# likelier). Among the 22,005 clean BBC and Reuters stories, six have three such words and none has four.
# A long article needs one per 200 words: its chances of an innocent break grow with its length, and a spun
# article once restored keeps a few (it would otherwise be judged spun again); this costs no recognition on
# tuning articles (BBC 0-999 spun at rates 0.1 and 0.2).
BREAK_MARGIN = 10.0
SPUN_MIN_BREAKS = 4
SPUN_BREAKS_PER_WORD = 0.005


def enough_breaks(breaks: int, words: int) -> bool:
    """Whether ``breaks`` collocation breaks in ``words`` words call a text spun."""
    return breaks >= SPUN_MIN_BREAKS and breaks >= SPUN_BREAKS_PER_WORD * words


def context_evidence(text: str) -> tuple[int, int, int]:
    """(context signs, collocation breaks, words) of ``text``: distinct words whose best WordNet neighbour
    reads ``SIGN_MARGIN`` and ``BREAK_MARGIN`` nats better in context. Texts rare words cannot make spun are
    not scored (``RARITY_PREFILTER_PER_WORD``), as in ``despin_learned.context_signs``."""
    evidence, n_words = spin_evidence(text)
    if not n_words or evidence / n_words < RARITY_PREFILTER_PER_WORD:
        return 0, 0, n_words
    best = {w.group(0): scored[0].score for w, scored in score_candidates(text, first_only=True)}
    signs = sum(score >= SIGN_MARGIN for score in best.values())
    breaks = sum(score >= BREAK_MARGIN for score in best.values())
    return signs, breaks, n_words
