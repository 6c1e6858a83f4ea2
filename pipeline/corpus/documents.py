"""The published `documents` table: articles plus language, counts and duplicate clusters.

Built right after segmentation: it needs the articles, their paragraphs and sentences, nothing tagged. Stories,
which need the tags, are grouped later (``pipeline/corpus/stories.py``) into `stories` and `story_articles`.
"""

import polars as pl

from pipeline.clean.articles import ARTICLES_SCHEMA
from pipeline.core.schemas import Documents, polars_schema
from pipeline.dedup.clusters import CLEANLINESS_COLUMNS, assign_clusters, cleanliness
from pipeline.tag.tone import document_tone

DOCUMENT_COLUMNS = list(polars_schema(Documents))


#: The columns of `articles` the documents are built from (not the block and restoration lists).
ARTICLE_COLUMNS = [c for c in ARTICLES_SCHEMA if c not in ("blocks", "restorations")]


def count_words(text: pl.Expr) -> pl.Expr:
    """Whitespace-separated tokens; Korean and Japanese text without spaces counts its characters instead."""
    spaced = text.str.count_matches(r"\S+")
    cjk = text.str.count_matches(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
    return pl.max_horizontal(spaced, cjk).cast(pl.Int32)


def documents_frame(
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    sentences: pl.DataFrame,
    prints: pl.DataFrame | None = None,
    cleaning_edits: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Build `documents` and `duplicates` from the cleaned articles (which carry their language) and their
    segmentation. ``prints`` are the articles' ``pipeline.dedup.clusters.fingerprints`` when already
    computed (a run caches them). ``cleaning_edits`` (``doc_id``, ``step``) and the paragraphs' ``kind``, when
    given (with the paragraphs' ``char_start``, ``char_end``), let the cleanest copy of a duplicate cluster be its canonical one (``pipeline.dedup.clusters.cleanliness``);
    the edits' ``source_doc_id``, when given, marks the spun copies restored from their originals."""
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
    # Joined on the ids alone and added as columns, so the articles' texts are shared, not copied.
    per_document = (
        articles.select("doc_id")
        .join(counts, on="doc_id", how="left", maintain_order="left")
        .join(document_tone(sentences), on="doc_id", how="left", maintain_order="left")
        .select(pl.col("n_paragraphs", "n_sentences").fill_null(0), pl.col("tone").fill_null(0.0))
    )
    if cleaning_edits is not None and "kind" in paragraphs.columns:
        clean = articles.select("doc_id").join(
            cleanliness(cleaning_edits, paragraphs), on="doc_id", how="left", maintain_order="left"
        )
        per_document = pl.concat(
            [per_document, clean.select(pl.col(CLEANLINESS_COLUMNS).fill_null(0))], how="horizontal"
        )
    if cleaning_edits is not None and "source_doc_id" in cleaning_edits.columns:
        # A copy restored from its original (pipeline.clean.aligned_restore) is marked as its spun copy in duplicates.
        copies = (
            cleaning_edits.filter(pl.col("source_doc_id").is_not_null())
            .group_by("doc_id")
            .agg(pl.col("source_doc_id").first().alias("spun_copy_of"))
        )
        spun_copy_of = articles.select("doc_id").join(copies, on="doc_id", how="left", maintain_order="left")
        per_document = pl.concat([per_document, spun_copy_of.select("spun_copy_of")], how="horizontal")
    documents = articles.with_columns(count_words(pl.col("text")).alias("n_words"), *per_document)
    clustered, duplicates = assign_clusters(documents, prints)
    return clustered.select(DOCUMENT_COLUMNS), duplicates
