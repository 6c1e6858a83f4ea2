"""Is the current snapshot already what a run would publish? Answered without starting Dagster.

A snapshot records the hash of the raw folder it was built from (``manifest_sha256``) and the combined code
version of every stage (``code_version``). When both equal what ``raw/`` and the code are now, a run would
recompute the same tables and publish nothing new, so ``newsetl run`` reports the snapshot and stops (``--force``
runs anyway, for example after deleting the warehouse's caches by hand).

The log is read only from a file that checks against its publish record (hashed in full: ``read_snapshots``), so
a damaged file raises ``WarehouseDamaged`` instead of answering "up to date" from whatever still reads. A missing
file is never fresh (the run restores the log from the snapshots on disk when it publishes), nor is one published
before records existed (the publish reads it whole and records it).
"""

from pathlib import Path

from pipeline.core.integrity import record_path
from pipeline.infra.versions import pipeline_code_version
from pipeline.warehouse.store import read_snapshots


def current_snapshot_if_fresh(raw_version: str, warehouse: Path) -> dict | None:
    """The current snapshot's row when it was built from raw files of ``raw_version`` by this code, else None.

    Raises ``pipeline.core.integrity.WarehouseDamaged`` when the warehouse file is damaged."""
    if not Path(warehouse).exists() or not record_path(Path(warehouse)).exists():
        return None  # missing, or published before records: only a publish can check it whole and record it
    history = read_snapshots(Path(warehouse))
    if not history.height:
        return None
    last = history.row(-1, named=True)
    now = (raw_version, pipeline_code_version())
    return last if (last["manifest_sha256"], last["code_version"]) == now else None
