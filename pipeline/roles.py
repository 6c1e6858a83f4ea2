"""Titles resolved by the article's date: `President Lee` in 2026 is Lee Jae-myung, in 2010 Lee Myung-bak.

The gazetteer records who held which office when (``roles``: title, country, from, until). Two kinds of mention
need it, because their words alone name several people:

* a title and a bare surname (``President Lee``, ``Prime Minister Abe``) that the surname rule left unresolved
  (no full name before it in the article, and several people share the surname);
* a country and a title with no name (``the Japanese prime minister``, ``South Korean President``).

Each resolves to the one holder of that title (of that country, where the text says) on the article's publication
date. Without a date, or with more than one holder, nothing is guessed.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from pipeline.gazetteer import MENTION_SCHEMA, gazetteer_records

_COUNTRY = {
    "south korean": "place:south_korea", "s. korean": "place:south_korea", "korean": "place:south_korea",
    "japanese": "place:japan", "u.s.": "place:united_states", "us": "place:united_states",
    "american": "place:united_states",
}  # fmt: skip
_TITLES = ("President", "Prime Minister", "Foreign Minister", "Defense Minister")
_TITLED_SURNAME = re.compile(
    r"\b(?:(?P<country>South Korean|S\. Korean|Japanese|U\.S\.|US|American)\s+)?"
    rf"(?P<title>{'|'.join(_TITLES)})\s+(?P<surname>[A-Z][a-z]+)\b(?![-’']|\s+[A-Z])"
)
_COUNTRY_TITLE = re.compile(
    r"\b(?P<country>South Korean|S\. Korean|Japanese|U\.S\.|American)\s+"
    rf"(?P<title>(?i:{'|'.join(_TITLES)}))\b(?!\s+[A-Z])"
)


@dataclass(frozen=True, slots=True)
class Role:
    entity_id: str
    title: str
    country: str
    start: dt.date
    end: dt.date | None
    surnames: tuple[str, ...]

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def _date(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


@cache
def roles() -> tuple[Role, ...]:
    return tuple(
        Role(
            e["entity_id"],
            r["title"],
            r["of"],
            _date(r["from"]),
            _date(r["until"]) if r.get("until") else None,
            tuple(e.get("surnames", [])),
        )
        for e in gazetteer_records()
        for r in e.get("roles", [])
    )


def holder(title: str, day: dt.date, *, country: str | None = None, surname: str | None = None) -> str | None:
    """The one entity holding ``title`` on ``day`` (of ``country``, with ``surname``), or None.

    >>> holder("President", dt.date(2026, 1, 13), surname="Lee"), holder("President", dt.date(2010, 5, 1), surname="Lee")
    ('person:lee_jae_myung', 'person:lee_myung_bak')
    """
    found = {
        r.entity_id
        for r in roles()
        if r.title.lower() == title.lower()
        and r.held_on(day)
        and (country is None or r.country == country)
        and (surname is None or surname in r.surnames)
    }
    return found.pop() if len(found) == 1 else None


def resolve_titles(
    sentences: pl.DataFrame, mentions: pl.DataFrame, published: dict[str, dt.date | None]
) -> pl.DataFrame:
    """Mentions for titled surnames and country titles the other rules left unresolved (document offsets)."""
    taken: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in mentions.select("doc_id", "char_start", "char_end").iter_rows():
        taken.setdefault(doc_id, []).append((start, end))
    rows = []
    for doc_id, idx, text, offset in sentences.select(
        "doc_id", "sentence_idx", "text", "char_start"
    ).iter_rows():
        day = published.get(doc_id)
        if day is None:
            continue
        spans = taken.get(doc_id, [])
        for m in _TITLED_SURNAME.finditer(text):
            country = _COUNTRY.get((m.group("country") or "").lower())
            entity = holder(m.group("title"), day, country=country, surname=m.group("surname"))
            start, end = offset + m.start("surname"), offset + m.end("surname")
            if entity and not any(a < end and start < b for a, b in spans):
                rows.append((doc_id, idx, entity, m.group("surname"), start, end))
        for m in _COUNTRY_TITLE.finditer(text):
            entity = holder(m.group("title"), day, country=_COUNTRY[m.group("country").lower()])
            start, end = offset + m.start(), offset + m.end()
            if entity and not any(a < end and start < b for a, b in spans):
                rows.append((doc_id, idx, entity, m.group(0), start, end))
    return pl.DataFrame(rows, schema=MENTION_SCHEMA, orient="row")


def tag_entities_by_date(
    sentences: pl.DataFrame, entities: pl.DataFrame, articles: pl.DataFrame
) -> pl.DataFrame:
    """Gazetteer tagging (``pipeline.gazetteer.tag_entities``) plus the titles the article's date resolves."""
    from pipeline.gazetteer import tag_entities

    tagged = tag_entities(sentences, entities)
    published = dict(articles.select("doc_id", "published_date").iter_rows())
    return pl.concat([tagged, resolve_titles(sentences, tagged, published)]).sort(
        "doc_id", "char_start", "entity_id"
    )
