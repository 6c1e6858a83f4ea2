"""The published `documents` table: articles plus language, counts, duplicate clusters and stories."""

import polars as pl

from pipeline.dedup import assign_clusters, fingerprints
from pipeline.language import detect_language
from pipeline.stories import assign_stories
from pipeline.tone import document_tone

DOCUMENT_COLUMNS = [
    "doc_id", "source_path", "record", "url", "title", "dek", "outlet", "byline", "dateline", "published_date",
    "language", "language_method", "encoding", "text", "n_words", "n_paragraphs", "n_sentences",
    "content_sha256", "cluster_id", "is_canonical", "story_id", "spin_score", "tone", "n_edits",
]  # fmt: skip


def count_words(text: pl.Expr) -> pl.Expr:
    """Whitespace-separated tokens; Korean and Japanese text without spaces counts its characters instead."""
    spaced = text.str.count_matches(r"\S+")
    cjk = text.str.count_matches(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
    return pl.max_horizontal(spaced, cjk).cast(pl.Int32)


def documents_frame(  # noqa: PLR0913 - one input per table the documents summarize
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    sentences: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    doc_issues: pl.DataFrame,
    entities: pl.DataFrame,
    issues: pl.DataFrame,
    features: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Build `documents`, `duplicates` and `stories` from the cleaned articles, their segmentation and tags.

    ``features`` are the articles' ``document_features`` when already computed (a run caches them)."""
    if features is None:
        features = document_features(articles)
    counts = (
        paragraphs.group_by("doc_id")
        .agg(pl.len().cast(pl.Int32).alias("n_paragraphs"))
        .join(
            sentences.group_by("doc_id").agg(pl.len().cast(pl.Int32).alias("n_sentences")),
            on="doc_id",
            how="full",
            coalesce=True,
        )
    )
    documents = (
        articles.with_columns(count_words(pl.col("text")).alias("n_words"))
        .join(features.select("doc_id", "language", "language_method"), on="doc_id", how="left")
        .join(counts, on="doc_id", how="left")
        .join(document_tone(sentences), on="doc_id", how="left")
        .with_columns(pl.col("n_paragraphs", "n_sentences").fill_null(0), pl.col("tone").fill_null(0.0))
    )
    clustered, duplicates = assign_clusters(documents, features.drop("language", "language_method"))
    with_stories, stories = assign_stories(clustered, entity_mentions, doc_issues, entities, issues)
    return with_stories.select(DOCUMENT_COLUMNS), duplicates, stories


def document_features(articles: pl.DataFrame) -> pl.DataFrame:
    """What each article's text alone decides: its language (and the method that decided) and the
    fingerprints deduplication compares (``pipeline.dedup.fingerprints``)."""
    detected = [detect_language(text) for text in articles["text"]]
    return fingerprints(articles).with_columns(
        pl.Series("language", [code for code, _ in detected], dtype=pl.String),
        pl.Series("language_method", [method for _, method in detected], dtype=pl.String),
    )
