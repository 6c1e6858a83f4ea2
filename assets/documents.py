"""The documents table and its duplicate pairs, built right after segmentation."""

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import cache_metadata, frame_metadata, staged_out
from assets.progress import documents_done
from assets.raw import raw_files
from assets.resources import NewsPaths
from assets.settings import GROUP_SEGMENT
from pipeline.corpus.documents import ARTICLE_COLUMNS, documents_frame
from pipeline.infra.versions import stage_fingerprint
from pipeline.stages.documents import dedup_prints


@dg.multi_asset(
    deps=[raw_files],
    outs={
        "documents": staged_out("One row per article: cleaned text, metadata, language, cluster."),
        "duplicates": staged_out("Documents that duplicate another, with the kind of duplicate."),
    },
    group_name=GROUP_SEGMENT,
    code_version=stage_fingerprint("documents"),
    # Counts, tone and cleanliness need only these columns of the big tables.
    ins={
        "articles": dg.AssetIn(metadata={"columns": ARTICLE_COLUMNS}),
        "paragraphs": dg.AssetIn(metadata={"columns": ["doc_id", "kind", "char_start", "char_end"]}),
        "cleaning_edits": dg.AssetIn(metadata={"columns": ["doc_id", "step", "source_doc_id"]}),
        "sentences": dg.AssetIn(metadata={"columns": ["doc_id", "char_start", "char_end", "tone"]}),
        "quarantine": dg.AssetIn(metadata={"columns": ["source_path"]}),
        "raw_manifest": dg.AssetIn(),
    },
    check_specs=[
        *checks.specs("documents", checks.OFFSETS, checks.NOTHING_LOST),
        *checks.specs("duplicates"),
    ],
)
def document_tables(  # noqa: PLR0913 - one input per table the documents summarize
    context: dg.AssetExecutionContext,
    paths: NewsPaths,
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    sentences: pl.DataFrame,
    cleaning_edits: pl.DataFrame,
    quarantine: pl.DataFrame,
    raw_manifest: pl.DataFrame,
):
    """Language, counts and duplicate clusters (exact, near, spun) for every cleaned article."""
    # Read back from the clean stage's fingerprints but for the copies it restored.
    prints, stats = dedup_prints(articles, paths.cache("documents"), documents_done(context, "fingerprinted"))
    documents, duplicates = documents_frame(articles, paragraphs, sentences, prints, cleaning_edits)
    yield from checks.verified(
        [
            checks.schema("documents", documents),
            # Every span was checked against the cleaned articles' text: documents.text must be that text.
            checks.same_text(documents, articles),
            checks.nothing_lost(documents, raw_manifest, quarantine),
            checks.schema("duplicates", duplicates),
        ]
    )
    yield dg.Output(
        documents, output_name="documents", metadata={**frame_metadata(documents), **cache_metadata(stats)}
    )
    yield dg.Output(duplicates, output_name="duplicates", metadata=frame_metadata(duplicates))
