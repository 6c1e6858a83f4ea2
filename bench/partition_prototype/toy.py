"""A toy graph shaped like newsetl's, with its per-document assets as Dagster static partitions.

    raw_files (observable source: a hash of raw/)
      -> raw_manifest (unpartitioned)
      -> clean (multi_asset: articles, cleaning_edits, quarantine; partitioned by blake2b(doc_id))
      -> paragraphs (partitioned, identity mapping from articles)
      -> documents (unpartitioned: reads every partition of articles and paragraphs)
      -> warehouse (unpartitioned: reads documents and every partition of cleaning_edits, quarantine; DuckDB)

`build_defs(raw, store, partitions=16)` builds it; ``partitions=0`` builds the same graph unpartitioned (the
baseline of overhead.py). Every partitioned asset has ``BackfillPolicy.single_run()``, so one run (range tags
00..0f) covers every partition. No environment variables: raw/, the Parquet store and the knobs are arguments.
"""

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

SCHEMAS = {
    "articles": {"doc_id": pl.String, "text": pl.String},
    "cleaning_edits": {"doc_id": pl.String, "edit": pl.String},
    "quarantine": {"doc_id": pl.String, "reason": pl.String},
    "paragraphs": {"doc_id": pl.String, "paragraph": pl.Int64, "text": pl.String},
}
#: The job over every asset but the source; every script launches it.
MATERIALIZE_ALL = "materialize_all"
#: The same selection with the whole partition range as job tags: a launch with no partition is one full run.
PUBLISH_ALL = "publish_all"


def partition_keys(n: int) -> list[str]:
    return [f"{i:02x}" for i in range(n)]


def partition_of(doc_id: str, n: int) -> str:
    """Stable across processes and library versions (unlike hash() or pl.Series.hash)."""
    return f"{hashlib.blake2b(doc_id.encode(), digest_size=8).digest()[0] % n:02x}"


def _partition_expr(column: str, n: int) -> pl.Expr:
    return pl.col(column).map_elements(lambda doc_id: partition_of(doc_id, n), return_dtype=pl.String)


def range_tags(keys: list[str]) -> dict[str, str]:
    """The run tags of a single-run backfill over ``keys`` (what the UI's backfill launches)."""
    return {ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]}


