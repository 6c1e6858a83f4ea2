"""Per-document caching: a warm run publishes exactly what a cold one does, and recomputes only what changed."""

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import pipeline.infra.doc_cache as doc_cache
from pipeline.infra.doc_cache import DocumentCache, frame_keys, run_cached
from pipeline.stages.clean import clean_stage
from tests.conftest import SAMPLE_FILES, SAMPLE_ROWS, sample_records

#: The clean stage's tables on the five samples, row for row what every cached or batched run must give.
CLEAN_ROWS = {
    "articles": SAMPLE_ROWS["articles"],
    "cleaning_edits": SAMPLE_ROWS["cleaning_edits"],
    "emptied": 0,
}


def _same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert_frame_equal(a[name], b[name], check_row_order=True)


def _rows(tables: dict[str, pl.DataFrame]) -> dict[str, int]:
    return {name: frame.height for name, frame in tables.items()}


@pytest.fixture
def cache(tmp_path: Path) -> DocumentCache:
    return DocumentCache(tmp_path, "clean")


def test_warm_run_reuses_everything_and_publishes_the_same_tables(cache):
    records = sample_records()
    cold, _ = clean_stage(records)  # no cache at all
    first, first_stats = clean_stage(records, cache)
    warm, warm_stats = clean_stage(records, cache)
    assert (first_stats.computed, first_stats.reused) == (5, 0)
    assert (warm_stats.computed, warm_stats.reused) == (5 - 5, 5)
    _same(cold, first)
    _same(cold, warm)
    assert _rows(warm) == CLEAN_ROWS


def test_a_changed_record_is_the_only_one_recomputed(cache):
    records = sample_records()
    clean_stage(records, cache)
    edited = [replace(r, text=r.text + "\nA sentence added by the outlet later.") if i == 2 else r
              for i, r in enumerate(records)]  # fmt: skip
    warm, stats = clean_stage(edited, cache)
    assert (stats.computed, stats.reused) == (1, 4)
    cold, _ = clean_stage(edited)
    _same(cold, warm)
    assert "added by the outlet later" in warm["articles"]["text"][2]


def test_new_corpus_boilerplate_invalidates_the_documents_it_touches(cache):
    line = "Subscribe to our newsletter for daily updates"
    base = [(f"site/{n}.txt", f"Story number {n} about the talks in Seoul.\n{line}\n") for n in range(3)]
    clean_stage(sample_records(base), cache)
    # three more pages with the same line make it boilerplate of the corpus: the first three must be recleaned
    more = [(f"site/{n}.txt", f"Story number {n} on the trade dispute.\n{line}\n") for n in range(3, 6)]
    warm, stats = clean_stage(sample_records(base + more), cache)
    assert stats.computed == 6  # three new, three whose cleaning the new boilerplate changes
    cold, _ = clean_stage(sample_records(base + more))
    _same(cold, warm)
    assert not warm["articles"].filter(pl.col("text").str.contains("newsletter")).height


def test_boilerplate_spelled_otherwise_in_a_new_file_recomputes_only_the_new_file(cache):
    """Boilerplate matches by line key (case and spacing folded); which spelling of it the corpus met first
    is no part of a document's key. A new file listed first (``a/``) that shouts the line once changed the key
    of every document carrying it (7,880 of 10,005 recleaned on adding 100 articles in
    `bench.incremental --documents 10000`)."""
    line = "Subscribe to our newsletter for daily updates"
    base = [(f"site/{n}.txt", f"Story number {n} about the talks in Seoul.\n{line}\n") for n in range(6)]
    clean_stage(sample_records(base), cache)
    shouted = [("a/new.txt", f"A new story on the trade dispute.\n{line.upper()}\n")]
    warm, stats = clean_stage(sample_records(shouted + base), cache)
    assert stats.computed == 1
    cold, _ = clean_stage(sample_records(shouted + base))
    _same(cold, warm)


def test_a_new_code_version_recomputes_all_and_drops_the_old_cache(cache, monkeypatch):
    records = sample_records()
    clean_stage(records, cache)
    old_file = cache.path
    monkeypatch.setattr(doc_cache, "stage_fingerprint", lambda stage: "0" * 16)  # the stage's code changed
    _, stats = clean_stage(records, cache)
    assert stats.reused == 0 and stats.computed == 5
    assert cache.path.exists() and not old_file.exists()
    assert sorted(cache.folder.iterdir()) == sorted(cache.files())  # the old version's tables went too


def test_a_deleted_cache_only_costs_time(cache):
    records = sample_records()
    cold, _ = clean_stage(records, cache)
    cache.path.unlink()
    warm, stats = clean_stage(records, cache)
    assert stats.reused == 0
    _same(cold, warm)
    assert _rows(warm) == CLEAN_ROWS


