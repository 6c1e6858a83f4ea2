"""Spinner swaps that break grammar, restored by the grammar they break: "Each Tokyo and Beijing have" -> "Both".

A spinner swaps "both" for "each" as thesaurus neighbours, but the two words do not take the same phrases.
"Each" takes one singular noun ("each country"); "both" is the only determiner that goes before a pair joined
by "and" and takes a plural verb ("Both Tokyo and Beijing have"). So "each" before two names joined by "and"
and followed by a plural verb is spinner output, whatever the sentence says. Names are required (a common
noun pair, "each man and woman has", is a writer's phrase), time words are not names here ("each Monday and
Friday" is fine English), and the verb must be unambiguously plural (a modal or past tense says nothing).

Runs in spun documents only, as part of the lexicon layer (``pipeline.despin.restore``).
"""

import re
from dataclasses import dataclass

# Near-certain: the pattern is ungrammatical unless the writer erred, and a spun document is where it is looked for.
GRAMMAR_CONFIDENCE = 0.9
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter spring summer autumn winter""".split()
)
_PLURAL_VERBS = (
    "are|were|have|do|aren[’']t|weren[’']t|haven[’']t|don[’']t|remain|say|agree|want|need|appear|seem"
)
_NAME = r"(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*"
_EACH_PAIR = re.compile(
    rf"(?<![\w’'-])(Each|each)\s+(?P<first>{_NAME})\s+and\s+(?P<second>{_NAME})\s+(?:{_PLURAL_VERBS})(?![\w’'-])"
)


@dataclass(frozen=True, slots=True)
class GrammarRestoration:
    start: int
    before: str
    after: str
    confidence: float = GRAMMAR_CONFIDENCE


def restore_grammar(text: str) -> list[GrammarRestoration]:
    """ "Each X and Y <plural verb>" with names X and Y -> "Both X and Y ..." (only the determiner changes)."""
    out = []
    for m in _EACH_PAIR.finditer(text):
        heads = [m.group(g).split()[-1].lower() for g in ("first", "second")]
        if any(h.strip(".") in _TIME_WORDS for h in heads):
            continue
        word = m.group(1)
        out.append(GrammarRestoration(m.start(1), word, "Both" if word[0].isupper() else "both"))
    return out