def write_corpus(raw: Path, documents: int = 48) -> None:
    """``documents`` small three-paragraph texts (enough for every one of 16 partitions) and one empty file."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        text = f"Title {i}\n\nFirst paragraph of doc {i}.\n\nSecond  paragraph.\n"
        (raw / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")
    (raw / "empty.txt").write_text("", encoding="utf-8")


def raw_version(raw: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        digest.update(
            str(path.relative_to(raw)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest()
        )
    return digest.hexdigest()


def observe_raw(instance: dg.DagsterInstance, raw: Path) -> None:
    """Record a raw_files observation at raw/'s current version (what newsetl's raw_files sensor does)."""
    tags = {"dagster/data_version": raw_version(raw)}
    instance.report_runless_asset_event(dg.AssetObservation(asset_key="raw_files", tags=tags))


class PartitionedParquetIOManager(dg.ConfigurableIOManager):
    """One Parquet file per (asset, partition): <base>/<asset>/<partition>.parquet, or <base>/<asset>.parquet.

    A step over several partitions returns {partition_key: DataFrame}, exactly its partitions. Inputs are every
    upstream partition the mapping asks for, concatenated, or kept as that dict when the input is annotated dict.
    """

    base_dir: str

    def _path(self, key: dg.AssetKey, partition: str | None) -> Path:
        base = Path(self.base_dir) / "/".join(key.path)
        return base / f"{partition}.parquet" if partition is not None else base.with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        if obj is None:
            return
        if not context.has_asset_partitions:
            frames = {None: obj}
        elif isinstance(obj, dict):
            keys = list(context.asset_partition_keys)
            if sorted(obj) != sorted(keys):
                raise dg.Failure(
                    f"{context.asset_key.to_user_string()}: output covers partitions {sorted(obj)}, "
                    f"the step materializes {keys}"
                )
            frames = obj
        else:
            raise dg.Failure(f"{context.asset_key.to_user_string()}: a partitioned step must return a dict")
        for partition, frame in frames.items():
            path = self._path(context.asset_key, partition)
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.write_parquet(path)
        context.add_output_metadata({"rows": sum(f.height for f in frames.values())})

    def load_input(self, context: dg.InputContext):
        key = context.asset_key
        if not context.has_asset_partitions:
            return pl.read_parquet(self._path(key, None))
        frames = {}
        for partition in context.asset_partition_keys:
            path = self._path(key, partition)
            if not path.exists():
                raise FileNotFoundError(
                    f"{key.to_user_string()} partition {partition} was never materialized"
                )
            frames[partition] = pl.read_parquet(path)
        if getattr(context.dagster_type.typing_type, "__origin__", None) is dict:
            return frames
        return pl.concat(list(frames.values()), how="vertical")


def _clean_docs(raw: Path, manifest: pl.DataFrame) -> dict[str, pl.DataFrame]:
    articles, edits, quarantine = [], [], []
    for doc_id in manifest["path"]:  # toy: the document id is its path under raw/
        text = (raw / doc_id).read_text(encoding="utf-8")
        if not text.strip():
            quarantine.append({"doc_id": doc_id, "reason": "empty"})
            continue
        cleaned = " ".join(text.split())
        articles.append({"doc_id": doc_id, "text": text.strip()})
        if cleaned != text.strip():
            edits.append({"doc_id": doc_id, "edit": "collapse whitespace"})
    return {
        "articles": pl.DataFrame(articles, schema=SCHEMAS["articles"]),
        "cleaning_edits": pl.DataFrame(edits, schema=SCHEMAS["cleaning_edits"]),
        "quarantine": pl.DataFrame(quarantine, schema=SCHEMAS["quarantine"]),
    }


def _split_paragraphs(frame: pl.DataFrame) -> pl.DataFrame:
    rows = [
        {"doc_id": doc_id, "paragraph": i, "text": paragraph}
        for doc_id, text in frame.select("doc_id", "text").iter_rows()
        for i, paragraph in enumerate(text.split("\n\n"))
    ]
    return pl.DataFrame(rows, schema=SCHEMAS["paragraphs"])


def build_defs(
    raw: Path, store: Path, partitions: int = 16, raw_dep: bool = False, code_version: str = "1"
) -> dg.Definitions:
    """The toy graph over ``raw``, writing Parquet and DuckDB under ``store``.

    ``partitions``: how many static partitions the per-document assets have (0: unpartitioned).
    ``raw_dep``: every asset also depends directly on raw_files, so a new observation of raw/ stales them all at
    once (Dagster staleness is not transitive). ``code_version``: of every asset but raw_manifest.
    """
    keys = partition_keys(partitions)
    parts = (
        {
            "partitions_def": dg.StaticPartitionsDefinition(keys),
            "backfill_policy": dg.BackfillPolicy.single_run(),
        }
        if partitions
        else {}
    )
    extra_deps = ["raw_files"] if raw_dep else []
    # Dagster reads the annotation: a dict input gets the step's partitions one by one, a DataFrame all of them.
    Frames = dict[str, pl.DataFrame] if partitions else pl.DataFrame

    @dg.observable_source_asset(description="raw/ as it lands")
    def raw_files() -> dg.DataVersion:
        return dg.DataVersion(raw_version(raw))

    @dg.asset(deps=[raw_files], code_version="1")
    def raw_manifest() -> dg.Output[pl.DataFrame]:
        rows = [
            {"path": str(p.relative_to(raw)), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in sorted(raw.rglob("*"))
            if p.is_file()
        ]
        frame = pl.DataFrame(rows, schema={"path": pl.String, "sha256": pl.String})
        # An explicit data version: downstream staleness keys on the manifest, not on "was re-run".
        return dg.Output(frame, data_version=dg.DataVersion(raw_version(raw)))

    @dg.multi_asset(
        outs={
            name: dg.AssetOut(code_version=code_version)
            for name in ("articles", "cleaning_edits", "quarantine")
        },
        deps=extra_deps,
        **parts,
    )
    def clean(context: dg.AssetExecutionContext, raw_manifest: pl.DataFrame):
        # raw_manifest is unpartitioned, so every step loads it whole and keeps its own partitions' documents.
        if not partitions:
            for name, frame in _clean_docs(raw, raw_manifest).items():
                yield dg.Output(frame, output_name=name)
            return
        mine = list(context.partition_keys)
        manifest = raw_manifest.with_columns(_p=_partition_expr("path", partitions))
        for name, frame in _clean_docs(raw, manifest.filter(pl.col("_p").is_in(mine))).items():
            # Every partition of the step gets a frame, empty when none of its documents landed there.
            tagged = frame.with_columns(_p=_partition_expr("doc_id", partitions))
            by_partition = {k: tagged.filter(pl.col("_p") == k).drop("_p") for k in mine}
            yield dg.Output(by_partition, output_name=name)

    @dg.asset(code_version=code_version, deps=extra_deps, **parts)
    def paragraphs(articles: Frames):
        if not partitions:
            return _split_paragraphs(articles)
        return {k: _split_paragraphs(frame) for k, frame in articles.items()}

    @dg.asset(code_version=code_version, deps=extra_deps)
    def documents(articles: pl.DataFrame, paragraphs: pl.DataFrame) -> pl.DataFrame:
        # Unpartitioned below partitioned: the inferred mapping hands over every partition, concatenated.
        counts = paragraphs.group_by("doc_id").agg(pl.len().alias("paragraphs"))
        return articles.join(counts, on="doc_id", how="left").sort("doc_id")

    @dg.asset(code_version=code_version, deps=extra_deps)
    def warehouse(
        documents: pl.DataFrame, cleaning_edits: pl.DataFrame, quarantine: pl.DataFrame
    ) -> dg.MaterializeResult:
        store.mkdir(parents=True, exist_ok=True)
        tables = {"documents": documents, "cleaning_edits": cleaning_edits, "quarantine": quarantine}
        with duckdb.connect(str(store / "warehouse.duckdb")) as con:
            for name, frame in tables.items():
                con.register("frame", frame.to_arrow())
                con.execute(f"create or replace table {name} as select * from frame")
                con.unregister("frame")
        return dg.MaterializeResult(metadata={name: frame.height for name, frame in tables.items()})

    selection = dg.AssetSelection.all() - dg.AssetSelection.assets(raw_files.key)
    return dg.Definitions(
        assets=[raw_files, raw_manifest, clean, paragraphs, documents, warehouse],
        jobs=[
            dg.define_asset_job(MATERIALIZE_ALL, selection=selection),
            dg.define_asset_job(
                PUBLISH_ALL, selection=selection, tags=range_tags(keys) if partitions else {}
            ),
        ],
        resources={"io_manager": PartitionedParquetIOManager(base_dir=str(store))},
    )


#: Run config that keeps Dagster's console logger quiet (the scripts print their own findings).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def failure_messages(result: dg.ExecuteInProcessResult) -> list[str]:
    """'step: ErrorClass: message' of each failed step, from the innermost cause (the user-facing reason)."""
    messages = []
    for event in result.all_events:
        if event.event_type_value != "STEP_FAILURE":
            continue
        error = event.event_specific_data.error
        while error.cause is not None or error.context is not None:
            error = error.cause or error.context
        message = error.message.strip().splitlines()[-1]
        messages.append(
            f"{event.step_key}: {message.removeprefix(f'dagster._core.errors.{error.cls_name}: ')}"
        )
    return messages
