"""Restoring ``news.duckdb`` and the whole snapshot log from the snapshots on disk (``newsetl rebuild``).

Snapshot folders are immutable and complete (a folder only appears in ``snapshots/`` by an atomic rename), so
the database can always be made again from them: the current tables from the newest snapshot, the log from each
folder's ``_snapshot.json``, the ``history.*`` views over all of them, exactly as a publish builds it.

A snapshot published before records existed has no ``_snapshot.json``; its row is derived: ``created_at`` from its
id (to the second), counts from its Parquet heights, ``manifest_sha256`` from its manifest, ``dataset_sha256``
recomputed over its tables, ``parent_snapshot_id`` the snapshot before it, ``code_version`` null (unknown, so the
next ``newsetl run`` recomputes rather than trust it).

Every folder under ``snapshots/`` counts as published: a folder a killed publish renamed into place but never
listed is indistinguishable here from one whose log was lost with the file (a publish on an intact file sets
such folders aside first, ``pipeline.warehouse.store.set_aside_orphans``).
"""

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.core.integrity import WarehouseDamaged
from pipeline.ingest.manifest import manifest_sha256, store_path
from pipeline.warehouse.dataset_hash import dataset_sha256
from pipeline.warehouse.snapshot_record import read_snapshot_record
from pipeline.warehouse.store import (
    MANIFEST_TABLE,
    SNAPSHOTS_SCHEMA,
    build_database_from_disk,
    clear_litter,
    publish_lock,
    raw_store_dir,
    read_snapshots,
    snapshot_folders,
    write_missing_records,
)

_COUNTED = {"n_documents": "documents", "n_quarantined": "quarantine", "n_duplicates": "duplicates",
            "n_sentences": "sentences", "n_entity_mentions": "entity_mentions",
            "n_issue_mentions": "issue_mentions"}  # fmt: skip


class NothingToRebuild(RuntimeError):
    """No snapshot folder to rebuild from."""


@dataclass(frozen=True)
class RebuildResult:
    warehouse: Path
    snapshot_id: str  # the current snapshot of the rebuilt file
    n_snapshots: int
    n_derived: int  # rows derived from folders without a record (see the module docstring)
    missing_raw: tuple[str, ...]  # raw bytes some snapshot's manifest names but the raw store lacks
    seconds: float

    @property
    def message(self) -> str:
        text = f"rebuilt {self.warehouse} from {self.n_snapshots} snapshot(s); current snapshot {self.snapshot_id}"
        if self.n_derived:
            text += f"; {self.n_derived} row(s) derived from folders without a record (code_version unknown)"
        if self.missing_raw:
            text += f"; {len(self.missing_raw)} raw file(s) named in manifests are missing from the raw store"
        return text


def rebuild_warehouse(warehouse_path: Path, *, lock_timeout_s: float = 600.0) -> RebuildResult:
    """Make ``warehouse_path`` again from the snapshot folders beside it, whatever state it is in (missing,
    truncated, garbage, intact). Atomic (a new file renamed over the old) and under the publish lock."""
    started = time.perf_counter()
    warehouse_path = Path(warehouse_path).resolve()
    with publish_lock(warehouse_path, timeout_s=lock_timeout_s):
        clear_litter(warehouse_path)
        try:
            # An intact file still knows the exact rows of snapshots published before records existed.
            write_missing_records(warehouse_path, read_snapshots(warehouse_path))
        except WarehouseDamaged:
            pass
        log = snapshot_log_on_disk(warehouse_path)
        if not log.height:
            raise NothingToRebuild(
                f"nothing to rebuild {warehouse_path.name} from: no snapshot under {warehouse_path.parent}/snapshots"
            )
        build_database_from_disk(warehouse_path, log)
    n_derived = sum(read_snapshot_record(folder) is None for folder in snapshot_folders(warehouse_path))
    return RebuildResult(
        warehouse=warehouse_path,
        snapshot_id=log["snapshot_id"][-1],
        n_snapshots=log.height,
        n_derived=n_derived,
        missing_raw=missing_raw_files(warehouse_path),
        seconds=time.perf_counter() - started,
    )


def snapshot_log_on_disk(warehouse_path: Path) -> pl.DataFrame:
    """The snapshot log as the folders under ``snapshots/`` record it (or as derived), in ``created_at`` order.

    Raises ValueError naming the folder and the cause when one cannot be read."""
    rows, derived = [], set()
    for folder in snapshot_folders(warehouse_path):
        row = read_snapshot_record(folder)
        if row is None:
            row = _derived_row(folder)
            derived.add(row["snapshot_id"])
        rows.append(row)
    rows.sort(key=lambda row: (row["created_at"], row["snapshot_id"]))
    for previous, row in zip([None, *rows], rows, strict=False):
        if row["snapshot_id"] in derived:
            row["parent_snapshot_id"] = previous and previous["snapshot_id"]
    return pl.DataFrame(rows, schema=SNAPSHOTS_SCHEMA)


def missing_raw_files(warehouse_path: Path) -> tuple[str, ...]:
    """Hashes of raw files some snapshot's manifest lists whose bytes are not in the raw store."""
    manifests = [folder / f"{MANIFEST_TABLE}.parquet" for folder in snapshot_folders(warehouse_path)]
    existing = [str(path) for path in manifests if path.exists()]
    if not existing:
        return ()
    hashes = (
        pl.scan_parquet(existing, hive_partitioning=False).select("sha256").drop_nulls().unique().collect()
    )
    store = raw_store_dir(warehouse_path)
    return tuple(sorted(h for h in hashes["sha256"] if not store_path(store, h).exists()))


def _derived_row(folder: Path) -> dict:
    snapshot_id = folder.name.removeprefix("snapshot_id=")
    try:
        created_at = dt.datetime.strptime(snapshot_id.split("-", 1)[0], "%Y%m%dT%H%M%SZ").replace(
            tzinfo=dt.UTC
        )
        files = {path.stem: path for path in sorted(folder.glob("*.parquet"))}
        if MANIFEST_TABLE not in files:
            raise ValueError(f"no {MANIFEST_TABLE}.parquet")
        manifest = pl.read_parquet(files.pop(MANIFEST_TABLE), hive_partitioning=False)
        tables = {name: pl.scan_parquet(path, hive_partitioning=False) for name, path in files.items()}
        heights = {name: table.select(pl.len()).collect().item() for name, table in tables.items()}
        fingerprint = dataset_sha256(tables)
    except Exception as error:  # noqa: BLE001 - any unreadable part: name the folder and the cause
        raise ValueError(
            f"{folder}: cannot derive its snapshot row ({error}); move the folder out of snapshots/ to rebuild "
            "without it"
        ) from None
    return {
        "snapshot_id": snapshot_id,
        "created_at": created_at,
        "parent_snapshot_id": None,
        "dataset_sha256": fingerprint,
        "manifest_sha256": manifest_sha256(manifest),
        "code_version": None,
        "library_versions": None,
        "n_files": manifest.height,
        **{column: heights.get(table, 0) for column, table in _COUNTED.items()},
    }
