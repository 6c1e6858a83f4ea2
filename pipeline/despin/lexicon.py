"""Reverse a spinner's everyday swaps where the context shows them: "stated" -> "said", "the place" -> "where".

A content-farm spinner does not only break fixed phrases (``data/spinner_phrases.tsv``); most of its swaps
are single words and short phrases that are good English on their own: "during" becomes "throughout",
"government" "authorities", "pressure" "strain", "while" "whereas", "year" "12 months". The reverse list of
those swaps (``data/spinner_lexicon.tsv``, one spun form -> its candidate originals) cannot be applied on
sight, since a writer may well have written "strain". Two pieces of evidence decide instead:

* **The document.** A row is only restored inside a document that is clearly spun (``pipeline.despin.restore``
  pools the evidence over the whole document before any paragraph is touched). Clean copy uses a few of
  these words; spun copy is full of them, and full of places where the original fits far better.
* **The sentence.** In a spun document, each hit's originals are scored by the trigram model
  (``pipeline.despin.context``) with its neighbours read as restored (spun words cluster: "whereas
  additionally", "historic web site positioned"), and a calibrated ranker (``pipeline.despin.lexicon_ranker``)
  turns the scores, the row's record and the document's evidence into P(restoring it is right): that
  probability is the edit's confidence.

The same scores give the evidence: a row whose original beats the page by ``EVIDENCE_MARGIN`` nats, with its
neighbours read as they stand, is one sign of spinning (``lexicon_evidence``).
"""

import csv
import math
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pipeline.despin.context import SENTENCE_START, Token, tokenize, window_fit
from pipeline.despin.lexicon_ranker import LexiconDocument, LexiconFacts, probabilities, zipf
from pipeline.reference import DATA_DIR
from pipeline.text.phrase_rewrite import PhraseTable, duplicate_forms, is_case_sensitive, match_case

LEXICON_FILE = DATA_DIR / "spinner_lexicon.tsv"
# Per-row margins learned by tools/calibrate_lexicon.py on spun training news.
MARGINS_FILE = DATA_DIR / "spinner_lexicon_margins.tsv"
# Inside a spun document, a row is read as restored (for its neighbours' context) when its best original reads
# this many nats better than the page; rows the calibration saw too rarely to learn their own margin use it.
DEFAULT_RESTORE_MARGIN = 1.0
# A row counts as evidence of spinning when its original reads this many nats better, neighbours unrestored.
EVIDENCE_MARGIN = 3.0
# A row the document already shows as spun elsewhere needs only this margin (see restore_lexicon).
CONFIRMED_MARGIN = 0.0
# Rounds of re-reading with the previous round's restorations in place.
ROUNDS = 3
# A hit whose best original is at least this likely is reported (applied, or held back below the floor of
# pipeline.despin.restore.CONFIDENCE_FLOOR); less likely ones are the writer's words as far as the ranker can tell.
REPORT_PROBABILITY = 0.25
_LEAST_CONFIDENCE = 0.001
_VOWEL_SOUND = re.compile(r"(?i)^(?:[aio]|e(?!u)|u(?!n[iu]|s[eu]|r[aeiou])|h(?:our|onest|onou?r))")
_ARTICLES = ("a", "an")


@dataclass(frozen=True, slots=True)
class LexiconRow:
    """One spun form and the originals a spinner may have replaced with it, most usual first."""

    spun: str
    originals: tuple[str, ...]
    note: str
    margin: float = DEFAULT_RESTORE_MARGIN  # nats the best original must read better by to be restored
    # ln((spun + 1) / (written + 1)): how often the form was spinner output rather than a writer's word in the
    # calibration news; 0 with ``known`` False for rows seen too rarely.
    log_odds: float = 0.0
    known: bool = False

    @property
    def case_sensitive(self) -> bool:
        # Rows with capitals are names or sentence openings spelled out ("Each" -> "Both").
        return is_case_sensitive(self.spun)


