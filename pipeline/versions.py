"""Code versions of each stage, in one place.

Bump a stage's version when a change alters what it outputs. Dagster shows an asset as stale when its code version
changes, and every snapshot records the combined version, so two snapshots from the same raw files but different
code are told apart.
"""

import hashlib

STAGE_VERSIONS: dict[str, str] = {
    "ingest": "4",
    "clean": "20",
    "documents": "12",
    "paragraphs": "3",
    "sentences": "5",
    "entities": "4",
    "entity_mentions": "1",
    "issues": "1",
    "quotes": "1",
    "numbers": "1",
    "publish": "1",
}


def pipeline_code_version() -> str:
    """A short hash over every stage version: what ``snapshots.code_version`` records."""
    joined = ";".join(f"{stage}={version}" for stage, version in sorted(STAGE_VERSIONS.items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]
