"""The frames behind the report pictures, read from the published warehouse with SQL."""

from dataclasses import dataclass

import duckdb
import polars as pl

#: The label of articles without a publication date, and of those without an outlet: shown, never dropped.
UNDATED = "undated"
UNKNOWN_OUTLET = "unknown outlet"
#: How many outlets, issues and entities a picture shows (the most covered first); the rest are summed or left out.
TOP_OUTLETS = 6
TOP_ISSUES = 10
TOP_ENTITIES = 15
#: Past this many months of dated articles the timeline counts by year.
MAX_MONTHS = 24


@dataclass(frozen=True)
class ReportTables:
    salience: pl.DataFrame  # outlet, period, issue_id, documents, salience
    entities: pl.DataFrame  # rank, entity_id, name, type, documents, mentions
    cooccurrence: pl.DataFrame  # entity_a, entity_b (ranks), documents
    chrome: pl.DataFrame  # rule, edits
    restorations: pl.DataFrame  # layer, confidence, edits
    quarantine: pl.DataFrame  # reason, rows
    duplicates: pl.DataFrame  # kind, documents


def read_report_tables(con: duckdb.DuckDBPyConnection) -> ReportTables:
    """Every frame the three pictures draw, from the warehouse's current tables (``con`` may be read-only)."""
    return ReportTables(
        salience=issue_salience(con),
        entities=top_entities(con),
        cooccurrence=entity_cooccurrence(con),
        **cleaning_counts(con),
    )


def issue_salience(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Summed doc-level salience and documents per outlet, period and issue. The period is the month (the year
    when the dated articles span more than ``MAX_MONTHS`` months) or ``undated``; a NULL outlet is
    ``unknown outlet``."""
    months = con.sql(
        "SELECT date_diff('month', min(published_date), max(published_date)) FROM documents"
    ).fetchall()[0][0]
    period_format = "%Y" if months is not None and months >= MAX_MONTHS else "%Y-%m"
    return con.sql(
        f"""
        SELECT coalesce(d.outlet, '{UNKNOWN_OUTLET}') AS outlet,
               coalesce(strftime(d.published_date, '{period_format}'), '{UNDATED}') AS period,
               i.issue_id,
               count(*)::INTEGER AS documents,
               sum(i.salience) AS salience
        FROM doc_issues i JOIN documents d USING (doc_id)
        GROUP BY ALL
        ORDER BY outlet, period, issue_id
        """
    ).pl()


def top_entities(con: duckdb.DuckDBPyConnection, n: int = TOP_ENTITIES) -> pl.DataFrame:
    """The ``n`` entities mentioned in the most documents (then most mentions, then name)."""
    return con.sql(
        f"""
        SELECT row_number() OVER (ORDER BY documents DESC, mentions DESC, name, entity_id)::INTEGER AS rank, *
        FROM (
            SELECT m.entity_id, e.name, e.type,
                   count(DISTINCT m.doc_id)::INTEGER AS documents, count(*)::INTEGER AS mentions
            FROM entity_mentions m JOIN entities e USING (entity_id)
            GROUP BY ALL
        )
        ORDER BY rank
        LIMIT {int(n)}
        """
    ).pl()


def entity_cooccurrence(con: duckdb.DuckDBPyConnection, n: int = TOP_ENTITIES) -> pl.DataFrame:
    """Documents mentioning both of two top-``n`` entities, by their ranks (a < b; a = b is the entity alone)."""
    top = top_entities(con, n).select("rank", "entity_id")
    pairs = con.sql("SELECT DISTINCT doc_id, entity_id FROM entity_mentions").pl().join(top, on="entity_id")
    joined = pairs.join(pairs, on="doc_id", suffix="_b").filter(pl.col("rank") <= pl.col("rank_b"))
    return (
        joined.group_by(entity_a="rank", entity_b="rank_b")
        .agg(documents=pl.len().cast(pl.Int32))
        .sort("entity_a", "entity_b")
    )


def cleaning_counts(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Chrome lines removed by rule, restorations by layer (their rule) and confidence band, quarantined rows
    (files or records) by reason, duplicate documents by kind."""

    def frame(sql: str) -> pl.DataFrame:
        return con.sql(sql).pl()

    return {
        "chrome": frame(
            "SELECT rule, count(*)::INTEGER AS edits FROM cleaning_edits WHERE step = 'chrome' "
            "GROUP BY rule ORDER BY edits DESC, rule"
        ),
        "restorations": frame(
            f"""
            SELECT rule AS layer, {_CONFIDENCE_BAND} AS confidence, count(*)::INTEGER AS edits
            FROM cleaning_edits WHERE step = 'despin'
            GROUP BY ALL ORDER BY layer, confidence
            """
        ),
        "quarantine": frame(
            "SELECT reason, count(*)::INTEGER AS rows FROM quarantine GROUP BY reason ORDER BY rows DESC, reason"
        ),
        "duplicates": frame(
            "SELECT kind, count(*)::INTEGER AS documents FROM duplicates GROUP BY kind ORDER BY documents DESC, kind"
        ),
    }


#: Restoration confidence in three bands (lower bound included); the labels sort in the bands' order.
CONFIDENCE_BANDS = ("0-0.7", "0.7-0.9", "0.9-1")
_CONFIDENCE_BAND = (
    f"CASE WHEN confidence < 0.7 THEN '{CONFIDENCE_BANDS[0]}' "
    f"WHEN confidence < 0.9 THEN '{CONFIDENCE_BANDS[1]}' ELSE '{CONFIDENCE_BANDS[2]}' END"
)
