"""The document stages by shard: a Dagster partition per stable hash shard of ``doc_id``.

Each partition runs cleaning, segmentation, numbers, name finding and dedup fingerprints for its shard's
documents and keeps the rows in its own files of the per-document caches (``pipeline/stages/documents.py``).
Partitions run as separate Dagster runs, so the run queue (``dagster.yaml``) or ``newsetl run --shards`` runs
them side by side; on a cluster, the same runs go to Dagster's Kubernetes or Celery executors. The corpus-wide
run that follows (``materialize_all``) reads every shard's rows back instead of computing them and publishes one
snapshot: the shards are combined there.
"""

import dagster as dg
import polars as pl

from assets.resources import NewsPaths
from assets.settings import GROUP_CLEAN, ROLE_TAG, shard_count
from pipeline.infra.shards import shard_keys
from pipeline.infra.versions import pipeline_code_version
from pipeline.stages.documents import run_shard
from pipeline.stages.ingest import read_landed

shard_partitions = dg.StaticPartitionsDefinition(shard_keys(shard_count()))


@dg.asset(partitions_def=shard_partitions, group_name=GROUP_CLEAN, code_version=pipeline_code_version())
def document_shards(
    context: dg.AssetExecutionContext, paths: NewsPaths, raw_manifest: pl.DataFrame
) -> dg.MaterializeResult:
    """Per-document results of one shard of the corpus (cleaned text, paragraphs, sentences, numbers, names,
    fingerprints), cached for the corpus-wide run to read back."""
    records, _ = read_landed(raw_manifest, paths.raw_store, paths.file_cache())
    shard = context.partition_key
    stats = run_shard(records, shard, lambda stage: paths.cache(stage, shard=shard))
    clean = stats["clean"]
    context.log.info(f"shard {shard}: {clean.documents} documents, {clean.computed} cleaned now")
    return dg.MaterializeResult(
        metadata={
            "documents": clean.documents,
            **{f"{stage}_computed": counts.computed for stage, counts in stats.items()},
            **{f"{stage}_reused": counts.reused for stage, counts in stats.items()},
        }
    )


shards_job = dg.define_asset_job(
    "materialize_shards",
    selection=[document_shards],
    description="The document stages of one shard; backfill every partition, then run materialize_all to publish.",
    tags={ROLE_TAG: "shard"},
)
