"""Segmentation: paragraphs from the cleaner's blocks, sentences within paragraphs."""

import dagster as dg
import polars as pl

from assets.metadata import frame_metadata
from assets.settings import GROUP_SEGMENT
from pipeline.paragraphs import paragraphs_frame
from pipeline.sentences import sentences_frame
from pipeline.spin import score_sentences
from pipeline.tone import with_tone
from pipeline.versions import STAGE_VERSIONS


@dg.asset(group_name=GROUP_SEGMENT, code_version=STAGE_VERSIONS["paragraphs"])
def paragraphs(articles: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Paragraphs of every document with their kind (headline, body, caption, …) and language."""
    frame = paragraphs_frame(articles)
    return dg.Output(frame, metadata=frame_metadata(frame))


@dg.asset(group_name=GROUP_SEGMENT, code_version=STAGE_VERSIONS["sentences"])
def sentences(paragraphs: pl.DataFrame, articles: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    """Sentences of every document, with character offsets into documents.text, a spin score and a tone."""
    frame = with_tone(score_sentences(sentences_frame(paragraphs), articles), paragraphs)
    return dg.Output(frame, metadata=frame_metadata(frame))
