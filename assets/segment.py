"""Segmentation: paragraphs from the cleaner's blocks, sentences within paragraphs."""

import dagster as dg
import polars as pl

from assets.metadata import cache_metadata, frame_metadata
from assets.resources import NewsPaths
from assets.settings import GROUP_SEGMENT
from pipeline.doc_cache import per_document
from pipeline.paragraphs import paragraphs_frame
from pipeline.sentences import sentences_frame
from pipeline.spin import score_sentences
from pipeline.tone import with_tone
from pipeline.versions import STAGE_VERSIONS


@dg.asset(group_name=GROUP_SEGMENT, code_version=STAGE_VERSIONS["paragraphs"])
def paragraphs(paths: NewsPaths, articles: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Paragraphs of every document with their kind (headline, body, caption, …) and language."""
    frame, stats = per_document(paths.cache("paragraphs"), [articles], paragraphs_frame)
    return dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats)})


@dg.asset(group_name=GROUP_SEGMENT, code_version=STAGE_VERSIONS["sentences"])
def sentences(paths: NewsPaths, paragraphs: pl.DataFrame, articles: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Sentences of every document, with character offsets into documents.text, a spin score and a tone."""

    def stage(paragraphs: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
        return with_tone(score_sentences(sentences_frame(paragraphs), articles), paragraphs)

    frame, stats = per_document(paths.cache("sentences"), [paragraphs, articles], stage)
    return dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats)})
