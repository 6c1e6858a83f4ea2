"""The ingest stage over the manifest: each stored file parsed once and kept in the file cache."""

import hashlib
from pathlib import Path

import polars as pl

from pipeline.core.constants import QuarantineReason
from pipeline.core.limits import Limits, limits_from_env
from pipeline.infra.doc_cache import FileCache
from pipeline.ingest.manifest import store_path
from pipeline.ingest.records import (
    ENVIRONMENT_ERRORS,
    Quarantined,
    RawRecord,
    error_detail,
    read_records,
    refusal,
)


def read_landed(
    manifest: pl.DataFrame, store_dir: Path, cache: FileCache | None = None, limits: Limits | None = None
) -> tuple[list[RawRecord], list[Quarantined]]:
    """Parse the stored bytes of every manifest row; skipped rows become quarantine rows.

    With a ``cache``, a file parsed by an earlier run (same path, same bytes, same code) is read back instead of
    decoded again. A file the parser fails on is quarantined (``processing_error``), a document over
    ``limits.max_document_bytes`` too, and a record whose ``doc_id`` an earlier one already has is quarantined
    (``duplicate_record_id``) instead of merged with it.
    """
    limits = limits or limits_from_env()
    records: list[RawRecord] = []
    quarantined: list[Quarantined] = []
    keys = []
    first_with_id: dict[str, RawRecord] = {}
    for row in manifest.iter_rows(named=True):
        if row["skip_reason"] is not None or row["sha256"] is None:
            reason = QuarantineReason(row["skip_reason"] or QuarantineReason.UNREADABLE)
            quarantined.append(
                Quarantined(row["source_path"], row["sha256"], reason, row["skip_detail"] or "")
            )
            continue
        key = hashlib.sha256(f"{row['source_path']}\0{row['sha256']}".encode()).hexdigest()
        keys.append(key)
        parsed = cache.get(key) if cache else None
        if parsed is None:
            data = store_path(store_dir, row["sha256"]).read_bytes()
            try:
                parsed = read_records(row["source_path"], row["sha256"], data)
            except ENVIRONMENT_ERRORS:
                raise
            except Exception as error:  # a file the parsers choke on costs that file, not the run
                reason = QuarantineReason.PROCESSING_ERROR
                parsed = [], [Quarantined(row["source_path"], row["sha256"], reason, error_detail(error))]
            if cache:
                cache.put(key, parsed)
        found, rejected = parsed
        quarantined.extend(rejected)
        for record in found:
            refused = refusal(record, first_with_id, limits)
            if refused is None:
                first_with_id[record.doc_id] = record
                records.append(record)
            else:
                reason, detail = refused
                quarantined.append(
                    Quarantined(record.source_path, row["sha256"], reason, detail, record.record)
                )
    if cache:
        cache.keep_only(keys)
    return records, quarantined
