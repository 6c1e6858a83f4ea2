"""A run owns its warehouse from first step to last: two runs never mix their staging, and a waiting run says so."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLES_DIR

from pipeline.infra.run_lock import HELD_ENV, OWNER_FILE, WarehouseInUse, lock_path, run_lock

REPO = Path(__file__).resolve().parents[1]

# Holds the lock of argv[1] until stdin closes, saying "held" once it has it.
_HOLDER = """
import sys
from pipeline.infra.run_lock import run_lock
with run_lock(sys.argv[1], wait_s=30):
    print("held", flush=True)
    sys.stdin.read()
"""


def _hold(warehouse: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != HELD_ENV} | {"PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(timeout=30)


def test_a_second_holder_waits_and_then_gives_up_naming_the_first(tmp_path: Path):
    warehouse = tmp_path / "news.duckdb"
    holder = _hold(warehouse)
    try:
        told: list[str] = []
        started = time.monotonic()
        with pytest.raises(WarehouseInUse, match=rf"pid {holder.pid} on .*gave up after waiting 1s"):
            with run_lock(warehouse, wait_s=1.0, on_wait=told.append):
                pass
        assert time.monotonic() - started >= 1.0
        assert len(told) == 1 and f"pid {holder.pid}" in told[0] and "waiting" in told[0]
    finally:
        _release(holder)
    with run_lock(warehouse, wait_s=0):  # free again: taken at once
        assert os.environ[HELD_ENV] == str(lock_path(warehouse))
    assert HELD_ENV not in os.environ


def test_the_lock_is_reentrant_for_the_holder_and_its_children(tmp_path: Path):
    """Step processes and workers a run starts inherit the lock instead of waiting for their own parent."""
    warehouse = tmp_path / "news.duckdb"
    with run_lock(warehouse, wait_s=0):
        with run_lock(warehouse, wait_s=0):  # this process again
            pass
        child = subprocess.run(
            [sys.executable, "-c", _HOLDER, str(warehouse)],
            input="",
            capture_output=True,
            text=True,
            env=os.environ | {"PYTHONPATH": str(REPO)},
            timeout=60,
        )
        assert child.stdout.strip() == "held", child.stderr
        owner = json.loads((tmp_path / OWNER_FILE).read_text())
        assert owner["pid"] == os.getpid()
    assert HELD_ENV not in os.environ


def test_a_killed_holder_frees_the_lock(tmp_path: Path):
    warehouse = tmp_path / "news.duckdb"
    holder = _hold(warehouse)
    holder.kill()
    holder.wait(timeout=30)
    with run_lock(warehouse, wait_s=5):
        pass


def _cli(*args: str, env: dict) -> subprocess.Popen:
    full = {k: v for k, v in os.environ.items() if k != HELD_ENV}
    full |= env | {"PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "newsetl", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=full,
    )  # fmt: skip


def _raw(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for sample in sorted(SAMPLES_DIR.glob("*.txt")):
        if sample.name[:3] in names:
            (folder / sample.name).write_bytes(sample.read_bytes())
    return folder


def test_run_refuses_with_exit_3_while_another_run_holds_the_warehouse(tmp_path: Path):
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    raw = _raw(tmp_path / "raw", ["000"])
    holder = _hold(warehouse)
    try:
        run = _cli(
            "run", "--wait", "0", env={"NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}
        )
        out, err = run.communicate(timeout=120)
        assert run.returncode == 3, err
        assert f"another run is using {warehouse.parent}" in err and f"pid {holder.pid}" in err
        assert not warehouse.exists()  # nothing ran
        as_json = _cli("run", "--wait", "0", "--json", env={"NEWSETL_RAW_DIR": str(raw),
                                                            "NEWSETL_WAREHOUSE": str(warehouse)})  # fmt: skip
        out, _ = as_json.communicate(timeout=120)
        assert as_json.returncode == 3 and json.loads(out)["busy"] is True
    finally:
        _release(holder)


def test_two_runs_on_one_warehouse_with_different_raw_folders_each_publish_their_own_data(tmp_path: Path):
    """The hostile case of issue #24: before, both shared `.staging` and one published the other's tables."""
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    first = _raw(tmp_path / "raw_a", ["000", "001"])
    second = _raw(tmp_path / "raw_b", ["002", "003", "004"])
    runs = [
        _cli("run", "--json", env={"NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)})
        for raw in (first, second)
    ]
    outcomes = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-3000:]
        outcomes.append(json.loads(out))
    snapshots = {o["summary"]["snapshot_id"]: o for o in outcomes}
    assert len(snapshots) == 2  # two snapshots, one each: neither said "nothing changed" about the other's
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for raw, outcome in zip((first, second), outcomes, strict=True):
            sid = outcome["summary"]["snapshot_id"]
            published = {
                row[0]
                for row in con.sql(
                    "SELECT DISTINCT source_path FROM history.documents WHERE snapshot_id = ?", params=[sid]
                ).fetchall()
            }
            assert published == {p.name for p in raw.iterdir()}
            assert outcome["summary"]["n_documents"] == len(published)
        assert con.sql("SELECT count(*) FROM snapshots").fetchall() == [(2,)]


def _sleeping_job():
    """A job with the wrapped executor whose one op reports which run lock this process holds."""
    import dagster as dg

    from assets import executor

    @dg.op
    def report_lock() -> str:
        return os.environ.get(HELD_ENV, "")

    @dg.job(executor_def=executor.run_executor)  # in_process by default
    def locked_job():
        report_lock()

    return locked_job


def test_dagster_launched_runs_hold_the_warehouse_for_the_whole_run(tmp_path: Path, monkeypatch):
    """UI, schedule and sensor runs go through the wrapped executor: the steps run holding the lock, and a run
    that finds another holder waits NEWSETL_RUN_WAIT seconds, then fails saying whom it waited for."""
    import dagster as dg

    warehouse = tmp_path / "news.duckdb"
    monkeypatch.setenv("NEWSETL_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("NEWSETL_RUN_WAIT", "1")
    with dg.instance_for_test() as instance:
        with dg.execute_job(dg.reconstructable(_sleeping_job), instance=instance) as result:
            assert result.success
            assert result.output_for_node("report_lock") == str(lock_path(warehouse))
        holder = _hold(warehouse)
        try:
            with dg.execute_job(
                dg.reconstructable(_sleeping_job), instance=instance, raise_on_error=False
            ) as result:
                assert not result.success
                failures = instance.all_logs(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
                text = str(failures[0].dagster_event.event_specific_data)
                assert "another run is using" in text and f"pid {holder.pid}" in text, text
                # ... and what `newsetl run` prints says so too (the run failed outside every step)
                from newsetl.runner import _failures

                (message,) = _failures(result, instance)
                assert message.startswith("the run failed: ") and f"pid {holder.pid}" in message
        finally:
            _release(holder)
    assert HELD_ENV not in os.environ


def test_the_lock_owner_file_names_the_waiting_runs_holder_while_a_thread_waits(tmp_path: Path):
    """A waiter in another thread of a process that does not hold the lock is told once, then proceeds."""
    warehouse = tmp_path / "news.duckdb"
    holder = _hold(warehouse)
    told: list[str] = []
    done = threading.Event()

    def wait_for_it():
        with run_lock(warehouse, wait_s=30, on_wait=told.append):
            done.set()

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    time.sleep(0.5)
    assert not done.is_set() and len(told) == 1
    _release(holder)
    waiter.join(timeout=30)
    assert done.is_set() and len(told) == 1
