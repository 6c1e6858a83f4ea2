"""Paragraphs come from the cleaner's blocks: it already knows which line was a headline, caption or byline."""

import polars as pl

from pipeline.core.schemas import Paragraphs, polars_schema
from pipeline.text.language import paragraph_language

PARAGRAPHS_SCHEMA = polars_schema(Paragraphs)


def paragraphs_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per block of every article, with its text sliced from the article and its own language.

    Language is decided per paragraph so a mixed-language article shows which parts are which.
    """
    exploded = (
        articles.select("doc_id", "text", "blocks")
        .explode("blocks")
        .filter(pl.col("blocks").is_not_null())
        .unnest("blocks")
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.Int32).over("doc_id").alias("paragraph_idx"),
            pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")),
        )
    )
    # The article's own verdict (decided once by the clean stage on its whole text, where langdetect is most
    # reliable) is what short paragraphs nothing else places take.
    verdicts = {
        doc_id: (code, method)
        for doc_id, code, method in articles.select("doc_id", "language", "language_method").iter_rows()
    }
    found = [
        paragraph_language(text, verdicts.get(doc_id))
        for doc_id, text in exploded.select("doc_id", "text").iter_rows()
    ]
    return (
        exploded.with_columns(
            pl.Series("language", [code for code, _ in found], dtype=pl.String),
            pl.Series("language_method", [method for _, method in found], dtype=pl.String),
        )
        .select(list(PARAGRAPHS_SCHEMA))
        .cast(PARAGRAPHS_SCHEMA)
    )
