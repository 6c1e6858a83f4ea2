"""Undo article spinning: put back the fixed phrases a synonym spinner broke, and say how spun a text looks.

A spinner swaps words for thesaurus neighbours one at a time, so "shake hands ahead of their summit"
comes out as "shake palms forward of their summit" and "rare earths" as "uncommon earths". The single
words stay English; the *phrases* do not. This module keeps a reverse thesaurus of whole spun phrases
(``data/spinner_phrases.tsv``) and restores only those, never single words, so clean text cannot change.
The same matches, counted per word, give ``spin_score``.

Proper names get a general rule besides the rows (``pipeline.despin_names``): a capitalised run one
thesaurus swap away from a gazetteer alias is put back to the alias ("Blue Home" -> "Blue House"). It is
precise by construction (every other word of the name must match exactly) and runs by default; where a
phrase row and a name overlap, the row wins.

A second, learned layer (``pipeline.despin_learned``) restores single words from WordNet neighbours ranked
by trigram context (``pipeline.despin_context``), but only inside a text whose pooled evidence says it is
spun, so clean text is never touched; rows of the reverse thesaurus found in the text count towards that
evidence. It is OFF in the pipeline (``learned=False``). Measured by ``bench/despin.py`` it changes no clean
BBC word and 0.02 per 1,000 Reuters words, and on held-out spun BBC it restores 46% of a foreign
thesaurus's swaps while changing one unswapped word per five restorations; but on the Hankyoreh sample
its wrong edits outnumber its right ones (19 to 8, "historic issues" -> "past events"), because WordNet
often lacks the word the spinner replaced ("strain" for "pressure") and context then picks the best wrong
sense. It goes on when a real spinner's sample shows more right edits than wrong.
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.constants import CleanStep
from pipeline.despin_learned import is_spun, restore_words
from pipeline.despin_names import restore_names
from pipeline.edits import Edit

PHRASES_FILE = Path(__file__).parent / "data" / "spinner_phrases.tsv"
RULE_REVERSE_THESAURUS = "reverse_thesaurus"
RULE_LEARNED_SYNONYM = "learned_synonym"
RULE_ENTITY_NAME = "entity_name"
# A name restoration needs every other word of a gazetteer alias in place: near-certain, not certain.
ENTITY_NAME_CONFIDENCE = 0.9
# A reverse-thesaurus hit is near-proof of a spinner, worth this much learned-layer evidence.
PHRASE_HIT_EVIDENCE = 1.0
# Learned scores are Zipf points; this many map to confidence 1.
_LEARNED_FULL_CONFIDENCE = 4.0

# One restored phrase per 100 words already says "spun" (clean news has none): it maps to 0.4, three to
# 0.78, and the score saturates towards 1 as the density grows.
_SCORE_AT_ONE_PER_100_WORDS = 0.4
_SCORE_RATE = -math.log(1 - _SCORE_AT_ONE_PER_100_WORDS) * 100
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SpinnerPhrase:
    """One row of the reverse thesaurus: the spinner's output and the phrase it replaced."""

    spun: str
    original: str
    note: str

    @property
    def case_sensitive(self) -> bool:
        # Rows with capitals are proper names ("Blue Home" is spun, "blue home" is just a blue home).
        return self.spun != self.spun.lower()

    @property
    def confidence(self) -> float:
        # A prior until the learning de-spinner calibrates it: the longer the spun phrase, the less
        # likely an innocent writer produced it by chance.
        return round(1 - 0.2 / len(self.spun.split()), 3)


@dataclass(frozen=True)
class DespinResult:
    text: str
    edits: tuple[Edit, ...]
    spin_score: float


def _key(text: str) -> str:
    """What a matched span and a thesaurus row are compared on: spacing and apostrophe style ignored."""
    return " ".join(text.replace("’", "'").split())


@cache
def load_spinner_phrases(path: Path = PHRASES_FILE) -> tuple[SpinnerPhrase, ...]:
    """Read the reverse thesaurus (TSV with header ``spun, original, note``; ``#`` lines are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    phrases = tuple(SpinnerPhrase(r["spun"].strip(), r["original"].strip(), r["note"].strip()) for r in rows)
    keys = [_key(p.spun) if p.case_sensitive else _key(p.spun).lower() for p in phrases]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"{path.name}: spun phrases listed twice: {duplicates}")
    return phrases


def _trie_pattern(phrases: list[str]) -> str:
    """One regex for many phrases, factored as a character trie.

    A plain ``a|b|c`` alternation retries every phrase at every position (~8 ms per article); the trie
    tries each shared prefix once (about 20x faster). Where several phrases fit, the longest wins:
    branches come before a phrase's own end, so "Chinese language uncommon earths" beats "uncommon earths".
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in _key(phrase):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, last: str) -> str:
        alternatives = [_char_pattern(ch) + build(node[ch], ch) for ch in sorted(node) if ch]
        if "" in node:
            # Word edges, and hyphens count as inside a word: "a brand new low-cost" is not "a brand new low".
            alternatives.append(r"(?![\w-])" if re.match(r"\w", last) else "")
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return r"(?<![\w-])" + build(trie, "") if trie else r"(?!)"


