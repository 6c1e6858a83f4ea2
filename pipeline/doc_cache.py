"""Per-document results kept between runs, so a run costs what changed, not what exists.

A stage that works one document at a time (cleaning, segmentation) stores its output rows under a key per
document: a hash of everything that went into that document's result. A later run recomputes only the documents
whose key is new and reads the others back. Keys are exact, never heuristic:

* the **inputs** of the document (its raw text and fields, or its rows in the input tables);
* the **code**: the stage's version from ``pipeline/versions.py`` *and* a fingerprint of every module and data
  file of ``pipeline/`` and of the libraries whose output the stage keeps, so a change nobody versioned still
  invalidates the cache rather than serving an old answer.

Layout: ``<warehouse>/cache/<stage>/<code fingerprint>/<table>.parquet`` plus ``keys.parquet`` (every cached key,
also the documents that produced no rows in some table). Each save rewrites the stage's files with the current
run's keys only, through a temporary file and a rename, and removes other fingerprints' folders; a cache can be
deleted at any time and only costs a slower run.
"""

import hashlib
import importlib.metadata
import pickle
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import polars as pl

from pipeline.versions import STAGE_VERSIONS

CACHE_DIR = "cache"
KEY = "_cache_key"
#: Libraries whose behaviour is part of a cached result.
_LIBRARIES = (
    "polars",
    "ftfy",
    "charset-normalizer",
    "trafilatura",
    "wordfreq",
    "langdetect",
    "vadersentiment",
)


@cache
def code_fingerprint() -> str:
    """A hash of every source and data file of ``pipeline/`` and the versions of the libraries it relies on."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=absent\0".encode())
    return digest.hexdigest()[:16]


def text_key(*parts: object) -> str:
    """A key over plain values (texts, fields): their reprs, separated so ("ab", "c") != ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode() + b"\0")
    return digest.hexdigest()


def frame_keys(frames: Iterable[pl.DataFrame], by: str = "doc_id") -> pl.DataFrame:
    """One key per ``by`` value over its rows in every frame (in their order): ``by``, ``_cache_key``."""
    parts = []
    for n, frame in enumerate(frames):
        row_hash = frame.hash_rows(seed=0).cast(pl.String)
        parts.append(
            frame.select(by)
            .with_columns(row_hash.alias("_h"))
            .group_by(by, maintain_order=True)
            .agg(pl.col("_h").str.join("|").alias(f"_h{n}"))
        )
    keys = parts[0]
    for part in parts[1:]:
        keys = keys.join(part, on=by, how="left", maintain_order="left")
    hashed = pl.concat_str(
        [pl.col(c).fill_null("") for c in keys.columns if c.startswith("_h")], separator="#"
    )
    return keys.select(by, hashed.map_elements(lambda s: text_key(s), return_dtype=pl.String).alias(KEY))


