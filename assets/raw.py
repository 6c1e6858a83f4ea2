"""The landing folder: observed for changes, then copied into the content-addressed store."""

import dagster as dg
import polars as pl

from assets.metadata import frame_metadata
from assets.resources import NewsPaths
from assets.settings import GROUP_INGEST
from pipeline.infra.versions import stage_fingerprint
from pipeline.ingest.manifest import manifest_sha256, raw_version
from pipeline.ingest.records import land_files


@dg.observable_source_asset(group_name=GROUP_INGEST, description="Raw scraped articles as they land in raw/.")
def raw_files(paths: NewsPaths) -> dg.DataVersion:
    """Raw scraped articles in raw/; the data version is the hash of the (path, content hash) manifest.

    Every asset built from raw/ names this source in its ``deps``, not only ``raw_manifest``: Dagster marks an
    asset stale only when a *direct* dependency changed, so this is what makes the whole graph show stale as
    soon as a new version of raw/ is observed (by the sensor, ``newsetl run`` or "Observe sources"), before any
    run."""
    return dg.DataVersion(raw_version(paths.raw))


def raw_files_observation(data_version: str) -> dg.AssetObservation:
    """An observation of `raw_files` at ``data_version``, for the sensor and the CLI to record.

    Recording it is what lets the UI compare the version each downstream asset was built from with what is in
    raw/ now, and mark them stale.
    """
    return dg.AssetObservation(asset_key=raw_files.key, tags={"dagster/data_version": data_version})


@dg.asset(
    deps=[raw_files],
    group_name=GROUP_INGEST,
    code_version=stage_fingerprint("ingest"),
)
def raw_manifest(context: dg.AssetExecutionContext, paths: NewsPaths) -> dg.Output[pl.DataFrame]:
    """Every path under raw/ with the SHA-256 of the bytes read; the bytes are kept content-addressed."""
    manifest = land_files(paths.raw, paths.raw_store)
    version = manifest_sha256(manifest)
    skipped = manifest.filter(pl.col("skip_reason").is_not_null()).height
    context.log.info(f"landed {manifest.height} files ({skipped} not read) from {paths.raw}")
    renamed = manifest.filter(pl.col("disk_path").is_not_null()).select("disk_path", "source_path")
    for disk_path, source_path in renamed.iter_rows():
        # Names that are not valid UTF-8 (legacy EUC-KR or Shift_JIS scrapers): said once per run, and kept in
        # the manifest's disk_path column.
        context.log.warning(f"file name not valid UTF-8: {disk_path} is loaded as {source_path}")
    return dg.Output(
        manifest,
        data_version=dg.DataVersion(version),
        metadata={
            **frame_metadata(manifest),
            "manifest_sha256": version,
            "skipped_paths": skipped,
            "renamed_paths": renamed.height,
        },
    )
