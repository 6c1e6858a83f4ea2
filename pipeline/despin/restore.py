"""Undo article spinning: put back what a synonym spinner replaced, and say how spun a text looks.

A spinner swaps words and short phrases for thesaurus neighbours, so "shake hands ahead of their summit"
comes out as "shake palms forward of their summit", "during" as "throughout" and "last year" as "finally 12
months". Restoration runs in layers, most precise first; a later layer never edits a span an earlier one took:

1. **Reverse thesaurus** (``data/spinner_phrases.tsv``): whole spun phrases that fluent news copy never
   contains ("shake palms", "uncommon earths"). Restored on sight, in any document.
2. **Names** (``pipeline.despin.names``): a capitalised run one thesaurus swap away from a gazetteer alias
   ("Blue Home" -> "Blue House"). Precise by construction; runs in any document.
3. **Spinner lexicon** (``pipeline.despin.lexicon``): the spinner's everyday swaps, good English on their own
   ("stated", "strain", "the place"). Only inside a document the pooled evidence (``spin_evidence``) says is
   spun, and only where a calibrated ranker (``pipeline.despin.lexicon_ranker``: trigram context, the row's
   record, the document's evidence) puts P(right) at the floor or above; with it, "Each X and Y have" ->
   "Both" (``pipeline.despin.grammar``).
4. **Learned synonyms** (``pipeline.despin.learned``): any word back to a WordNet neighbour, chosen by a
   calibrated ranker over trigram context, frequency and the document (``pipeline.despin.ranker``), in a
   document spun by a spinner the lexicon does NOT recognise (few lexicon signs, and many words a neighbour fits
   far better, or a few it fits overwhelmingly better: ``pipeline.despin.collocations``). Where the lexicon
   knows the spinner it stays out: on the Hankyoreh sample its guesses were wrong more often than right,
   because WordNet often lacks the word the spinner replaced ("strain" for "pressure") and context then picks
   the best wrong sense.

Clean text cannot change through layers 1-2 (their rows are never legitimate) and is never judged spun, so
layers 3-4 never run on it (figures in ``bench/results/despin.json``). ``spin_score`` is the density of
restorations, per document and per sentence.
"""

import math
import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.core.constants import CleanStep
from pipeline.core.edits import Edit
from pipeline.despin.collocations import context_evidence, enough_breaks
from pipeline.despin.grammar import restore_grammar
from pipeline.despin.learned import SPUN_MIN_SIGNS as LEARNED_MIN_SIGNS
from pipeline.despin.learned import SPUN_SIGNS_PER_WORD as LEARNED_SIGNS_PER_WORD
from pipeline.despin.learned import restore_words
from pipeline.despin.lexicon import lexicon_document, lexicon_hits, restore_lexicon
from pipeline.despin.lexicon_ranker import LexiconDocument
from pipeline.despin.names import restore_names
from pipeline.despin.phrases import SpinnerPhrase, load_spinner_phrases
from pipeline.text.phrase_rewrite import PhraseHit, PhraseTable, match_case

RULE_REVERSE_THESAURUS = "reverse_thesaurus"
RULE_LEARNED_SYNONYM = "learned_synonym"
RULE_ENTITY_NAME = "entity_name"
RULE_SPINNER_LEXICON = "spinner_lexicon"
RULE_SPINNER_GRAMMAR = "spinner_grammar"
# A name restoration needs every other word of a gazetteer alias in place: near-certain, not certain.
ENTITY_NAME_CONFIDENCE = 0.9
# Whether the WordNet layer runs (in documents spun by a spinner the lexicon does not know).
LEARNED_LAYER = True
# A document is spun when its signs (certain ones weighted) reach both floors. No clean BBC or Reuters
# story does: of those with 6 signs or more, the densest have 0.9 (BBC) and 1.6 (Reuters) per 100 words;
# the Hankyoreh sample has 22 (bench/despin.py reports documents judged spun).
CERTAIN_SIGN_WEIGHT = 3
SPUN_MIN_SIGNS = 6
SPUN_SIGNS_PER_100_WORDS = 3.0
# Per rule, the least confidence at which a restoration is applied; below it the edit is held back (kept in
# ``DespinResult.held_back`` and still counted by ``spin_score``; the spin evidence is pooled separately and
# does not depend on it). The rules with a fixed confidence (phrases, names, grammar) are applied on sight.
# The learned and lexicon rules' confidences are probabilities (pipeline.despin.ranker and
# pipeline.despin.lexicon_ranker, fitted on tuning spins by tools/train_despin_ranker.py and
# tools/train_lexicon_ranker.py), so their floor needs no search: 0.5 applies a restoration only when it is
# more likely right than wrong. For the lexicon, on tuning articles 800-999 it keeps 94% of the swaps at 94%
# precision (0.7 would keep 91% at 96%). The reliability per confidence bin on held-out BBC is in
# bench/results/despin_floor.json (`.venv/bin/python -m bench.despin_floor`).
CONFIDENCE_FLOOR = {
    RULE_REVERSE_THESAURUS: 0.0,
    RULE_ENTITY_NAME: 0.0,
    RULE_SPINNER_LEXICON: 0.5,
    RULE_SPINNER_GRAMMAR: 0.0,
    RULE_LEARNED_SYNONYM: 0.5,
}