def _char_pattern(ch: str) -> str:
    if ch == " ":
        return r"[ \u00a0]+"
    return "['’]" if ch == "'" else re.escape(ch)


@dataclass(frozen=True)
class _Matcher:
    exact: re.Pattern[str]
    folded: re.Pattern[str]
    by_key: dict[str, SpinnerPhrase]


@cache
def _matcher() -> _Matcher:
    phrases = load_spinner_phrases()
    by_key = {_key(p.spun) if p.case_sensitive else _key(p.spun).lower(): p for p in phrases}
    return _Matcher(
        exact=re.compile(_trie_pattern([p.spun for p in phrases if p.case_sensitive])),
        folded=re.compile(
            _trie_pattern([p.spun.lower() for p in phrases if not p.case_sensitive]), re.IGNORECASE
        ),
        by_key=by_key,
    )


def _find(text: str) -> list[tuple[re.Match[str], SpinnerPhrase]]:
    """Non-overlapping thesaurus hits, leftmost first, the longer one where two start together."""
    m = _matcher()
    hits = [(x, m.by_key[_key(x.group(0))]) for x in m.exact.finditer(text)]
    hits += [(x, m.by_key[_key(x.group(0)).lower()]) for x in m.folded.finditer(text)]
    hits.sort(key=lambda h: (h[0].start(), -len(h[0].group(0))))
    chosen, end = [], -1
    for hit in hits:
        if hit[0].start() >= end:
            chosen.append(hit)
            end = hit[0].end()
    return chosen


def _match_case(found: str, phrase: SpinnerPhrase) -> str:
    """The original phrase written in the case the spun one was found in (sentence start, headline)."""
    original = phrase.original
    if phrase.case_sensitive:
        return original
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return original.upper()
    words = found.split()
    if len(words) > 1 and all(w[0].isupper() for w in words if w[0].isalpha()):
        return " ".join(w[:1].upper() + w[1:] for w in original.split())
    if found[:1].isupper():
        return original[:1].upper() + original[1:]
    return original


def _score(hits: int, text: str) -> float:
    words = len(_WORD.findall(text))
    if not hits or not words:
        return 0.0
    return round(1 - math.exp(-_SCORE_RATE * hits / words), 4)


def despin(text: str, *, learned: bool = False) -> DespinResult:
    """Restore the spun phrases of ``text``; each restoration is an ``Edit`` on the input text.

    >>> r = despin("Leaders shake palms forward of their summit.")
    >>> r.text, [e.before for e in r.edits]
    ('Leaders shake hands ahead of their summit.', ['shake palms', 'forward of their summit'])
    >>> despin("Leaders shake hands ahead of their summit.").spin_score
    0.0
    """
    hits = _find(text)
    # Layers in order of precision; a later layer never edits a span an earlier one already took.
    edits = [
        _edit(
            RULE_REVERSE_THESAURUS, m.group(0), _match_case(m.group(0), phrase), m.start(), phrase.confidence
        )
        for m, phrase in hits
    ]
    taken = [(m.start(), m.end()) for m, _ in hits]
    for name in restore_names(text):
        if not _overlaps(name.start, name.start + len(name.before), taken):
            edits.append(_edit(RULE_ENTITY_NAME, name.before, name.after, name.start, ENTITY_NAME_CONFIDENCE))
            taken.append((name.start, name.start + len(name.before)))
    if learned and is_spun(text, extra_evidence=PHRASE_HIT_EVIDENCE * len(taken)):
        for word in restore_words(text):
            if not _overlaps(word.start, word.start + len(word.before), taken):
                confidence = round(min(word.score / _LEARNED_FULL_CONFIDENCE, 1.0), 3)
                edits.append(_edit(RULE_LEARNED_SYNONYM, word.before, word.after, word.start, confidence))
    edits.sort(key=lambda e: e.char_start)
    pieces, last = [], 0
    for edit in edits:
        pieces += [text[last : edit.char_start], edit.after]
        last = edit.char_start + len(edit.before)
    pieces.append(text[last:])
    return DespinResult(text="".join(pieces), edits=tuple(edits), spin_score=_score(len(hits), text))


def _edit(rule: str, before: str, after: str, start: int, confidence: float) -> Edit:
    return Edit(CleanStep.DESPIN, rule, before, after, start, confidence)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def spin_scores(sentences: list[str]) -> list[float]:
    """``spin_score`` of each sentence on its own, on the same scale as ``despin``'s document score."""
    return [_score(len(_find(s)), s) for s in sentences]
