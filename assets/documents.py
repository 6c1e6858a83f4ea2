"""The documents table and its duplicate pairs."""

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import cache_metadata, frame_metadata
from assets.resources import NewsPaths
from assets.settings import GROUP_SEGMENT
from pipeline.corpus.documents import ARTICLE_COLUMNS, documents_frame
from pipeline.infra.versions import stage_fingerprint
from pipeline.stages.documents import dedup_prints


@dg.multi_asset(
    outs={
        "documents": dg.AssetOut(
            description="One row per article: cleaned text, metadata, language, cluster."
        ),
        "duplicates": dg.AssetOut(
            description="Documents that duplicate another, with the kind of duplicate."
        ),
        "stories": dg.AssetOut(description="Different articles about the same event, grouped and labelled."),
    },
    group_name=GROUP_SEGMENT,
    code_version=stage_fingerprint("documents"),
    # Counts, tone and story features need only these columns of the big tables.
    ins={
        "articles": dg.AssetIn(metadata={"columns": ARTICLE_COLUMNS}),
        "paragraphs": dg.AssetIn(metadata={"columns": ["doc_id", "kind", "char_start", "char_end"]}),
        "cleaning_edits": dg.AssetIn(metadata={"columns": ["doc_id", "step", "source_doc_id"]}),
        "sentences": dg.AssetIn(metadata={"columns": ["doc_id", "char_start", "char_end", "tone"]}),
        "entity_mentions": dg.AssetIn(metadata={"columns": ["doc_id", "entity_id"]}),
        "quarantine": dg.AssetIn(metadata={"columns": ["source_path"]}),
        "raw_manifest": dg.AssetIn(),
    },
    check_specs=[
        *checks.specs("documents", checks.OFFSETS, checks.NOTHING_LOST),
        *checks.specs("duplicates"),
        *checks.specs("stories"),
    ],
)
def document_tables(  # noqa: PLR0913 - one input per table the documents summarize
    paths: NewsPaths,
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    sentences: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    doc_issues: pl.DataFrame,
    entities: pl.DataFrame,
    issues: pl.DataFrame,
    cleaning_edits: pl.DataFrame,
    quarantine: pl.DataFrame,
    raw_manifest: pl.DataFrame,
):
    """Language, counts, duplicate clusters (exact, near, spun) and stories for every cleaned article."""
    prints, stats = dedup_prints(articles, paths.cache("documents"))
    documents, duplicates, stories = documents_frame(
        articles, paragraphs, sentences, entity_mentions, doc_issues, entities, issues, prints, cleaning_edits
    )
    yield from checks.verified(
        [
            checks.schema("documents", documents),
            # Every span was checked against the cleaned articles' text: documents.text must be that text.
            checks.same_text(documents, articles),
            checks.nothing_lost(documents, raw_manifest, quarantine),
            checks.schema("duplicates", duplicates),
            checks.schema("stories", stories),
        ]
    )
    yield dg.Output(
        documents, output_name="documents", metadata={**frame_metadata(documents), **cache_metadata(stats)}
    )
    yield dg.Output(duplicates, output_name="duplicates", metadata=frame_metadata(duplicates))
    yield dg.Output(stories, output_name="stories", metadata=frame_metadata(stories))
