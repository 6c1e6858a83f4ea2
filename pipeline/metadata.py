"""Article metadata stated by the text itself: byline, dateline, publication date, outlet.

Each reader returns None unless the text says it plainly; a wrong value would look authoritative in the
warehouse, while a missing one is honest. Outlets are recognised only from fingerprints listed in
``data/outlets.json`` (their e-mail/web domains and notices distinctive of their sites), looked for in the
chrome around an article, never in its body: a report that quotes Yonhap is not a Yonhap article.
"""

import datetime
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_RES = (
    # "January 14, 2026", "Jan. 14 2026" and Dong-A's "January. 14, 2026"
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    # "14 January 2026"
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    # "2026-01-14", "2026.01.14", "2026/1/14"
    re.compile(r"\b(?P<year>\d{4})(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})\b"),
)

_BYLINE_RE = re.compile(r"^(?:By|BY|Written by|Reported by|Reporting by)\s+(?P<who>[A-Z].*)$")
#: "By Monday, ..." and "By January ..." open sentences, not bylines.
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday then now contrast comparison".split()
) | frozenset(_MONTHS)
_MAX_BYLINE_WORDS = 20

#: An upper-case place (or places joined by "/") opening the lead, with an optional date and agency, then a
#: dash: "TOKYO/SEOUL -- ", "SEOUL, Jan. 13 (Yonhap) -- ".
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]*[A-Z](?:\s*/\s*[A-Z][A-Z.'’ -]*[A-Z])*)"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^()]{2,40}\))?\s*(?:--|—|–|-)\s+\S"
)
_EMAIL_DOMAIN_RE = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})", re.IGNORECASE)
_URL_DOMAIN_RE = re.compile(r"\b(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:com|net|org|kr|jp|cn|uk)\b)", re.I)


def find_date(text: str) -> datetime.date | None:
    """The first valid calendar date written in ``text``.

    >>> find_date("Posted January. 14, 2026 10:01,")
    datetime.date(2026, 1, 14)
    >>> find_date("Updated 2025-08-23") , find_date("in 1965") is None
    (datetime.date(2025, 8, 23), True)
    """
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            month = match["month"]
            month_number = int(month) if month.isdigit() else _MONTHS[month.casefold()]
            try:
                return datetime.date(int(match["year"]), month_number, int(match["day"]))
            except ValueError:
                continue
    return None


def published_date(timestamp_lines: Iterable[str]) -> datetime.date | None:
    """The publication date from Posted/Published/Updated lines; a posted date beats an update."""
    dated = [(line, find_date(line)) for line in timestamp_lines]
    dated = [(line, date) for line, date in dated if date is not None]
    for line, date in dated:
        if not line.lstrip().casefold().startswith(("updated", "last", "modified")):
            return date
    return dated[0][1] if dated else None


def is_byline(line: str) -> bool:
    """A short "By ..." credit, not a sentence that happens to start with "By".

    >>> is_byline("By Shin Hyeong-cheol, staff reporter; Jang Ye-ji, staff reporter")
    True
    >>> is_byline("By contrast, issues such as compensation remain contentious.")
    False
    """
    match = _BYLINE_RE.match(line.strip())
    if match is None or len(line.split()) > _MAX_BYLINE_WORDS:
        return False
    first = match["who"].split()[0].strip(",.").casefold()
    # A byline ends with a name or role; a final period after a long word means a sentence.
    ends_sentence = re.search(r"\w{4,}\.$", line.strip()) is not None
    return first not in _NOT_NAMES and not ends_sentence


_MAX_AUTHOR_WORDS = 12
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|/|\band\b|&)\s*")


def plausible_byline(value: str | None) -> str | None:
    """A byline from structured data (a JSON field, page metadata) when it reads like names, else None.

    Extractors sometimes hand back a date or a navigation fragment as the "author"; a wrong byline would look
    authoritative, so anything with digits, weekday or month names, or over-long parts is refused.

    >>> plausible_byline("Shin Hyeong-cheol; Jang Ye-ji")
    'Shin Hyeong-cheol; Jang Ye-ji'
    >>> plausible_byline("Jeff Foust Monday; November") is None
    True
    """
    if not value:
        return None
    value = " ".join(value.split())
    words = value.split()
    if len(words) > _MAX_AUTHOR_WORDS or any(ch.isdigit() for ch in value):
        return None
    if any(word.strip(",.;").casefold() in _NOT_NAMES for word in words):
        return None
    parts = [part for part in _AUTHOR_SEPARATORS.split(value) if part]
    if not parts or any(len(part.split()) > 5 or not part[0].isupper() for part in parts):
        return None
    return value


def dateline(paragraph: str) -> str | None:
    """The place dateline opening a lead paragraph.

    >>> dateline("TOKYO/SEOUL -- South Korean President Lee Jae-myung paid a two-day visit")
    'TOKYO/SEOUL'
    >>> dateline("South Korean President Lee Jae-myung paid a visit") is None
    True
    """
    match = _DATELINE_RE.match(paragraph)
    if match is None:
        return None
    place = match["place"].strip()
    return place if sum(char.isalpha() for char in place) >= 3 else None


def detect_outlet(chrome_lines: Iterable[str]) -> str | None:
    """The outlet whose fingerprints appear in a document's chrome; None when none or several match.

    Domains (an editor's e-mail address, a site URL) are stronger evidence than notice patterns, so a
    domain match settles the question before patterns are consulted.
    """
    lines = list(chrome_lines)
    domains = {
        domain.casefold()
        for line in lines
        for pattern in (_EMAIL_DOMAIN_RE, _URL_DOMAIN_RE)
        for domain in pattern.findall(line)
    }
    by_domain = {
        outlet["name"]
        for outlet in _outlets()
        if any(domain == own or domain.endswith("." + own) for domain in domains for own in outlet["domains"])
    }
    if by_domain:
        return by_domain.pop() if len(by_domain) == 1 else None
    by_pattern = {
        outlet["name"]
        for outlet in _outlets()
        if any(re.search(pattern, line) for pattern in outlet["patterns"] for line in lines)
    }
    return by_pattern.pop() if len(by_pattern) == 1 else None


@cache
def _outlets() -> tuple[dict, ...]:
    data = resources.files("pipeline").joinpath("data/outlets.json").read_text(encoding="utf-8")
    return tuple(json.loads(data)["outlets"])