def test_frame_keys_change_with_any_row_of_the_document():
    frame = pl.DataFrame({"doc_id": ["a", "a", "b"], "text": ["x", "y", "z"]})
    keys = dict(frame_keys([frame]).iter_rows())
    changed = dict(frame_keys([frame.with_columns(pl.when(pl.col("text") == "y").then(pl.lit("Y"))
                                                  .otherwise(pl.col("text")).alias("text"))]).iter_rows())  # fmt: skip
    assert keys["b"] == changed["b"] and keys["a"] != changed["a"]


def test_run_cached_keeps_document_order_and_rows_within_a_document(tmp_path):
    cache = DocumentCache(tmp_path, "paragraphs")
    source = pl.DataFrame({"doc_id": ["d2", "d1", "d3"], "text": ["b1 b2", "a1", "c1 c2 c3"]})

    def compute(ids):
        rows = [(d, i, w) for d, t in source.iter_rows() if d in ids for i, w in enumerate(t.split())]
        return {"words": pl.DataFrame(rows, schema=["doc_id", "idx", "word"], orient="row")}

    keys = frame_keys([source])
    cold, _ = run_cached(cache, keys, compute)
    warm, stats = run_cached(cache, keys, compute)
    assert stats.reused == 3
    assert warm["words"]["word"].to_list() == ["b1", "b2", "a1", "c1", "c2", "c3"]
    _same(cold, warm)


def test_parsed_raw_files_are_read_back_by_path_and_content(tmp_path):
    from pipeline.infra.doc_cache import FileCache
    from pipeline.ingest.records import land_files
    from pipeline.stages.ingest import read_landed

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLE_FILES[:2]:
        (raw / path.name).write_bytes(path.read_bytes())
    store = tmp_path / "store"
    manifest = land_files(raw, store)
    cache = FileCache(tmp_path)
    cold = read_landed(manifest, store, cache)
    assert cold == read_landed(manifest, store)  # the cache changes nothing
    assert [r.source_path for r in cold[0]] == [p.name for p in SAMPLE_FILES[:2]] and cold[1] == []
    assert [r.text for r in cold[0]] == [p.read_text(encoding="utf-8") for p in SAMPLE_FILES[:2]]
    # the second run does not read the stored bytes at all
    for blob in store.rglob("*"):
        if blob.is_file():
            blob.write_bytes(b"not the article")
    assert read_landed(manifest, store, cache) == cold
    # a torn cache file is parsed again rather than trusted
    for pickled in cache.folder.glob("*.pickle"):
        pickled.write_bytes(b"\x80\x05torn")
    records, _ = read_landed(manifest, store, cache)
    assert [r.text for r in records] == ["not the article"] * 2


def test_a_torn_cache_file_is_rebuilt_and_other_runs_partials_are_left_alone(cache):
    records = sample_records()
    cold, _ = clean_stage(records, cache)
    cache.path.write_bytes(b"\x80\x05torn")
    other_run = cache.folder / f"{cache.path.name}.99999.partial"
    other_run.write_bytes(b"another run is still writing this")
    warm, stats = clean_stage(records, cache)
    assert stats.reused == 0
    _same(cold, warm)
    assert _rows(warm) == CLEAN_ROWS
    assert other_run.exists()  # a recent partial may belong to a live run


def test_per_document_stages_in_batches_give_the_rows_of_one_pass(tmp_path: Path):
    """A per-document stage runs a batch of documents at a time (to bound what it builds in between); batch
    boundaries change no row and no order, cold or warm, and a stage that looked across documents would be
    caught: its rows would differ."""
    from pipeline.segment.paragraphs import paragraphs_frame
    from pipeline.stages.documents import PARAGRAPH_ARTICLE_COLUMNS

    tables, _ = clean_stage(sample_records())
    articles = tables["articles"].select(PARAGRAPH_ARTICLE_COLUMNS)
    whole = paragraphs_frame(articles)
    assert whole.height == SAMPLE_ROWS["paragraphs"]
    for batch in (1, 2, 100):
        cache = DocumentCache(tmp_path / f"b{batch}", "paragraphs")
        cold, _ = doc_cache.per_document(cache, [articles], paragraphs_frame, batch=batch)
        assert_frame_equal(cold, whole)
        uncached, _ = doc_cache.per_document(None, [articles], paragraphs_frame, batch=batch)
        assert_frame_equal(uncached, whole)

    def rank_in_batch(frame: pl.DataFrame) -> pl.DataFrame:  # not per-document: sees its batch
        return frame.select("doc_id", pl.int_range(pl.len()).alias("rank"))

    one, _ = doc_cache.per_document(None, [articles], rank_in_batch, batch=100)
    split, _ = doc_cache.per_document(None, [articles], rank_in_batch, batch=2)
    assert one["rank"].to_list() == list(range(articles.height))
    assert split["rank"].to_list() != one["rank"].to_list()


