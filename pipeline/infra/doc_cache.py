"""Per-document results kept between runs, so a run costs what changed, not what exists.

A stage that works one document at a time (cleaning, segmentation) stores its output rows under a key per
document: a hash of everything that went into that document's result. A later run recomputes only the documents
whose key is new and reads the others back. Keys are exact, never heuristic:

* the **inputs** of the document (its raw text and fields, or its rows in the input tables);
* the **code**: the stage's fingerprint (``pipeline/infra/versions.py``): its modules' source and their imports', the
  data files they name and the versions of the libraries whose output the stage keeps, so any change to what the
  stage runs invalidates its cache rather than serving an old answer, and a change to another stage does not.

Layout: ``<warehouse>/cache/<stage>/<fingerprint>.pickle``, one manifest per stage holding every
cached key (also the documents that produced no rows in some table) and the names of its tables' Arrow IPC files
beside it (``<fingerprint>.<save token>.<table>.arrow``, written straight from the frames, so a save
never holds a serialized copy of a table). Each save writes new table files, then the current run's manifest to a
temporary file renamed over the old one, so a run reading the cache while another saves sees one complete result;
other versions' files are removed. A cache can be deleted at any time and only
costs a slower run; an unreadable one is treated as empty.
"""

import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polars as pl

from pipeline.core.frames import in_document_order
from pipeline.core.integrity import pickle_atomically
from pipeline.infra.versions import stage_fingerprint

CACHE_DIR = "cache"
KEY = "_cache_key"
#: The name under which a save keeps its keys frame beside its tables.
KEYS_TABLE = "_keys"


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
    """The cache of one stage in one warehouse: one manifest, replaced whole, so a reader always sees complete
    results even while a run saves."""

    root: Path
    stage: str

    @property
    def folder(self) -> Path:
        return Path(self.root) / CACHE_DIR / self.stage

    @property
    def _stem(self) -> str:
        return stage_fingerprint(self.stage)

    @property
    def path(self) -> Path:
        return self.folder / f"{self._stem}.pickle"

    def files(self) -> list[Path]:
        """This cache's manifest and the files it names: what its last save left."""
        try:
            stored = _load_manifest(self.path)
        except _UNREADABLE:
            return []
        return [self.path, *(self.folder / name for name in [stored["keys"], *stored["tables"].values()])]

    def lookup(self, keys: pl.DataFrame) -> tuple[pl.Series, dict[str, pl.DataFrame]]:
        """The documents of ``keys`` (``by``, ``_cache_key``) cached under that same key, and their rows in every
        table. A cache that cannot be read counts as empty (its documents are computed again). A table without the
        ``by`` column is stage-wide state (the mention cache's alias fingerprints): it comes whole."""
        by = _by_column(keys)
        try:
            stored = _load_manifest(self.path)
            cached = pl.read_ipc(self.folder / stored["keys"])
            tables = {name: pl.read_ipc(self.folder / file) for name, file in stored["tables"].items()}
            hits = keys.join(cached, on=[by, KEY], how="semi").select(by)
        except _UNREADABLE:
            return keys.select(by).head(0)[by], {}
        found = {}
        for name, frame in tables.items():
            if by not in frame.columns:
                found[name] = frame
            elif not hits.is_empty():
                found[name] = rows_where(frame, frame[by].is_in(hits[by].implode()))
        return hits[by], found

    def save(self, keys: pl.DataFrame, tables: Mapping[str, pl.DataFrame]) -> dict[str, Path]:
        """Keep exactly ``keys`` (``by``, ``_cache_key``: one row a document, also for documents that have no
        rows in some table) and these tables (each with the ``by`` column, or none for stage-wide state).

        The key is kept once a document, not once a row: a per-row 64-character key cost more memory than most
        tables' own columns (docs/performance.md, "Bounding the steps"). Each table, and the keys, is written to
        an Arrow IPC file of its own, streamed from the frame (never serialized whole in memory), under a name no
        earlier save used; then the manifest that names them replaces the old one in one rename, and everything
        else in the folder (other versions, earlier saves) is removed."""
        _by_column(keys)  # a malformed keys frame fails here, not on the next run's read
        self.folder.mkdir(parents=True, exist_ok=True)
        base = self.path.name.removesuffix(".pickle")
        token = f"{os.getpid()}-{time.time_ns():x}"
        files = {}
        for name, frame in {KEYS_TABLE: keys, **tables}.items():
            file = f"{base}.{token}.{name}.arrow"
            partial = self.folder / f"{file}.{os.getpid()}.partial"
            frame.write_ipc(partial)
            partial.replace(self.folder / file)
            files[name] = file
        keep = {self.path.name, *files.values()}
        pickle_atomically(self.path, {"keys": files.pop(KEYS_TABLE), "tables": files})
        saved = {name: self.folder / file for name, file in files.items()}
        for other in self.folder.iterdir():
            stale_partial = (
                other.suffix == ".partial" and time.time() - other.stat().st_mtime > _STALE_SECONDS
            )
            if other.name not in keep and (other.suffix != ".partial" or stale_partial):
                other.unlink(missing_ok=True)
        return saved