@dataclass(frozen=True)
class DocumentCache:
    """The cache of one stage in one warehouse."""

    root: Path
    stage: str

    @property
    def folder(self) -> Path:
        return Path(self.root) / CACHE_DIR / self.stage / f"{STAGE_VERSIONS[self.stage]}-{code_fingerprint()}"

    def cached_keys(self) -> set[str]:
        path = self.folder / "keys.parquet"
        return set(pl.read_parquet(path)[KEY].to_list()) if path.exists() else set()

    def load(self, table: str, keys: set[str]) -> pl.DataFrame | None:
        path = self.folder / f"{table}.parquet"
        if not path.exists():
            return None
        return pl.scan_parquet(path).filter(pl.col(KEY).is_in(list(keys))).collect()

    def save(self, keys: Iterable[str], tables: Mapping[str, pl.DataFrame]) -> None:
        """Keep exactly ``keys`` and these tables (each with a ``_cache_key`` column); drop older versions."""
        folder = self.folder
        staging = folder.with_name(folder.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        pl.DataFrame({KEY: sorted(set(keys))}, schema={KEY: pl.String}).write_parquet(
            staging / "keys.parquet"
        )
        for name, frame in tables.items():
            frame.write_parquet(staging / f"{name}.parquet")
        for old in folder.parent.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(folder)


class CacheStats(NamedTuple):
    """How many documents a stage had, and how many of their results it read back."""

    documents: int
    reused: int

    @property
    def computed(self) -> int:
        return self.documents - self.reused


def run_cached(
    cache: DocumentCache | None,
    keys: pl.DataFrame,
    compute: Callable[[set[str]], Mapping[str, pl.DataFrame]],
    *,
    by: str = "doc_id",
) -> tuple[dict[str, pl.DataFrame], CacheStats]:
    """Tables for every ``by`` value in ``keys`` (``by``, ``_cache_key``): read back where cached, else computed.

    ``compute(ids)`` returns the stage's tables for those ids only, each with a ``by`` column. Rows come back
    in the order of ``keys`` (rows of one document in the order ``compute`` gave them), the same on a cold run
    as on a warm one, so a cached run publishes exactly what a cold run would.
    """
    if cache is None:
        return dict(compute(set(keys[by].to_list()))), CacheStats(keys.height, 0)
    known = cache.cached_keys()
    hit = keys.filter(pl.col(KEY).is_in(list(known)))
    missing = set(keys.filter(~pl.col(KEY).is_in(list(known)))[by].to_list())
    fresh = {
        name: frame.join(keys, on=by, how="inner", maintain_order="left")
        for name, frame in (compute(missing) if missing else {}).items()
    }
    names = set(fresh) or _cached_table_names(cache)
    order = keys.with_row_index("_doc_order").select(by, "_doc_order")
    tables = {}
    for name in sorted(names):
        parts = [f for f in (fresh.get(name), cache.load(name, set(hit[KEY].to_list()))) if f is not None]
        combined = pl.concat(parts, how="vertical_relaxed") if len(parts) > 1 else parts[0]
        tables[name] = (
            combined.with_row_index("_row")
            .join(order, on=by, how="inner")
            .sort("_doc_order", "_row")
            .drop("_doc_order", "_row")
        )
    cache.save(keys[KEY].to_list(), tables)
    return {name: frame.drop(KEY) for name, frame in tables.items()}, CacheStats(keys.height, hit.height)


def _cached_table_names(cache: DocumentCache) -> set[str]:
    return {p.stem for p in cache.folder.glob("*.parquet") if p.stem != "keys"}


def per_document(
    cache: DocumentCache | None,
    inputs: list[pl.DataFrame],
    stage: Callable[..., pl.DataFrame],
    *,
    by: str = "doc_id",
) -> tuple[pl.DataFrame, CacheStats]:
    """``stage(*inputs)`` for a stage whose rows for a document depend only on that document's input rows,
    computed for the documents whose rows changed and read back for the rest. The first input lists the
    documents. The result keeps the schema ``stage`` gives (checked on empty inputs)."""
    schema = stage(*(frame.head(0) for frame in inputs)).schema
    keys = frame_keys(inputs, by=by)

    def compute(ids: set[str]) -> dict[str, pl.DataFrame]:
        chosen = sorted(ids)
        return {"result": stage(*(frame.filter(pl.col(by).is_in(chosen)) for frame in inputs))}

    tables, stats = run_cached(cache, keys, compute, by=by)
    result = tables.get("result")
    if result is None:
        return pl.DataFrame(schema=schema), stats
    return result.select(list(schema)).cast(dict(schema)), stats


@dataclass(frozen=True)
class FileCache:
    """Parsed raw files between runs: one pickle per (path, content hash), under the same code fingerprint
    as every other cache. Written by this program into its own warehouse, read back only by it."""

    root: Path
    stage: str = "ingest"

    @property
    def folder(self) -> Path:
        return DocumentCache(self.root, self.stage).folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str):
        path = self._path(key)
        if not path.exists():
            return None
        try:
            return pickle.loads(path.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None  # a torn or foreign file: parse again

    def put(self, key: str, value) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self._path(key).with_suffix(".partial")
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(self._path(key))

    def keep_only(self, keys: Iterable[str]) -> None:
        """Drop files of other code versions and of raw files no longer in the manifest."""
        wanted = {f"{key}.pickle" for key in keys}
        for other in self.folder.parent.glob("*") if self.folder.parent.exists() else ():
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        for path in self.folder.glob("*") if self.folder.exists() else ():
            if path.name not in wanted:
                path.unlink(missing_ok=True)
