"""Entity mentions between runs: a document is tagged again only when its text or an alias it contains changed.

A document's mentions depend on its own sentences and date, and on the alias table (``pipeline.gazetteer``),
which is corpus-wide: a new article can bring a newly discovered name that older articles also use. So the key
of a document (``pipeline.doc_cache``) covers only its own inputs, and the cache also keeps a fingerprint of
every alias the last run matched with. A run then recomputes

* documents whose key is new (new or changed text, another date), and
* documents whose text contains an alias whose rows changed (added, removed, another entity or policy),

and reads every other document's mentions back. That is exact, not heuristic: matching (leftmost-longest,
surname resolution, titles by date) only ever looks at aliases found in the document's own text, and the
changed-alias test finds them the way matching does (the same normalization, the same case folding), only
more generously (no word boundaries), so it never misses a document it should redo.
"""

import polars as pl

from pipeline.doc_cache import KEY, CacheStats, DocumentCache, frame_keys
from pipeline.gazetteer import alias_table
from pipeline.phrase_match import PREFIX_MARK, normalize_for_matching
from pipeline.roles import tag_entities_by_date

#: The cache row holding the alias fingerprints (a key no document can have: document keys are hex digests).
ALIASES_KEY = "aliases"
STAGE = "entity_mentions"
#: Mentions sort on every column, so a run that reads some documents back lists rows exactly as a cold run.
_ORDER = ["doc_id", "char_start", "entity_id", "char_end", "sentence_idx", "surface"]


def alias_fingerprints(entities: pl.DataFrame) -> pl.DataFrame:
    """One row per needle (an alias as the matcher searches for it, lower-cased): ``needle`` and a hash of every
    alias row that needle stands for."""
    aliases = alias_table(entities)
    needle = pl.col("phrase").str.strip_suffix(PREFIX_MARK).str.to_lowercase()
    return (
        aliases.with_columns(needle=needle, row=aliases.hash_rows(seed=0))
        .group_by("needle")
        .agg(pl.col("row").sort().cast(pl.String).str.join(",").alias("fingerprint"))
        .sort("needle")
    )


def changed_needles(old: pl.DataFrame | None, new: pl.DataFrame) -> list[str] | None:
    """Needles added, removed or standing for other rows since ``old``; ``None`` when there is no ``old``."""
    if old is None:
        return None
    both = old.join(new, on="needle", how="full", coalesce=True, suffix="_new")
    differs = pl.col("fingerprint").ne_missing(pl.col("fingerprint_new"))
    return both.filter(differs)["needle"].to_list()


def documents_containing(sentences: pl.DataFrame, needles: list[str]) -> set[str]:
    """Documents with a sentence that contains one of ``needles`` as the matcher would search it."""
    if not needles or sentences.is_empty():
        return set()
    searched = normalize_for_matching(pl.col("text"))
    hit = searched.str.contains_any(needles, ascii_case_insensitive=True)
    # The matcher folds ASCII case only; needles are lower-cased, so fold the text too for the rest.
    hit_folded = searched.str.to_lowercase().str.contains_any(needles)
    return set(sentences.filter(hit | hit_folded)["doc_id"].unique().to_list())


def entity_mention_rows(
    sentences: pl.DataFrame,
    entities: pl.DataFrame,
    articles: pl.DataFrame,
    cache: DocumentCache | None,
) -> tuple[pl.DataFrame, CacheStats]:
    """``pipeline.roles.tag_entities_by_date`` for every document, recomputing only what the module says."""
    if cache is None:
        frame = tag_entities_by_date(sentences, entities, articles)
        return frame.sort(_ORDER), CacheStats(sentences["doc_id"].n_unique(), 0)
    inputs = sentences.select("doc_id", "sentence_idx", "text", "char_start")
    keys = frame_keys([inputs, articles.select("doc_id", "published_date")]).join(
        inputs.select("doc_id").unique(), on="doc_id", how="semi"
    )
    fingerprints = alias_fingerprints(entities)
    known, cached = cache.read()
    old = cached.get("aliases")
    changed = changed_needles(
        old.drop(KEY) if old is not None and ALIASES_KEY in known else None, fingerprints
    )
    stale = set(keys["doc_id"].to_list()) if changed is None else documents_containing(inputs, changed)
    reusable = keys.filter(pl.col(KEY).is_in(list(known)) & ~pl.col("doc_id").is_in(list(stale)))
    todo = keys.join(reusable, on="doc_id", how="anti")["doc_id"].to_list()

    fresh = tag_entities_by_date(
        sentences.filter(pl.col("doc_id").is_in(todo)),
        entities,
        articles.filter(pl.col("doc_id").is_in(todo)),
    )
    reused = (
        cached["mentions"].filter(pl.col(KEY).is_in(reusable[KEY].to_list())).drop(KEY)
        if "mentions" in cached and not reusable.is_empty()
        else fresh.head(0)
    )
    frame = pl.concat([fresh, reused.select(fresh.columns).cast(fresh.schema)]).sort(_ORDER)
    cache.save(
        [*keys[KEY].to_list(), ALIASES_KEY],
        {
            "mentions": frame.join(keys, on="doc_id", how="left"),
            "aliases": fingerprints.with_columns(pl.lit(ALIASES_KEY).alias(KEY)),
        },
    )
    return frame, CacheStats(keys.height, reusable.height)
