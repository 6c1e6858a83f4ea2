"""Reverse a spinner's everyday swaps where the context shows them: "stated" -> "said", "the place" -> "where".

A content-farm spinner does not only break fixed phrases (``data/spinner_phrases.tsv``); most of its swaps
are single words and short phrases that are good English on their own: "during" becomes "throughout",
"government" "authorities", "pressure" "strain", "while" "whereas", "year" "12 months". The reverse list of
those swaps (``data/spinner_lexicon.tsv``, one spun form -> its candidate originals) cannot be applied on
sight, since a writer may well have written "strain". Two pieces of evidence decide instead:

* **The document.** A row is only restored inside a document that is clearly spun (``pipeline.despin``
  pools the evidence over the whole document before any paragraph is touched). Clean copy uses a few of
  these words; spun copy is full of them, and full of places where the original fits far better.
* **The sentence.** In a spun document, a row is restored where the trigram model
  (``pipeline.despin_context``) reads the original at least ``RESTORE_MARGIN`` nats more naturally than
  the words on the page, with its neighbours read as already restored (spun words cluster: "whereas
  additionally", "historic web site positioned").

The same scores give the evidence: a row whose original beats the page by ``EVIDENCE_MARGIN`` nats, with its
neighbours read as they stand, is one sign of spinning (``lexicon_evidence``).
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.despin_context import SENTENCE_START, Token, tokenize, window_fit
from pipeline.phrase_rewrite import PhraseTable, duplicate_forms, is_case_sensitive, match_case

LEXICON_FILE = Path(__file__).parent / "data" / "spinner_lexicon.tsv"
# Per-row margins learned by tools/calibrate_lexicon.py on spun training news.
MARGINS_FILE = Path(__file__).parent / "data" / "spinner_lexicon_margins.tsv"
# Inside a spun document, restore a row when its best original reads this many nats better than the page;
# rows the calibration saw too rarely to learn their own margin use this one.
DEFAULT_RESTORE_MARGIN = 1.0
# A row counts as evidence of spinning when its original reads this many nats better, neighbours unrestored.
EVIDENCE_MARGIN = 3.0
# A row the document already shows as spun elsewhere needs only this margin (see restore_lexicon).
CONFIRMED_MARGIN = 0.0
# Rounds of re-reading with the previous round's restorations in place.
ROUNDS = 3
# Margins of this many nats map to confidence 1.
_FULL_CONFIDENCE = 8.0
_LEAST_CONFIDENCE = 0.001
_VOWEL_SOUND = re.compile(r"(?i)^(?:[aio]|e(?!u)|u(?!n[iu]|s[eu]|r[aeiou])|h(?:our|onest|onou?r))")


@dataclass(frozen=True, slots=True)
class LexiconRow:
    """One spun form and the originals a spinner may have replaced with it, most usual first."""

    spun: str
    originals: tuple[str, ...]
    note: str
    margin: float = DEFAULT_RESTORE_MARGIN  # nats the best original must read better by to be restored

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

    @property
    def confidence(self) -> float:
        # A confirmed row is restored even on a tie (margin 0: the context reads the same either way), on the
        # document's evidence elsewhere; that is the least confidence an edit can have, but not none.
        return max(_LEAST_CONFIDENCE, round(min(self.margin / _FULL_CONFIDENCE, 1.0), 3))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def load_lexicon(path: Path = LEXICON_FILE, margins: Path | None = MARGINS_FILE) -> tuple[LexiconRow, ...]:
    """Read the lexicon (TSV with header ``spun, originals, note``; ``#`` lines are comments) with each row's
    learned margin (``margins``: ``spun, margin, ...``; ``inf`` switches a row off)."""
    learned = (
        {r["spun"]: float(r["margin"]) for r in _read_tsv(margins)} if margins and margins.exists() else {}
    )
    rows = tuple(
        LexiconRow(
            r["spun"].strip(),
            tuple(o.strip() for o in r["originals"].split("|")),
            r["note"].strip(),
            learned.get(r["spun"].strip(), DEFAULT_RESTORE_MARGIN),
        )
        for r in _read_tsv(path)
    )
    duplicates = duplicate_forms([r.spun for r in rows])
    if duplicates:
        raise ValueError(f"{path.name}: spun forms listed twice: {duplicates}")
    bad = [r.spun for r in rows if not r.originals or r.spun in r.originals]
    if bad:
        raise ValueError(f"{path.name}: rows without a different original: {bad}")
    return rows


@cache
def _table() -> PhraseTable[LexiconRow]:
    return PhraseTable(list(load_lexicon()), lambda r: r.spun)


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


def _score(tokens: list[Token], hits: list[_Hit], chosen: dict[int, str]) -> list[tuple[str, float]]:
    """Per hit, the best original and its margin over the page, neighbours read as ``chosen`` (by hit index)."""
    units: list[tuple[str, ...]] = []  # the text as word groups: one group per hit, one per other token
    unit_of_hit: list[int] = []
    i, h = 0, 0
    while i < len(tokens):
        if h < len(hits) and i == hits[h].first:
            words = chosen.get(h)
            units.append(
                tuple(words.lower().replace("’", "'").split())
                if words
                else tuple(t.word for t in tokens[i : hits[h].last])
            )
            unit_of_hit.append(len(units) - 1)
            i, h = hits[h].last, h + 1
        else:
            units.append((tokens[i].word,))
            i += 1
    out = []
    for h, u in enumerate(unit_of_hit):
        left = [w for unit in units[max(0, u - 2) : u] for w in unit]
        right = [w for unit in units[u + 1 : u + 3] for w in unit]
        page = tuple(t.word for t in tokens[hits[h].first : hits[h].last])
        base = window_fit(left, page, right)
        best = max(
            (
                (o, window_fit(left, tuple(o.lower().replace("’", "'").split()), right) - base)
                for o in hits[h].row.originals
            ),
            key=lambda pair: pair[1],
        )
        out.append(best)
    return out


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
        ScoredHit(h.start, h.end, h.row, original, margin)
        for h, (original, margin) in zip(hits, _score(tokens, hits, {}), strict=True)
    ]


def lexicon_evidence(text: str, taken: list[tuple[int, int]] | None = None) -> list[ScoredHit]:
    """The rows in ``text`` that read at least ``EVIDENCE_MARGIN`` nats better restored (neighbours as they are)."""
    return [h for h in scored_hits(text, taken) if h.margin >= EVIDENCE_MARGIN]


def restore_lexicon(
    text: str, taken: list[tuple[int, int]] | None = None, confirmed: frozenset[str] = frozenset()
) -> list[LexiconRestoration]:
    """Restorations for a text already judged spun, leftmost first; spans in ``taken`` are left alone.

    ``confirmed`` names rows (by spun form) the document already shows as spinner output elsewhere (they read
    far better restored there, see ``lexicon_evidence``): a spinner swaps a word wherever it meets it, so
    those rows only need ``CONFIRMED_MARGIN``.
    """
    tokens = tokenize(text)
    hits = _hits(text, tokens, taken or [])
    chosen: dict[int, str] = {}
    margins: dict[int, float] = {}
    for _ in range(ROUNDS):
        now, now_margins = {}, {}
        for h, (original, margin) in enumerate(_score(tokens, hits, chosen)):
            row = hits[h].row
            if margin >= (min(row.margin, CONFIRMED_MARGIN) if row.spun in confirmed else row.margin):
                now[h], now_margins[h] = original, margin
        if now == chosen:
            break
        chosen, margins = now, now_margins
    out = []
    for h in sorted(chosen):
        hit = hits[h]
        found = text[hit.start : hit.end]
        after = match_case(found, chosen[h], hit.row.case_sensitive)
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
        out.append(LexiconRestoration(start, before, after, round(margins[h], 3)))
    return out


def _article_before(text: str, start: int) -> tuple[int, str] | None:
    """The indefinite article right before ``start`` (its offset and spelling), if there is one."""
    m = re.search(r"(?<![\w'’-])(an?|An?|AN?) $", text[max(0, start - 4) : start])
    return (start - len(m.group(0)), m.group(1)) if m else None


def _wants_an(word: str) -> bool:
    return bool(_VOWEL_SOUND.match(word))
