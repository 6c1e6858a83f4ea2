"""What raw/ holds now against what the current snapshot was built from: new, changed and removed paths."""

from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.integrity import WarehouseDamaged, open_checked
from pipeline.warehouse.store import MANIFEST_TABLE

#: A path's change, in the order they are listed.
NEW, CHANGED, REMOVED = "new", "changed", "removed"
_COMPARED = ["source_path", "sha256", "skip_reason"]


def published_manifest(warehouse_path: Path) -> tuple[str, pl.DataFrame] | None:
    """The current snapshot's id and its manifest (source_path, sha256, skip_reason); None before any publish.

    The file is checked by size and time only (``deep=False``): a sensor asks this every minute. A damaged file
    raises :class:`WarehouseDamaged`."""
    path = Path(warehouse_path)
    if not path.exists():
        return None
    with open_checked(path, deep=False) as con:
        latest = con.sql("SELECT snapshot_id FROM snapshots ORDER BY created_at DESC LIMIT 1").fetchall()
        if not latest:
            return None
        try:
            manifest = con.sql(f'SELECT {", ".join(_COMPARED)} FROM "{MANIFEST_TABLE}"').pl()
        except duckdb.Error as error:
            raise WarehouseDamaged(path, f"its {MANIFEST_TABLE} table does not read: {error}") from None
    return latest[0][0], manifest


def manifest_changes(now: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """One row per path of ``now`` or ``before`` (two manifests) that differs: ``source_path`` and ``change``
    (new, changed: other bytes or now read/skipped differently, removed), new first, then by path."""
    joined = now.select(_COMPARED).join(
        before.select(_COMPARED), on="source_path", how="full", coalesce=True, suffix="_before"
    )
    in_now = pl.col("source_path").is_in(now["source_path"].implode())
    in_before = pl.col("source_path").is_in(before["source_path"].implode())
    differs = pl.col("sha256").ne_missing(pl.col("sha256_before")) | pl.col("skip_reason").ne_missing(
        pl.col("skip_reason_before")
    )
    change = (
        pl.when(~in_before)
        .then(pl.lit(NEW))
        .when(~in_now)
        .then(pl.lit(REMOVED))
        .when(differs)
        .then(pl.lit(CHANGED))
        .otherwise(None)
    )
    order = {NEW: 0, CHANGED: 1, REMOVED: 2}
    return (
        joined.select("source_path", change.alias("change"))
        .filter(pl.col("change").is_not_null())
        .sort(pl.col("change").replace_strict(order, return_dtype=pl.Int8), "source_path")
    )
