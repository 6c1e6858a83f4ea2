"""Publishing snapshots: immutable Parquet history, and a current DuckDB file swapped in whole.

Layout under the warehouse folder (``warehouse/`` by default)::

    news.duckdb                           current snapshot's tables, `snapshots`, and `history.*` views
    snapshots/snapshot_id=<id>/<t>.parquet  every published table of every snapshot, never rewritten
    raw_store/<2 hex>/<sha256>            raw bytes, content-addressed

A publish writes the new snapshot's Parquet into a temporary folder and renames it into place, then builds a
complete new DuckDB file beside the current one and renames it over it. A rename is atomic on POSIX, so a reader
sees the old file or the new one, never half of either; a reader holding the old file open keeps reading the old
inode undisturbed; a run that dies before the rename leaves the previous snapshot current.
"""

import datetime as dt
import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

SNAPSHOTS_DIR = "snapshots"
RAW_STORE_DIR = "raw_store"
LOCK_FILE = ".publish.lock"
MANIFEST_TABLE = "manifest"

SNAPSHOTS_SCHEMA = {
    "snapshot_id": pl.String,
    "created_at": pl.Datetime("us", "UTC"),
    "parent_snapshot_id": pl.String,
    "dataset_sha256": pl.String,
    "manifest_sha256": pl.String,
    "code_version": pl.String,
    "n_files": pl.Int32,
    "n_documents": pl.Int32,
    "n_quarantined": pl.Int32,
    "n_duplicates": pl.Int32,
    "n_sentences": pl.Int32,
    "n_entity_mentions": pl.Int32,
    "n_issue_mentions": pl.Int32,
}


class WarehouseBusy(RuntimeError):
    """Another process is publishing to the same warehouse."""


@dataclass(frozen=True)
class PublishResult:
    snapshot_id: str
    created: bool  # False when the current snapshot already holds exactly this data
    row: dict

    @property
    def message(self) -> str:
        if self.created:
            return f"published snapshot {self.snapshot_id}"
        return f"nothing changed: snapshot {self.snapshot_id} already holds this data"


def warehouse_root(warehouse_path: Path) -> Path:
    return Path(warehouse_path).resolve().parent


def raw_store_dir(warehouse_path: Path) -> Path:
    return warehouse_root(warehouse_path) / RAW_STORE_DIR


def snapshot_dir(warehouse_path: Path, snapshot_id: str) -> Path:
    return warehouse_root(warehouse_path) / SNAPSHOTS_DIR / f"snapshot_id={snapshot_id}"


#: A table to publish: a frame, or a lazy scan of one (a staged Parquet file), which publishing reads a table
#: at a time and streams, so publishing never holds the whole dataset.
Table = pl.DataFrame | pl.LazyFrame


