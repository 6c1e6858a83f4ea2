"""Publication times from structured data: a JSON record's ``published`` field and a page's date metadata
(``article:published_time``, ``datePublished`` in JSON-LD or microdata).

The clock is kept as stated and never converted: "2026-01-14T10:05:00+09:00" is 10:05 at +540 minutes, not
01:05 UTC. A zone is recorded only where the value states one ("Z", "+09:00", "GMT", "KST"); "-0000" says in RFC
2822 that the zone is unknown, and an offset no real zone has (beyond -12:00 and +14:00) is no zone either. A
value read as nothing here (a number, "yesterday") leaves the publication unknown rather than guessed.
"""

import datetime
import json
import re
from collections.abc import Iterator

from trafilatura.utils import load_html

from pipeline.text.dates import Publication, publication

__all__ = ["html_publication", "structured_first", "structured_publication"]

#: The offsets real zones have, in minutes east of UTC (`documents.published_utc_offset`'s range).
_MIN_OFFSET, _MAX_OFFSET = -720, 840
#: ISO 8601 as feeds and CMSs write it: a date, then perhaps a time ("T" or a space) and a zone.
_ISO_RE = re.compile(
    r"\d{4}-?\d{2}-?\d{2}(?:[T ]\d{2}(?::?\d{2}){0,2}(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
#: RFC 2822's "no zone information" ("Wed, 14 Jan 2026 01:05:00 -0000").
_UNKNOWN_ZONE_RE = re.compile(r"\s-0000$")
#: Longer values are prose, not a date field.
_MAX_VALUE_CHARS = 100
#: The years a news date falls in, as the text readers read them; CMS placeholders ("0001-01-01T00:00:00Z",
#: seen on Gannett pages) are outside.
_YEARS = range(1900, 2100)


def structured_publication(value: object) -> Publication:
    """The date, time and stated zone of a structured date: ISO 8601, RFC 2822, or a date as pages write it.

    >>> structured_publication("2026-01-14T10:05:00+09:00")
    Publication(date=datetime.date(2026, 1, 14), time=datetime.time(10, 5), utc_offset=540)
    >>> structured_publication("Wed, 14 Jan 2026 01:05:00 GMT").utc_offset, structured_publication("2026-01-14 10:05")
    (0, Publication(date=datetime.date(2026, 1, 14), time=datetime.time(10, 5), utc_offset=None))
    >>> structured_publication("2026-01-14"), structured_publication(1768352700)
    (Publication(date=datetime.date(2026, 1, 14), time=None, utc_offset=None), Publication(date=None, time=None, utc_offset=None))
    """
    if not isinstance(value, str) or len(value.strip()) > _MAX_VALUE_CHARS:
        return Publication(None)
    text = " ".join(value.split())
    if _ISO_RE.fullmatch(text):
        found = _iso(text)
    elif _UNKNOWN_ZONE_RE.search(text):
        stated = publication([_UNKNOWN_ZONE_RE.sub("", text)])
        found = Publication(stated.date, stated.time)
    else:
        found = publication([text])
    return found if found.date is not None and found.date.year in _YEARS else Publication(None)


def _iso(text: str) -> Publication:
    try:
        if "T" not in text and " " not in text:
            return Publication(datetime.date.fromisoformat(text))
        moment = datetime.datetime.fromisoformat(text.replace(",", "."))
    except ValueError:  # "2026-01-14T24:00", "2026-02-30": the date alone where it is one
        return _iso(text[:10]) if len(text) > 10 and ("T" in text or " " in text) else Publication(None)
    offset = moment.utcoffset()
    minutes = None if offset is None else int(offset.total_seconds()) // 60
    if minutes is not None and not _MIN_OFFSET <= minutes <= _MAX_OFFSET:
        minutes = None
    return Publication(moment.date(), moment.time(), minutes)


def structured_first(given: Publication, stated: Publication) -> Publication:
    """A structured publication (``given``) over what the page's text states: its date wins, then its time; the
    text fills in only what agrees with it (a time on the same date, a zone at the same time).

    >>> structured_first(Publication(datetime.date(2026, 1, 14)), Publication(datetime.date(2026, 1, 14), datetime.time(10, 5)))
    Publication(date=datetime.date(2026, 1, 14), time=datetime.time(10, 5), utc_offset=None)
    """
    if given.date is None:
        return stated
    if given.time is None:
        return stated if stated.date == given.date else Publication(given.date)
    if given.utc_offset is None and (stated.date, stated.time) == (given.date, given.time):
        return Publication(given.date, given.time, stated.utc_offset)
    return given


#: Page metadata naming the publication time, most specific first.
_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
)
_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "webpage"}
)


def html_publication(html: str) -> Publication:
    """When a page's metadata says it was published: JSON-LD ``datePublished`` of its article, then
    ``<meta property="article:published_time">`` and kin, then microdata ``itemprop="datePublished"``.

    >>> html_publication('<html><head><meta property="article:published_time" content="2026-01-14T10:05:00+09:00">')
    Publication(date=datetime.date(2026, 1, 14), time=datetime.time(10, 5), utc_offset=540)
    """
    tree = load_html(html)  # parsed as trafilatura parses it for the article
    if tree is None:  # not HTML at all: it states nothing
        return Publication(None)
    for value in (*_json_ld_dates(tree), *_meta_dates(tree)):
        if (found := structured_publication(value)).date is not None:
            return found
    return Publication(None)


def _meta_dates(tree) -> Iterator[str]:
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().casefold()
        if key in _META_KEYS and meta.get("content"):
            metas.setdefault(key, meta.get("content"))
    yield from (metas[key] for key in _META_KEYS if key in metas)
    for element in tree.xpath('//*[@itemprop="datePublished"][@datetime or @content]'):
        yield element.get("datetime") or element.get("content")


def _json_ld_dates(tree) -> Iterator[str]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # a site's broken JSON-LD: its other metadata may still say
            continue
        yield from _article_dates(data, depth=0)


def _article_dates(data: object, *, depth: int) -> Iterator[str]:
    """``datePublished`` of every article object in JSON-LD, however the site nests them (lists, ``@graph``)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _article_dates(item, depth=depth + 1)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(kind, str) and kind.casefold() in _ARTICLE_TYPES for kind in kinds):
            if isinstance(data.get("datePublished"), str):
                yield data["datePublished"]
        if "@graph" in data:
            yield from _article_dates(data["@graph"], depth=depth + 1)
