"""Write the report pictures and the HTML page of the current snapshot into a folder (warehouse/reports/)."""

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipeline.reports.html import report_html
from pipeline.reports.tables import ReportTables, read_report_tables

#: File names of the three pictures, in the report's order, and of the page.
SALIENCE_PNG = "issue_salience.png"
ENTITIES_PNG = "entity_cooccurrence.png"
CLEANING_PNG = "cleaning_report.png"
REPORT_HTML = "report.html"
#: Said once, under the page's title, when the pictures' Korean and Japanese labels had to be romanized.
ROMANIZED_NOTE = (
    "No CJK font is installed here (Debian's fonts-wqy-zenhei gives one), so Korean and Japanese names in the "
    "pictures are romanized: Hangul and kana spelled in Latin letters, kanji shown as ?. The tables give every "
    "name in its own script."
)


@dataclass(frozen=True)
class Report:
    snapshot_id: str
    folder: Path
    pictures: dict[str, bytes]  # file name -> PNG
    tables: ReportTables


def reports_dir(warehouse: Path) -> Path:
    """Where the reports of ``warehouse`` (the DuckDB file) go: ``reports/`` beside it."""
    return Path(warehouse).parent / "reports"


def write_reports(warehouse: Path, folder: Path | None = None) -> Report:
    """Read the current tables of ``warehouse`` read-only, draw the three pictures and write them with the HTML
    page into ``folder`` (default ``reports_dir``). Each file is written beside and renamed over the old one, so a
    reader never sees half a picture."""
    # matplotlib is imported here, not with this module: loading the Dagster definitions (every CLI command, every
    # step process) must not pay its second of import time.
    from pipeline.reports.figures import cleaning_figure, cooccurrence_figure, render_png, salience_figure
    from pipeline.reports.fonts import romanized_labels

    folder = reports_dir(warehouse) if folder is None else Path(folder)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        snapshot_id = con.sql(
            "SELECT snapshot_id FROM snapshots ORDER BY created_at DESC LIMIT 1"
        ).fetchall()[0][0]
        tables = read_report_tables(con)
    pictures = {
        SALIENCE_PNG: render_png(salience_figure(tables.salience)),
        ENTITIES_PNG: render_png(cooccurrence_figure(tables.entities, tables.cooccurrence)),
        CLEANING_PNG: render_png(cleaning_figure(tables)),
    }
    note = ROMANIZED_NOTE if romanized_labels() and _names_in_cjk(tables) else None
    page = report_html(f"newsetl report: snapshot {snapshot_id}", _sections(pictures, tables), note)
    folder.mkdir(parents=True, exist_ok=True)
    for name, png in pictures.items():
        _replace(folder / name, png)
    _replace(folder / REPORT_HTML, page.encode("utf-8"))
    return Report(snapshot_id, folder, pictures, tables)


def _sections(pictures: dict[str, bytes], tables: ReportTables) -> list:
    entity_pairs = (
        tables.cooccurrence.filter(pl.col("entity_a") < pl.col("entity_b"))
        .join(tables.entities.select(entity_a="rank", name_a="name"), on="entity_a")
        .join(tables.entities.select(entity_b="rank", name_b="name"), on="entity_b")
        .sort(["documents", "entity_a", "entity_b"], descending=[True, False, False])
        .select("name_a", "name_b", "documents")
    )
    return [
        ("Issue salience over time by outlet", pictures[SALIENCE_PNG],
         [("Summed doc-level salience and documents per outlet, period and issue", tables.salience)]),
        ("Top entities and their co-occurrence", pictures[ENTITIES_PNG],
         [("Top entities", tables.entities), ("Pairs of top entities mentioned in the same documents", entity_pairs)]),
        ("Cleaning report", pictures[CLEANING_PNG],
         [("Chrome lines removed, by rule", tables.chrome),
          ("Restorations, by layer and confidence", tables.restorations),
          ("Quarantined files and records, by reason", tables.quarantine),
          ("Duplicate documents, by kind", tables.duplicates)]),
    ]  # fmt: skip


def _names_in_cjk(tables: ReportTables) -> bool:
    """Whether a picture draws a Korean or Japanese name (an outlet or a top entity)."""
    from pipeline.reports.romanize import has_cjk

    names = [*tables.salience["outlet"].unique().to_list(), *tables.entities["name"].to_list()]
    return any(has_cjk(name) for name in names if name)


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
