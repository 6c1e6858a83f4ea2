"""Entity mentions between runs: a document is tagged again only when its text or an alias it contains changed.

A document's mentions depend on its own sentences and date, and on the alias table (``pipeline.reference.gazetteer``),
which is corpus-wide: a new article can bring a newly discovered name that older articles also use. So the key
of a document (``pipeline.infra.doc_cache``) covers only its own inputs, and the cache also keeps a fingerprint of
every alias the last run matched with. A run then recomputes

* documents whose key is new (new or changed text, another date), and
* documents whose text contains an alias whose rows changed (added, removed, another entity or policy),

and reads every other document's mentions back. That is exact, not heuristic: matching (leftmost-longest,
surname resolution, titles by date) only ever looks at aliases found in the document's own text, and the
changed-alias test finds them with the matcher itself (the same normalization, word boundaries and prefixes),
only more generously (any case, every spelling), so it never misses a document it should redo.
"""

from collections.abc import Callable

import polars as pl

from pipeline.infra.doc_cache import (
    PER_DOCUMENT_BATCH,
    CacheStats,
    DocumentCache,
    frame_keys,
    rows_where,
)
from pipeline.reference.gazetteer import alias_table
from pipeline.tag.entities.roles import tag_entities_by_date
from pipeline.text.phrase_match import PREFIX_MARK, find_phrases, normalize_for_matching

STAGE = "entity_mentions"
#: Mentions sort on every column, so a run that reads some documents back lists rows exactly as a cold run.
_ORDER = ["doc_id", "char_start", "entity_id", "char_end", "sentence_idx", "surface"]


def alias_fingerprints(entities: pl.DataFrame) -> pl.DataFrame:
    """One row per needle (an alias as the matcher searches for it, lower-cased): ``needle``, a hash of every
    alias row that needle stands for, and the ``phrases`` (as the alias table spells them) it stands for."""
    aliases = alias_table(entities)
    needle = pl.col("phrase").str.strip_suffix(PREFIX_MARK).str.to_lowercase()
    return (
        aliases.with_columns(needle=needle, row=aliases.hash_rows(seed=0))
        .group_by("needle")
        .agg(
            pl.col("row").sort().cast(pl.String).str.join(",").alias("fingerprint"),
            pl.col("phrase").unique().sort().alias("phrases"),
        )
        .sort("needle")
    )


def changed_phrases(old: pl.DataFrame | None, new: pl.DataFrame) -> list[str] | None:
    """Every spelling, old or new, of the needles added, removed or standing for other rows since ``old``;
    ``None`` when there is no ``old``."""
    if old is None:
        return None
    both = old.join(new, on="needle", how="full", coalesce=True, suffix="_new")
    changed = both.filter(pl.col("fingerprint").ne_missing(pl.col("fingerprint_new")))
    spellings = pl.concat([changed["phrases"].explode(), changed["phrases_new"].explode()]).drop_nulls()
    return spellings.unique().sort().to_list()


def documents_containing(sentences: pl.DataFrame, phrases: list[str]) -> set[str]:
    """Documents in which one of ``phrases`` matches, by the matcher's own rules but more generously: each
    spelling on its own (the matcher searches one per lower-cased needle) and in any case."""
    if not phrases or sentences.is_empty():
        return set()
    needles = [phrase.removesuffix(PREFIX_MARK) for phrase in phrases]
    searched = normalize_for_matching(pl.col("text"))
    # A cheap first pass: sentences that contain a needle anywhere, in any case, ignoring word boundaries.
    maybe = sentences.filter(
        searched.str.contains_any(needles, ascii_case_insensitive=True)
        | searched.str.to_lowercase().str.contains_any([n.lower() for n in needles])
    )
    found: set[str] = set()
    by_key: dict[str, list[str]] = {}
    for phrase in phrases:
        by_key.setdefault(phrase.removesuffix(PREFIX_MARK).lower(), []).append(phrase)
    # One spelling per needle per call, as find_phrases takes them. A one-word spelling matches case-sensitively
    # under every version of the alias table (``alias_table``: one-word aliases and bare surnames match case),
    # so it is searched so here too: "Agreement" newly discovered redoes the documents that write "Agreement",
    # not every document with "agreement" in it. Longer spellings are searched in any case.
    for n in range(max(map(len, by_key.values()))):
        batch = [spellings[n] for spellings in by_key.values() if n < len(spellings)]
        one_word = [len(phrase.removesuffix(PREFIX_MARK).split(" ")) == 1 for phrase in batch]
        table = pl.DataFrame({"phrase": batch, "case_sensitive": one_word})
        found |= set(find_phrases(maybe, table)["doc_id"].to_list())
    return found