# One restored phrase per 100 words already says "spun" (clean news has none): it maps to 0.4, three to
# 0.78, and the score saturates towards 1 as the density grows.
_SCORE_AT_ONE_PER_100_WORDS = 0.4
_SCORE_RATE = -math.log(1 - _SCORE_AT_ONE_PER_100_WORDS) * 100
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SpinEvidence:
    """Signs of spinning pooled over a document."""

    words: int
    certain: int  # reverse-thesaurus phrases and gazetteer names: near-proof on their own
    # Spun forms of the lexicon rows whose original reads far better (despin_lexicon); left empty when the
    # document has too few rows to be spun at all.
    lexicon: tuple[str, ...]

    @property
    def confirmed(self) -> frozenset[str]:
        """Lexicon rows this document shows as spinner output."""
        return frozenset(self.lexicon)

    # Distinct words a WordNet neighbour reads far better in place of (despin_learned.context_signs); only
    # counted where the lexicon does not already recognise the spinner.
    context_signs: int = 0
    # For the lexicon ranker (pipeline.despin.lexicon_ranker.LexiconDocument), filled where the document has
    # enough lexicon rows to be spun: hits of any strength, and the dictionary's originals still written.
    lexicon_hits: int = 0
    originals_left: int = 0
    originals_seen: frozenset[str] = frozenset()
    # Distinct words a neighbour fits overwhelmingly better (pipeline.despin.collocations): enough of them say
    # "spun" where the context signs are too sparse to.
    collocation_breaks: int = 0

    @property
    def lexicon_document(self) -> LexiconDocument:
        return LexiconDocument(
            self.words, self.lexicon, self.lexicon_hits, self.originals_left, self.originals_seen
        )

    @property
    def context_signs_per_word(self) -> float:
        return self.context_signs / self.words if self.words else 0.0

    @property
    def has_dense_context_signs(self) -> bool:
        return (
            self.context_signs >= LEARNED_MIN_SIGNS
            and self.context_signs >= LEARNED_SIGNS_PER_WORD * self.words
        )

    @property
    def is_spun_by_unknown_spinner(self) -> bool:
        """Spun, but not by a spinner the lexicon knows: the learned layer's case."""
        return not self.is_spun and (
            self.has_dense_context_signs or enough_breaks(self.collocation_breaks, self.words)
        )

    @property
    def signs(self) -> int:
        # Lexicon signs count distinct rows: a writer repeats a word because of the topic ("joint venture"
        # three times in a story about one), a spinner's swaps vary.
        return self.certain * CERTAIN_SIGN_WEIGHT + len(self.confirmed)

    @property
    def signs_per_100_words(self) -> float:
        return 100 * self.signs / self.words if self.words else 0.0

    @property
    def is_spun(self) -> bool:
        return self.signs >= SPUN_MIN_SIGNS and self.signs_per_100_words >= SPUN_SIGNS_PER_100_WORDS


@dataclass(frozen=True)
class DespinResult:
    text: str
    edits: tuple[Edit, ...]
    spin_score: float
    document: SpinEvidence  # the evidence the lexicon and learned layers were gated on
    held_back: tuple[Edit, ...] = ()  # restorations found but below their rule's CONFIDENCE_FLOOR


@cache
def _table() -> PhraseTable[SpinnerPhrase]:
    return PhraseTable(list(load_spinner_phrases()), lambda p: p.spun)


def _find(text: str) -> list[PhraseHit[SpinnerPhrase]]:
    """Non-overlapping thesaurus hits, leftmost first, the longer one where two start together."""
    return _table().find(text)


def spin_score(restorations: int, text: str) -> float:
    """Spin score of ``text`` given how many restorations it needed: 0 for none, towards 1 as they get dense."""
    words = len(_WORD.findall(text))
    if not restorations or not words:
        return 0.0
    return round(1 - math.exp(-_SCORE_RATE * restorations / words), 4)


