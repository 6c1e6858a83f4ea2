"""A snapshot's row of the snapshot log, kept in the snapshot's own folder as ``_snapshot.json``.

The log itself lives in ``news.duckdb``; this copy is what lets ``newsetl rebuild`` restore the log exactly when
that file is lost. JSON, not Parquet, so a glob over ``snapshots/*/*.parquet`` sees tables only.
"""

import datetime as dt
import json
import os
from pathlib import Path

SNAPSHOT_RECORD = "_snapshot.json"


def write_snapshot_record(folder: Path, row: dict) -> None:
    """Write ``row`` into ``folder`` atomically (a temporary name, then a rename)."""
    target = Path(folder) / SNAPSHOT_RECORD
    partial = target.with_name(f".{SNAPSHOT_RECORD}.{os.getpid()}.partial")
    payload = {
        key: value.isoformat() if isinstance(value, dt.datetime) else value for key, value in row.items()
    }
    with partial.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)


def read_snapshot_record(folder: Path) -> dict | None:
    """The row recorded in ``folder``, or None when the snapshot predates records.

    Raises ValueError naming the file when it is not a record this module wrote."""
    path = Path(folder) / SNAPSHOT_RECORD
    try:
        row = json.loads(path.read_text(encoding="utf-8"))
        row["created_at"] = dt.datetime.fromisoformat(row["created_at"]).astimezone(dt.UTC)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: not a readable snapshot record ({error})") from None
    return row
