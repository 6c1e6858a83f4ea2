"""`newsetl run`'s progress: documents done, rate and ETA while a long stage runs, one line per finished stage."""

import datetime as dt
import io
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from assets import progress
from assets.progress import DOCUMENTS_ATTR, StageProgress, documents_line, duration
from pipeline.infra import workers
from pipeline.infra.doc_cache import DocumentCache, per_document
from pipeline.reference.gazetteer import load_entities
from pipeline.segment.paragraphs import paragraphs_frame
from pipeline.stages import clean
from pipeline.stages.clean import clean_stage
from pipeline.stages.documents import PARAGRAPH_ARTICLE_COLUMNS, sentence_rows
from pipeline.stages.mentions import entity_mention_rows, tag_in_batches
from pipeline.tag.entities.roles import tag_entities_by_date
from tests.conftest import (
    SAMPLE_ROWS,
    SAMPLES_CLEANED,
    SAMPLES_DIR,
    sample_records,
    sentences_of,
)

REPO = Path(__file__).resolve().parents[1]
#: What the clean stage's documents line says on the five samples (one block: the bar full at once).


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _event(kind: str, **data) -> SimpleNamespace:
    return SimpleNamespace(event_type_value=kind, event_specific_data=SimpleNamespace(**data))


def _feed(handler: StageProgress, clock: Clock, at: float, step: str, event=None, documents=None) -> None:
    """One record as Dagster hands it to a run's logger: its metadata, and a documents report's ``extra``."""
    clock.now = at
    fields = {"dagster_meta": {"step_key": step, "dagster_event": event}, "levelno": logging.DEBUG}
    if documents is not None:
        fields[DOCUMENTS_ATTR] = documents
    handler.handle(logging.makeLogRecord(fields))


def _materialized(cleaned: int, reused: int) -> SimpleNamespace:
    metadata = {"documents_cleaned": cleaned, "documents_reused": reused}
    return _event("ASSET_MATERIALIZATION", materialization=SimpleNamespace(metadata=metadata))


def test_documents_line_shows_a_bar_the_rate_and_the_eta():
    assert documents_line("clean", 4200, 10_000, 350.0, 16.6) == (
        "  … clean  [########------------]  4,200/10,000 docs  350/s  ETA 17s"
    )
    # no rate yet: no ETA either; all done: no ETA
    assert documents_line("clean", 0, 10_000) == "  … clean  [--------------------]  0/10,000 docs"
    assert (
        documents_line("clean", 7, 7, 1234.5, 0.0) == "  … clean  [####################]  7/7 docs  1,234/s"
    )
    assert [duration(s) for s in (0.4, 59.4, 245, 3600, 7380)] == ["0s", "59s", "4m05s", "1h00m", "2h03m"]


def test_live_line_counts_down_and_the_stage_line_replaces_it():
    clock, stream = Clock(), io.StringIO()
    handler = StageProgress(stream, live=True, tick_s=None, clock=clock)
    _feed(handler, clock, 0.0, "clean", _event("STEP_START"))
    assert handler.live_text() == "  … clean 0s"  # before the stage says how many documents
    _feed(handler, clock, 2.0, "clean", documents=(0, 10_000))
    _feed(handler, clock, 3.0, "clean", documents=(50, 10_000))
    clock.now = 3.5
    # 50 documents are too few for a rate
    assert handler.live_text() == "  … clean  [--------------------]  50/10,000 docs"
    _feed(handler, clock, 5.0, "clean", documents=(1000, 10_000))
    clock.now = 6.0
    # 1,000 documents in the 3 s since the first report: 333/s, 27 s to go as of t=5, so 26 s at t=6
    assert handler.live_text() == "  … clean  [##------------------]  1,000/10,000 docs  333/s  ETA 26s"
    assert stream.getvalue() == ""  # on a terminal, only the ticker draws documents
    _feed(handler, clock, 40.0, "clean", _materialized(9000, 1000))
    _feed(handler, clock, 40.0, "clean", _event("STEP_SUCCESS"))
    assert stream.getvalue() == (
        "\r\x1b[K  ✓ clean                        done      40.00s"
        "  10,000 documents (9,000 computed, 1,000 reused), 225/s\n"
    )
    assert handler.live_text() == ""