def tag_in_batches(
    sentences: pl.DataFrame,
    entities: pl.DataFrame,
    articles: pl.DataFrame,
    on_progress: Callable[[int, int], None] | None = None,
    batch: int = PER_DOCUMENT_BATCH,
) -> pl.DataFrame:
    """``tag_entities_by_date`` a batch of documents at a time (in the sentences' order), so ``on_progress(done,
    total)`` hears how far it is: 0 at the start, then after each batch. Exact: a document's mentions depend on
    its own sentences and date (and the corpus-wide alias table) only."""
    doc_ids = sentences["doc_id"].unique(maintain_order=True).to_list()
    total = len(doc_ids)
    if total <= batch:  # one batch: nothing to filter
        chunks = [(sentences, articles)]
    else:
        chunks = (
            (
                sentences.filter(pl.col("doc_id").is_in(doc_ids[start : start + batch])),
                articles.filter(pl.col("doc_id").is_in(doc_ids[start : start + batch])),
            )
            for start in range(0, total, batch)
        )
    report = on_progress if on_progress is not None and total else None
    if report is not None:
        report(0, total)
    parts = []
    for n, (chunk, dated) in enumerate(chunks, start=1):
        parts.append(tag_entities_by_date(chunk, entities, dated))
        if report is not None:
            report(min(n * batch, total), total)
    return pl.concat(parts, rechunk=False)


def entity_mention_rows(
    sentences: pl.DataFrame,
    entities: pl.DataFrame,
    articles: pl.DataFrame,
    cache: DocumentCache | None,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[pl.DataFrame, CacheStats]:
    """``pipeline.tag.entities.roles.tag_entities_by_date`` for every document, recomputing only what the module says.
    ``on_progress(done, total)``: documents tagged now (not read back) so far (``tag_in_batches``)."""
    if cache is None:
        frame = tag_in_batches(sentences, entities, articles, on_progress)
        return frame.sort(_ORDER), CacheStats(sentences["doc_id"].n_unique(), 0)
    inputs = sentences.select("doc_id", "sentence_idx", "text", "char_start")
    keys = frame_keys([inputs, articles.select("doc_id", "published_date")]).join(
        inputs.select("doc_id").unique(), on="doc_id", how="semi"
    )
    fingerprints = alias_fingerprints(entities)
    hits, cached = cache.lookup(keys)
    changed = changed_phrases(cached.get("aliases"), fingerprints)
    stale = set(keys["doc_id"].to_list()) if changed is None else documents_containing(inputs, changed)
    reusable = hits.filter(~hits.is_in(list(stale)))
    todo = keys.filter(~pl.col("doc_id").is_in(reusable.implode()))["doc_id"].to_list()

    fresh = tag_in_batches(
        rows_where(sentences, sentences["doc_id"].is_in(todo)),
        entities,
        rows_where(articles, articles["doc_id"].is_in(todo)),
        on_progress,
    )
    reused = (
        rows_where(cached["mentions"], cached["mentions"]["doc_id"].is_in(reusable.implode()))
        if "mentions" in cached and not reusable.is_empty()
        else fresh.head(0)
    )
    frame = pl.concat([fresh, reused.select(fresh.columns).cast(fresh.schema)]).sort(_ORDER)
    # The alias fingerprints have no document column: the cache keeps them as stage-wide state.
    cache.save(keys, {"mentions": frame, "aliases": fingerprints})
    return frame, CacheStats(keys.height, reusable.len())
