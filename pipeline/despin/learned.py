"""Learned de-spinning: put back single words a spinner swapped for a thesaurus neighbour.

Knowledge comes from ``data/despin_synonyms.tsv.gz`` (derived offline from WordNet and wordfreq by
``tools/build_despin_lexicon.py``): which words share a WordNet synset, and how common each is. A spinner
swaps words without regard to sense or register, so its output is full of rare words ("rosebush",
"trey", "prefatorial") standing where a common synonym belongs. One such word proves nothing, since clean
copy has rare words too; so the evidence is pooled over the whole text first (``is_spun``): rarity rules most
texts out cheaply, then the words a neighbour fits far better in context are counted, and only a text that
is clearly spun has its words restored. Clean text therefore goes through unchanged.
``pipeline.despin.restore`` runs this layer only where its lexicon does not recognise the spinner.

Frequency says a word is odd, not which sense it stood for ("headway" -> "head"). So per word, each
WordNet candidate is scored on context (``pipeline.despin.context``): how many nats more natural the trigrams
around it read with the candidate in place, plus a bonus when the text uses the candidate elsewhere (a
spinner swaps each occurrence independently, so the original usually survives somewhere else in the same
article). Frequency gain only breaks ties: on the tuning articles, weighting it in bought recall only at
the same price in wrong edits. Names (capitalised words), function words, numbers, URLs and e-mail
addresses are never candidates.
"""

import gzip
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.despin.context import UNKNOWN_LOG_PROB, Token, fit, log_prob, tokenize
from pipeline.despin.ranker import CandidateFacts, probabilities
from pipeline.reference import DATA_DIR

LEXICON_FILE = DATA_DIR / "despin_synonyms.tsv.gz"

# A word is evidence of spinning by how far a synonym outranks it (Zipf points above this floor, capped:
# one absurd word is no more telling than one odd one). Evidence counts distinct words, because a writer
# repeats a word by choice ("nil, nil, nil" in a results table) while a spinner's oddities vary.
SUSPECT_FLOOR = 1.5
SUSPECT_CAP = 2.0
# Rarity evidence per word below this rules a text out before the (costly) context scoring: it lets 399 of 400
# spun held-out BBC articles through and stops 94% of clean BBC and Reuters stories.
RARITY_PREFILTER_PER_WORD = 0.01
# A word is a sign of spinning when its best candidate reads this many nats better in context.
SIGN_MARGIN = 6.0
# The text is spun when it has this many distinct signs and this many per word. Among all 22,005 clean BBC
# and Reuters stories, the densest with 8 signs or more has 0.021 per word. On tuning BBC articles (every
# fourth of 0-999) spun at rates 0.1 / 0.2 / 0.3, this floor recognises 37 / 78 / 92 % (0.035: 16 / 66 / 91 %).
SPUN_MIN_SIGNS = 8
SPUN_SIGNS_PER_WORD = 0.025
# Inside a spun text, a word's best candidate is reported when the ranker (pipeline.despin.ranker) gives it
# this probability of being right; pipeline.despin.restore applies it only above its confidence floor, and counts the
# rest as held back. A restoration this likely is read in place when its neighbours are scored again.
REPORT_PROBABILITY = 0.2
CONTEXT_PROBABILITY = 0.5
# Rounds of re-reading restored neighbours (see restore_words).
CONTEXT_ROUNDS = 3
# Seeing the candidate elsewhere in the text is worth this many nats.
SEEN_IN_TEXT_BONUS = 1.5
# Above this Zipf a word is simply very common: more frequency is no further evidence.
ZIPF_CEILING = 6.0

