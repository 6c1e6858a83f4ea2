"""Segmentation: paragraphs from the cleaner's blocks, sentences within paragraphs."""

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import OWNERS, STAGED_KINDS, cache_metadata, frame_metadata, stored_once
from assets.progress import documents_done
from assets.raw import raw_files
from assets.resources import NewsPaths
from assets.settings import GROUP_SEGMENT
from pipeline.infra.versions import stage_fingerprint
from pipeline.stages.documents import (
    PARAGRAPH_ARTICLE_COLUMNS,
    SENTENCE_ARTICLE_COLUMNS,
    paragraph_rows,
    sentence_rows,
)


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_SEGMENT,
    code_version=stage_fingerprint("paragraphs"),
    ins={"articles": dg.AssetIn(metadata={"columns": PARAGRAPH_ARTICLE_COLUMNS})},
    check_specs=checks.specs("paragraphs", checks.OFFSETS),
)
def paragraphs(context: dg.AssetExecutionContext, paths: NewsPaths, articles: pl.DataFrame):
    """Paragraphs of every document with their kind (headline, body, caption, …) and language."""
    frame, stats = paragraph_rows(
        articles, paths.cache("paragraphs"), documents_done(context, "split into paragraphs")
    )
    yield from checks.verified(checks.span_checks("paragraphs", frame, articles, "text"))
    yield dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats), **stored_once(stats)})


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_SEGMENT,
    code_version=stage_fingerprint("sentences"),
    # The text only for the offsets check: the stage itself reads the other columns.
    ins={"articles": dg.AssetIn(metadata={"columns": [*SENTENCE_ARTICLE_COLUMNS, "text"]})},
    check_specs=checks.specs("sentences", checks.OFFSETS),
)
def sentences(
    context: dg.AssetExecutionContext, paths: NewsPaths, paragraphs: pl.DataFrame, articles: pl.DataFrame
):
    """Sentences of every document, with character offsets into documents.text, a spin score and a tone."""
    frame, stats = sentence_rows(
        paragraphs,
        articles.select(SENTENCE_ARTICLE_COLUMNS),
        paths.cache("sentences"),
        documents_done(context, "split into sentences"),
    )
    yield from checks.verified(checks.span_checks("sentences", frame, articles, "text"))
    yield dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats), **stored_once(stats)})