def _by_column(keys: pl.DataFrame) -> str:
    """The document column of a keys frame: its one column besides ``_cache_key``."""
    others = [column for column in keys.columns if column != KEY]
    if len(others) != 1 or KEY not in keys.columns:
        raise ValueError(f"a keys frame has a document column and {KEY!r}, not {keys.columns}")
    return others[0]


#: What a cache file that is torn, foreign, or gone raises when read: it then counts as empty.
_UNREADABLE = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    pl.exceptions.PolarsError,
)


def _load_manifest(path: Path) -> dict:
    with path.open("rb") as handle:
        stored = pickle.load(handle)
    if not isinstance(stored, dict) or not isinstance(stored.get("tables"), dict):
        raise ValueError(f"not a cache manifest: {path}")
    return stored


#: A ".partial" file older than this was left by a run that died while saving.
_STALE_SECONDS = 3600


class CacheStats(NamedTuple):
    """How many documents a stage had, and how many of their results it read back; ``files``: the cache file
    each table was saved to (Arrow IPC), so a caller can keep that file as the table's one copy."""

    documents: int
    reused: int
    files: Mapping[str, Path] | None = None

    @property
    def computed(self) -> int:
        return self.documents - self.reused


def rows_where(frame: pl.DataFrame, mask: pl.Series) -> pl.DataFrame:
    """``frame.filter(mask)``, but ``frame`` itself (no copy) when the mask keeps every row: on a cold run, or a
    warm one over an unchanged corpus, that is the whole table."""
    return frame if mask.all() else frame.filter(mask)


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
    ids = keys[by]
    if cache is None:
        computed = compute(set(ids.to_list()))
        return {name: in_document_order(frame, ids, by=by) for name, frame in computed.items()}, CacheStats(
            keys.height, 0
        )
    hits, cached = cache.lookup(keys)
    missing = set(ids.filter(~ids.is_in(hits.implode())).to_list())
    # compute gives rows of the missing documents only; rows_where keeps that frame as it is (no copy).
    fresh = {
        name: rows_where(frame, frame[by].is_in(list(missing)))
        for name, frame in (compute(missing) if missing else {}).items()
    }
    names = set(fresh) or set(cached)
    tables = {}
    for name in sorted(names):
        parts = [fresh.pop(name)] if name in fresh else []
        if name in cached:
            parts.append(cached.pop(name))
        combined = pl.concat(parts, how="vertical_relaxed", rechunk=False) if len(parts) > 1 else parts[0]
        tables[name] = in_document_order(combined, ids, by=by)
        del combined, parts
    files = cache.save(keys, tables)
    return tables, CacheStats(keys.height, hits.len(), files)


#: Documents a per-document stage computes at a time.
PER_DOCUMENT_BATCH = 10_000