@dataclass(frozen=True, slots=True)
class LexiconRestoration:
    start: int
    before: str
    after: str
    margin: float
    probability: float = 1.0  # the ranker's P(right)

    @property
    def confidence(self) -> float:
        return max(_LEAST_CONFIDENCE, round(self.probability, 3))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def load_lexicon(path: Path = LEXICON_FILE, margins: Path | None = MARGINS_FILE) -> tuple[LexiconRow, ...]:
    """Read the lexicon (TSV with header ``spun, originals, note``; ``#`` lines are comments) with each row's
    learned margin and record (``margins``: ``spun, margin, positives, negatives``; ``inf`` switches a row off)."""
    learned = {r["spun"]: r for r in _read_tsv(margins)} if margins and margins.exists() else {}
    rows = []
    for r in _read_tsv(path):
        spun = r["spun"].strip()
        record = learned.get(spun)
        rows.append(
            LexiconRow(
                spun,
                tuple(o.strip() for o in r["originals"].split("|")),
                r["note"].strip(),
                float(record["margin"]) if record else DEFAULT_RESTORE_MARGIN,
                math.log((int(record["positives"]) + 1) / (int(record["negatives"]) + 1)) if record else 0.0,
                record is not None,
            )
        )
    duplicates = duplicate_forms([r.spun for r in rows])
    if duplicates:
        raise ValueError(f"{path.name}: spun forms listed twice: {duplicates}")
    bad = [r.spun for r in rows if not r.originals or r.spun in r.originals]
    if bad:
        raise ValueError(f"{path.name}: rows without a different original: {bad}")
    # A row the calibration saw too rarely is rare in news either way: it takes the median record of the rows
    # it did see, not the record of a form writers use as often as spinners do (log-odds 0).
    odds = sorted(r.log_odds for r in rows if r.known and math.isfinite(r.margin))
    typical = odds[len(odds) // 2] if odds else 0.0
    return tuple(r if r.known else replace(r, log_odds=typical) for r in rows)


@cache
def _table() -> PhraseTable[LexiconRow]:
    return PhraseTable(list(load_lexicon()), lambda r: r.spun)


@cache
def _originals_table() -> PhraseTable[str]:
    """Every lower-case original of the lexicon: the words a spinner with this dictionary would swap."""
    originals = {o.lower() for r in load_lexicon() if not r.case_sensitive for o in r.originals}
    return PhraseTable(sorted(originals), lambda o: o)


def lexicon_hits(text: str) -> list[LexiconRow]:
    """The rows found in ``text`` by form alone (an upper bound on what ``scored_hits`` scores)."""
    return [hit.row for hit in _table().find(text)]


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    row: LexiconRow
    first: int  # first token of the span
    last: int  # one past its last token


def _hits(text: str, tokens: list[Token], taken: list[tuple[int, int]]) -> list[_Hit]:
    """Rows found in ``text``, leftmost-longest, aligned to tokens, outside the ``taken`` spans."""
    found = _table().find(text)
    starts = {t.start: i for i, t in enumerate(tokens) if t.end > t.start}
    ends = {t.end: i for i, t in enumerate(tokens) if t.end > t.start}
    hits = []
    for x in found:  # already non-overlapping, leftmost-longest
        first, last = starts.get(x.start), ends.get(x.end)
        if first is None or last is None:
            continue
        if any(a < x.end and x.start < b for a, b in taken):
            continue
        if not x.row.case_sensitive and x.found[0].isupper() and tokens[first - 1].word != SENTENCE_START:
            continue  # a capital inside a sentence is a name ("Strain", "Gear"), not a spun word
        hits.append(_Hit(x.start, x.end, x.row, first, last + 1))
    return hits


def _lm_words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().replace("’", "'").split())


