"""The raw landing folder as data: a manifest of (path, content hash), and a content-addressed copy of every byte.

The manifest's hash is the data version of `raw/`: it changes exactly when a file is added, changed or removed,
so Dagster can mark everything downstream stale, and a snapshot records which raw bytes it was built from.
Raw bytes are copied into a content-addressed store so any snapshot can be rebuilt after `raw/` has moved on.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.constants import QuarantineReason

MANIFEST_SCHEMA = {
    "source_path": pl.String,
    "sha256": pl.String,  # null when the path was not read (see skip_reason)
    "size_bytes": pl.Int64,
    "skip_reason": pl.String,
    "skip_detail": pl.String,
}
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class SkippedPath:
    """A path under `raw/` that is not read at all (and why) — reported, never silently dropped."""

    source_path: str
    reason: QuarantineReason
    detail: str


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _is_hidden(relative: Path) -> bool:
    # Editors and sync tools drop dot-files (".DS_Store", ".~lock") into landing folders; they are not scrapes.
    return any(part.startswith(".") for part in relative.parts)


def scan_raw(raw_dir: Path) -> tuple[pl.DataFrame, list[SkippedPath]]:
    """List every regular file under ``raw_dir`` with its SHA-256, sorted by path.

    Symlinks are never followed (a link could point anywhere on the machine); they are reported instead.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    rows: list[tuple[str, str, int]] = []
    skipped: list[SkippedPath] = []
    for root, dirs, files in os.walk(raw_dir, followlinks=False):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if (Path(root) / d).is_symlink()]:
            path = Path(root) / name
            relative = path.relative_to(raw_dir)
            if _is_hidden(relative) or relative.name == "README.md" and relative.parent == Path("."):
                continue
            if path.is_symlink():
                skipped.append(
                    SkippedPath(
                        relative.as_posix(), QuarantineReason.SYMLINK, "symbolic links are not followed"
                    )
                )
                continue
            try:
                rows.append((relative.as_posix(), sha256_file(path), path.stat().st_size))
            except OSError as error:
                skipped.append(
                    SkippedPath(
                        relative.as_posix(), QuarantineReason.UNREADABLE, str(error.strerror or error)
                    )
                )
    listing = pl.DataFrame(rows, schema=["source_path", "sha256", "size_bytes"], orient="row")
    return listing.cast({"size_bytes": pl.Int64}).sort("source_path"), skipped


def describe_raw(raw_dir: Path) -> pl.DataFrame:
    """The manifest of ``raw_dir`` as it is now, without copying anything: what observation hashes."""
    listing, skipped = scan_raw(raw_dir)
    skipped_rows = pl.DataFrame(
        [(s.source_path, None, None, str(s.reason), s.detail) for s in skipped],
        schema=MANIFEST_SCHEMA,
        orient="row",
    )
    read_rows = listing.with_columns(
        pl.lit(None, pl.String).alias("skip_reason"), pl.lit(None, pl.String).alias("skip_detail")
    )
    return pl.concat([read_rows.cast(MANIFEST_SCHEMA), skipped_rows]).sort("source_path")


def raw_version(raw_dir: Path) -> str:
    """The data version of ``raw_dir`` as it is now: the hash of its manifest (every file is read once)."""
    return manifest_sha256(describe_raw(raw_dir))


def manifest_sha256(manifest: pl.DataFrame) -> str:
    """The data version of a raw folder: a hash over its sorted (path, content hash) pairs."""
    digest = hashlib.sha256()
    columns = [c for c in ("source_path", "sha256", "skip_reason") if c in manifest.columns]
    for values in manifest.sort("source_path").select(columns).iter_rows():
        digest.update(("\0".join(str(v) for v in values) + "\n").encode())
    return digest.hexdigest()


def store_path(store_dir: Path, sha256: str) -> Path:
    return Path(store_dir) / sha256[:2] / sha256


def store_bytes(store_dir: Path, sha256: str, data: bytes) -> Path:
    """Keep ``data`` under its hash; written to a temporary name first so a crash never leaves half a blob."""
    target = store_path(store_dir, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{sha256}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target
