"""The three report pictures, drawn headless (matplotlib's Agg canvas, no pyplot state) as PNG bytes.

Fixed fonts, sizes and resolution, and no Software/date text in the PNG: the same tables give the same bytes.
Korean and Japanese names are drawn with an installed CJK font, or romanized where there is none (``fonts``)."""

import io

import polars as pl
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.reports.fonts import font_families, label
from pipeline.reports.tables import (
    CONFIDENCE_BANDS,
    TOP_ISSUES,
    TOP_OUTLETS,
    UNDATED,
    ReportTables,
)

_STYLE = {"font.size": 8, "axes.titlesize": 9, "figure.dpi": 100}
_DPI = 100
_CMAP = "Blues"
_OTHER_OUTLETS = "other outlets"


def _style() -> dict:
    return _STYLE | {"font.family": font_families()}


def render_png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    # "tight" grows the canvas to the labels: a long entity name on the co-occurrence rows was cut at the left edge.
    figure.savefig(
        buffer, format="png", dpi=_DPI, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.1
    )
    return buffer.getvalue()


def _empty(ax, what: str) -> None:
    ax.text(0.5, 0.5, f"no {what} in this snapshot", ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _periods(salience: pl.DataFrame) -> list[str]:
    dated = sorted(p for p in salience["period"].unique().to_list() if p != UNDATED)
    return dated + ([UNDATED] if UNDATED in salience["period"].to_list() else [])


def _grouped_outlets(salience: pl.DataFrame) -> pl.DataFrame:
    """The ``TOP_OUTLETS`` outlets with most documents keep their name; the rest become ``other outlets``."""
    ranked = (
        salience.group_by("outlet")
        .agg(pl.col("documents").sum())
        .sort(["documents", "outlet"], descending=[True, False])
    )
    keep = ranked["outlet"].head(TOP_OUTLETS).to_list()
    return salience.with_columns(
        outlet=pl.when(pl.col("outlet").is_in(keep)).then(pl.col("outlet")).otherwise(pl.lit(_OTHER_OUTLETS))
    )


def salience_figure(salience: pl.DataFrame) -> Figure:
    """One heatmap per outlet: the top issues (rows) by period (columns, ``undated`` last), summed salience."""
    with rc_context(_style()):
        if salience.is_empty():
            figure = Figure(figsize=(6, 2), layout="constrained")
            _empty(figure.add_subplot(), "issue tags")
            return figure
        frame = _grouped_outlets(salience)
        issues = (
            (
                frame.group_by("issue_id")
                .agg(pl.col("salience").sum())
                .sort(["salience", "issue_id"], descending=[True, False])
            )["issue_id"]
            .head(TOP_ISSUES)
            .to_list()
        )
        outlets = sorted(o for o in frame["outlet"].unique().to_list() if o != _OTHER_OUTLETS)
        outlets += [_OTHER_OUTLETS] if _OTHER_OUTLETS in frame["outlet"].to_list() else []
        periods = _periods(frame)
        cells = frame.group_by("outlet", "period", "issue_id").agg(pl.col("salience").sum())
        value = {(o, p, i): s for o, p, i, s in cells.iter_rows()}
        top = max(value.values())
        figure = Figure(
            figsize=(2.2 + (0.9 + 0.4 * len(periods)) * len(outlets), 1.8 + 0.28 * len(issues)),
            layout="constrained",
        )
        axes = figure.subplots(1, len(outlets), sharey=True, squeeze=False)[0]
        for ax, outlet in zip(axes, outlets, strict=True):
            grid = [[value.get((outlet, p, i), 0.0) for p in periods] for i in issues]
            image = ax.imshow(grid, cmap=_CMAP, vmin=0, vmax=top, aspect="auto")
            ax.set_xticks(range(len(periods)), periods, rotation=45, ha="right")
            ax.set_yticks(range(len(issues)), issues)
            ax.set_title(label(outlet))
            for row, line in enumerate(grid):
                for col, cell in enumerate(line):
                    if cell:
                        ax.text(col, row, f"{cell:.2f}", ha="center", va="center", fontsize=6,
                                color="white" if cell > top / 2 else "black")  # fmt: skip
        figure.colorbar(image, ax=list(axes), label="summed salience", shrink=0.8)
        figure.suptitle("Issue salience by outlet and period")
        return figure


def cooccurrence_figure(entities: pl.DataFrame, cooccurrence: pl.DataFrame) -> Figure:
    """Top entities against each other: documents mentioning both (the diagonal: documents mentioning it)."""
    with rc_context(_style()):
        n = entities.height
        figure = Figure(figsize=(3.5 + 0.4 * n, 1.2 + 0.36 * n), layout="constrained")
        ax = figure.add_subplot()
        if n == 0:
            _empty(ax, "entity mentions")
            return figure
        grid = [[0] * n for _ in range(n)]
        for a, b, documents in cooccurrence.iter_rows():
            grid[a - 1][b - 1] = grid[b - 1][a - 1] = documents
        top = max(max(line) for line in grid)
        image = ax.imshow(grid, cmap=_CMAP, vmin=0, vmax=top)
        labels = [f"{label(name)} ({kind})" for name, kind in entities.select("name", "type").iter_rows()]
        ax.set_xticks(range(n), [str(rank) for rank in entities["rank"]])
        ax.set_yticks(
            range(n), [f"{rank}. {label}" for rank, label in zip(entities["rank"], labels, strict=True)]
        )
        for row, line in enumerate(grid):
            for col, cell in enumerate(line):
                ax.text(col, row, str(cell), ha="center", va="center", fontsize=6,
                        color="white" if cell > top / 2 else "black")  # fmt: skip
        figure.colorbar(image, ax=ax, label="documents", shrink=0.8, ticks=MaxNLocator(integer=True))
        ax.set_title(f"Top {n} entities: documents mentioning both")
        return figure


def _bars(ax, labels: list[str], values: list[int], title: str, what: str) -> None:
    ax.set_title(title)
    if not values:
        _empty(ax, what)
        return
    positions = range(len(values))
    ax.barh(positions, values, color="#4878a8")
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    for position, count in zip(positions, values, strict=True):
        ax.text(count, position, f" {count}", va="center", fontsize=7)
    ax.set_xlim(0, max(values) * 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def cleaning_figure(tables: ReportTables) -> Figure:
    """Four panels: chrome removed by rule, restorations by layer and confidence, quarantined rows by reason,
    duplicates by kind; an empty table says so in its panel."""
    with rc_context(_style()):
        figure = Figure(figsize=(10, 6.5), layout="constrained")
        axes = figure.subplots(2, 2).ravel()
        _bars(axes[0], tables.chrome["rule"].to_list(), tables.chrome["edits"].to_list(),
              "Chrome lines removed, by rule", "chrome removed")  # fmt: skip
        _restorations(axes[1], tables.restorations)
        _bars(axes[2], tables.quarantine["reason"].to_list(), tables.quarantine["rows"].to_list(),
              "Quarantined files and records, by reason", "quarantined files")  # fmt: skip
        _bars(axes[3], tables.duplicates["kind"].to_list(), tables.duplicates["documents"].to_list(),
              "Duplicate documents, by kind", "duplicates")  # fmt: skip
        figure.suptitle("Cleaning report")
        return figure


def _restorations(ax, restorations: pl.DataFrame) -> None:
    ax.set_title("Restorations, by layer and confidence")
    if restorations.is_empty():
        _empty(ax, "restorations")
        return
    layers = sorted(restorations["layer"].unique().to_list())
    counts = {(layer, band): edits for layer, band, edits in restorations.iter_rows()}
    left = [0] * len(layers)
    colors = ("#c6dbef", "#6baed6", "#08519c")
    for band, color in zip(CONFIDENCE_BANDS, colors, strict=True):
        values = [counts.get((layer, band), 0) for layer in layers]
        ax.barh(range(len(layers)), values, left=left, color=color, label=f"confidence {band}")
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(layers)), layers)
    ax.invert_yaxis()
    for position, total in enumerate(left):
        ax.text(total, position, f" {total}", va="center", fontsize=7)
    ax.set_xlim(0, max(left) * 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=7, frameon=False)
