"""`newsetl diff` for people: snapshot ids by unique prefix or `latest` / `previous`, a word-level difference of
each changed document, and the tags of documents added or removed."""

import difflib

from newsetl import render

#: Words of unchanged text kept on either side of a change.
CONTEXT_WORDS = 6


class SnapshotNotFound(Exception):
    """An unknown or ambiguous snapshot reference; the message names the candidates."""


def resolve_snapshot(con, ref: str) -> str:
    """The snapshot id ``ref`` names: ``latest``, ``previous`` (the one before it), a full id or a unique prefix."""
    known = [r[0] for r in con.sql("SELECT snapshot_id FROM snapshots ORDER BY created_at").fetchall()]
    if ref in ("latest", "previous"):
        need = 1 if ref == "latest" else 2
        if len(known) < need:
            raise SnapshotNotFound(
                f"no {ref} snapshot: the warehouse holds {render.plural(len(known), 'snapshot')}"
            )
        return known[-need]
    if ref in known:
        return ref
    matches = [s for s in known if s.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise SnapshotNotFound(f"snapshot prefix {ref!r} is ambiguous: it matches {', '.join(matches)}")
    raise SnapshotNotFound(
        f"unknown snapshot {ref!r}; known: {', '.join(known) or 'none'} (or latest, previous)"
    )


def word_diff(old: str, new: str, *, context: int = CONTEXT_WORDS) -> list[str]:
    """The changed passages of ``old`` → ``new``, one string each: words removed as [-…-], added as {+…+}, with
    ``context`` unchanged words either side ("…" where text is left out)."""
    a, b = old.split(), new.split()
    hunks = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        parts = []
        first, last = group[0], group[-1]
        if first[1] > 0:
            parts.append("…")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(" ".join(a[i1:i2]))
                continue
            if i2 > i1:
                parts.append("[-" + " ".join(a[i1:i2]) + "-]")
            if j2 > j1:
                parts.append("{+" + " ".join(b[j1:j2]) + "+}")
        if last[2] < len(a):
            parts.append("…")
        hunks.append(" ".join(p for p in parts if p))
    return hunks


def document_texts(con, snapshot_id: str, doc_ids: list[str]) -> dict[str, str]:
    rows = con.sql(
        "SELECT doc_id, text FROM history.documents WHERE snapshot_id = ? AND list_contains(?, doc_id)",
        params=[snapshot_id, doc_ids],
    ).fetchall()
    return dict(rows)


def document_tags(con, snapshot_id: str, doc_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """Per document of ``snapshot_id``: its source file, its issues (most salient first) and entities (most
    mentioned first)."""
    out: dict[str, dict[str, list[str]]] = {d: {"source": [], "issues": [], "entities": []} for d in doc_ids}
    for doc_id, source in con.sql(
        "SELECT doc_id, source_path FROM history.documents WHERE snapshot_id = ? AND list_contains(?, doc_id)",
        params=[snapshot_id, doc_ids],
    ).fetchall():
        out[doc_id]["source"] = [source]
    for doc_id, issue in con.sql(
        "SELECT doc_id, issue_id FROM history.doc_issues WHERE snapshot_id = ? AND list_contains(?, doc_id) "
        "ORDER BY doc_id, salience DESC, issue_id",
        params=[snapshot_id, doc_ids],
    ).fetchall():
        out[doc_id]["issues"].append(issue)
    for doc_id, name in con.sql(
        "SELECT m.doc_id, coalesce(e.name, m.entity_id) FROM history.entity_mentions m "
        "LEFT JOIN history.entities e ON e.snapshot_id = m.snapshot_id AND e.entity_id = m.entity_id "
        "WHERE m.snapshot_id = ? AND list_contains(?, m.doc_id) "
        "GROUP BY ALL ORDER BY m.doc_id, count(*) DESC, 2",
        params=[snapshot_id, doc_ids],
    ).fetchall():
        out[doc_id]["entities"].append(name)
    return out


def summary_line(old: str, new: str, summary: dict[str, int]) -> str:
    docs = (
        f"{render.plural(summary['documents_added'], 'document')} added, "
        f"{summary['documents_removed']:,} removed, {summary['documents_changed']:,} changed"
    )
    tags = f"tags on kept documents: {summary['tags_added']:,} gained, {summary['tags_removed']:,} lost"
    return f"{old} → {new}: {docs}; {tags}"


def _listing(tags: dict[str, list[str]], width: int) -> list[str]:
    lines = []
    for label in ("issues", "entities"):
        values = tags[label]
        text = ", ".join(values) if values else "none"
        lines.append(render.clip(f"    {label} ({len(values)}): {text}", width)[0])
    return lines


def render_diff(con, result, *, width: int | None = None, full: bool = False) -> str:
    """The text `newsetl diff` prints for a ``pipeline.warehouse.diff.SnapshotDiff``."""
    width = width or render.terminal_width()
    out = [summary_line(result.old, result.new, result.summary)]
    for name, snapshot, frame in (
        ("added", result.new, result.added),
        ("removed", result.old, result.removed),
    ):
        if not frame.height:
            continue
        out.append(f"\n{name} ({frame.height:,}):")
        ids = frame["doc_id"].to_list()
        tags = document_tags(con, snapshot, ids)
        for doc_id, title in frame.select("doc_id", "title").iter_rows():
            label = title or ", ".join(tags[doc_id]["source"]) or ""
            out.append(render.clip(f"  {doc_id}  {label}", width)[0])
            out += _listing(tags[doc_id], width)
    if result.changed.height:
        out.append(f"\nchanged ({result.changed.height:,}):")
        ids = result.changed["doc_id"].to_list()
        old_texts, new_texts = document_texts(con, result.old, ids), document_texts(con, result.new, ids)
        for doc_id, title in result.changed.select("doc_id", "title").iter_rows():
            out.append(render.clip(f"  {doc_id}  {title or ''}".rstrip(), width)[0])
            hunks = word_diff(old_texts.get(doc_id, ""), new_texts.get(doc_id, ""))
            if not hunks:
                out.append("    (the same words; only whitespace or line breaks differ)")
            for hunk in hunks:
                limit = None if full else 600
                out.append(render.paragraphs(hunk, width=width, limit=limit, indent="    "))
    if result.tags.height:
        out.append(f"\ntags on kept documents ({result.tags.height:,}):")
        out.append(render.table(result.tags, width=width, full=full))
    return "\n".join(out)


def diff_payload(con, result) -> dict:
    """What `newsetl diff --json` prints: the summary and the frames, each added or removed document with its
    source file, issues and entities as the text output lists them."""
    payload = {"old": result.old, "new": result.new, "summary": result.summary}
    for name, snapshot in (("added", result.new), ("removed", result.old)):
        rows = getattr(result, name).to_dicts()
        tags = document_tags(con, snapshot, [row["doc_id"] for row in rows])
        for row in rows:
            found = tags[row["doc_id"]]
            row |= {
                "source": (found["source"] or [None])[0],
                "issues": found["issues"],
                "entities": found["entities"],
            }
        payload[name] = rows
    payload |= {name: getattr(result, name).to_dicts() for name in ("changed", "tags")}
    return payload