def per_document(
    cache: DocumentCache | None,
    inputs: list[pl.DataFrame],
    stage: Callable[..., pl.DataFrame],
    *,
    by: str = "doc_id",
    batch: int = PER_DOCUMENT_BATCH,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[pl.DataFrame, CacheStats]:
    """``stage(*inputs)`` for a stage whose rows for a document depend only on that document's input rows,
    computed for the documents whose rows changed and read back for the rest. The first input lists the
    documents. The result keeps the schema ``stage`` gives (checked on empty inputs).

    ``on_progress(done, total)`` hears how many of the documents computed now (not those read back) are done:
    0 when computing starts, then after each batch, ending at ``total``; never when every document is read
    back."""
    schema = stage(*(frame.head(0) for frame in inputs)).schema
    keys = frame_keys(inputs, by=by)

    def compute(ids: set[str]) -> dict[str, pl.DataFrame]:
        # In batches of documents (in the first input's order): what the stage builds in between (exploded
        # blocks, candidate spans) is then held for one batch, not for the corpus. Exact, since a document's
        # rows depend on its own input rows only.
        listed = inputs[0][by].unique(maintain_order=True)
        chosen = listed.filter(listed.is_in(list(ids))).to_list()
        total = len(chosen)
        if total == len(listed) and total <= batch:
            groups: Iterable[list[pl.DataFrame]] = [inputs]  # all of it at once: nothing to filter
        else:
            groups = (
                [frame.filter(pl.col(by).is_in(chosen[start : start + batch])) for frame in inputs]
                for start in range(0, total, batch)
            )
        report = on_progress if on_progress is not None and total else None
        if report is not None:
            report(0, total)
        parts = []
        for n, frames in enumerate(groups, start=1):
            parts.append(stage(*frames))
            if report is not None:
                report(min(n * batch, total), total)
        return {"result": pl.concat(parts, rechunk=False) if parts else pl.DataFrame(schema=schema)}

    tables, stats = run_cached(cache, keys, compute, by=by)
    result = tables.get("result")
    if result is None:
        return pl.DataFrame(schema=schema), stats._replace(files=None)
    if list(result.schema.items()) != list(schema.items()):
        stats = stats._replace(files=None)  # the saved file is not exactly the frame returned
    return result.select(list(schema)).cast(dict(schema)), stats


@dataclass(frozen=True)
class FileCache:
    """Parsed raw files between runs: one pickle per (path, content hash), under the same code fingerprint
    as every other cache. Written by this program into its own warehouse, read back only by it."""

    root: Path
    stage: str = "ingest"

    @property
    def folder(self) -> Path:
        stage = DocumentCache(self.root, self.stage)
        return stage.folder / stage.path.stem  # <warehouse>/cache/ingest/<fingerprint>/

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
        """Store ``value``; a failure to write (a full disk, a concurrent clean-up) only loses the cache."""
        try:
            pickle_atomically(self._path(key), value)
        except OSError:
            pass

    def keep_only(self, keys: Iterable[str]) -> None:
        """Drop files of other code versions and of raw files no longer in the manifest."""
        wanted = {f"{key}.pickle" for key in keys}
        for other in self.folder.parent.glob("*") if self.folder.parent.exists() else ():
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        for path in self.folder.glob("*") if self.folder.exists() else ():
            if path.name not in wanted:
                path.unlink(missing_ok=True)


@dataclass(frozen=True)
class KeySet:
    """A set of keys kept between runs under the stage's code fingerprint: what an earlier run already settled
    (the pairs aligned restoration rejected). Lost or unreadable, it is empty and only costs a slower run."""

    root: Path
    stage: str

    @property
    def path(self) -> Path:
        stage = DocumentCache(self.root, self.stage)
        return stage.path

    def load(self) -> set[str]:
        try:
            with self.path.open("rb") as handle:
                keys = pickle.load(handle)
        except _UNREADABLE:
            return set()
        return keys if isinstance(keys, set) else set()

    def save(self, keys: set[str]) -> None:
        """Replace the set (one rename), and drop other code versions' sets; a failure to write only loses it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            pickle_atomically(self.path, set(keys))
        except OSError:
            return
        for other in self.path.parent.iterdir():
            if other != self.path and other.suffix == ".pickle":
                other.unlink(missing_ok=True)
