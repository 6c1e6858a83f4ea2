"""What changed between two snapshots: documents added, removed or changed, and tags gained or lost."""

from dataclasses import dataclass

import duckdb
import polars as pl


@dataclass(frozen=True)
class SnapshotDiff:
    old: str
    new: str
    added: pl.DataFrame  # doc_id, title
    removed: pl.DataFrame  # doc_id, title
    changed: pl.DataFrame  # doc_id, title, old_sha256, new_sha256
    tags: pl.DataFrame  # doc_id, tag_kind ('issue' | 'entity'), tag, change ('added' | 'removed')

    @property
    def summary(self) -> dict[str, int]:
        return {
            "documents_added": self.added.height,
            "documents_removed": self.removed.height,
            "documents_changed": self.changed.height,
            "tags_added": self.tags.filter(pl.col("change") == "added").height,
            "tags_removed": self.tags.filter(pl.col("change") == "removed").height,
        }


def _require(con: duckdb.DuckDBPyConnection, snapshot_id: str) -> None:
    found = con.sql("SELECT count(*) FROM snapshots WHERE snapshot_id = ?", params=[snapshot_id]).fetchall()[
        0
    ][0]
    if not found:
        known = [r[0] for r in con.sql("SELECT snapshot_id FROM snapshots ORDER BY created_at").fetchall()]
        raise KeyError(f"unknown snapshot {snapshot_id!r}; known: {', '.join(known) or 'none'}")


def diff_snapshots(con: duckdb.DuckDBPyConnection, old: str, new: str) -> SnapshotDiff:
    """Compare snapshot ``old`` with snapshot ``new`` through the warehouse's ``history`` views."""
    _require(con, old)
    _require(con, new)
    params = {"old": old, "new": new}
    docs = """
        WITH a AS (SELECT doc_id, title, content_sha256 FROM history.documents WHERE snapshot_id = $old),
             b AS (SELECT doc_id, title, content_sha256 FROM history.documents WHERE snapshot_id = $new)
    """
    added = con.sql(
        docs + "SELECT doc_id, title FROM b ANTI JOIN a USING (doc_id) ORDER BY doc_id", params=params
    ).pl()
    removed = con.sql(
        docs + "SELECT doc_id, title FROM a ANTI JOIN b USING (doc_id) ORDER BY doc_id", params=params
    ).pl()
    changed = con.sql(
        docs
        + """SELECT b.doc_id, b.title, a.content_sha256 AS old_sha256, b.content_sha256 AS new_sha256
             FROM a JOIN b USING (doc_id) WHERE a.content_sha256 <> b.content_sha256 ORDER BY doc_id""",
        params=params,
    ).pl()
    tags = con.sql(
        """
        WITH tags AS (
            SELECT snapshot_id, doc_id, 'issue' AS tag_kind, issue_id AS tag FROM history.doc_issues
            UNION
            SELECT DISTINCT snapshot_id, doc_id, 'entity', entity_id FROM history.entity_mentions
        ),
        a AS (SELECT doc_id, tag_kind, tag FROM tags WHERE snapshot_id = $old),
        b AS (SELECT doc_id, tag_kind, tag FROM tags WHERE snapshot_id = $new),
        common AS (SELECT doc_id FROM a INTERSECT SELECT doc_id FROM b)
        SELECT *, 'added' AS change FROM (SELECT * FROM b EXCEPT SELECT * FROM a) WHERE doc_id IN (SELECT * FROM common)
        UNION ALL
        SELECT *, 'removed' FROM (SELECT * FROM a EXCEPT SELECT * FROM b) WHERE doc_id IN (SELECT * FROM common)
        ORDER BY doc_id, tag_kind, tag
        """,
        params=params,
    ).pl()
    return SnapshotDiff(old, new, added, removed, changed, tags)