def test_a_manifest_whose_table_file_is_gone_counts_as_empty(cache):
    """Tables live in Arrow files beside the manifest; if one disappears (a clean-up, a concurrent save), the
    documents are computed again rather than published with rows missing."""
    records = sample_records()
    cold, _ = clean_stage(records, cache)
    arrow = [p for p in cache.files() if p.suffix == ".arrow"]
    assert len(arrow) == 4  # the keys, articles, cleaning_edits, emptied
    for n in range(len(arrow)):
        clean_stage(records, cache)  # saves a whole cache again
        gone = sorted(p for p in cache.files() if p.suffix == ".arrow")[n]
        gone.unlink()
        warm, stats = clean_stage(records, cache)
        assert stats.reused == 0, gone.name
        _same(cold, warm)
        assert _rows(warm) == CLEAN_ROWS


def test_in_document_order_returns_an_ordered_frame_itself_and_reorders_any_other():
    from pipeline.core.frames import in_document_order

    frame = pl.DataFrame({"doc_id": ["b", "b", "a", "c"], "n": [1, 2, 3, 4]})
    assert in_document_order(frame, ["x", "b", "a", "c"]) is frame  # ids with no rows do not matter
    assert in_document_order(frame, ["a", "b", "c"])["n"].to_list() == [3, 1, 2, 4]
    assert in_document_order(frame, ["c", "b"])["n"].to_list() == [4, 1, 2]  # rows of other ids go
    split = pl.DataFrame({"doc_id": ["a", "b", "a"], "n": [1, 2, 3]})  # a's rows in two runs
    assert in_document_order(split, ["a", "b"])["n"].to_list() == [1, 3, 2]


def test_the_cache_keeps_one_key_a_document_not_a_key_a_row(cache):
    records = sample_records()
    clean_stage(records, cache)
    tables = {p.name.split(".")[-2]: pl.read_ipc(p) for p in cache.files() if p.suffix == ".arrow"}
    assert tables["_keys"].columns == ["doc_id", doc_cache.KEY] and tables["_keys"].height == 5
    assert tables["cleaning_edits"].height > 5
    assert all(doc_cache.KEY not in frame.columns for name, frame in tables.items() if name != "_keys")


def test_consuming_the_records_frees_them_and_cleans_the_same(cache):
    records = sample_records()
    kept, _ = clean_stage(list(records))
    consumed = list(records)
    tables, stats = clean_stage(consumed, cache, consume=True)
    assert consumed == [] and stats.computed == 5
    _same(kept, tables)
    assert _rows(tables) == CLEAN_ROWS
    consumed = list(records)
    warm, stats = clean_stage(consumed, cache, consume=True)  # all read back: emptied all the same
    assert consumed == [] and stats.reused == 5
    _same(kept, warm)


def test_issue_rows_cached_by_document_are_the_one_pass_tagging(tmp_path: Path):
    from pipeline.stages.documents import ISSUE_SENTENCE_COLUMNS, issue_rows, paragraph_rows, sentence_rows
    from pipeline.tag.taxonomy import tag_issues

    articles = clean_stage(sample_records())[0]["articles"]
    sentences = sentence_rows(paragraph_rows(articles, None)[0], articles, None)[0]
    whole = tag_issues(sentences.select(ISSUE_SENTENCE_COLUMNS))
    assert (sentences.height, whole.height) == (SAMPLE_ROWS["sentences"], SAMPLE_ROWS["issue_mentions"])
    cache = DocumentCache(tmp_path, "issues")
    cold, cold_stats = issue_rows(sentences, cache)
    warm, warm_stats = issue_rows(sentences, cache)
    assert (cold_stats.computed, warm_stats.reused) == (5, 5)
    assert_frame_equal(cold, whole)
    assert_frame_equal(warm, whole)


def test_a_key_set_is_kept_per_code_version_and_a_torn_one_is_empty(tmp_path):
    from pipeline.infra.doc_cache import KeySet

    keys = KeySet(tmp_path, "aligned_copies")
    assert keys.load() == set()
    other_version = keys.path.with_name("0123456789abcdef.pickle")
    other_version.parent.mkdir(parents=True)
    other_version.write_bytes(b"an older code version's set")
    keys.save({"a", "b"})
    assert keys.load() == {"a", "b"} and not other_version.exists()
    keys.save({"b"})
    assert keys.load() == {"b"}
    keys.path.write_bytes(keys.path.read_bytes()[:10])  # torn by a crash
    assert keys.load() == set()
