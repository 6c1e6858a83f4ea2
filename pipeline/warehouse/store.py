"""The warehouse on disk: its layout, the snapshot log, the publish lock, and building the DuckDB file.

Publishing snapshots: immutable Parquet history, and a current DuckDB file swapped in whole.

Layout under the warehouse folder (``warehouse/`` by default)::

    news.duckdb                               current snapshot's tables, `snapshots`, and `history.*` views
    news.duckdb.sha256.json                   the file's SHA-256 as the publish wrote it (pipeline/core/integrity.py)
    snapshots/snapshot_id=<id>/<t>.parquet    every published table of every snapshot, never rewritten
    snapshots/snapshot_id=<id>/_snapshot.json the snapshot's row of the log (pipeline/warehouse/snapshot_record.py)
    raw_store/<2 hex>/<sha256>                raw bytes, content-addressed
    .publishing/                              a publish's work in progress (hidden; cleared by the next one)
    .orphaned/snapshot_id=<id>/               folders a killed publish renamed into place but no log lists

A publish writes the new snapshot's Parquet and its log row into a hidden staging folder and renames it into
``snapshots/``, then builds a complete new DuckDB file beside the current one, records its digest, and renames it
over it. A rename is atomic on POSIX, so a reader sees the old file or the new one, never half of either; a reader
holding the old file open keeps reading the old inode undisturbed; a run that dies before the rename leaves the
previous snapshot current. What a killed publish leaves (the staging folder, a partial DuckDB file, a snapshot
folder no log lists) is cleared or set aside by the next publish, under the publish lock; published snapshots are
never deleted. When ``news.duckdb`` is missing but snapshots are on disk, a publish first restores the log from
them (``pipeline/warehouse/rebuild.py``); when it is damaged, publishing refuses (:class:`WarehouseDamaged`).
"""

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.integrity import (
    WarehouseDamaged,
    check_file,
    describe_file,
    open_checked,
    write_record,
)
from pipeline.warehouse.snapshot_record import SNAPSHOT_RECORD, write_snapshot_record
from pipeline.warehouse.views import create_views

SNAPSHOTS_DIR = "snapshots"
RAW_STORE_DIR = "raw_store"
STAGING_DIR = ".publishing"
ORPHANED_DIR = ".orphaned"
LOCK_FILE = ".publish.lock"
MANIFEST_TABLE = "manifest"

