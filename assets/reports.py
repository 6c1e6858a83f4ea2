"""The report pictures of the published warehouse: PNGs in the UI and in warehouse/reports/ with one HTML page."""

import time

import dagster as dg

from assets.metadata import OWNERS
from assets.publish import warehouse_snapshot
from assets.raw import raw_files
from assets.resources import NewsPaths
from pipeline.reports.html import data_uri
from pipeline.reports.write import REPORT_HTML, reports_dir, write_reports

GROUP_REPORTS = "reports"
#: The tool that draws them (the UI shows its icon).
REPORT_KINDS = {"matplotlib"}


@dg.asset(
    kinds=REPORT_KINDS,
    owners=OWNERS,
    # raw_files directly too: Dagster marks an asset stale only for a change in a direct dependency.
    deps=[warehouse_snapshot, raw_files],
    group_name=GROUP_REPORTS,
)
def warehouse_report(context: dg.AssetExecutionContext, paths: NewsPaths) -> dg.MaterializeResult:
    """Pictures of the current snapshot: issue salience over time by outlet, the top entities' co-occurrence and
    a cleaning report (chrome by rule, restorations by layer and confidence, quarantine by reason, duplicates by
    kind), as PNGs and one self-contained `report.html` in `warehouse/reports/`.

    Never fails the run: the snapshot is already published, so a report that cannot be drawn is logged and
    recorded here as an error."""
    started = time.perf_counter()
    try:
        report = write_reports(paths.warehouse)
    except Exception as error:  # the publish already happened: say why, keep the run green
        context.log.exception("the report pictures could not be written")
        return dg.MaterializeResult(
            metadata={
                "error": f"{type(error).__name__}: {error}",
                "folder": dg.MetadataValue.path(str(reports_dir(paths.warehouse).resolve())),
            }
        )
    seconds = round(time.perf_counter() - started, 2)
    context.log.info(
        f"report pictures of snapshot {report.snapshot_id} written to {report.folder} in {seconds}s"
    )
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": report.snapshot_id,
            "html": dg.MetadataValue.path(str((report.folder / REPORT_HTML).resolve())),
            **{
                name.removesuffix(".png"): dg.MetadataValue.md(f"![{name}]({data_uri(png)})")
                for name, png in report.pictures.items()
            },
            "seconds": seconds,
        }
    )
