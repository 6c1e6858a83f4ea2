"""Exact deduplication: documents whose cleaned text is the same up to case, spacing and punctuation are one.

The fingerprint is taken after cleaning, so a re-scrape with other chrome, another encoding or other line endings
lands in the same cluster. Near and spun duplicates (MinHash, immutables) deepen this in a later stage.
"""

import hashlib
import re
import unicodedata

import polars as pl

from pipeline.constants import DuplicateKind

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

DUPLICATES_SCHEMA = {
    "doc_id": pl.String,
    "duplicate_of": pl.String,
    "kind": pl.String,
    "similarity": pl.Float64,
}


def normalize_for_hash(text: str) -> str:
    """Fold what a re-scrape changes but a reader would not notice: case, width, spacing, punctuation.

    >>> normalize_for_hash("Korea’s  TIES,\\r\\nrenewed") == normalize_for_hash("korea's ties — renewed")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def content_sha256(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


def assign_exact_clusters(documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add ``content_sha256``, ``cluster_id`` and ``is_canonical``; return the documents and the duplicate pairs.

    ``documents`` needs ``doc_id``, ``text``, ``published_date`` and ``n_words``. The canonical member of a
    cluster is the most complete (most words), then the earliest published, then the smallest ``doc_id``, so the
    choice is deterministic; ``cluster_id`` is the canonical member's ``doc_id``.
    """
    hashed = documents.with_columns(
        pl.col("text").map_elements(content_sha256, return_dtype=pl.String).alias("content_sha256")
    )
    ranked = hashed.with_columns(
        pl.struct(
            (-pl.col("n_words")).alias("neg_words"),
            pl.col("published_date").fill_null(pl.date(9999, 12, 31)).alias("published"),
            pl.col("doc_id"),
        )
        .rank("ordinal")
        .over("content_sha256")
        .alias("_rank")
    )
    canonical = ranked.filter(pl.col("_rank") == 1).select(
        "content_sha256", pl.col("doc_id").alias("cluster_id")
    )
    clustered = ranked.join(canonical, on="content_sha256", how="left").with_columns(
        (pl.col("_rank") == 1).alias("is_canonical")
    )
    duplicates = (
        clustered.filter(~pl.col("is_canonical"))
        .select(
            "doc_id",
            pl.col("cluster_id").alias("duplicate_of"),
            pl.lit(DuplicateKind.EXACT.value).alias("kind"),
            pl.lit(1.0).alias("similarity"),
        )
        .cast(DUPLICATES_SCHEMA)
        .sort("doc_id")
    )
    return clustered.drop("_rank").sort("doc_id"), duplicates