def test_plain_lines_come_only_for_long_stages_every_quarter_or_ten_seconds():
    clock, stream = Clock(), io.StringIO()
    handler = StageProgress(stream, live=False, plain_after_s=5.0, plain_every_s=10.0, clock=clock)
    # a short stage: done before five seconds, so no documents line
    _feed(handler, clock, 0.0, "clean", _event("STEP_START"))
    _feed(handler, clock, 0.5, "clean", documents=(0, 5))
    _feed(handler, clock, 2.0, "clean", documents=(5, 5))
    _feed(handler, clock, 2.5, "clean", _event("STEP_SUCCESS"))
    # a long one
    _feed(handler, clock, 10.0, "segment", _event("STEP_START"))
    for at, done in [(11, 0), (13, 1000), (16, 2000), (19, 3000), (22, 4000), (25, 5000), (35.5, 6000),
                     (36, 7000), (40, 10_000)]:  # fmt: skip
        _feed(handler, clock, at, "segment", documents=(done, 10_000))
    _feed(handler, clock, 41.0, "segment", _event("STEP_SUCCESS"))
    assert stream.getvalue().splitlines() == [
        "  ✓ clean                        done       2.50s",
        # 1,000 at 13 s is before five seconds; 2,000 at 16 s is in the first quarter and not ten seconds on
        "  … segment  [######--------------]  3,000/10,000 docs  375/s  ETA 19s",  # a quarter
        "  … segment  [##########----------]  5,000/10,000 docs  357/s  ETA 14s",  # half
        "  … segment  [############--------]  6,000/10,000 docs  245/s  ETA 16s",  # ten seconds on
        "  … segment  [####################]  10,000/10,000 docs  345/s",  # all
        "  ✓ segment                      done      31.00s",
    ]


def test_stage_lines_keep_their_columns():
    lines = [
        progress.stage_line("✓", "clean", "done", 3.864, 5000, 1000),
        progress.stage_line("✓", "cleaning_edits_cleaning_edits_schema", "done", 0.1),
        progress.stage_line("✗", "quotes", "FAILED", 0.5, 1, 0),
    ]
    assert lines == [
        "  ✓ clean                        done       3.86s  5,000 documents (4,000 computed, 1,000 reused), 1,035/s",
        "  ✓ cleaning_edits_cleaning_edi… done       0.10s",
        "  ✗ quotes                       FAILED     0.50s  1 document",
    ]


def test_a_stage_reports_documents_only_in_runs_using_the_progress_logger():
    class Kept(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.DEBUG)
            self.records: list[logging.LogRecord] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append(record)

    log, kept = logging.Logger("test-run"), Kept()
    log.addHandler(kept)
    ui_run = SimpleNamespace(run=SimpleNamespace(run_config={}), log=log)
    quiet_run = SimpleNamespace(run=SimpleNamespace(run_config={"loggers": {"console": {}}}), log=log)
    assert progress.documents_done(ui_run, "cleaned") is None  # its log and console stay as they were
    assert progress.documents_done(quiet_run, "cleaned") is None
    cli_run = SimpleNamespace(run=SimpleNamespace(run_config={"loggers": {"progress": {}}}), log=log)
    progress.documents_done(cli_run, "cleaned")(1000, 3005)
    assert [(r.getMessage(), r.levelno, getattr(r, DOCUMENTS_ATTR)) for r in kept.records] == [
        ("1,000/3,005 documents cleaned", logging.DEBUG, (1000, 3005))
    ]


def test_progress_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("NEWSETL_PROGRESS_AFTER_S", raising=False)
    assert progress.plain_after_s() == progress.PLAIN_AFTER_S
    monkeypatch.setenv("NEWSETL_PROGRESS_AFTER_S", "0.5")
    assert progress.plain_after_s() == 0.5
    monkeypatch.setenv("NEWSETL_PROGRESS_AFTER_S", "soon")
    with pytest.raises(ValueError, match="NEWSETL_PROGRESS_AFTER_S must be a number of seconds, not 'soon'"):
        progress.plain_after_s()


@pytest.mark.parametrize("processes", [1, 2], ids=["one-process", "two-processes"])
def test_clean_stage_reports_documents_done_block_by_block(monkeypatch, tmp_path, processes):
    monkeypatch.setattr(clean, "CLEAN_BATCH", 2)
    monkeypatch.setattr(workers, "MIN_DOCUMENTS_PER_WORKER", 1)
    records = sample_records()
    reported = []
    cache = DocumentCache(tmp_path, "clean")
    tables, stats = clean_stage(
        records, cache, workers=processes, on_progress=lambda done, total: reported.append((done, total))
    )
    # five samples in blocks of two: a report when cleaning starts and after each block, ending at the total
    assert len(records) == stats.computed == 5
    assert reported == [(0, 5), (2, 5), (4, 5), (5, 5)]
    quiet, _ = clean_stage(records, workers=processes)  # cleaned one block at a time or not: the same tables
    for name in quiet:
        assert_frame_equal(tables[name], quiet[name])
    # every document read back: nothing cleaned, nothing reported
    reported.clear()
    _, warm = clean_stage(records, cache, on_progress=lambda done, total: reported.append((done, total)))
    assert (warm.reused, reported) == (5, [])


def _run(tmp_path: Path, *flags: str, after_s: str) -> subprocess.CompletedProcess:
    raw = tmp_path / "raw"
    raw.mkdir(parents=True)
    for sample in sorted(SAMPLES_DIR.glob("*.txt")):
        (raw / sample.name).write_bytes(sample.read_bytes())
    env = os.environ | {
        "PYTHONPATH": str(REPO),
        "NEWSETL_RAW_DIR": str(raw),
        "NEWSETL_WAREHOUSE": str(tmp_path / "warehouse" / "news.duckdb"),
        "NEWSETL_PROGRESS_AFTER_S": after_s,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "newsetl", "run", *flags], capture_output=True, text=True, env=env, timeout=420
    )
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]
    return proc