# Grammar words are never rewritten, whatever a thesaurus says ("may" is not "can").
FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this
    that these those he she they we you i his her their our your my me him them us not no so than then there
    here who whom whose which what when where why how all any each some such can could will would shall
    should may might must do does did has have had also just very more most much many few""".split()
)

# Whole words only: not parts of hyphenated compounds, e-mail addresses or URLs ("english@hani.co.kr").
_WORD = re.compile(r"(?<![\w'’@./-])[A-Za-z]{2,}(?![\w@-]|\.\w)")


@dataclass(frozen=True, slots=True)
class Candidate:
    original: str
    zipf_spun: float
    zipf_original: float

    @property
    def gain(self) -> float:
        return min(self.zipf_original, ZIPF_CEILING) - self.zipf_spun


@dataclass(frozen=True, slots=True)
class WordRestoration:
    start: int
    before: str
    after: str
    score: float


@cache
def lexicon(path: Path = LEXICON_FILE) -> dict[str, tuple[Candidate, ...]]:
    """Spun form -> candidate originals, best gain first."""
    table: dict[str, list[Candidate]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            spun, original, _pos, zs, zo = line.rstrip("\n").split("\t")
            table.setdefault(spun, []).append(Candidate(original, float(zs), float(zo)))
    return {k: tuple(sorted(v, key=lambda c: -c.gain)) for k, v in table.items()}


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _lowercase_words(words: list[re.Match[str]]) -> list[re.Match[str]]:
    # Capitalized words are names or sentence starts; names are the entity rule's job.
    return [w for w in words if w.group(0).islower()]


@cache
def _suspects() -> dict[str, float]:
    """Spun form -> the evidence one occurrence of it adds: words far rarer than their best neighbour."""
    return {
        spun: min(candidates[0].gain - SUSPECT_FLOOR, SUSPECT_CAP)
        for spun, candidates in lexicon().items()
        if candidates[0].gain > SUSPECT_FLOOR
    }


def spin_evidence(text: str) -> tuple[float, int]:
    """(rarity evidence of spinning, words) in ``text``: distinct words far rarer than a WordNet neighbour."""
    # Strings and dict lookups, not match objects: this runs on every article.
    words = _WORD.findall(text)
    suspects = _suspects()
    found = {w for w in words if w in suspects and w.islower()}
    return math.fsum(suspects[w] for w in found), len(words)  # fsum: the same total in any order


def context_signs(text: str) -> tuple[int, int]:
    """(distinct words whose best candidate reads ``SIGN_MARGIN`` nats better in context, words) in ``text``.

    Rarity alone cannot tell a spun text from a short wire story full of jargon; context can: a spinner's
    word is a poor fit where it stands, a writer's rare word is not. Texts rare words cannot make spun are
    not scored (``RARITY_PREFILTER_PER_WORD``).
    """
    evidence, n_words = spin_evidence(text)
    if not n_words or evidence / n_words < RARITY_PREFILTER_PER_WORD:
        return 0, n_words
    signs = {
        w.group(0) for w, scored in score_candidates(text, first_only=True) if scored[0].score >= SIGN_MARGIN
    }
    return len(signs), n_words


def is_spun(text: str) -> bool:
    """Whether ``text`` holds enough spinner output to be worth restoring word by word."""
    signs, n_words = context_signs(text)
    return n_words > 0 and signs >= SPUN_MIN_SIGNS and signs / n_words >= SPUN_SIGNS_PER_WORD


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    original: str
    context: float
    gain: float
    seen: bool
    facts: CandidateFacts | None = None  # what the calibrated ranker reads (pipeline.despin.ranker)

    @property
    def score(self) -> float:
        return self.context + (SEEN_IN_TEXT_BONUS if self.seen else 0.0)


def score_candidates(
    text: str, restored: dict[int, str] | None = None, *, first_only: bool = False, density: float = 0.0
) -> list[tuple[re.Match[str], tuple[ScoredCandidate, ...]]]:
    """Every replaceable word of ``text`` with its candidates scored, best first.

    ``restored`` maps a word's start to a restoration already chosen: neighbours are read restored, so a
    word beside another spun word is judged in the context the writer meant. ``first_only`` scores each
    distinct word at its first occurrence only (enough to count signs, and about half the work).
    ``density`` (the document's context signs per word) is passed on to the ranker's facts.
    """
    restored = restored or {}
    words = [w for w in _lowercase_words(_words(text)) if w.group(0) not in FUNCTION_WORDS]
    seen = Counter(w.group(0) for w in words)
    if first_only:
        words = list({w.group(0): w for w in reversed(words)}.values())[::-1]
    table = lexicon()
    tokens = tokenize(text)
    index = {t.start: i for i, t in enumerate(tokens) if t.end > t.start}
    for i, t in enumerate(tokens):
        if t.start in restored and t.end > t.start:
            tokens[i] = Token(restored[t.start], t.start, t.end)
    out = []
    for w in words:
        candidates = table.get(w.group(0))
        i = index.get(w.start())
        if not candidates or i is None or tokens[i].end != w.end():
            continue
        page = fit(tokens, i, (w.group(0).lower(),))  # the word as it stands, read once for all candidates
        contexts = [fit(tokens, i, tuple(c.original.lower().split())) - page for c in candidates]
        beating = sum(x > 0 for x in contexts)
        unknown = log_prob(w.group(0).lower(), ()) <= UNKNOWN_LOG_PROB
        scored = []
        for k, c in enumerate(candidates):
            lead = contexts[k] - max((x for j, x in enumerate(contexts) if j != k), default=UNKNOWN_LOG_PROB)
            facts = CandidateFacts(
                contexts[k], lead, seen[c.original], c.zipf_original, c.zipf_spun, len(table.get(c.original, ())),
                len(candidates), beating, page, unknown, density,
            )  # fmt: skip
            scored.append(ScoredCandidate(c.original, contexts[k], c.gain, bool(seen[c.original]), facts))
        out.append((w, tuple(sorted(scored, key=lambda c: (-c.score, -c.gain)))))
    return out


def restore_words(text: str, density: float = 0.0) -> list[WordRestoration]:
    """Best single-word restorations for a text already judged spun, leftmost first, each with its probability
    of being right (``pipeline.despin.ranker``) as ``score``; those below ``REPORT_PROBABILITY`` are dropped.

    ``density`` is the document's context signs per word (the ranker's prior that a word was swapped). Two
    spun words side by side spoil each other's context, so choices are made again with the previous round's
    likely restorations (``CONTEXT_PROBABILITY``) in place, until nothing changes (at most ``CONTEXT_ROUNDS``).
    """
    chosen: dict[int, WordRestoration] = {}
    for _ in range(CONTEXT_ROUNDS):
        now = {}
        context = {k: r.after for k, r in chosen.items() if r.score >= CONTEXT_PROBABILITY}
        for w, scored in score_candidates(text, context, density=density):
            probs = probabilities([c.facts for c in scored])
            p, best = max(zip(probs, scored, strict=True), key=lambda pair: pair[0])
            if p >= REPORT_PROBABILITY:
                now[w.start()] = WordRestoration(w.start(), w.group(0), best.original, round(p, 3))
        if now.keys() == chosen.keys() and all(now[k].after == chosen[k].after for k in now):
            chosen = now
            break
        chosen = now
    return [chosen[k] for k in sorted(chosen)]
