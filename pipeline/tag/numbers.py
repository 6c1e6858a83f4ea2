"""Amounts and dates an article states: `183 laborers`, `15% duties`, `$1.13bn`, `Feb. 3, 1942`, `2026年1月13日`.

One pass of regular expressions per sentence, most specific first (a date before the bare numbers inside it, money
before a count); a span already taken is not matched again. Each mention keeps the words as written (`surface`) and
a normalized reading: ``value`` for amounts (15% -> 15.0, $1.13bn -> 1.13e9), ``date`` for calendar dates, and
``unit``: the currency, ``percent``, or the noun counted (`laborers`, `people`; for Korean and Japanese the counter,
명 or 人). Years standing alone (`in 1965`) are ``year`` mentions with the year as value.
"""

import calendar
import datetime as dt
import re

import polars as pl

from pipeline.core.schemas import MentionsNumeric, polars_schema

NUMERIC_SCHEMA = polars_schema(MentionsNumeric)

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
} | {"sept": 9}  # fmt: skip
_MONTH = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip
_CURRENCY = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₩": "KRW", "won": "KRW", "yen": "JPY", "dollars": "USD", "euros": "EUR"}  # fmt: skip
_STOP_NOUNS = frozenset("and or to of in on at the a an per from by for with as than".split())

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*(?P<year>\d{{4}}))?\b")),
    ("date", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b")),
    (
        "date",
        re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"),
    ),
    (
        "money",
        re.compile(
            rf"(?P<cur>US\$|[$£€¥₩])\s?(?P<num>{_NUM})\s?(?P<scale>bn|mn|m|k|tn|billion|million|thousand|trillion)?\b"
        ),
    ),
    (
        "money",
        re.compile(
            rf"\b(?P<num>{_NUM})\s?(?P<scale>billion|million|thousand|trillion)?\s(?P<cur>won|yen|dollars|euros)\b"
        ),
    ),
    ("percent", re.compile(rf"(?<![\d.,])(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b|퍼센트|パーセント)")),
    # No \b before the number: in Korean and Japanese it follows a particle with no space (事故では183人).
    ("count", re.compile(rf"(?<![\d.,])(?P<num>{_NUM})\s?(?P<unit>명|人|개국|か国)")),
    ("year", re.compile(r"\b(?:in|since|from|until|by|of|before|after)\s(?P<num>1[89]\d\d|20\d\d)\b")),
    ("count", re.compile(rf"\b(?P<num>{_NUM})\s(?:(?:[A-Za-z-]+\s){{0,2}})?(?P<unit>[a-z][a-z-]+s)\b")),
]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _reading(kind: str, m: re.Match[str]) -> tuple[float | None, str | None, dt.date | None]:
    groups = m.groupdict()
    if kind == "date":
        month = groups["month"]
        month_no = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
        year = int(groups["year"]) if groups.get("year") else None
        try:
            return None, None, dt.date(year, month_no, int(groups["day"])) if year and month_no else None
        except ValueError:
            return None, None, None
    if kind == "money":
        scale = _SCALE.get((groups.get("scale") or "").lower(), 1.0)
        return _number(groups["num"]) * scale, _CURRENCY[groups["cur"]], None
    if kind == "percent":
        return _number(groups["num"]), "percent", None
    if kind == "year":
        return float(groups["num"]), None, None
    return _number(groups["num"]), groups["unit"], None


def find_numbers(text: str) -> list[tuple[str, int, int, float | None, str | None, dt.date | None]]:
    """(kind, start, end, value, unit, date) for each amount or date in ``text``, leftmost first."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span() if kind != "year" else m.span("num")
            if any(a < end and start < b for a, b in taken):
                continue
            if kind == "count" and m.group("unit") in _STOP_NOUNS:
                continue
            if kind == "count" and m.group("unit")[0].isascii() and m.group("unit").endswith(("ss",)):
                continue
            if kind == "date" and m.group("day") and not 1 <= int(m.group("day")) <= 31:
                continue
            value, unit, date = _reading(kind, m)
            taken.append((start, end))
            found.append((kind, start, end, value, unit, date))
    return sorted(found, key=lambda f: f[1])


def mentions_numeric(sentences: pl.DataFrame) -> pl.DataFrame:
    """The ``mentions_numeric`` table from sentences (doc_id, sentence_idx, text, char_start)."""
    rows = []
    for doc_id, idx, text, offset in sentences.select(
        "doc_id", "sentence_idx", "text", "char_start"
    ).iter_rows():
        for kind, start, end, value, unit, date in find_numbers(text):
            rows.append(
                {
                    "doc_id": doc_id,
                    "sentence_idx": idx,
                    "kind": kind,
                    "surface": text[start:end],
                    "value": value,
                    "unit": unit,
                    "date": date,
                    "char_start": offset + start,
                    "char_end": offset + end,
                }
            )
    return pl.DataFrame(rows, schema=NUMERIC_SCHEMA)
