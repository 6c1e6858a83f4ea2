"""Titles resolved by the article's date: `President Lee` in 2026 is Lee Jae-myung, in 2010 Lee Myung-bak.

The gazetteer records who held which office when (``roles``: title, country, from, until). Two kinds of mention
need it, because their words alone name several people:

* a title and a bare surname (``President Lee``, ``Prime Minister Abe``) that the surname rule left unresolved
  (no full name before it in the article, and several people share the surname);
* a country and a title with no name (``the Japanese prime minister``, ``South Korean President``);
* the same in Korean and Japanese, where the title follows the name: ``이 대통령``, ``李大統領``, ``石破首相``,
  ``다카이치 총리``, ``일본 총리``, ``韓国の大統領``. Korean family names are matched in Hangul and hanja through
  ``KOREAN_SURNAMES``, used only here: a bare ``이`` is also the word "this".

Each resolves to the one holder of that title (of that country, where the text says) on the article's publication
date. Without a date, or with more than one holder, nothing is guessed.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from pipeline.reference.gazetteer import MENTION_SCHEMA, gazetteer_records

_COUNTRY = {
    "south korean": "place:south_korea", "s. korean": "place:south_korea", "korean": "place:south_korea",
    "japanese": "place:japan", "u.s.": "place:united_states", "us": "place:united_states",
    "american": "place:united_states",
}  # fmt: skip
_TITLES = (
    "President", "Prime Minister", "Foreign Minister", "Defense Minister", "Chief Cabinet Secretary",
    "Unification Minister", "National Security Adviser", "Ambassador",
)  # fmt: skip
_TITLED_SURNAME = re.compile(
    r"\b(?:(?P<country>South Korean|S\. Korean|Japanese|U\.S\.|US|American)\s+)?"
    rf"(?P<title>{'|'.join(_TITLES)})\s+(?P<surname>[A-Z][a-z]+)\b(?![-’']|\s+[A-Z])"
)
_COUNTRY_TITLE = re.compile(
    r"\b(?P<country>South Korean|S\. Korean|Japanese|U\.S\.|American)\s+"
    rf"(?P<title>(?i:{'|'.join(_TITLES)}))\b(?!\s+[A-Z])"
)

#: Title words of Korean and Japanese copy, to the gazetteer's English titles.
CJK_TITLES = {
    "대통령": "President", "大統領": "President",
    "총리": "Prime Minister", "首相": "Prime Minister", "総理大臣": "Prime Minister", "総理": "Prime Minister",
    "외교부 장관": "Foreign Minister", "외교장관": "Foreign Minister", "외무상": "Foreign Minister",
    "外相": "Foreign Minister", "外務大臣": "Foreign Minister",
    "국방부 장관": "Defense Minister", "국방장관": "Defense Minister", "防衛相": "Defense Minister",
    "防衛大臣": "Defense Minister", "방위상": "Defense Minister",
    "官房長官": "Chief Cabinet Secretary", "관방장관": "Chief Cabinet Secretary",
    "통일부 장관": "Unification Minister", "통일장관": "Unification Minister",
    "국가안보실장": "National Security Adviser", "안보실장": "National Security Adviser",
    "大使": "Ambassador",  # not Korean 대사, also "a line of dialogue" (이 대사)
}  # fmt: skip
_CJK_COUNTRY = {
    "한국": "place:south_korea", "韓国": "place:south_korea", "일본": "place:japan", "日本": "place:japan",
    "미국": "place:united_states", "米国": "place:united_states", "米": "place:united_states",
}  # fmt: skip
#: Revised-romanization family names as Koreans write them in Hangul and hanja (standard correspondences).
KOREAN_SURNAMES = {
    "Lee": ("이", "李"), "Yoon": ("윤", "尹"), "Moon": ("문", "文"), "Park": ("박", "朴"), "Kim": ("김", "金"),
    "Roh": ("노", "盧"), "Cho": ("조", "趙"), "Ahn": ("안", "安"), "Chung": ("정", "鄭"), "Kang": ("강", "姜"),
    "Wi": ("위", "魏"), "Choi": ("최", "崔"), "Han": ("한", "韓"), "Hwang": ("황", "黃"),
}  # fmt: skip
_CJK_TITLE = re.compile("|".join(sorted(map(re.escape, CJK_TITLES), key=len, reverse=True)))
_CJK_COUNTRY_BEFORE = re.compile(rf"(?P<country>{'|'.join(_CJK_COUNTRY)})(?:의|の)?\s?$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


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
            (*e.get("surnames", []), *_kanji_surnames(e)),
        )
        for e in gazetteer_records()
        for r in e.get("roles", [])
    )


_KANJI_NAME = re.compile(r"[\u4e00-\u9fff]{3,4}")


def _kanji_surnames(entity: dict) -> tuple[str, ...]:
    """The possible family names of a Japanese full name in kanji (木原稔 -> 木原): its first two or three
    characters. Only a titled mention uses them (木原官房長官), and only when one holder of the title fits."""
    if entity.get("type") != "person" or not any(a.isascii() and " " in a for a in entity.get("aliases", [])):
        return ()
    full = [a for a in entity.get("aliases", []) if _KANJI_NAME.fullmatch(a) and not _CJK_TITLE.search(a)]
    if any(s in KOREAN_SURNAMES for s in entity.get("surnames", [])):
        return ()  # a Korean name in hanja (李在明) has a one-character family name, matched through KOREAN_SURNAMES
    return tuple(dict.fromkeys(a[:n] for a in full for n in range(2, len(a))))


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


@cache
def _cjk_surnames(title: str) -> dict[str, set[str]]:
    """Hangul/kanji surname -> the romanized surnames it stands for, among holders of ``title``."""
    found: dict[str, set[str]] = {}
    for r in roles():
        if r.title != title:
            continue
        for name in r.surnames:
            for written in (name, *KOREAN_SURNAMES.get(name, ())):
                if not written.isascii():
                    found.setdefault(written, set()).add(r.surnames[0])
    return found


def _same_script(a: str, b: str) -> bool:
    return bool((_HANGUL.match(a) and _HANGUL.match(b)) or (_HAN.match(a) and _HAN.match(b)))


def cjk_titles(text: str, day: dt.date) -> list[tuple[str, int, int]]:
    """(entity_id, start, end) for Korean and Japanese titled names and country titles in ``text``.

    >>> cjk_titles("石破首相と李大統領が会談した。", dt.date(2025, 8, 23))
    [('person:shigeru_ishiba', 0, 2), ('person:lee_jae_myung', 5, 6)]
    """
    found = []
    for m in _CJK_TITLE.finditer(text):
        title = CJK_TITLES[m.group(0)]
        before = text[: m.start()]
        country = _CJK_COUNTRY_BEFORE.search(before)
        if country:
            entity = holder(title, day, country=_CJK_COUNTRY[country.group("country")])
            if entity:
                found.append((entity, country.start(), m.end()))
            continue
        stem = before[:-1] if before.endswith(" ") else before
        for written, romanized in sorted(_cjk_surnames(title).items(), key=lambda kv: -len(kv[0])):
            start = len(stem) - len(written)
            if not stem.endswith(written) or (start > 0 and _same_script(stem[start - 1], written[0])):
                continue
            entity = next(filter(None, (holder(title, day, surname=r) for r in romanized)), None)
            if entity:
                found.append((entity, start, len(stem)))
            break
    return found


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
        if text.isascii():
            continue
        for entity, a, b in cjk_titles(text, day):
            start, end = offset + a, offset + b
            if not any(x < end and start < y for x, y in spans):
                rows.append((doc_id, idx, entity, text[a:b], start, end))
    return pl.DataFrame(rows, schema=MENTION_SCHEMA, orient="row")


#: Documents tagged together; memory grows with it, speed hardly does past a few hundred.
TAG_BATCH_DOCUMENTS = 1000


def tag_entities_by_date(
    sentences: pl.DataFrame, entities: pl.DataFrame, articles: pl.DataFrame
) -> pl.DataFrame:
    """Gazetteer tagging (``pipeline.reference.gazetteer.tag_entities``) plus the titles the article's date resolves."""
    from pipeline.reference.gazetteer import tag_entities

    # In batches of documents: matching every alias in every sentence at once holds all candidate matches of the
    # corpus in memory (see docs/performance.md); a document's mentions depend only on its sentences.
    doc_ids = sentences["doc_id"].unique(maintain_order=True).to_list()
    tagged = pl.concat(
        [
            tag_entities(
                sentences.filter(pl.col("doc_id").is_in(doc_ids[i : i + TAG_BATCH_DOCUMENTS])), entities
            )
            for i in range(0, len(doc_ids), TAG_BATCH_DOCUMENTS)
        ]
        or [tag_entities(sentences, entities)]
    )
    published = dict(articles.select("doc_id", "published_date").iter_rows())
    return pl.concat([tagged, resolve_titles(sentences, tagged, published)]).sort(
        "doc_id", "char_start", "entity_id"
    )
