"""Resources: the paths a run reads and writes, and the Parquet IO manager that hands frames between assets."""

from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipeline.infra.doc_cache import DocumentCache, FileCache
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

    def file_cache(self) -> FileCache:
        """Raw files as parsed by an earlier run, by path and content hash (``pipeline/infra/doc_cache.py``)."""
        return FileCache(warehouse_root(self.warehouse))


class ParquetFrameIOManager(dg.ConfigurableIOManager):
    """Stores each asset's Polars frame as one Parquet file under the warehouse's staging folder.

    Staged frames are working state between steps, not the published warehouse: publishing copies them into an
    immutable snapshot. Parquet (not pickle) keeps them readable by any tool when a run needs debugging.
    """

    warehouse_path: str

    def _path(self, key: dg.AssetKey) -> Path:
        return warehouse_root(Path(self.warehouse_path)) / ".staging" / ("/".join(key.path) + ".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | pl.LazyFrame) -> None:
        if obj is None:
            return
        path = self._path(context.asset_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        obj.lazy().sink_parquet(partial)  # a scan is streamed: never whole in memory
        partial.replace(path)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame:
        """The staged frame; lazily (a scan) when the input is annotated ``pl.LazyFrame``, and only the columns
        an ``AssetIn(metadata={"columns": [...]})`` names (the conventions of dagster-polars' IO managers), so a
        step holds only what it reads."""
        path = self._path(context.asset_key)
        if not path.exists():
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has not been materialized yet ({path})"
            )
        columns = (context.definition_metadata or {}).get("columns")
        if context.dagster_type.typing_type is pl.LazyFrame:
            frame = pl.scan_parquet(path)
            return frame.select(columns) if columns else frame
        return pl.read_parquet(path, columns=columns)


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
