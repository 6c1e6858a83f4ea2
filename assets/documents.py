"""The documents table and its duplicate pairs."""

import dagster as dg
import polars as pl

from assets.metadata import frame_metadata
from assets.settings import GROUP_SEGMENT
from pipeline.documents import documents_frame
from pipeline.versions import STAGE_VERSIONS


@dg.multi_asset(
    outs={
        "documents": dg.AssetOut(
            description="One row per article: cleaned text, metadata, language, cluster."
        ),
        "duplicates": dg.AssetOut(
            description="Documents that duplicate another, with the kind of duplicate."
        ),
    },
    group_name=GROUP_SEGMENT,
    code_version=STAGE_VERSIONS["documents"],
)
def document_tables(articles: pl.DataFrame, paragraphs: pl.DataFrame, sentences: pl.DataFrame):
    """Language, counts and exact-duplicate clusters for every cleaned article."""
    documents, duplicates = documents_frame(articles, paragraphs, sentences)
    yield dg.Output(documents, output_name="documents", metadata=frame_metadata(documents))
    yield dg.Output(duplicates, output_name="duplicates", metadata=frame_metadata(duplicates))