def _score(tokens: list[Token], hits: list[_Hit], chosen: dict[int, str]) -> list[list[tuple[str, float]]]:
    """Per hit, each original's margin over the page (in row order), neighbours read as ``chosen`` (by hit)."""
    units: list[tuple[str, ...]] = []  # the text as word groups: one group per hit, one per other token
    unit_of_hit: list[int] = []
    i, h = 0, 0
    while i < len(tokens):
        if h < len(hits) and i == hits[h].first:
            words = chosen.get(h)
            units.append(_lm_words(words) if words else tuple(t.word for t in tokens[i : hits[h].last]))
            unit_of_hit.append(len(units) - 1)
            i, h = hits[h].last, h + 1
        else:
            units.append((tokens[i].word,))
            i += 1
    out = []
    for h, u in enumerate(unit_of_hit):
        left = [w for unit in units[max(0, u - 3) : u] for w in unit]
        right = [w for unit in units[u + 1 : u + 3] for w in unit]
        page = tuple(t.word for t in tokens[hits[h].first : hits[h].last])
        base = window_fit(left, page, right)
        margins = []
        for original in hits[h].row.originals:
            words = _lm_words(original)
            if left and left[-1] in _ARTICLES and (left[-1] == "an") != _wants_an(original):
                # "a problem" -> "an issue": read the original with the article it takes, against the page's.
                article = "an" if _wants_an(original) else "a"
                fit = window_fit(left[:-1], (article, *words), right)
                margins.append((original, fit - window_fit(left[:-1], (left[-1], *page), right)))
            else:
                margins.append((original, window_fit(left, words, right) - base))
        out.append(margins)
    return out


def _best(margins: list[tuple[str, float]]) -> tuple[str, float]:
    return max(margins, key=lambda pair: pair[1])


@dataclass(frozen=True, slots=True)
class ScoredHit:
    """A lexicon row found in a text, with its best original and margin read with neighbours as they stand."""

    start: int
    end: int
    row: LexiconRow
    original: str
    margin: float


def scored_hits(text: str, taken: list[tuple[int, int]] | None = None) -> list[ScoredHit]:
    """Every lexicon row in ``text`` (outside ``taken``), scored on the page as it stands."""
    tokens = tokenize(text)
    hits = _hits(text, tokens, taken or [])
    return [
        ScoredHit(h.start, h.end, h.row, *_best(margins))
        for h, margins in zip(hits, _score(tokens, hits, {}), strict=True)
    ]


def lexicon_evidence(text: str, taken: list[tuple[int, int]] | None = None) -> list[ScoredHit]:
    """The rows in ``text`` that read at least ``EVIDENCE_MARGIN`` nats better restored (neighbours as they are)."""
    return [h for h in scored_hits(text, taken) if h.margin >= EVIDENCE_MARGIN]


def lexicon_document(text: str, taken: list[tuple[int, int]] | None = None) -> LexiconDocument:
    """What ``text`` as a whole says about the spinner: its strong signs, its hits, and the dictionary's
    originals it still writes outside them (a spinner that swapped everything it knew leaves none)."""
    taken = taken or []
    scored = scored_hits(text, taken)
    spans = taken + [(h.start, h.end) for h in scored]
    left = [
        x.found.lower()
        for x in _originals_table().find(text)
        if not any(a < x.end and x.start < b for a, b in spans)
    ]
    return LexiconDocument(
        words=len(re.findall(r"\w+", text)),
        strong=tuple(h.row.spun for h in scored if h.margin >= EVIDENCE_MARGIN),
        hits=len(scored),
        left=len(left),
        seen=frozenset(left),
    )


@dataclass(frozen=True, slots=True)
class RankedHit:
    """A hit with the ranker's facts about each of its originals (row order) and their margins."""

    start: int
    end: int
    row: LexiconRow
    facts: tuple[LexiconFacts, ...]


def _chosen_by_margin(tokens: list[Token], hits: list[_Hit], confirmed: frozenset[str]) -> dict[int, str]:
    """Hits read as restored for their neighbours' context: the best original where it beats the row's margin
    (a confirmed row's ``CONFIRMED_MARGIN``), re-read until stable."""
    chosen: dict[int, str] = {}
    for _ in range(ROUNDS):
        now = {}
        for h, margins in enumerate(_score(tokens, hits, chosen)):
            original, margin = _best(margins)
            row = hits[h].row
            if margin >= (min(row.margin, CONFIRMED_MARGIN) if row.spun in confirmed else row.margin):
                now[h] = original
        if now == chosen:
            break
        chosen = now
    return chosen


