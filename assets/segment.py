"""Segmentation: paragraphs from the cleaner's blocks, sentences within paragraphs."""

import dagster as dg
import polars as pl

from assets.metadata import cache_metadata, frame_metadata
from assets.resources import NewsPaths
from assets.settings import GROUP_SEGMENT
from pipeline.document_stages import (
    PARAGRAPH_ARTICLE_COLUMNS,
    SENTENCE_ARTICLE_COLUMNS,
    paragraph_rows,
    sentence_rows,
)
from pipeline.versions import stage_fingerprint


@dg.asset(
    group_name=GROUP_SEGMENT,
    code_version=stage_fingerprint("paragraphs"),
    ins={"articles": dg.AssetIn(metadata={"columns": PARAGRAPH_ARTICLE_COLUMNS})},
)
def paragraphs(paths: NewsPaths, articles: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Paragraphs of every document with their kind (headline, body, caption, …) and language."""
    frame, stats = paragraph_rows(articles, paths.cache("paragraphs"))
    return dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats)})


@dg.asset(
    group_name=GROUP_SEGMENT,
    code_version=stage_fingerprint("sentences"),
    ins={"articles": dg.AssetIn(metadata={"columns": SENTENCE_ARTICLE_COLUMNS})},
)
def sentences(paths: NewsPaths, paragraphs: pl.DataFrame, articles: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Sentences of every document, with character offsets into documents.text, a spin score and a tone."""
    frame, stats = sentence_rows(paragraphs, articles, paths.cache("sentences"))
    return dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats)})
