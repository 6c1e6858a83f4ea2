"""Worker processes: the same output whatever the number of processes."""

import os

from polars.testing import assert_frame_equal

from pipeline.clean.articles import clean_records
from pipeline.infra import workers
from pipeline.infra.workers import map_blocks
from pipeline.stages.clean import clean_stage
from tests.conftest import SAMPLE_ROWS, sample_records


def test_two_processes_clean_exactly_what_one_does(monkeypatch):
    records = sample_records()
    monkeypatch.setenv("NEWSETL_WORKERS", "1")
    serial, _ = clean_stage(records)
    monkeypatch.setenv("NEWSETL_WORKERS", "2")
    monkeypatch.setattr(workers, "MIN_DOCUMENTS_PER_WORKER", 1)
    parallel, _ = clean_stage(records)
    for name in serial:
        assert_frame_equal(serial[name], parallel[name])
    assert (parallel["articles"].height, parallel["cleaning_edits"].height) == (
        SAMPLE_ROWS["articles"],
        SAMPLE_ROWS["cleaning_edits"],
    )


def test_blocks_run_in_other_processes_and_come_back_in_order():
    records = sample_records()
    results = map_blocks(_cleaned_in_pid, records, block=2, workers=2, min_per_worker=1)
    assert len(results) == (len(records) + 1) // 2
    assert [doc_id for pid, done in results for doc_id in done] == [r.doc_id for r in records]
    assert os.getpid() not in {pid for pid, _ in results}


def _cleaned_in_pid(block):
    done, emptied = clean_records(block, boilerplate=frozenset())
    assert not emptied
    return os.getpid(), [a.record.doc_id for a in done]