def dataset_sha256(tables: Mapping[str, Table]) -> str:
    """A fingerprint of the data itself, independent of row order."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        frame = tables[name].lazy()
        schema = frame.collect_schema()
        # Two independent 64-bit row hashes, sorted, so a row order change is not a data change. Only the hashes
        # are collected (16 bytes a row), never the table.
        hashes = frame.select(
            pl.struct(pl.all()).hash(seed=seed).alias(f"h{seed}") for seed in (0, 1)
        ).collect(engine="streaming")
        digest.update(f"{name}:{schema.names()}:{schema.dtypes()}:{hashes.height}\n".encode())
        if hashes.height:
            for column in hashes.columns:
                digest.update(hashes[column].sort().to_arrow().buffers()[1])
    return digest.hexdigest()


@contextmanager
def publish_lock(warehouse_path: Path, timeout_s: float = 600.0) -> Iterator[None]:
    """One writer at a time: a second publisher waits up to ``timeout_s``, then gives up with a clear error."""
    root = warehouse_root(warehouse_path)
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK_FILE).open("a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is publishing to {root} (lock {LOCK_FILE}); waited {timeout_s:.0f}s"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_snapshots(warehouse_path: Path) -> pl.DataFrame:
    """The snapshot log of the current warehouse file (empty when nothing was published yet)."""
    path = Path(warehouse_path)
    if not path.exists():
        return pl.DataFrame(schema=SNAPSHOTS_SCHEMA)
    with duckdb.connect(str(path), read_only=True) as con:
        frame = con.sql("SELECT * FROM snapshots ORDER BY created_at").pl()
    return frame.cast({k: v for k, v in SNAPSHOTS_SCHEMA.items() if k in frame.columns})


def publish(
    tables: Mapping[str, Table],
    warehouse_path: Path,
    *,
    manifest: pl.DataFrame,
    manifest_sha256: str,
    code_version: str,
    now: dt.datetime | None = None,
) -> PublishResult:
    """Publish ``tables`` as a new snapshot, unless the current snapshot already holds the same data.

    Each table is written once, to the snapshot's Parquet, and the database's table is read from that file, so a
    lazily scanned table streams from the staging file to the snapshot and into DuckDB without being held whole.
    """
    warehouse_path = Path(warehouse_path).resolve()
    fingerprint = dataset_sha256(tables)
    with publish_lock(warehouse_path):
        history = read_snapshots(warehouse_path)
        if history.height:
            last = history.row(-1, named=True)
            if (last["dataset_sha256"], last["manifest_sha256"], last["code_version"]) == (
                fingerprint,
                manifest_sha256,
                code_version,
            ):
                return PublishResult(last["snapshot_id"], created=False, row=last)

        created_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        snapshot_id = f"{created_at:%Y%m%dT%H%M%S}Z-{fingerprint[:8]}"
        row = {
            "snapshot_id": snapshot_id,
            "created_at": created_at,
            "parent_snapshot_id": history["snapshot_id"][-1] if history.height else None,
            "dataset_sha256": fingerprint,
            "manifest_sha256": manifest_sha256,
            "code_version": code_version,
            "n_files": manifest.height,
            **{f"n_{name}": _height(tables, name) for name in ("documents", "quarantined", "duplicates")},
            **{
                f"n_{name}": _height(tables, name)
                for name in ("sentences", "entity_mentions", "issue_mentions")
            },
        }
        snapshots = pl.concat([history, pl.DataFrame([row], schema=SNAPSHOTS_SCHEMA)])
        _write_snapshot_parquet(warehouse_path, snapshot_id, {**tables, MANIFEST_TABLE: manifest})
        try:
            _build_database(warehouse_path, [*tables, MANIFEST_TABLE], snapshot_id, snapshots)
        except BaseException:
            # No database refers to this snapshot yet: remove it so history holds only published snapshots.
            shutil.rmtree(snapshot_dir(warehouse_path, snapshot_id), ignore_errors=True)
            raise
        return PublishResult(snapshot_id, created=True, row=row)


def _height(tables: Mapping[str, Table], name: str) -> int:
    table = "quarantine" if name == "quarantined" else name
    if table not in tables:
        return 0
    return tables[table].lazy().select(pl.len()).collect().item()


def _write_snapshot_parquet(warehouse_path: Path, snapshot_id: str, tables: Mapping[str, Table]) -> None:
    final = snapshot_dir(warehouse_path, snapshot_id)
    partial = final.with_name(f".partial-{snapshot_id}-{os.getpid()}")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    try:
        for name, frame in tables.items():
            frame.lazy().sink_parquet(partial / f"{name}.parquet", compression="zstd", statistics=True)
        _fsync_tree(partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # a failed publish leaves nothing behind
        raise
    os.replace(partial, final)
    _fsync_dir(final.parent)


def _build_database(
    warehouse_path: Path, tables: list[str], snapshot_id: str, snapshots: pl.DataFrame
) -> None:
    """A new DuckDB file: the current tables (read from ``snapshot_id``'s Parquet, just written), the snapshot
    log, and a ``history`` view per table over every snapshot's Parquet."""
    partial = warehouse_path.with_name(f".{warehouse_path.name}.{os.getpid()}.partial")
    for leftover in (partial, partial.with_name(partial.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(partial))
    ok = False
    try:
        current = snapshot_dir(warehouse_path, snapshot_id)
        for name in tables:
            source = _sql_string(str(current / f"{name}.parquet"))
            # Not hive-partitioned: the folder's `snapshot_id=` is for the history views, not a current column.
            con.execute(
                f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet({source}, hive_partitioning = false)'
            )
        con.register("_frame", snapshots)
        con.execute("CREATE TABLE snapshots AS SELECT * FROM _frame ORDER BY created_at")
        con.unregister("_frame")
        con.execute("CREATE SCHEMA history")
        snapshot_ids = snapshots["snapshot_id"].to_list()
        for name in tables:
            files = [
                str(path)
                for sid in snapshot_ids
                if (path := snapshot_dir(warehouse_path, sid) / f"{name}.parquet").exists()
            ]
            if files:
                listing = ", ".join(map(_sql_string, files))
                con.execute(
                    f'CREATE VIEW history."{name}" AS SELECT * FROM read_parquet([{listing}], '
                    "hive_partitioning = true, union_by_name = true)"
                )
        con.execute("CHECKPOINT")
        ok = True
    finally:
        con.close()
        if not ok:
            partial.unlink(missing_ok=True)
    os.replace(partial, warehouse_path)
    _fsync_dir(warehouse_path.parent)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
