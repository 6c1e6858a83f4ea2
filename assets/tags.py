"""Tagging: gazetteer entities and taxonomy issues, found in sentences."""

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import OWNERS, STAGED_KINDS, cache_metadata, frame_metadata, staged_out, stored_once
from assets.progress import documents_done
from assets.raw import raw_files
from assets.resources import NewsPaths
from assets.settings import GROUP_TAG
from pipeline.infra.versions import stage_fingerprint
from pipeline.reference.gazetteer import load_entities
from pipeline.stages.documents import ISSUE_SENTENCE_COLUMNS, issue_rows, name_rows, numeric_rows, quote_rows
from pipeline.stages.mentions import entity_mention_rows
from pipeline.tag.entities.discover import entities_from_names
from pipeline.tag.taxonomy import load_issues, summarize_doc_issues, with_paragraph_kinds


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("entities"),
    ins={"sentences": dg.AssetIn(metadata={"columns": ["doc_id", "sentence_idx", "text"]})},
    check_specs=checks.specs("entities"),
)
def entities(context: dg.AssetExecutionContext, paths: NewsPaths, sentences: pl.DataFrame):
    """People, organizations, places, facilities, agreements and events of the gazetteer, plus the people and
    organizations the articles name that it does not know (``discovered``)."""
    gazetteer = load_entities()
    found, stats = name_rows(
        sentences, paths.cache("entities"), gazetteer, documents_done(context, "searched for names")
    )
    frame = pl.concat([gazetteer, entities_from_names(found)])
    yield from checks.verified([checks.schema("entities", frame)])
    yield dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats)})


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("entity_mentions"),
    ins={
        "sentences": dg.AssetIn(
            metadata={
                "columns": ["doc_id", "sentence_idx", "paragraph_idx", "text", "char_start", "char_end"]
            }
        ),
        # The date resolves titles; the text is for the offsets check.
        "documents": dg.AssetIn(metadata={"columns": ["doc_id", "published_date", "text"]}),
    },
    check_specs=checks.specs("entity_mentions", checks.OFFSETS),
)
def entity_mentions(
    context: dg.AssetExecutionContext,
    paths: NewsPaths,
    sentences: pl.DataFrame,
    entities: pl.DataFrame,
    documents: pl.DataFrame,
):
    """Every mention of a gazetteer entity, with the surface form the article used; titles ("President Lee",
    "the Japanese prime minister") resolved by the article's date."""
    dated = documents.select("doc_id", "published_date")
    frame, stats = entity_mention_rows(
        sentences,
        entities,
        dated,
        paths.cache("entity_mentions"),
        documents_done(context, "tagged with entities"),
    )
    yield from checks.verified(checks.span_checks("entity_mentions", frame, documents, "surface"))
    yield dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats)})


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("issues"),
    check_specs=checks.specs("issues"),
)
def issues():
    """The fixed taxonomy of bilateral issues."""
    frame = load_issues()
    yield from checks.verified([checks.schema("issues", frame)])
    yield dg.Output(frame, metadata=frame_metadata(frame))


@dg.multi_asset(
    deps=[raw_files, issues],
    outs={
        "issue_mentions": staged_out("Sentences that discuss an issue, with the evidence span."),
        "doc_issues": staged_out("Issues per document with mention counts and salience."),
    },
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("issues"),
    ins={
        "sentences": dg.AssetIn(metadata={"columns": [*ISSUE_SENTENCE_COLUMNS, "paragraph_idx"]}),
        # Which sentences are headlines and deks (weigh most), or captions and bylines (no evidence of an issue).
        "paragraphs": dg.AssetIn(metadata={"columns": ["doc_id", "paragraph_idx", "kind"]}),
        "documents": dg.AssetIn(metadata={"columns": ["doc_id", "text"]}),  # for the offsets check
    },
    check_specs=[*checks.specs("issue_mentions", checks.OFFSETS), *checks.specs("doc_issues")],
)
def issue_tables(
    context: dg.AssetExecutionContext,
    paths: NewsPaths,
    sentences: pl.DataFrame,
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
):
    """Issue mentions per sentence and their per-document summary, each sentence weighed by the kind of its
    paragraph (headline and dek most; captions and bylines are no evidence)."""
    sentences = with_paragraph_kinds(sentences, paragraphs)
    mentions, stats = issue_rows(
        sentences, paths.cache("issues"), on_progress=documents_done(context, "tagged with issues")
    )
    summary = summarize_doc_issues(mentions, sentences)
    yield from checks.verified(
        [
            *checks.span_checks("issue_mentions", mentions, documents, "evidence"),
            checks.schema("doc_issues", summary),
        ]
    )
    yield dg.Output(
        mentions, output_name="issue_mentions", metadata={**frame_metadata(mentions), **cache_metadata(stats)}
    )
    yield dg.Output(summary, output_name="doc_issues", metadata=frame_metadata(summary))


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("quotes"),
    # Only the columns quotes read are loaded (the texts once, not every column of `documents`).
    ins={
        "documents": dg.AssetIn(metadata={"columns": ["doc_id", "text"]}),
        "sentences": dg.AssetIn(metadata={"columns": ["doc_id", "sentence_idx", "char_start"]}),
        "entity_mentions": dg.AssetIn(
            metadata={"columns": ["doc_id", "char_start", "char_end", "entity_id", "surface"]}
        ),
        "entities": dg.AssetIn(metadata={"columns": ["entity_id", "type"]}),
    },
    check_specs=checks.specs("quotes", checks.OFFSETS),
)
def quotes(
    context: dg.AssetExecutionContext,
    paths: NewsPaths,
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    entities: pl.DataFrame,
):
    """Direct quotations, with the speaker the text names and the speaker's gazetteer entity."""
    frame, stats = quote_rows(
        documents,
        sentences,
        entity_mentions,
        entities,
        paths.cache("quotes"),
        documents_done(context, "searched for quotes"),
    )
    yield from checks.verified(checks.span_checks("quotes", frame, documents, "text"))
    yield dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats), **stored_once(stats)})


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
    deps=[raw_files],
    group_name=GROUP_TAG,
    code_version=stage_fingerprint("numbers"),
    ins={"documents": dg.AssetIn(metadata={"columns": ["doc_id", "text"]})},  # for the offsets check
    check_specs=checks.specs("mentions_numeric", checks.OFFSETS),
)
def mentions_numeric(
    context: dg.AssetExecutionContext, paths: NewsPaths, sentences: pl.DataFrame, documents: pl.DataFrame
):
    """Amounts and dates the articles state (183 laborers, 15% duties, Feb. 3, 1942), read as numbers and dates."""
    frame, stats = numeric_rows(
        sentences, paths.cache("numbers"), documents_done(context, "searched for numbers")
    )
    yield from checks.verified(checks.span_checks("mentions_numeric", frame, documents, "surface"))
    yield dg.Output(frame, metadata={**frame_metadata(frame), **cache_metadata(stats), **stored_once(stats)})
