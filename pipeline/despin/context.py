"""Context evidence for de-spinning: how much better a candidate word fits its neighbours than the word on the page.

A spinner picks a synonym from any sense ("national security adviser" -> "nationwide security adviser"),
so the spun word is usually a poor fit for the words around it even when it is common English. A trigram
language model measures that fit. The model is the English trigram LM shipped in the ``pocketsphinx``
wheel (CMU Sphinx ``en-us.lm.bin``, BSD licence: 72k lower-case words, 2M bigrams, 1.7M trigrams),
loaded once and kept.

A word at position ``i`` takes part in the trigrams ending at ``i``, ``i+1`` and ``i+2``; its *margin* is
the sum of their natural-log probabilities with the candidate in place minus the same sum with the
current word. A positive margin means the candidate reads more naturally there.

>>> margin(tokenize("the nationwide security adviser"), 2, "national") > 10  # <s> the nationwide ...
True
"""

import math
import os
import re
from dataclasses import dataclass
from functools import cache

import pocketsphinx
from pocketsphinx import NGramModel

LM_FILE = os.path.join(os.path.dirname(pocketsphinx.__file__), "model", "en-us", "en-us.lm.bin")
# Unknown words come back as about -53,000 nats; a floor keeps one unknown word from swamping the sum.
UNKNOWN_LOG_PROB = -20.0
SENTENCE_START = "<s>"
SENTENCE_END = "</s>"
# The model stores log base 1.0001.
_TO_NATS = math.log(1.0001)
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d[\d,.]*\d|\d")
# A full stop, question or exclamation mark, or a blank line between two tokens ends a sentence.
_SENTENCE_BREAK = re.compile(r"[.!?;:]|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Token:
    """A word as the language model sees it (lower case, straight apostrophe) and where it sits in the text."""

    word: str
    start: int
    end: int


@cache
def language_model() -> NGramModel:
    """The shipped English trigram model, read once (about 0.04 s)."""
    return NGramModel.readfile(LM_FILE)


def log_prob(word: str, history: tuple[str, ...]) -> float:
    """ln P(word | history), history oldest first; unknown words are floored at ``UNKNOWN_LOG_PROB``."""
    return max(language_model().prob([word, *reversed(history)]) * _TO_NATS, UNKNOWN_LOG_PROB)


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with sentence markers between sentences (markers have empty spans)."""
    out = [Token(SENTENCE_START, 0, 0)]
    last_end = 0
    # Break positions found once; a pointer walks them with the tokens (rather than a search per gap).
    breaks = [b.start() for b in _SENTENCE_BREAK.finditer(text)]
    k = 0
    for m in _TOKEN.finditer(text):
        while k < len(breaks) and breaks[k] < last_end:
            k += 1
        # A break must lie wholly inside the gap (a blank line starting in the gap but ending in the token
        # cannot happen: tokens hold no whitespace).
        if len(out) > 1 and k < len(breaks) and breaks[k] < m.start():
            out += [Token(SENTENCE_END, last_end, last_end), Token(SENTENCE_START, m.start(), m.start())]
        out.append(Token(m.group(0).lower().replace("’", "'"), m.start(), m.end()))
        last_end = m.end()
    out.append(Token(SENTENCE_END, last_end, last_end))
    return out


def window_fit(left: list[str], words: tuple[str, ...], right: list[str]) -> float:
    """Sum of ln P of ``words`` and the two words after them, given the two words before.

    ``right`` stops at a sentence end: no trigram reaches across it.
    """
    if SENTENCE_END in right:
        right = right[: right.index(SENTENCE_END) + 1]
    seq = left[-2:] + list(words) + right[:2]
    lead = len(left[-2:])
    return sum(log_prob(seq[k], tuple(seq[max(0, k - 2) : k])) for k in range(lead, len(seq)))


def fit(tokens: list[Token], i: int, words: tuple[str, ...]) -> float:
    """Sum of ln P over the trigrams that see ``words`` standing at ``tokens[i]`` (trigrams ending at i..i+2)."""
    return window_fit(
        [t.word for t in tokens[max(0, i - 2) : i]], words, [t.word for t in tokens[i + 1 : i + 3]]
    )


def margin(tokens: list[Token], i: int, candidate: str, current: str | None = None) -> float:
    """How many nats more natural ``candidate`` (one or more words) is than ``current`` at ``tokens[i]``.

    ``current`` defaults to the word there; neighbours are read from ``tokens`` as they stand.
    """
    now = (current or tokens[i].word).lower().split()
    return fit(tokens, i, tuple(candidate.lower().split())) - fit(tokens, i, tuple(now))
