"""The clean stage over the corpus: each record cleaned once, in parallel blocks, and kept in the stage's cache."""

from collections.abc import Callable, Sequence
from functools import partial

import polars as pl

from pipeline.clean.aligned_restore import Verdict, restore_spun_copies
from pipeline.clean.articles import ARTICLES_SCHEMA, CLEAN_BATCH, EDITS_SCHEMA, EMPTIED_SCHEMA, clean_frames
from pipeline.clean.chrome import line_key
from pipeline.clean.recurring_lines import find_boilerplate_lines
from pipeline.infra.doc_cache import KEY, CacheStats, DocumentCache, KeySet, run_cached, text_key
from pipeline.infra.memory import release_free_memory
from pipeline.infra.workers import map_blocks
from pipeline.ingest.records import RawRecord


def clean_stage(
    records: Sequence[RawRecord],
    cache: DocumentCache | None = None,
    *,
    boilerplate: frozenset[str] | None = None,
    workers: int | None = None,
    consume: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, pl.DataFrame], CacheStats]:
    """``articles``, ``cleaning_edits`` and the records cleaning emptied (``emptied``, quarantine rows) for every
    record, reusing the cached result of any record cleaned before with the same inputs and code.

    A record's key covers all its fields (text, metadata, decoding edits) and the corpus boilerplate lines that
    occur in it: boilerplate is found across the whole corpus, so a new day's articles can change how an old
    one is cleaned, and then its key changes too.

    With ``consume``, ``records`` is emptied once they are cleaned, before the tables are put in order and saved:
    the parsed corpus is as large as the tables, and a caller holding no other reference to the records frees
    it then instead of after this returns.

    ``on_progress(done, total)`` hears how many of the documents to clean now (not those read back) are done:
    0 when cleaning starts, then after each block of ``CLEAN_BATCH``, ending at ``total``; never when every
    document is read back from the cache.
    """
    if boilerplate is None:
        boilerplate = find_boilerplate_lines(record.text for record in records)
    by_id = {record.doc_id: record for record in records}
    keys = pl.DataFrame(
        {
            "doc_id": list(by_id),
            KEY: [text_key(repr(r), _boilerplate_in(r.text, boilerplate)) for r in by_id.values()],
        },
        schema={"doc_id": pl.String, KEY: pl.String},
    )
    del by_id  # references to every record

    def compute(ids: set[str]) -> dict[str, pl.DataFrame]:
        todo = [r for r in records if r.doc_id in ids]
        total = len(todo)
        if on_progress is not None:
            on_progress(0, total)
        # Blocks of the corpus in parallel processes, each handed back as compact frames in record order: the
        # concatenation is already in the order run_cached wants, so it is never gathered again (a copy).
        blocks = map_blocks(
            partial(clean_frames, boilerplate=boilerplate),
            todo,
            block=CLEAN_BATCH,
            workers=workers,
            on_block=None if on_progress is None else lambda done: on_progress(done, total),
        )
        del todo
        if consume:
            records.clear()  # a list, as `consume` requires
            release_free_memory()
        return {
            name: pl.concat([block[name] for block in blocks], rechunk=False)
            for name in ("articles", "cleaning_edits", "emptied")
        }

    tables, stats = run_cached(cache, keys, compute)
    if consume:
        records.clear()  # every document was read back: nothing was cleaned
    for name, schema in (("articles", ARTICLES_SCHEMA), ("cleaning_edits", EDITS_SCHEMA)):
        tables.setdefault(name, pl.DataFrame(schema=schema))
    tables.setdefault("emptied", pl.DataFrame(schema=EMPTIED_SCHEMA))
    return tables, stats


def restore_copies(
    articles: pl.DataFrame, edits: pl.DataFrame, prints: pl.DataFrame, rejected: KeySet | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, list[Verdict]]:
    """``restore_spun_copies``, not aligning again the pairs an earlier run rejected (``rejected``): nearly every
    candidate pair is rejected, and aligning them was the clean step's largest cost when nothing had changed."""
    known = rejected.load() if rejected is not None else None
    result = restore_spun_copies(articles, edits, prints, known)
    if rejected is not None and known is not None:
        rejected.save(known)
    return result


def _boilerplate_in(text: str, boilerplate: frozenset[str]) -> list[str]:
    """The keys of the boilerplate lines that can match inside ``text`` (a superset: any line key found in its
    key). Keys, not the lines: cleaning matches by key, and the spelling `find_boilerplate_lines` reports is the
    first the corpus met, which a new file can change without changing what any document's cleaning does."""
    if not boilerplate:
        return []
    key = line_key(text)
    return sorted({k for k in map(line_key, boilerplate) if k in key})
