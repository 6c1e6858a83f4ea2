"""Resources: the paths a run reads and writes, and the Parquet IO manager that hands frames between assets."""

import os
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.metadata import STORED_IN
from pipeline.infra.doc_cache import DocumentCache, FileCache, KeySet
from pipeline.warehouse.store import raw_store_dir, warehouse_root


class NewsPaths(dg.ConfigurableResource):
    """The raw landing folder and the warehouse file of this deployment."""

    raw_dir: str
    warehouse_path: str

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def raw_store(self) -> Path:
        return raw_store_dir(self.warehouse)

    def cache(self, stage: str) -> DocumentCache:
        """The per-document cache of ``stage`` in this warehouse (``pipeline/infra/doc_cache.py``)."""
        return DocumentCache(warehouse_root(self.warehouse), stage)

    def key_set(self, stage: str) -> KeySet:
        """Keys an earlier run settled for ``stage`` (``pipeline/infra/doc_cache.py``)."""
        return KeySet(warehouse_root(self.warehouse), stage)

    def file_cache(self) -> FileCache:
        """Raw files as parsed by an earlier run, by path and content hash (``pipeline/infra/doc_cache.py``)."""
        return FileCache(warehouse_root(self.warehouse))


class ParquetFrameIOManager(dg.ConfigurableIOManager):
    """Stores each asset's Polars frame under the warehouse's staging folder: one Parquet file, or, when the step
    says its per-document cache has just saved exactly this table (output metadata ``stored_in``,
    ``assets.metadata.stored_once``), a hard link to that cache file (Arrow IPC), so the table is stored once.

    Staged frames are working state between steps, not the published warehouse: publishing copies them into an
    immutable snapshot. Parquet and Arrow (not pickle) keep them readable by any tool when a run needs debugging.
    """

    warehouse_path: str

    def _path(self, key: dg.AssetKey, suffix: str = ".parquet") -> Path:
        return warehouse_root(Path(self.warehouse_path)) / ".staging" / ("/".join(key.path) + suffix)

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | pl.LazyFrame) -> None:
        if obj is None:
            return
        parquet, arrow = self._path(context.asset_key), self._path(context.asset_key, ".arrow")
        parquet.parent.mkdir(parents=True, exist_ok=True)
        stored = (context.output_metadata or {}).get(STORED_IN)
        if stored is not None and _link(Path(getattr(stored, "value", stored)), arrow):
            parquet.unlink(missing_ok=True)
            return
        partial = parquet.with_suffix(".partial")
        obj.lazy().sink_parquet(partial)  # a scan is streamed: never whole in memory
        partial.replace(parquet)
        arrow.unlink(missing_ok=True)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame:
        """The staged frame; lazily (a scan) when the input is annotated ``pl.LazyFrame``, and only the columns
        an ``AssetIn(metadata={"columns": [...]})`` names (the conventions of dagster-polars' IO managers), so a
        step holds only what it reads."""
        path = self._path(context.asset_key, ".arrow")
        if not path.exists():
            path = self._path(context.asset_key)
        if not path.exists():
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has not been materialized yet ({path})"
            )
        columns = (context.definition_metadata or {}).get("columns")
        arrow = path.suffix == ".arrow"
        if context.dagster_type.typing_type is pl.LazyFrame:
            frame = pl.scan_ipc(path) if arrow else pl.scan_parquet(path)
            return frame.select(columns) if columns else frame
        return pl.read_ipc(path, columns=columns) if arrow else pl.read_parquet(path, columns=columns)


def _link(source: Path, target: Path) -> bool:
    """``target`` becomes another name of ``source`` (replacing it whole); False where hard links fail (another
    file system), and the caller writes a copy instead."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        partial.unlink(missing_ok=True)
        os.link(source, partial)
    except OSError:
        return False
    partial.replace(target)
    return True


def build_resources(raw_dir: Path | str, warehouse_path: Path | str) -> dict:
    """Every resource the graph needs, for one raw folder and one warehouse file."""
    return {
        "paths": NewsPaths(raw_dir=str(raw_dir), warehouse_path=str(warehouse_path)),
        "io_manager": ParquetFrameIOManager(warehouse_path=str(warehouse_path)),
        # Read side only: publishing swaps whole files (pipeline/warehouse/publish.py), it never writes through DuckDB.
        "warehouse_reader": DuckDBResource(
            database=str(warehouse_path), connection_config={"access_mode": "READ_ONLY"}
        ),
    }
