"""Is ``news.duckdb`` the file a publish wrote? A digest recorded beside it at publish, checked before reading.

DuckDB checksums its blocks, but only checks a block when a query reads it: the snapshot log can read fine from a
file whose tables are damaged. So every publish records the new file's SHA-256 (and size, mtime, inode) in
``news.duckdb.sha256.json``, written atomically *before* the file is renamed into place, and everything that
opens the warehouse compares:

- ``deep`` (publish, rebuild, the freshness check of ``newsetl run``): the file is hashed unless its size differs
  already (about 2 s a GB on this machine, beside a run that reads all of ``raw/`` anyway);
- not deep (the read commands): when size, mtime and inode are what the publish recorded, the file is taken as
  written (one ``stat``); otherwise it is hashed. A change that keeps all three (a write within the same clock
  tick as the publish, or a deliberate reset of the mtime) is left to DuckDB's block checksums.

The record also lists the file it replaced, so a publish killed between writing the record and the rename
leaves a current file that still checks. A warehouse published before records existed has none: the read
commands give it the structural check only (DuckDB opens it and reads the snapshot log), ``newsetl run`` never
calls it up to date, and its next publish reads every table through DuckDB's block checksums and records it.

This module imports no DuckDB or Polars at import time: the CLI imports it to report :class:`WarehouseDamaged`.
"""

import hashlib
import json
import os
import pickle
from pathlib import Path

RECORD_SUFFIX = ".sha256.json"
_HASH_CHUNK = 1 << 20


class WarehouseDamaged(RuntimeError):
    """The warehouse file is not what the last publish wrote, or DuckDB cannot read it."""

    def __init__(self, path: Path, cause: str) -> None:
        self.path, self.cause = Path(path), cause
        super().__init__(
            f"{path} is damaged ({cause}): run `newsetl rebuild` to restore it from the snapshots on disk"
        )


def record_path(warehouse_path: Path) -> Path:
    path = Path(warehouse_path)
    return path.with_name(path.name + RECORD_SUFFIX)


def describe_file(path: Path) -> dict:
    """What a record keeps of a file: its SHA-256, and the stat fields that change when it is written."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    st = os.stat(path)
    return {"sha256": digest.hexdigest(), **_stat_fields(st)}


def write_record(warehouse_path: Path, current: dict, previous: dict | None, snapshot_id: str) -> None:
    """Record ``current`` (the file about to be renamed to ``warehouse_path``), keeping ``previous`` acceptable."""
    record = {"file": Path(warehouse_path).name, "snapshot_id": snapshot_id, "current": current}
    if previous is not None:
        record["previous"] = {key: previous[key] for key in ("sha256", "size", "mtime_ns", "inode")}
    target = record_path(warehouse_path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)


def check_file(warehouse_path: Path, *, deep: bool) -> dict | None:
    """The recorded entry ``warehouse_path`` matches, or None when no record exists (a warehouse from before
    records). Raises :class:`WarehouseDamaged` when the file matches no entry or the record is unreadable."""
    path = Path(warehouse_path)
    record_file = record_path(path)
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
        entries = [record["current"], *([record["previous"]] if record.get("previous") else [])]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise WarehouseDamaged(
            path, f"its publish record {record_file.name} is unreadable: {error}"
        ) from None
    try:
        st = os.stat(path)
    except OSError as error:
        raise WarehouseDamaged(path, f"cannot read it: {error.strerror or error}") from None
    if not deep:
        for entry in entries:
            if _stat_fields(st) == {key: entry.get(key) for key in ("size", "mtime_ns", "inode")}:
                return entry
    if all(st.st_size != entry["size"] for entry in entries):
        raise WarehouseDamaged(path, f"{st.st_size:,} bytes where the publish wrote {entries[0]['size']:,}")
    try:
        digest = describe_file(path)["sha256"]
    except OSError as error:
        raise WarehouseDamaged(path, f"cannot read it: {error.strerror or error}") from None
    for entry in entries:
        if digest == entry["sha256"]:
            return entry
    raise WarehouseDamaged(
        path, f"its SHA-256 differs from the one the publish recorded in {record_file.name}"
    )


def open_checked(warehouse_path: Path, *, deep: bool):
    """A read-only DuckDB connection to a warehouse that passed :func:`check_file` and whose snapshot log reads."""
    import duckdb

    path = Path(warehouse_path)
    check_file(path, deep=deep)
    return connect_checked(path, lambda: duckdb.connect(str(path), read_only=True))


def connect_checked(warehouse_path: Path, connect):
    """``connect()``'s connection to a warehouse whose file already passed :func:`check_file`, once its snapshot
    log reads; DuckDB's own refusal to open it, or a log that does not read, is :class:`WarehouseDamaged`.
    ``newsetl sql`` passes its sandboxed opener, so the file is opened once, with the sandbox's configuration."""
    import duckdb

    path = Path(warehouse_path)
    try:
        con = connect()
    except duckdb.Error as error:
        raise WarehouseDamaged(path, f"DuckDB cannot open it: {_first_line(error)}") from None
    try:
        con.sql("SELECT count(*) FROM snapshots").fetchall()
    except duckdb.Error as error:
        con.close()
        raise WarehouseDamaged(path, f"its snapshot log does not read: {_first_line(error)}") from None
    return con


def record_unrecorded(warehouse_path: Path, snapshot_id: str) -> None:
    """Give a warehouse published before records existed its record, once DuckDB has read every column of every
    table (its block checksums checked on the way): from then on the full check applies to it too."""
    import duckdb

    path = Path(warehouse_path)
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            tables = con.sql(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
            ).fetchall()
            for (name,) in tables:
                con.sql(f'SELECT bit_xor(hash(COLUMNS(*))) FROM "{name}"').fetchall()
    except duckdb.Error as error:
        raise WarehouseDamaged(path, f"DuckDB cannot read all of it: {_first_line(error)}") from None
    write_record(path, describe_file(path), None, snapshot_id)


def _stat_fields(st: os.stat_result) -> dict:
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def pickle_atomically(path: Path, value: object) -> None:
    """Write ``value`` to ``path`` so a reader sees the old file or the whole new one, never a torn one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as handle:  # streamed: never the whole pickle in memory beside the value
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
