"""The landing folder: observed for changes, then copied into the content-addressed store."""

from pathlib import Path

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, STAGED_KINDS, frame_metadata, markdown_preview
from assets.resources import NewsPaths
from assets.settings import GROUP_INGEST, raw_dir, warehouse_path
from pipeline.core.integrity import WarehouseDamaged
from pipeline.infra.versions import stage_fingerprint
from pipeline.ingest.manifest import describe_raw, manifest_sha256
from pipeline.ingest.records import land_files
from pipeline.warehouse.manifest_changes import CHANGED, NEW, REMOVED, manifest_changes, published_manifest

#: Changed paths listed in the observation (the counts cover them all).
_CHANGES_SHOWN = 10


@dg.multi_observable_source_asset(
    # The multi form, with one spec: observable_source_asset takes no kinds= or owners= (Dagster 1.13).
    specs=[
        dg.AssetSpec(
            "raw_files",
            group_name=GROUP_INGEST,
            description="Raw scraped articles as they land in raw/.",
            kinds={"python"},
            owners=OWNERS,
        )
    ],
)
def raw_files(paths: NewsPaths) -> dg.ObserveResult:
    """Raw scraped articles in raw/; the data version is the hash of the (path, content hash) manifest.

    Every asset built from raw/ names this source in its ``deps``, not only ``raw_manifest``: Dagster marks an
    asset stale only when a *direct* dependency changed, so this is what makes the whole graph show stale as
    soon as a new version of raw/ is observed (by the sensor, ``newsetl run`` or "Observe sources"), before any
    run."""
    version, metadata = observe_raw(paths.raw, paths.warehouse)
    return dg.ObserveResult(data_version=dg.DataVersion(version), metadata=metadata)


def observe_raw(raw: Path, warehouse: Path) -> tuple[str, dict]:
    """raw/'s data version and what the UI shows of it: files, bytes, and the paths new, changed or removed
    since the current snapshot's manifest (every file is read once, as ``raw_version`` does)."""
    manifest = describe_raw(raw)
    return manifest_sha256(manifest), raw_metadata(manifest, warehouse)


def raw_metadata(manifest: pl.DataFrame, warehouse: Path) -> dict:
    """Files and bytes of ``manifest`` (raw/ now), compared with the manifest of ``warehouse``'s current snapshot."""
    metadata: dict = {"files": manifest.height, "bytes": int(manifest["size_bytes"].fill_null(0).sum())}
    try:
        published = published_manifest(warehouse)
    except WarehouseDamaged as error:
        return metadata | {"compared_with": f"nothing: {error}"}
    if published is None:
        snapshot_id, before = "nothing (no snapshot yet)", manifest.clear()
    else:
        snapshot_id, before = published
    changes = manifest_changes(manifest, before)
    counts = dict(changes.group_by("change").len().iter_rows())
    metadata |= {
        "compared_with": snapshot_id,
        "new_files": counts.get(NEW, 0),
        "changed_files": counts.get(CHANGED, 0),
        "removed_files": counts.get(REMOVED, 0),
    }
    if changes.height:
        metadata["changes"] = dg.MetadataValue.md(markdown_preview(changes, _CHANGES_SHOWN))
    return metadata


def raw_files_observation(data_version: str, metadata: dict | None = None) -> dg.AssetObservation:
    """An observation of `raw_files` at ``data_version``, for the sensor and the CLI to record, with
    ``observe_raw``'s ``metadata`` (read here from the configured raw/ and warehouse when not given).

    Recording it is what lets the UI compare the version each downstream asset was built from with what is in
    raw/ now, and mark them stale.
    """
    if metadata is None:
        metadata = _configured_metadata(data_version)
    return dg.AssetObservation(
        asset_key=raw_files.key, tags={"dagster/data_version": data_version}, metadata=metadata
    )


@dg.asset(
    kinds=STAGED_KINDS,
    owners=OWNERS,
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


def _configured_metadata(data_version: str) -> dict | None:
    """``observe_raw``'s metadata of the configured raw/ (``NEWSETL_RAW_DIR``) against the configured warehouse,
    when raw/ is still at ``data_version``; else None (an observation never describes other bytes than its
    version's)."""
    try:
        version, metadata = observe_raw(raw_dir(), warehouse_path())
    except OSError:
        return None
    return metadata if version == data_version else None