def test_run_prints_the_documents_done_of_a_long_stage(tmp_path):
    # No terminal (stderr is a pipe): plain lines, for a stage running longer than NEWSETL_PROGRESS_AFTER_S;
    # at 0 every stage is long enough, so the clean stage's one block prints its line, then the stage's own.
    # (Under --processes: tests/test_cli.py's run with step processes, which costs two minutes, checks the same.)
    err = _run(tmp_path, after_s="0").stderr.splitlines()
    assert err.count(SAMPLES_CLEANED) == 1
    assert err[err.index(SAMPLES_CLEANED) + 1].startswith("  ✓ clean                        done ")
    assert not any("\x1b[K" in line for line in err)


def test_run_prints_no_documents_line_for_short_stages_nor_when_quiet(tmp_path):
    short = _run(tmp_path / "short", after_s="3600").stderr.splitlines()
    assert not any(" docs" in line for line in short)
    assert any(line.startswith("  ✓ clean ") for line in short)
    quiet = _run(tmp_path / "quiet", "--quiet", after_s="0")
    assert quiet.stdout == ""
    assert not [line for line in quiet.stderr.splitlines() if line.startswith(("  ✓", "  ✗", "  …"))]


@pytest.fixture(scope="module")
def sample_articles() -> pl.DataFrame:
    tables, _ = clean_stage(sample_records(), workers=1)
    return tables["articles"]


def _heard() -> tuple[list[tuple[int, int]], Callable[[int, int], None]]:
    reported: list[tuple[int, int]] = []
    return reported, lambda done, total: reported.append((done, total))


def test_per_document_reports_documents_computed_batch_by_batch(tmp_path, sample_articles):
    articles = sample_articles.select(PARAGRAPH_ARTICLE_COLUMNS)
    cache = DocumentCache(tmp_path, "paragraphs")
    reported, hear = _heard()
    cold, stats = per_document(cache, [articles], paragraphs_frame, batch=2, on_progress=hear)
    # five samples in batches of two: a report when computing starts and after each batch, ending at the total
    assert (stats.computed, reported) == (5, [(0, 5), (2, 5), (4, 5), (5, 5)])
    quiet, _ = per_document(
        None, [articles], paragraphs_frame, batch=2
    )  # the same frame without the callback
    assert quiet.height == SAMPLE_ROWS["paragraphs"]
    assert_frame_equal(cold, quiet)
    # every document read back: nothing computed, nothing reported
    reported.clear()
    warm, stats = per_document(cache, [articles], paragraphs_frame, batch=2, on_progress=hear)
    assert (stats.reused, reported) == (5, [])
    assert_frame_equal(warm, quiet)
    # one document's input changed: the total counts the documents computed now, not those read back
    first = articles["doc_id"][0]
    changed = articles.with_columns(
        pl.when(pl.col("doc_id") == first)
        .then(pl.lit("other"))
        .otherwise("language_method")
        .alias("language_method")
    )
    _, stats = per_document(cache, [changed], paragraphs_frame, batch=2, on_progress=hear)
    assert (stats.computed, stats.reused, reported) == (1, 4, [(0, 1), (1, 1)])


def test_sentence_rows_pass_their_callback_through(sample_articles):
    articles = sample_articles
    paragraphs = paragraphs_frame(articles.select(PARAGRAPH_ARTICLE_COLUMNS))
    reported, hear = _heard()
    frame, _ = sentence_rows(paragraphs, articles, None, on_progress=hear)
    quiet, _ = sentence_rows(paragraphs, articles, None)
    assert frame.height == SAMPLE_ROWS["sentences"]
    assert_frame_equal(frame, quiet)
    assert reported == [(0, 5), (5, 5)]  # five documents: one batch


def test_entity_mentions_report_documents_tagged_batch_by_batch(tmp_path, sample_texts):
    """Entity mentions do not go through per_document (an alias change retags documents whose key did not
    change): they are tagged in batches of their own, which change no row."""
    sentences = sentences_of(sample_texts)
    ids = sentences["doc_id"].unique().sort()
    articles = pl.DataFrame({"doc_id": ids, "published_date": [dt.date(2026, 1, 13)] * len(ids)})
    entities = load_entities()
    order = ["doc_id", "char_start", "entity_id", "char_end", "sentence_idx", "surface"]
    whole = tag_entities_by_date(sentences, entities, articles).sort(order)
    reported, hear = _heard()
    batched = tag_in_batches(sentences, entities, articles, hear, batch=2).sort(order)
    assert reported == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert whole.height > 0
    assert_frame_equal(batched, whole)
    # through the stage: cold, its five documents; warm, nothing tagged and nothing reported
    reported.clear()
    cache = DocumentCache(tmp_path, "entity_mentions")
    cold, _ = entity_mention_rows(sentences, entities, articles, cache, hear)
    assert reported == [(0, 5), (5, 5)]
    assert_frame_equal(cold, whole)
    reported.clear()
    warm, stats = entity_mention_rows(sentences, entities, articles, cache, hear)
    assert (stats.reused, reported) == (5, [])
    assert_frame_equal(warm, whole)
