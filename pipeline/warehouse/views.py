"""Convenience views over the current snapshot's tables: the joins an analyst writes first, named once.

Each view's SQL lives here only; ``build_database`` creates them after the tables, so a read-only open sees them,
and ``docs/warehouse.md`` ("Views") lists each one with this description and its columns (a test holds the two
together). They read the plain (current) tables: for older snapshots, join the ``history.*`` views yourself.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class View:
    name: str
    #: One line for the docs: what a row is and what it joins.
    description: str
    #: The tables it reads: a view is created only when every one of them is published.
    tables: tuple[str, ...]
    sql: str


VIEWS: tuple[View, ...] = (
    View(
        "article_issues",
        "one row per document and issue it is tagged with: `doc_issues` with the document's outlet, date, "
        "language and title",
        ("doc_issues", "documents"),
        """
        SELECT d.doc_id, d.outlet, d.published_date, d.language, d.title, i.issue_id, i.salience, i.n_mentions,
               d.is_canonical
        FROM doc_issues AS i
        JOIN documents AS d USING (doc_id)
        """,
    ),
    View(
        "article_entities",
        "one row per document and entity it mentions: `entity_mentions` counted, with the entity's name and type, "
        "the distinct spellings the article used (`surfaces`, sorted) and its first sentence",
        ("entity_mentions", "entities", "documents"),
        """
        SELECT m.doc_id, d.outlet, d.published_date, d.language, d.title, m.entity_id, e.name, e.type,
               count(*)::INTEGER AS n_mentions,
               list(DISTINCT m.surface ORDER BY m.surface) AS surfaces,
               min(m.sentence_idx) AS first_sentence_idx,
               d.is_canonical
        FROM entity_mentions AS m
        JOIN entities AS e USING (entity_id)
        JOIN documents AS d USING (doc_id)
        GROUP BY ALL
        """,
    ),
    View(
        "quotes_by_speaker",
        "one row per quotation: `quotes` with the speaker's gazetteer name and type (NULL when the speaker is "
        "untagged) and the document's outlet, date and language",
        ("quotes", "entities", "documents"),
        """
        SELECT q.doc_id, d.outlet, d.published_date, d.language, q.quote_idx, q.sentence_idx,
               q.speaker, q.speaker_entity_id, e.name AS speaker_name, e.type AS speaker_type, q.text AS quote
        FROM quotes AS q
        JOIN documents AS d USING (doc_id)
        LEFT JOIN entities AS e ON e.entity_id = q.speaker_entity_id
        """,
    ),
    View(
        "story_overview",
        "one row per story: `stories` with the outlets and languages of its articles (`story_articles`), "
        "unknown outlets left out of `outlets` and `n_outlets`",
        ("stories", "story_articles", "documents"),
        """
        SELECT s.story_id, s.label, s.first_published, s.last_published, s.n_documents,
               count(DISTINCT d.outlet)::INTEGER AS n_outlets,
               coalesce(list(DISTINCT d.outlet ORDER BY d.outlet) FILTER (WHERE d.outlet IS NOT NULL), [])
                   AS outlets,
               count(DISTINCT d.language)::INTEGER AS n_languages,
               list(DISTINCT d.language ORDER BY d.language) AS languages,
               s.key_terms
        FROM stories AS s
        JOIN story_articles AS sa USING (story_id)
        JOIN documents AS d USING (doc_id)
        GROUP BY ALL
        """,
    ),
)


def create_views(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> list[str]:
    """Create every view whose tables are among ``tables`` and have the columns it reads; return their names.

    A partial publish, or tables with fewer columns (as tests publish), gets fewer views rather than a failed
    publish: the views are a convenience, and ``tests/test_views.py`` holds all of them present in a real one."""
    present = set(tables)
    created = []
    for view in VIEWS:
        if not present.issuperset(view.tables):
            continue
        try:
            con.execute(f'CREATE VIEW "{view.name}" AS {view.sql.strip()}')
        except duckdb.BinderException:
            continue
        created.append(view.name)
    return created
