"""The asset graph itself, without resources: what definitions, tests and benchmarks all materialize."""

import dagster as dg

from assets import checks, clean, documents, publish, raw, reports, segment, stories, tags

ASSETS = dg.load_assets_from_modules([raw, clean, segment, documents, tags, stories, publish, reports])
CHECKS = checks.CHECKS

#: What a publishing run materializes: everything but the raw source (observed, not built).
PUBLISH_SELECTION = dg.AssetSelection.all() - dg.AssetSelection.assets(raw.raw_files.key)
