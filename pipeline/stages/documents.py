"""The stages whose rows for a document depend on that document alone, each with its input columns chosen once.

Each goes through the per-document caches (``pipeline/infra/doc_cache.py``): a document whose inputs and stage
code are unchanged is read back, not computed again. The assets load only the columns listed here (``AssetIn``
metadata), and the keys cover only these, so a change to another column (a title) does not recompute
paragraphs.
"""

from collections.abc import Callable

import polars as pl

from pipeline.clean.aligned_restore import Verdict, restore_spun_copies
from pipeline.dedup.clusters import fingerprints
from pipeline.despin.sentence_spin import score_sentences
from pipeline.infra.doc_cache import CacheStats, DocumentCache, per_document
from pipeline.reference.gazetteer import load_entities
from pipeline.segment.paragraphs import paragraphs_frame
from pipeline.segment.sentences import sentences_frame
from pipeline.tag.entities.discover import found_names
from pipeline.tag.numbers import mentions_numeric
from pipeline.tag.quotes import extract_quotes, people_mentions
from pipeline.tag.taxonomy import PARAGRAPH_KIND, tag_issues, with_paragraph_kinds
from pipeline.tag.tone import with_tone

Stage = tuple[pl.DataFrame, CacheStats]
#: ``on_progress(done, total)``: documents computed so far (``pipeline.infra.doc_cache.per_document``).
Progress = Callable[[int, int], None] | None

#: The columns of `articles` each stage reads: the assets load only these (``AssetIn`` metadata), and the keys
#: cover only these, so a change to another column (a title) does not recompute paragraphs.
PARAGRAPH_ARTICLE_COLUMNS = ["doc_id", "text", "blocks", "language", "language_method"]
SENTENCE_ARTICLE_COLUMNS = ["doc_id", "restorations"]
#: The columns of `sentences` issue tagging reads (``pipeline.tag.taxonomy.tag_issues``); with the paragraphs, their
#: kind (``PARAGRAPH_KIND``) is read and keyed too: it decides which sentences are evidence and how much they weigh.
ISSUE_SENTENCE_COLUMNS = ["doc_id", "sentence_idx", "text", "char_start"]


def paragraph_rows(
    articles: pl.DataFrame, cache: DocumentCache | None, on_progress: Progress = None
) -> Stage:
    return per_document(
        cache, [articles.select(PARAGRAPH_ARTICLE_COLUMNS)], paragraphs_frame, on_progress=on_progress
    )


def _sentences(paragraphs: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    return with_tone(score_sentences(sentences_frame(paragraphs), articles), paragraphs)


def sentence_rows(
    paragraphs: pl.DataFrame,
    articles: pl.DataFrame,
    cache: DocumentCache | None,
    on_progress: Progress = None,
) -> Stage:
    """Sentences with their spin score and tone."""
    inputs = [paragraphs, articles.select(SENTENCE_ARTICLE_COLUMNS)]
    return per_document(cache, inputs, _sentences, on_progress=on_progress)


def numeric_rows(sentences: pl.DataFrame, cache: DocumentCache | None, on_progress: Progress = None) -> Stage:
    return per_document(cache, [sentences], mentions_numeric, on_progress=on_progress)


def quote_rows(
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    entities: pl.DataFrame,
    cache: DocumentCache | None,
    on_progress: Progress = None,
) -> Stage:
    """Direct quotations with their speakers. A document's quotes depend on its text, its sentences and its
    people's mentions only, so they are cached per document."""
    inputs = [
        documents.select("doc_id", "text"),
        sentences.select("doc_id", "sentence_idx", "char_start"),
        people_mentions(entity_mentions, entities),
    ]
    return per_document(cache, inputs, extract_quotes, on_progress=on_progress)


def issue_rows(
    sentences: pl.DataFrame,
    cache: DocumentCache | None,
    paragraphs: pl.DataFrame | None = None,
    on_progress: Progress = None,
) -> Stage:
    """Issue mentions (``pipeline.tag.taxonomy.tag_issues``), sorted as a one-pass tagging sorts them. The taxonomy
    is a data file of ``pipeline/``, part of the code fingerprint, so a changed cue recomputes every document.
    The sentences' paragraph kinds (``paragraph_kind``, or joined from ``paragraphs``: doc_id, paragraph_idx, kind;
    ``sentences`` then carry ``paragraph_idx``) are part of each document's key: captions and bylines are no
    evidence, so a paragraph that becomes a caption recomputes its document."""
    if paragraphs is not None:
        sentences = with_paragraph_kinds(sentences, paragraphs)
    kinds = [PARAGRAPH_KIND] if PARAGRAPH_KIND in sentences.columns else []
    inputs = [sentences.select(*ISSUE_SENTENCE_COLUMNS, *kinds)]
    mentions, stats = per_document(cache, inputs, tag_issues, on_progress=on_progress)
    return mentions.sort("doc_id", "char_start", "issue_id"), stats._replace(
        files=None
    )  # reordered: another table


def name_rows(
    sentences: pl.DataFrame,
    cache: DocumentCache | None,
    gazetteer: pl.DataFrame | None = None,
    on_progress: Progress = None,
) -> Stage:
    """Names the text gives, known or not (``pipeline/tag/entities/discover.py``); the gazetteer is part of the code
    fingerprint, so it is not part of the key."""
    gazetteer = load_entities() if gazetteer is None else gazetteer
    return per_document(
        cache,
        [sentences.select("doc_id", "sentence_idx", "text")],
        lambda frame: found_names(frame, gazetteer),
        on_progress=on_progress,
    )


def dedup_prints(articles: pl.DataFrame, cache: DocumentCache | None, on_progress: Progress = None) -> Stage:
    """Exact and MinHash fingerprints of each article's text."""
    return per_document(cache, [articles.select("doc_id", "text")], fingerprints, on_progress=on_progress)


def restore_corpus(
    articles: pl.DataFrame, edits: pl.DataFrame, prints_cache: DocumentCache | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, list[Verdict]]:
    """``restore_spun_copies`` over the cleaned corpus, fingerprinted through the documents stage's own cache
    (``prints_cache``), so the stage reads back every fingerprint but those of the copies restored here."""
    prints, _ = dedup_prints(articles, prints_cache)
    return restore_spun_copies(articles, edits, prints)
