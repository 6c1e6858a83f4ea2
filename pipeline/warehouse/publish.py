"""Publishing a snapshot: the tables' Parquet written once, then a new DuckDB file swapped in whole.

The layout, the log and the swap are ``pipeline/warehouse/store.py``; a warehouse whose file is missing is first
restored from the snapshots on disk (``pipeline/warehouse/rebuild.py``).
"""

import datetime as dt
import os
import shutil
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.core.integrity import record_path, record_unrecorded
from pipeline.core.library_versions import library_versions_json
from pipeline.warehouse.dataset_hash import dataset_sha256
from pipeline.warehouse.rebuild import snapshot_log_on_disk
from pipeline.warehouse.snapshot_record import write_snapshot_record
from pipeline.warehouse.store import (
    MANIFEST_TABLE,
    ORPHANED_DIR,
    SNAPSHOTS_SCHEMA,
    STAGING_DIR,
    Table,
    build_database,
    build_database_from_disk,
    clear_litter,
    fsync_dir,
    fsync_tree,
    publish_lock,
    read_snapshots,
    set_aside_orphans,
    snapshot_dir,
    snapshot_folders,
    warehouse_root,
    write_missing_records,
)


@dataclass(frozen=True)
class PublishResult:
    snapshot_id: str
    created: bool  # False when the current snapshot already holds exactly this data
    row: dict
    restored: bool = False  # news.duckdb was missing and its log was restored from the snapshots on disk
    set_aside: tuple[str, ...] = ()  # snapshot folders no log listed, moved to .orphaned/

    @property
    def message(self) -> str:
        if self.created:
            text = f"published snapshot {self.snapshot_id}"
        else:
            text = f"nothing changed: snapshot {self.snapshot_id} already holds this data"
        if self.restored:
            text += "; the missing warehouse file was restored from the snapshots on disk"
        if self.set_aside:
            text += f"; set aside {len(self.set_aside)} snapshot folder(s) no log lists in {ORPHANED_DIR}/"
        return text


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
        history, restored, set_aside = _history_to_extend(warehouse_path)
        if history.height:
            last = history.row(-1, named=True)
            if (last["dataset_sha256"], last["manifest_sha256"], last["code_version"]) == (
                fingerprint,
                manifest_sha256,
                code_version,
            ):
                if restored:
                    build_database_from_disk(warehouse_path, history)
                return PublishResult(last["snapshot_id"], False, last, restored, set_aside)

        created_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        snapshot_id = f"{created_at:%Y%m%dT%H%M%S}Z-{fingerprint[:8]}"
        row = {
            "snapshot_id": snapshot_id,
            "created_at": created_at,
            "parent_snapshot_id": history["snapshot_id"][-1] if history.height else None,
            "dataset_sha256": fingerprint,
            "manifest_sha256": manifest_sha256,
            "code_version": code_version,
            "library_versions": library_versions_json(),
            "n_files": manifest.height,
            **{f"n_{name}": _height(tables, name) for name in ("documents", "quarantined", "duplicates")},
            **{
                f"n_{name}": _height(tables, name)
                for name in ("sentences", "entity_mentions", "issue_mentions")
            },
        }
        snapshots = pl.concat([history, pl.DataFrame([row], schema=SNAPSHOTS_SCHEMA)])
        _write_snapshot_parquet(warehouse_path, snapshot_id, {**tables, MANIFEST_TABLE: manifest}, row)
        try:
            build_database(warehouse_path, [*tables, MANIFEST_TABLE], snapshot_id, snapshots)
        except BaseException:
            # No database refers to this snapshot yet: remove it so history holds only published snapshots.
            shutil.rmtree(snapshot_dir(warehouse_path, snapshot_id), ignore_errors=True)
            raise
        return PublishResult(snapshot_id, True, row, restored, set_aside)


def _history_to_extend(warehouse_path: Path) -> tuple[pl.DataFrame, bool, tuple[str, ...]]:
    """The log a publish extends (and whether it was restored from disk), after clearing what killed publishes
    left. Raises :class:`WarehouseDamaged` rather than start a new history beside a damaged file."""
    clear_litter(warehouse_path)
    if warehouse_path.exists():
        history = read_snapshots(warehouse_path)
        if history.height and not record_path(warehouse_path).exists():
            record_unrecorded(warehouse_path, history["snapshot_id"][-1])  # a file from before records
        write_missing_records(warehouse_path, history)
        return history, False, set_aside_orphans(warehouse_path, history["snapshot_id"].to_list())
    if not snapshot_folders(warehouse_path):
        return pl.DataFrame(schema=SNAPSHOTS_SCHEMA), False, ()
    return snapshot_log_on_disk(warehouse_path), True, ()


def _height(tables: Mapping[str, Table], name: str) -> int:
    table = "quarantine" if name == "quarantined" else name
    if table not in tables:
        return 0
    return tables[table].lazy().select(pl.len()).collect().item()


def _write_snapshot_parquet(
    warehouse_path: Path, snapshot_id: str, tables: Mapping[str, Table], row: dict
) -> None:
    final = snapshot_dir(warehouse_path, snapshot_id)
    # Staged outside snapshots/, so no glob of it ever sees half a snapshot.
    partial = warehouse_root(warehouse_path) / STAGING_DIR / f"{snapshot_id}-{os.getpid()}"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    try:
        for name, frame in tables.items():
            frame.lazy().sink_parquet(partial / f"{name}.parquet", compression="zstd", statistics=True)
        write_snapshot_record(partial, row)
        fsync_tree(partial)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # a failed publish leaves nothing behind
        raise
    fsync_dir(final.parent)
    # An empty staging folder is not worth keeping; a non-empty one is the next publish's to clear.
    with suppress(OSError):
        partial.parent.rmdir()
