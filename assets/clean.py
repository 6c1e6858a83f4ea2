"""The clean stage: stored raw bytes -> articles, with every edit and every rejected input on record."""

import dagster as dg
import polars as pl

from assets import checks
from assets.metadata import frame_metadata, staged_out
from assets.progress import documents_done
from assets.raw import raw_files
from assets.resources import NewsPaths
from assets.settings import GROUP_CLEAN
from pipeline.clean.articles import QUARANTINE_SCHEMA, quarantine_frame
from pipeline.core.constants import QuarantineReason
from pipeline.infra.versions import stage_fingerprint
from pipeline.stages.clean import clean_stage, restore_copies
from pipeline.stages.documents import dedup_prints
from pipeline.stages.ingest import read_landed


@dg.multi_asset(
    deps=[raw_files],
    outs={
        "articles": staged_out("Cleaned articles with structure and metadata (internal)."),
        "cleaning_edits": staged_out("Every change cleaning made to a document's text, and why."),
        "quarantine": staged_out("Every raw file or record that did not become a document."),
    },
    group_name=GROUP_CLEAN,
    code_version=stage_fingerprint("clean"),
    check_specs=[*checks.specs("cleaning_edits"), *checks.specs("quarantine")],
)
def clean(context: dg.AssetExecutionContext, paths: NewsPaths, raw_manifest: pl.DataFrame):
    """Decode, strip chrome, extract metadata and de-spin every raw record (reusing earlier runs' results for
    records whose inputs and code are unchanged)."""
    records, rejected = read_landed(raw_manifest, paths.raw_store, paths.file_cache())
    # The parsed corpus is as large as the tables: consumed (emptied) once cleaned, not held beside them.
    tables, stats = clean_stage(
        records, paths.cache("clean"), consume=True, on_progress=documents_done(context, "cleaned")
    )
    # Corpus-wide, after the per-document cleaning and before segmentation.
    # Fingerprints go through the documents stage's own cache: computed here once, read back there.
    prints, print_stats = dedup_prints(tables["articles"], paths.cache("documents"))
    articles, edits, spun_copies = restore_copies(
        tables["articles"], tables["cleaning_edits"], prints, paths.key_set("aligned_copies")
    )
    emptied = tables["emptied"].select(list(QUARANTINE_SCHEMA))
    frames = {
        "articles": articles,
        "cleaning_edits": edits,
        "quarantine": pl.concat([quarantine_frame(rejected), emptied]).sort(
            "source_path", "record", nulls_last=False
        ),
    }
    context.log.info(
        f"cleaned {frames['articles'].height} articles ({stats.computed} cleaned now, {stats.reused} reused), "
        f"{frames['cleaning_edits'].height} edits, {frames['quarantine'].height} quarantined, "
        f"{len(spun_copies)} spun copies restored from their originals"
    )
    # The run goes on past a file or record the code failed on, but such a failure is a bug to look at: say so.
    failed = frames["quarantine"].filter(pl.col("reason") == str(QuarantineReason.PROCESSING_ERROR))
    for source_path, record, detail in failed.select("source_path", "record", "detail").head(20).iter_rows():
        where = source_path if record is None else f"{source_path} record {record}"
        context.log.warning(f"quarantined after an unexpected error: {where}: {detail}")
    yield from checks.verified(checks.schema(name, frames[name]) for name in ("cleaning_edits", "quarantine"))
    for name, frame in frames.items():
        yield dg.Output(
            frame,
            output_name=name,
            metadata={
                **frame_metadata(frame),
                "documents_cleaned": stats.computed,
                "documents_reused": stats.reused,
                "spun_copies_restored": len(spun_copies),
                "fingerprints_computed": print_stats.computed,
            },
        )
