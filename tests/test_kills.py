"""SIGKILL a run at several points: the previous snapshot stays current and readable, and the next run publishes
exactly what a run from scratch publishes (issue #24: "14 SIGKILLs at different points ... keep it, with tests").

A `faults` test: it runs the CLI several times (about two minutes), so `make test-faults` runs it, not `make test`.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLES_DIR

from pipeline.infra.run_lock import HELD_ENV

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.faults


def _env(raw: Path, warehouse: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != HELD_ENV}
    return env | {"PYTHONPATH": str(REPO), "NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}


def _run(raw: Path, warehouse: Path, *flags: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsetl", "run", "--quiet", *flags],
        env=_env(raw, warehouse),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]


def _kill_after(raw: Path, warehouse: Path, step: str) -> None:
    """Start a run and SIGKILL it as soon as its progress line says ``step`` finished."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsetl", "run"],
        env=_env(raw, warehouse),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if line.strip().startswith(f"✓ {step} "):
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)[-3000:]
    assert any(line.strip().startswith(f"✓ {step} ") for line in seen), "".join(seen)[-3000:]


def _snapshots(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        log = con.sql("SELECT snapshot_id, dataset_sha256 FROM snapshots ORDER BY created_at").fetchall()
        assert con.sql("SELECT count(*) FROM documents").fetchall()[0][0] > 0  # the current tables read
    return log


def test_a_killed_run_leaves_the_last_snapshot_current_and_the_next_run_publishes_what_scratch_would(
    tmp_path: Path,
):
    raw = tmp_path / "raw"
    raw.mkdir()
    samples = sorted(SAMPLES_DIR.glob("*.txt"))
    for sample in samples[:3]:
        (raw / sample.name).write_bytes(sample.read_bytes())
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    _run(raw, warehouse)
    first = _snapshots(warehouse)
    assert len(first) == 1

    for sample in samples[3:]:  # new input: the next runs have work to do
        (raw / sample.name).write_bytes(sample.read_bytes())
    for step in ("clean", "sentences", "mentions_numeric"):
        _kill_after(raw, warehouse, step)
        assert _snapshots(warehouse) == first, f"killed after {step}"
        time.sleep(0.1)

    _run(raw, warehouse)
    after = _snapshots(warehouse)
    assert after[:1] == first and len(after) == 2

    scratch = tmp_path / "scratch" / "news.duckdb"
    _run(raw, scratch)
    assert _snapshots(scratch)[-1][1] == after[-1][1]  # the same data as a run from scratch


_READER = """
import sys, time, duckdb
path, seconds = sys.argv[1], float(sys.argv[2])
queries = errors = mixed = 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        with duckdb.connect(path, read_only=True) as con:
            n = con.sql("SELECT count(*) FROM documents").fetchall()[0][0]
            logged = con.sql("SELECT n_documents FROM snapshots ORDER BY created_at DESC LIMIT 1").fetchall()[0][0]
            mixed += n != logged
        queries += 1
    except Exception as error:  # every error counts: a lock conflict, a half-written file
        errors += 1
        print(repr(error), file=sys.stderr)
print(queries, errors, mixed)
"""


def test_readers_querying_during_publishes_see_no_error_no_lock_and_no_mixed_snapshot(tmp_path: Path):
    """Four readers open and query the warehouse in a loop while snapshots are published one after another."""
    import datetime as dt

    import polars as pl

    from pipeline.warehouse.publish import publish

    warehouse = tmp_path / "warehouse" / "news.duckdb"
    manifest = pl.DataFrame({"source_path": ["a.txt"], "sha256": ["f" * 64], "size_bytes": [10]})

    def publish_n(n: int) -> None:
        documents = pl.DataFrame(
            {"doc_id": [f"d{i}" for i in range(n)], "text": [f"text {i}" * 50 for i in range(n)]}
        )
        when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
        publish({"documents": documents}, warehouse, manifest=manifest, manifest_sha256=str(n), code_version="c",
                now=when)  # fmt: skip

    publish_n(1)
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", _READER, str(warehouse), "12"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(4)
    ]
    published = 1
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        published += 1
        publish_n(published * 100)
    results = [reader.communicate(timeout=60) for reader in readers]
    for out, err in results:
        queries, errors, mixed = map(int, out.split())
        assert (errors, mixed) == (0, 0), err[-2000:]
        assert queries > 10
    assert published > 3
