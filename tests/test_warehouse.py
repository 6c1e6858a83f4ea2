import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.warehouse.diff import diff_snapshots
from pipeline.warehouse.publish import publish
from pipeline.warehouse.store import WarehouseBusy, publish_lock, read_snapshots

MANIFEST = pl.DataFrame({"source_path": ["a.txt"], "sha256": ["f" * 64], "size_bytes": [10]})
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _tables(texts: dict[str, str], issues: dict[str, list[str]] | None = None) -> dict[str, pl.DataFrame]:
    issues = issues or {}
    return {
        "documents": pl.DataFrame(
            {
                "doc_id": list(texts),
                "title": [f"title {d}" for d in texts],
                "text": list(texts.values()),
                "content_sha256": [str(hash(t)) for t in texts.values()],
            }
        ),
        "doc_issues": pl.DataFrame(
            [(d, i) for d, ids in issues.items() for i in ids], schema=["doc_id", "issue_id"], orient="row"
        ),
        "entity_mentions": pl.DataFrame(schema={"doc_id": pl.String, "entity_id": pl.String}),
    }


def _publish(path: Path, tables, when: dt.datetime, manifest_sha: str = "m"):
    return publish(tables, path, manifest=MANIFEST, manifest_sha256=manifest_sha, code_version="c", now=when)


def test_same_data_publishes_nothing_and_says_so(warehouse_file: Path):
    first = _publish(warehouse_file, _tables({"a": "x"}), T0)
    again = _publish(warehouse_file, _tables({"a": "x"}), T0 + dt.timedelta(hours=1))
    assert first.created and not again.created
    assert again.snapshot_id == first.snapshot_id
    assert "nothing changed" in again.message
    assert read_snapshots(warehouse_file).height == 1


def test_every_snapshot_stays_queryable_and_diffable(warehouse_file: Path):
    one = _publish(warehouse_file, _tables({"a": "x", "b": "y"}, {"a": ["cptpp"]}), T0)
    two = _publish(
        warehouse_file,
        _tables({"a": "x2", "c": "z"}, {"a": ["cptpp", "north_korea"]}),
        T0 + dt.timedelta(days=1),
    )
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM documents").fetchall()[0][0] == 2  # current = snapshot two
        per_snapshot = dict(
            con.sql("SELECT snapshot_id, count(*) FROM history.documents GROUP BY 1").fetchall()
        )
        assert per_snapshot == {one.snapshot_id: 2, two.snapshot_id: 2}
        diff = diff_snapshots(con, one.snapshot_id, two.snapshot_id)
        with pytest.raises(KeyError, match="unknown snapshot"):
            diff_snapshots(con, "nope", two.snapshot_id)
    assert diff.added["doc_id"].to_list() == ["c"]
    assert diff.removed["doc_id"].to_list() == ["b"]
    assert diff.changed["doc_id"].to_list() == ["a"]
    assert diff.tags.rows() == [("a", "issue", "north_korea", "added")]
    parquet = warehouse_file.parent / "snapshots" / f"snapshot_id={one.snapshot_id}" / "documents.parquet"
    assert pl.read_parquet(parquet)["doc_id"].to_list() == ["a", "b"]  # history readable by any engine
    # Every snapshot of a table as one hive-partitioned dataset, as Spark or Trino read it: Arrow, no DuckDB.
    import pyarrow.dataset as ds

    snapshots = warehouse_file.parent / "snapshots"
    history = ds.dataset(
        sorted(str(p) for p in snapshots.glob("snapshot_id=*/documents.parquet")),
        format="parquet",
        partitioning=ds.partitioning(flavor="hive"),
        partition_base_dir=str(snapshots),
    ).to_table()
    assert sorted(
        zip(history["snapshot_id"].to_pylist(), history["doc_id"].to_pylist(), strict=True)
    ) == sorted(
        [(one.snapshot_id, "a"), (one.snapshot_id, "b"), (two.snapshot_id, "a"), (two.snapshot_id, "c")]
    )


def test_a_reader_holding_the_file_open_neither_blocks_nor_breaks(warehouse_file: Path):
    _publish(warehouse_file, _tables({"a": "x"}), T0)
    reader = textwrap.dedent(
        f"""
        import duckdb, sys
        con = duckdb.connect({str(warehouse_file)!r}, read_only=True)
        print(con.sql("SELECT count(*) FROM documents").fetchall()[0][0], flush=True)
        sys.stdin.readline()  # hold the file open while the parent publishes
        print(con.sql("SELECT count(*) FROM documents").fetchall()[0][0], flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", reader], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "1"
        _publish(warehouse_file, _tables({"a": "x", "b": "y", "c": "z"}), T0 + dt.timedelta(days=1))
        out, _ = proc.communicate("\n", timeout=60)
    finally:
        proc.kill()
    assert out.strip() == "1"  # the open reader keeps a consistent view of the snapshot it opened
    assert proc.returncode == 0
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM documents").fetchall()[0][0] == 3


def test_failed_publish_leaves_previous_snapshot_current(warehouse_file: Path):
    first = _publish(warehouse_file, _tables({"a": "x"}), T0)
    broken = _tables({"a": "x", "b": "y"})
    broken["bad table"] = pl.DataFrame({"x": [object()]}, schema={"x": pl.Object})  # cannot be written
    with pytest.raises(Exception):  # noqa: B017 - any failure while writing must leave the warehouse alone
        _publish(warehouse_file, broken, T0 + dt.timedelta(days=1))
    snapshots = read_snapshots(warehouse_file)
    assert snapshots["snapshot_id"].to_list() == [first.snapshot_id]
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM documents").fetchall()[0][0] == 1
    leftovers = [
        p.name
        for p in (warehouse_file.parent / "snapshots").iterdir()
        if not p.name.startswith("snapshot_id=")
    ]
    assert leftovers == []  # no partial snapshot folder is left behind either


def test_a_second_writer_is_refused_clearly(warehouse_file: Path):
    with publish_lock(warehouse_file), pytest.raises(WarehouseBusy, match="another run is publishing"):
        with publish_lock(warehouse_file, timeout_s=0.3):
            pass


def test_failure_while_building_the_database_leaves_no_orphan_snapshot(warehouse_file: Path, monkeypatch):
    first = _publish(warehouse_file, _tables({"a": "x"}), T0)

    def broken_build(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("pipeline.warehouse.publish.build_database", broken_build)
    with pytest.raises(OSError, match="disk full"):
        _publish(warehouse_file, _tables({"a": "x", "b": "y"}), T0 + dt.timedelta(days=1))
    folders = sorted(p.name for p in (warehouse_file.parent / "snapshots").iterdir())
    assert folders == [f"snapshot_id={first.snapshot_id}"]
    assert read_snapshots(warehouse_file)["snapshot_id"].to_list() == [first.snapshot_id]
