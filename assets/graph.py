"""The asset graph itself, without resources: what definitions, tests and benchmarks all materialize."""

import dagster as dg

from assets import checks, clean, documents, publish, raw, segment, shards, stories, tags

ASSETS = dg.load_assets_from_modules([raw, shards, clean, segment, documents, tags, stories, publish])
CHECKS = checks.CHECKS

#: What a publishing run materializes: everything but the raw source (observed, not built) and the shard
#: partitions, which are optional (``assets/shards.py``): the publishing run computes whatever no shard left cached.
PUBLISH_SELECTION = dg.AssetSelection.all() - dg.AssetSelection.assets(
    raw.raw_files.key, shards.document_shards
)
