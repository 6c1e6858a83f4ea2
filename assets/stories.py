"""Stories: articles about the same event, grouped once the articles are tagged."""

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import frame_metadata, staged_out
from assets.raw import raw_files
from assets.settings import GROUP_TAG
from pipeline.corpus.stories import assign_stories
from pipeline.infra.versions import stage_fingerprint


@dg.multi_asset(
    deps=[raw_files],
    outs={
        "stories": staged_out("Different articles about the same event, grouped and labelled."),
        "story_articles": staged_out("The story of every document."),
    },
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("stories"),
    ins={
        "documents": dg.AssetIn(
            metadata={
                "columns": [
                    *("doc_id", "cluster_id", "is_canonical", "published_date", "text"),
                    *("title", "outlet", "byline"),
                ]
            }
        ),
        "entity_mentions": dg.AssetIn(metadata={"columns": ["doc_id", "entity_id"]}),
        "doc_issues": dg.AssetIn(),
        "entities": dg.AssetIn(metadata={"columns": ["entity_id", "name", "type"]}),
    },
    check_specs=[*checks.specs("stories"), *checks.specs("story_articles", checks.EVERY_DOCUMENT)],
)
def story_tables(
    documents: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    doc_issues: pl.DataFrame,
    entities: pl.DataFrame,
):
    """Stories from what the articles name and discuss (entities, issues, words), the specific terms they agree
    on, and when they were published; labelled with the headline of each story's most central article."""
    story_articles, stories = assign_stories(documents, entity_mentions, doc_issues, entities)
    yield from checks.verified(
        [
            checks.schema("stories", stories),
            checks.schema("story_articles", story_articles),
            checks.every_document("story_articles", story_articles, documents),
        ]
    )
    yield dg.Output(stories, output_name="stories", metadata=frame_metadata(stories))
    yield dg.Output(story_articles, output_name="story_articles", metadata=frame_metadata(story_articles))