def ranked_hits(
    text: str, taken: list[tuple[int, int]] | None = None, document: LexiconDocument | None = None
) -> list[RankedHit]:
    """Every hit in ``text`` outside ``taken`` with the facts the ranker needs; ``document`` defaults to the
    evidence of ``text`` itself."""
    document = document or lexicon_document(text, taken)
    tokens = tokenize(text)
    hits = _hits(text, tokens, taken or [])
    standing = _score(tokens, hits, {})
    restored = _score(tokens, hits, _chosen_by_margin(tokens, hits, frozenset(document.strong)))
    strong = {}
    for spun in document.strong:
        strong[spun] = strong.get(spun, 0) + 1
    out = []
    for hit, now, before in zip(hits, restored, standing, strict=True):
        mine = _best(before)[1] >= EVIDENCE_MARGIN  # this hit is one of the document's strong signs
        elsewhere = max(strong.get(hit.row.spun, 0) - mine, 0)
        zipf_spun = zipf(text[hit.start : hit.end].lower())
        facts = []
        for k, (original, margin) in enumerate(now):
            others = [m for j, (_, m) in enumerate(now) if j != k]
            facts.append(
                LexiconFacts(
                    context=margin,
                    standing=before[k][1],
                    lead=margin - max(others) if others else margin,
                    row_margin=hit.row.margin,
                    row_log_odds=hit.row.log_odds,
                    row_known=hit.row.known,
                    elsewhere=elsewhere,
                    original_seen=original.lower() in document.seen,
                    zipf_original=zipf(original.lower()),
                    zipf_spun=zipf_spun,
                    originals=len(now),
                    density=document.density,
                    left_share=document.left_share,
                )
            )
        out.append(RankedHit(hit.start, hit.end, hit.row, tuple(facts)))
    return out


def restore_lexicon(
    text: str, taken: list[tuple[int, int]] | None = None, document: LexiconDocument | None = None
) -> list[LexiconRestoration]:
    """Restorations for a text already judged spun, leftmost first; spans in ``taken`` are left alone.

    ``document`` is the evidence pooled over the document ``text`` comes from (``lexicon_document``; by default
    ``text`` alone). Each hit's best original is returned with the ranker's P(right) when it is at least
    ``REPORT_PROBABILITY``; the caller applies those above its floor.
    """
    out = []
    for hit in ranked_hits(text, taken, document):
        probs = probabilities(list(hit.facts))
        k = max(range(len(probs)), key=probs.__getitem__)
        if probs[k] < REPORT_PROBABILITY:
            continue
        found = text[hit.start : hit.end]
        after = match_case(found, hit.row.originals[k], hit.row.case_sensitive)
        start, before = hit.start, found
        article = _article_before(text, hit.start)
        if article is not None and _wants_an(after) != (article[1].lower() == "an"):
            a_start, a_word = article
            fixed = "an" if _wants_an(after) else "a"
            fixed = match_case(a_word, fixed) if a_word[:1].isupper() else fixed
            start, before = a_start, text[a_start : hit.end]
            after = (
                fixed
                + text[a_start + len(a_word) : hit.start]
                + (after[:1].lower() + after[1:] if a_word[:1].isupper() else after)
            )
        out.append(LexiconRestoration(start, before, after, round(hit.facts[k].context, 3), probs[k]))
    return out


def _article_before(text: str, start: int) -> tuple[int, str] | None:
    """The indefinite article right before ``start`` (its offset and spelling), if there is one."""
    m = re.search(r"(?<![\w'’-])(an?|An?|AN?) $", text[max(0, start - 4) : start])
    return (start - len(m.group(0)), m.group(1)) if m else None


def _wants_an(word: str) -> bool:
    return bool(_VOWEL_SOUND.match(word))