SNAPSHOTS_SCHEMA = {
    "snapshot_id": pl.String,
    "created_at": pl.Datetime("us", "UTC"),
    "parent_snapshot_id": pl.String,
    "dataset_sha256": pl.String,
    "manifest_sha256": pl.String,
    "code_version": pl.String,
    "library_versions": pl.String,
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


def warehouse_root(warehouse_path: Path) -> Path:
    return Path(warehouse_path).resolve().parent


def raw_store_dir(warehouse_path: Path) -> Path:
    return warehouse_root(warehouse_path) / RAW_STORE_DIR


def snapshot_dir(warehouse_path: Path, snapshot_id: str) -> Path:
    return warehouse_root(warehouse_path) / SNAPSHOTS_DIR / f"snapshot_id={snapshot_id}"


def snapshot_folders(warehouse_path: Path) -> list[Path]:
    """Every snapshot folder on disk, by name (so by creation time)."""
    folder = warehouse_root(warehouse_path) / SNAPSHOTS_DIR
    return sorted(p for p in folder.glob("snapshot_id=*") if p.is_dir()) if folder.is_dir() else []


#: A table to publish: a frame, or a lazy scan of one (a staged Parquet file), which publishing reads a table
#: at a time and streams, so publishing never holds the whole dataset.
Table = pl.DataFrame | pl.LazyFrame


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


def read_snapshots(warehouse_path: Path, *, deep: bool = True) -> pl.DataFrame:
    """The snapshot log of the current warehouse file (empty when nothing was published yet).

    The file is checked against its publish record first (hashed, unless ``deep`` is False: then its size and
    time only, for a sensor that asks every minute): :class:`WarehouseDamaged` when it differs or DuckDB cannot
    read it, so no decision is ever taken on a log read from a damaged file."""
    path = Path(warehouse_path)
    if not path.exists():
        return pl.DataFrame(schema=SNAPSHOTS_SCHEMA)
    with open_checked(path, deep=deep) as con:
        try:
            frame = con.sql("SELECT * FROM snapshots ORDER BY created_at").pl()
        except duckdb.Error as error:
            raise WarehouseDamaged(path, f"its snapshot log does not read: {error}") from None
    # A log written before a column existed reads with that column null (library_versions came later).
    missing = [
        pl.lit(None, dtype).alias(name) for name, dtype in SNAPSHOTS_SCHEMA.items() if name not in frame
    ]
    return frame.with_columns(missing).select(list(SNAPSHOTS_SCHEMA)).cast(SNAPSHOTS_SCHEMA)


def clear_litter(warehouse_path: Path) -> None:
    """Remove what a killed publish leaves besides a snapshot folder: its staging folder, a partial DuckDB file
    (and WAL), a partial record. Only under the publish lock: then no publish is writing them."""
    warehouse_path = Path(warehouse_path)
    root = warehouse_root(warehouse_path)
    shutil.rmtree(root / STAGING_DIR, ignore_errors=True)
    for partial in (root / SNAPSHOTS_DIR).glob(".partial-*"):  # staged here before .publishing existed
        shutil.rmtree(partial, ignore_errors=True)
    for partial in [
        *root.glob(f".{warehouse_path.name}.*.partial*"),
        *(root / SNAPSHOTS_DIR).glob(f"snapshot_id=*/.{SNAPSHOT_RECORD}.*.partial"),
    ]:
        partial.unlink(missing_ok=True)


def set_aside_orphans(warehouse_path: Path, logged_ids: list[str]) -> tuple[str, ...]:
    """Move snapshot folders the (intact) log does not list to ``.orphaned/``, out of every glob of
    ``snapshots/``: a publish killed between renaming its folder into place and swapping the database in leaves
    one. Moved, not deleted: its tables are whole, only never published."""
    logged = set(logged_ids)
    moved = []
    for folder in snapshot_folders(warehouse_path):
        if folder.name.removeprefix("snapshot_id=") in logged:
            continue
        target = warehouse_root(warehouse_path) / ORPHANED_DIR / folder.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target = target.with_name(f"{folder.name}.{time.time_ns()}")
        os.replace(folder, target)
        moved.append(folder.name.removeprefix("snapshot_id="))
    if moved:
        fsync_dir(folder.parent)
    return tuple(moved)


def write_missing_records(warehouse_path: Path, history: pl.DataFrame) -> None:
    """Give every logged snapshot published before records existed its ``_snapshot.json``, from the log."""
    for row in history.iter_rows(named=True):
        folder = snapshot_dir(warehouse_path, row["snapshot_id"])
        if folder.is_dir() and not (folder / SNAPSHOT_RECORD).exists():
            write_snapshot_record(folder, row)


def build_database_from_disk(warehouse_path: Path, snapshots: pl.DataFrame) -> None:
    """The database of ``snapshots`` (a log), its current tables read from the newest snapshot's folder."""
    current = snapshots["snapshot_id"][-1]
    tables = sorted(p.stem for p in snapshot_dir(warehouse_path, current).glob("*.parquet"))
    build_database(Path(warehouse_path).resolve(), tables, current, snapshots)


def build_database(
    warehouse_path: Path, tables: list[str], snapshot_id: str, snapshots: pl.DataFrame
) -> None:
    """A new DuckDB file: the current tables (read from ``snapshot_id``'s Parquet, just written), the snapshot
    log, the convenience views (``pipeline/warehouse/views.py``), and a ``history`` view per table over every
    snapshot's Parquet."""
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
        create_views(con, tables)
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
            for leftover in (partial, partial.with_name(partial.name + ".wal")):
                leftover.unlink(missing_ok=True)
    # The record goes first and still accepts the file being replaced: a kill between the two renames leaves
    # either file current, and either one checks.
    write_record(warehouse_path, describe_file(partial), _intact_entry(warehouse_path), snapshot_id)
    os.replace(partial, warehouse_path)
    fsync_dir(warehouse_path.parent)


def _intact_entry(warehouse_path: Path) -> dict | None:
    """The record entry the current file matches, if there is a current file and it is intact."""
    if not warehouse_path.exists():
        return None
    try:
        return check_file(warehouse_path, deep=False)
    except WarehouseDamaged:
        return None


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
