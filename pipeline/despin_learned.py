"""Learned de-spinning: put back single words a spinner swapped for a thesaurus neighbour.

Knowledge comes from ``data/despin_synonyms.tsv.gz`` (derived offline from WordNet and wordfreq by
``tools/build_despin_lexicon.py``): which words share a WordNet synset, and how common each is. A spinner
swaps words without regard to sense or register, so its output is full of rare words ("rosebush",
"trey", "prefatorial") standing where a common synonym belongs. One such word proves nothing, since clean
copy has rare words too; so the evidence is pooled over the whole text first (``is_spun``), and only a text
that is clearly spun has its words restored. Clean text therefore goes through unchanged.

Per word, a candidate original is scored on how much more common it is than the word on the page and on
whether the text uses it elsewhere: a spinner swaps each occurrence independently, so the original
usually survives somewhere else in the same article.
"""

import gzip
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_FILE = Path(__file__).parent / "data" / "despin_synonyms.tsv.gz"

# A word is evidence of spinning by how far a synonym outranks it (Zipf points above this floor, capped:
# one absurd word is no more telling than one odd one). Evidence counts distinct words, because a writer
# repeats a word by choice ("nil, nil, nil" in a results table) while a spinner's oddities vary.
SUSPECT_FLOOR = 1.5
SUSPECT_CAP = 2.0
# The text is spun when evidence per word reaches this; clean BBC news peaks near 0.02 (see bench/despin.py).
SPUN_EVIDENCE_PER_WORD = 0.03
SPUN_MIN_EVIDENCE = 2.0
# Inside a spun text, restore a word when its best candidate scores at least this.
RESTORE_SCORE = 2.0
# Seeing the candidate elsewhere in the text is worth this many Zipf points.
SEEN_IN_TEXT_BONUS = 1.5
# Above this Zipf a word is simply very common: more frequency is no further evidence.
ZIPF_CEILING = 6.0

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


def spin_evidence(text: str) -> tuple[float, int]:
    """(evidence of spinning, words) in ``text``."""
    words = _words(text)
    table = lexicon()
    evidence = 0.0
    for spun in {w.group(0) for w in _lowercase_words(words)}:
        if (candidates := table.get(spun)) and candidates[0].gain > SUSPECT_FLOOR:
            evidence += min(candidates[0].gain - SUSPECT_FLOOR, SUSPECT_CAP)
    return evidence, len(words)


def is_spun(text: str, extra_evidence: float = 0.0) -> bool:
    """Whether ``text`` holds enough spinner output to be worth restoring word by word."""
    evidence, n_words = spin_evidence(text)
    evidence += extra_evidence
    return n_words > 0 and evidence >= SPUN_MIN_EVIDENCE and evidence / n_words >= SPUN_EVIDENCE_PER_WORD


def restore_words(text: str) -> list[WordRestoration]:
    """Best single-word restorations for a text already judged spun, leftmost first."""
    words = _lowercase_words(_words(text))
    seen = Counter(w.group(0) for w in words)
    table = lexicon()
    out = []
    for w in words:
        spun = w.group(0)
        candidates = table.get(spun)
        if not candidates:
            continue
        best, best_score = None, RESTORE_SCORE
        for c in candidates:
            score = c.gain + (SEEN_IN_TEXT_BONUS if seen[c.original] else 0.0)
            if score >= best_score:
                best, best_score = c, score
        if best:
            out.append(WordRestoration(w.start(), spun, best.original, round(best_score, 3)))
    return out
