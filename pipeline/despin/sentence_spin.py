"""Spin scores for sentences: scored on the text the spinner produced, not on the restored text.

De-spinning has already restored the article, so each sentence is first put back the way the spinner wrote it
(using the restorations the clean stage recorded), then scored with the same measure as documents: how dense
the restorations inside it are. Which restorations to make was decided on the whole document, so a sentence is
not re-judged on its own.
"""

import polars as pl

from pipeline.despin.restore import spin_score


def spun_text(text: str, offset: int, restorations: list[dict]) -> str:
    """Undo the restorations inside one sentence (``offset`` is the sentence's start in the document).

    >>> spun_text("They shake hands.", 0, [{"char_start": 5, "char_end": 16, "before": "shake palms"}])
    'They shake palms.'
    """
    for r in sorted(restorations, key=lambda r: r["char_start"], reverse=True):
        start, end = r["char_start"] - offset, r["char_end"] - offset
        text = text[:start] + r["before"] + text[end:]
    return text


def score_sentences(sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Add ``spin_score`` to ``sentences`` (doc_id, sentence_idx, text, char_start, char_end)."""
    restored = (
        articles.select("doc_id", "restorations")
        .explode("restorations")
        .filter(pl.col("restorations").is_not_null())
        .unnest("restorations")
        .rename({"char_start": "r_start", "char_end": "r_end"})
    )
    # Each restoration meets the one sentence that starts last at or before it (a document's sentences do not
    # overlap): joining every sentence of a document to every restoration of it grew with the square of its length.
    inside = (
        restored.sort("r_start")
        .join_asof(
            sentences.select("doc_id", "sentence_idx", "char_start", "char_end").sort("char_start"),
            left_on="r_start",
            right_on="char_start",
            by="doc_id",
            strategy="backward",
            check_sortedness=False,  # both sides are sorted on the offsets just above
        )
        .filter(pl.col("sentence_idx").is_not_null() & (pl.col("r_end") <= pl.col("char_end")))
        .group_by("doc_id", "sentence_idx")
        .agg(pl.struct(char_start="r_start", char_end="r_end", before="before").alias("restorations"))
    )
    with_restorations = sentences.join(inside, on=["doc_id", "sentence_idx"], how="left")
    scores = [
        spin_score(len(restorations or []), spun_text(text, start, restorations or []))
        for text, start, restorations in with_restorations.select(
            "text", "char_start", "restorations"
        ).iter_rows()
    ]
    return with_restorations.drop("restorations").with_columns(
        pl.Series("spin_score", scores, dtype=pl.Float64)
    )