def _certain_edits(text: str) -> list[Edit]:
    """Layers 1 and 2: reverse-thesaurus phrases, then gazetteer names outside them."""
    edits = [
        _edit(
            RULE_REVERSE_THESAURUS,
            hit.found,
            match_case(hit.found, hit.row.original, hit.row.case_sensitive),
            hit.start,
            hit.row.confidence,
        )
        for hit in _find(text)
    ]
    taken = _spans(edits)
    for name in restore_names(text):
        if not _overlaps(name.start, name.start + len(name.before), taken):
            edits.append(_edit(RULE_ENTITY_NAME, name.before, name.after, name.start, ENTITY_NAME_CONFIDENCE))
    return edits


def _evidence(text: str, certain: list[Edit], learned: bool) -> SpinEvidence:
    words = len(_WORD.findall(text))
    # Every sign is a lexicon hit, so a document whose hits could not reach the floors is not scored (the
    # trigram model is the costly part, and most clean news stops here).
    evidence = SpinEvidence(words, len(certain), ())
    if SpinEvidence(words, len(certain), tuple(row.spun for row in lexicon_hits(text))).is_spun:
        doc = lexicon_document(text, _spans(certain))
        evidence = SpinEvidence(words, len(certain), doc.strong, 0, doc.hits, doc.left, doc.seen)
    if learned and not evidence.is_spun:
        signs, breaks, _ = context_evidence(text)
        evidence = replace(evidence, context_signs=signs, collocation_breaks=breaks)
    return evidence


def spin_evidence(text: str, *, learned: bool = LEARNED_LAYER) -> SpinEvidence:
    """The pooled signs of spinning in ``text``: reverse-thesaurus phrases, names, and lexicon rows that read
    far better restored; with ``learned``, also the words a WordNet neighbour fits far better."""
    return _evidence(text, _certain_edits(text), learned)


def despin(text: str, *, learned: bool = LEARNED_LAYER, document: SpinEvidence | None = None) -> DespinResult:
    """Restore the spun phrases of ``text``; each restoration is an ``Edit`` on the input text.

    ``document`` is the evidence pooled over the document ``text`` comes from (``spin_evidence``): the
    lexicon layer only runs in a spun document, and rows the document confirms need less context. By
    default ``text`` is judged on its own.

    >>> r = despin("Leaders shake palms forward of their summit.")
    >>> r.text, [e.before for e in r.edits]
    ('Leaders shake hands ahead of their summit.', ['shake palms', 'forward of their summit'])
    >>> despin("Leaders shake hands ahead of their summit.").spin_score
    0.0
    """
    # Layers in order of precision; a later layer never edits a span an earlier one already took.
    edits = _certain_edits(text)
    taken = _spans(edits)
    if document is None:
        document = _evidence(text, edits, learned)
    if document.is_spun:
        for fix in restore_grammar(text):
            if not _overlaps(fix.start, fix.start + len(fix.before), taken):
                edits.append(_edit(RULE_SPINNER_GRAMMAR, fix.before, fix.after, fix.start, fix.confidence))
                taken.append((fix.start, fix.start + len(fix.before)))
        for row in restore_lexicon(text, taken, document.lexicon_document):
            # The ranker's probability that the restoration is right (pipeline.despin.lexicon_ranker).
            edits.append(_edit(RULE_SPINNER_LEXICON, row.before, row.after, row.start, row.confidence))
            taken.append((row.start, row.start + len(row.before)))
    elif learned and document.is_spun_by_unknown_spinner:
        for word in restore_words(text, document.context_signs_per_word):
            if not _overlaps(word.start, word.start + len(word.before), taken):
                # The ranker's probability that the restoration is right (pipeline.despin.ranker).
                edits.append(_edit(RULE_LEARNED_SYNONYM, word.before, word.after, word.start, word.score))
    held_back = tuple(e for e in edits if e.confidence < CONFIDENCE_FLOOR[e.rule])
    edits = sorted((e for e in edits if e.confidence >= CONFIDENCE_FLOOR[e.rule]), key=lambda e: e.char_start)
    pieces, last = [], 0
    for edit in edits:
        pieces += [text[last : edit.char_start], edit.after]
        last = edit.char_start + len(edit.before)
    pieces.append(text[last:])
    # A held-back restoration is still a spun phrase found: the score says how spun the text looks.
    score = spin_score(len(edits) + len(held_back), text)
    return DespinResult("".join(pieces), tuple(edits), score, document, held_back)


def _edit(rule: str, before: str, after: str, start: int, confidence: float) -> Edit:
    return Edit(CleanStep.DESPIN, rule, before, after, start, confidence)


def _spans(edits: list[Edit]) -> list[tuple[int, int]]:
    return [(e.char_start, e.char_start + len(e.before)) for e in edits]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)
