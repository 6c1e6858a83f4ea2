"""Shards: stable by document id, and the same output whatever the number of processes."""

import hashlib
import os

import pytest
from polars.testing import assert_frame_equal

from pipeline.clean.articles import clean_records
from pipeline.infra import shards
from pipeline.infra.shards import map_blocks, shard_of
from pipeline.ingest.records import read_records
from pipeline.stages.clean import clean_stage
from tests.conftest import SAMPLE_FILES, SAMPLE_ROWS


def test_a_document_keeps_its_shard():
    # SHA-1 of "1a2b3c4d5e6f7a8b" starts 19b2f7b4d782cbd5 (`printf 1a2b3c4d5e6f7a8b | sha1sum`): ...d5 is 5
    # modulo 8. A fixed value, so a shard cannot move between processes (Python's own hash() would: it is salted).
    assert shard_of("1a2b3c4d5e6f7a8b", 8) == 5
    assert [shard_of(doc_id, 8) for doc_id in ("doc-0", "doc-1")] == [2, 0]
    counts = [0] * 4
    for n in range(4000):
        counts[shard_of(f"doc-{n}", 4)] += 1
    assert counts == [1027, 1039, 952, 982]  # about even


def _records():
    records = []
    for path in SAMPLE_FILES:
        data = path.read_bytes()
        records += read_records(path.name, hashlib.sha256(data).hexdigest(), data)[0]
    return records


def test_two_processes_clean_exactly_what_one_does(monkeypatch):
    records = _records()
    monkeypatch.setenv("NEWSETL_WORKERS", "1")
    serial, _ = clean_stage(records)
    monkeypatch.setenv("NEWSETL_WORKERS", "2")
    monkeypatch.setattr(shards, "MIN_DOCUMENTS_PER_WORKER", 1)
    parallel, _ = clean_stage(records)
    for name in serial:
        assert_frame_equal(serial[name], parallel[name])
    assert (parallel["articles"].height, parallel["cleaning_edits"].height) == (
        SAMPLE_ROWS["articles"],
        SAMPLE_ROWS["cleaning_edits"],
    )


def test_blocks_run_in_other_processes_and_come_back_in_order():
    records = _records()
    results = map_blocks(_cleaned_in_pid, records, block=2, workers=2, min_per_worker=1)
    assert len(results) == (len(records) + 1) // 2
    assert [doc_id for pid, done in results for doc_id in done] == [r.doc_id for r in records]
    assert os.getpid() not in {pid for pid, _ in results}


def _cleaned_in_pid(block):
    done, emptied = clean_records(block, boilerplate=frozenset())
    assert not emptied
    return os.getpid(), [a.record.doc_id for a in done]


def test_shard_names_say_how_many_shards_and_bad_names_are_refused():
    from pipeline.infra.shards import parse_shard, shard_keys

    assert shard_keys(3) == ["0-of-3", "1-of-3", "2-of-3"]
    assert [parse_shard(key) for key in shard_keys(3)] == [(0, 3), (1, 3), (2, 3)]
    for bad in ("3-of-3", "x-of-2", "1of2", "", "-1-of-2"):
        with pytest.raises(ValueError, match="not a shard name"):
            parse_shard(bad)
