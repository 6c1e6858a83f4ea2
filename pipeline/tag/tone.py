"""Tone: how warmly or coldly a sentence frames what it reports, from -1 (hostile) to +1 (friendly).

A lexicon method, chosen because it is explainable sentence by sentence and needs no model:

* **English**: VADER (``vaderSentiment``, Hutto & Gilbert 2014: a rated lexicon plus rules for negation,
  intensifiers and "but"), its ``compound`` score, with the lexicon extended by the words diplomatic news uses for
  warmth and friction ("rapprochement", "cooperation", "spat", "provocation"), which a social-media lexicon lacks.
* **Korean and Japanese**: a short lexicon of the same framing words (협력/協力, 갈등/対立 …); the score is
  (positive - negative) / (positive + negative + 1), so one word moves a sentence less than several.

A document's tone is the mean of its sentences' tones, each weighted by its length, so a long quarrelsome
passage counts for more than a one-line courtesy.

VADER's rules look back over the whole sentence from every word (negation, "but", idioms), so its cost grows with
the square of the sentence's length: 100 KB of English without full stops took 33 s, 200 KB 226 s. Text longer
than a sentence may be (``MAX_SENTENCE_CHARS``, 1,000 characters) is therefore scored in pieces cut by the
sentences' own rule and averaged, weighted by length, as a document's sentences are; every sentence
``pipeline.segment.sentences`` makes is within the cap and scored whole, exactly as before.
"""

from functools import cache

import polars as pl

from pipeline.segment.sentences import MAX_SENTENCE_CHARS, cap_length

# Diplomatic framing words VADER does not rate, on its -4..+4 scale.
_EN_FRAMING = {
    "cooperation": 1.5, "cooperate": 1.3, "partnership": 1.5, "partners": 1.0, "rapprochement": 2.0,
    "reconciliation": 2.0, "thaw": 1.2, "goodwill": 2.0, "future-oriented": 1.5, "mutually": 0.8,
    "stability": 1.0, "constructive": 1.5, "momentum": 0.8,
    "dispute": -1.5, "disputes": -1.5, "tension": -1.5, "tensions": -1.5, "spat": -1.8, "feud": -2.0,
    "friction": -1.5, "provocation": -2.2, "provocative": -2.0, "retaliation": -2.2, "retaliatory": -2.2,
    "sanctions": -1.2, "hostility": -2.3, "grievances": -1.6, "rift": -1.8, "rifts": -1.8, "protest": -1.2,
    "protested": -1.2, "condemned": -2.0, "strained": -1.5, "deteriorated": -1.8, "stalled": -1.2,
}  # fmt: skip
_CJK_POSITIVE = (
    "협력", "화해", "우호", "개선", "신뢰", "동반자", "미래지향", "합의", "환영",
    "協力", "和解", "友好", "改善", "信頼", "パートナー", "未来志向", "合意", "歓迎",
)  # fmt: skip
_CJK_NEGATIVE = (
    "갈등", "분쟁", "대립", "항의", "비판", "긴장", "악화", "반발", "보복", "규탄",
    "対立", "紛争", "摩擦", "抗議", "批判", "緊張", "悪化", "反発", "報復", "非難",
)  # fmt: skip


@cache
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(_EN_FRAMING)
    return analyzer


def tone(text: str, language: str = "en") -> float:
    """Tone of one sentence, -1..1.

    >>> tone("The leaders agreed to deepen cooperation.") > 0 > tone("Seoul protested the provocation.")
    True
    """
    if language in ("ko", "ja"):
        positive = sum(text.count(w) for w in _CJK_POSITIVE)
        negative = sum(text.count(w) for w in _CJK_NEGATIVE)
        return round((positive - negative) / (positive + negative + 1), 4)
    if len(text) <= MAX_SENTENCE_CHARS:
        if _vader_words(text) <= MAX_VADER_WORDS:
            return round(_analyzer().polarity_scores(text)["compound"], 4)
        # Windows are short enough for VADER whatever they hold: scored directly, never cut again.
        pieces, score = _word_windows(text), lambda piece: _analyzer().polarity_scores(piece)["compound"]
    else:
        start = len(text) - len(text.lstrip())
        pieces, score = cap_length(text, start, len(text.rstrip())), tone
    if not pieces:  # only whitespace
        return 0.0
    total = sum(score(text[a:b]) * (b - a) for a, b in pieces)
    return round(total / sum(b - a for a, b in pieces), 4)


#: The words VADER reads in one call, at most. VADER spells every emoji out as words ("😀" is "grinning face"),
#: so 1,000 characters of emoji are some 3,000 words and one call took 9 s; a sentence of news within the
#: character cap has about 200. A text over this is scored in windows of ``_WINDOW_CHARS``, averaged by length.
MAX_VADER_WORDS = 300
_WINDOW_CHARS = 60


def _vader_words(text: str) -> int:
    emojis = _analyzer().emojis
    return len(text.split()) + sum(emojis[ch].count(" ") + 1 for ch in text if ch in emojis)


def _word_windows(text: str) -> list[tuple[int, int]]:
    """Spans of at most ``_WINDOW_CHARS`` characters covering ``text``'s non-space characters, cut at a space
    where the window has one (never inside a word that fits)."""
    spans, start, end = [], 0, len(text)
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        if start == end:
            break
        stop = min(start + _WINDOW_CHARS, end)
        if stop < end and not text[stop].isspace():
            space = text.rfind(" ", start, stop)
            stop = space if space > start else stop
        spans.append((start, stop))
        start = stop
    return spans


def with_tone(sentences: pl.DataFrame, paragraphs: pl.DataFrame) -> pl.DataFrame:
    """Add ``tone`` to sentences, read in the language of their paragraph."""
    language = sentences.join(
        paragraphs.select("doc_id", "paragraph_idx", "language"), on=["doc_id", "paragraph_idx"], how="left"
    )["language"].fill_null("en")
    scores = [tone(text, lang) for text, lang in zip(sentences["text"], language, strict=True)]
    return sentences.with_columns(pl.Series("tone", scores, dtype=pl.Float64))


def document_tone(sentences: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, tone): the length-weighted mean tone of each document's sentences.

    The length is the span's (``char_end - char_start``, which the sentences schema holds equal to the text's),
    so the documents step reads two integer columns of `sentences` instead of every sentence's text."""
    weight = pl.col("char_end") - pl.col("char_start")
    return sentences.group_by("doc_id").agg(
        ((pl.col("tone") * weight).sum() / weight.sum()).round(4).alias("tone")
    )
