"""The asset graph itself, without resources: what definitions, tests and benchmarks all materialize."""

import dagster as dg

from assets import checks, clean, documents, publish, raw, segment, tags

ASSETS = dg.load_assets_from_modules([raw, clean, segment, documents, tags, publish])
CHECKS = checks.CHECKS
