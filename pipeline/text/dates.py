"""Dates a page states about itself: calendar dates in English, Korean and Japanese notation, the clock time and
zone written with each, the label each carries (posted, updated, 입력, 수정, 掲載, 更新 …), and whether a line is
nothing but a timestamp.

Only full dates count (a year, a month and a day): "Jan. 14 11:05 am" or "1/14(水) 配信" says nothing about the
year, and a guessed year would look authoritative in the warehouse. A time is the page's own clock, never
converted; its zone is recorded only when the page writes one ("JST", "GMT+9"), never inferred from the outlet.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

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
MONTH_NAMES = frozenset(_MONTHS)
_MONTH = r"\b(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
#: A year, also where a scraper glued the time to it ("January 15, 20264:12 AM").
_YEAR = r"(?P<year>(?:19|20)\d{2})(?:(?=\d{1,2}:\d{2})|(?!\d))"
_DATE_RES = (
    # "January 14, 2026", "Jan. 14 2026", Dong-A's "January. 14, 2026", Hankyoreh's "Jan.15,2026"
    re.compile(_MONTH + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)" + _YEAR, re.IGNORECASE),
    # "14 January 2026", "14 Jan. 2026"
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),
    # "2026-01-14", "2026.01.14.", "2026/1/14", "2026. 1. 14"
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-./])\s?(?P<month>\d{1,2})(?P=sep)\s?(?P<day>\d{1,2})(?!\d)"
    ),
    # "2026年1月14日", "2026년 1월 14일"
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
    ),
    # Europe's "13/01/2026" only where the day cannot be a month (a US page writes "01/13/2026"): a guess
    # between the two would look authoritative.
    re.compile(
        r"(?<![\d/.])(?P<day>1[3-9]|2\d|3[01])/(?P<month>0?[1-9]|1[0-2])/(?P<year>(?:19|20)\d{2})(?!\d)"
    ),
    # OhmyNews's two-digit year "26.01.16 07:02": only with a time after it, where it is a timestamp's shape.
    re.compile(r"(?<![\d.])(?P<year>\d{2})\.(?P<month>\d{2})\.(?P<day>\d{2})(?=\s+\d{1,2}:\d{2}(?!\d))"),
)

#: Labels that say what a date is; an update date only counts when the page gives no other.
_UPDATE_LABELS = r"last updated|updated|last modified|modified|최종\s*수정|수정|업데이트|最終更新|更新日?"
_PUBLISH_LABELS = (
    r"first published|published|posted|written|created|issued|date|"
    r"최초\s*입력|기사\s*입력|입력|등록|송고\s*시간|송고|작성|게시|승인|발행일?|기사\s*전송|"
    r"掲載日?|公開日?|配信日?|投稿日?|作成日?|発行日?"
)
_LABEL_RE = re.compile(
    rf"(?P<update>{_UPDATE_LABELS})|(?P<publish>{_PUBLISH_LABELS})(?:\s+on)?",
    re.IGNORECASE,
)
#: A letter standing alone for a bar between two stamps: OhmyNews's "26.01.16 07:02 l 최종 업데이트 …", "ㅣ".
_BAR_LETTER = r"(?<=\d\s)[lIㅣ](?=\s)"
#: Text around a date in a timestamp line that says nothing more: times, zones, weekdays, separators.
_TIMESTAMP_NOISE_RE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"|\d{1,2}\s*時\s*\d{1,2}\s*分|\d{1,2}\s*시\s*\d{1,2}\s*분|午前|午後|오전|오후"
    r"|\b(?:jst|kst|gmt|utc|et|est|edt|pt|pst|pdt|bst|cet|hkt|sgt)\b(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\b\.?"
    r"|[(（]\s*[月火水木金土日월화수목금토일]\s*[)）]|[月火水木金土日]曜日?|[월화수목금토일]요일"
    # share buttons printed on the timestamp's line ("2025年8月16日 10:09 ツイート シェア ブックマーク")
    r"|\b(?:share|tweet|print|bookmark)\b|ツイート|シェア|ブックマーク|印刷|공유|인쇄|스크랩"
    r"|(?:(?<!\w)-|-(?!\w)|[–—|:：/,.·()（）\[\]【】<>])+"  # a hyphen inside a name ("Ha-neul") stays
    rf"|{_BAR_LETTER}",
    re.IGNORECASE,
)
#: A timestamp line may carry a few other words ("All News", "KYODO NEWS", a byline), never a sentence.
_MAX_OTHER_WORDS = 4
#: Longer lines are never timestamps (the longest seen: KBS's glued "Written: … Updated: …", about 60).
_MAX_TIMESTAMP_CHARS = 160
#: A full stop after a word or a year ends a sentence ("… effective April 1, 1987."), unlike the dot closing a
#: dotted date ("2026.01.14.").
_SENTENCE_END_RE = re.compile(r"(?:[A-Za-z]|(?<![.\d])\d{1,4})\.$")
#: Lower-case words a timestamp line may hold besides its labels: "Updated 2 hours ago".
_TIMESTAMP_WORDS = frozenset("ago hour hours minute minutes min mins day days week weeks at on am pm".split())
#: Where one timestamp ends and the next begins on a line: a label binds to a date only within one part.
_PART_BREAK_RE = re.compile(rf"[|()（）\[\]]|{_BAR_LETTER}")


#: A scraper's "date 2025-08-16 " glued before the text's first line (its record's date field, not the page's).
_SCRAPER_DATE_RE = re.compile(r"^date\s+(?:19|20)\d{2}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s+(?=\S)")


def scraper_date_prefix(line: str) -> str:
    """The "date YYYY-MM-DD " a scraper put before a line, or "".

    >>> scraper_date_prefix("date 2025-08-16 外務省は16日、方針を示した。"), scraper_date_prefix("date of birth")
    ('date 2025-08-16 ', '')
    """
    match = _SCRAPER_DATE_RE.match(line)
    return match.group() if match else ""


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: datetime.date
    is_update: bool
    #: The clock time written with the date (before or after it), and the zone written with the time, in
    #: minutes east of UTC.
    time: datetime.time | None = None
    utc_offset: int | None = None


@dataclass(frozen=True)
class Publication:
    """When a page says it was published: the date, and the time and zone where written with that date."""

    date: datetime.date | None
    time: datetime.time | None = None
    utc_offset: int | None = None


#: Full-width ASCII (２０２６年１月１４日, ：) read as ASCII; one character for one, so offsets hold.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _normalized(text: str) -> str:
    return text if text.isascii() else text.translate(_FULL_WIDTH)


def _matches(text: str) -> list[tuple[int, int, datetime.date]]:
    found: list[tuple[int, int, datetime.date]] = []
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end, _ in found):
                continue
            month = match["month"]
            month_number = int(month) if month.isdigit() else _MONTHS[month.casefold()]
            year = int(match["year"])
            try:
                date = datetime.date(year + 2000 if year < 100 else year, month_number, int(match["day"]))
            except ValueError:
                continue
            found.append((match.start(), match.end(), date))
    return sorted(found)


def find_date(text: str) -> datetime.date | None:
    """The first valid calendar date written in ``text``.

    >>> find_date("Posted January. 14, 2026 10:01,")
    datetime.date(2026, 1, 14)
    >>> find_date("Updated 2025-08-23") , find_date("in 1965") is None
    (datetime.date(2025, 8, 23), True)
    >>> find_date("입력 2026.01.14 10:05"), find_date("２０２６年１月１４日 10時05分")
    (datetime.date(2026, 1, 14), datetime.date(2026, 1, 14))
    """
    found = _matches(_normalized(text))
    return found[0][2] if found else None


def date_mentions(text: str) -> list[DateMention]:
    """Every full date in ``text``, in order, each marked as an update date or not by the label bound to it.

    A label binds to the next date in its part of the line ("Updated: 2026-01-14", "입력 2026.01.14"), or to the
    previous one when no date follows it ("2026-01-14 11:20 최종수정", "11:20更新)").

    >>> [(m.date.day, m.is_update) for m in date_mentions("Written: 2025-12-23 08:13Updated: 2025-12-24 09:02")]
    [(23, False), (24, True)]
    >>> [(m.date.day, m.is_update) for m in date_mentions("2026-01-14 10:05 송고 | 2026-01-15 11:20 최종수정")]
    [(14, False), (15, True)]
    """
    text = _normalized(text)
    mentions = _matches(text)
    if not mentions:
        return []
    update = [False] * len(mentions)
    for label in _LABEL_RE.finditer(text):
        if any(start <= label.start() < end for start, end, _ in mentions):
            continue
        # Korean and Japanese labels may follow their date ("11:20 최종수정", "22:10配信"); English ones never do.
        backward = not label.group().isascii()
        target = _bound_date(text, mentions, label.start(), label.end(), backward=backward)
        if target is not None and label["update"]:
            update[target] = True
    limits = sorted({*(m[0] for m in mentions), *(m[1] for m in mentions), *_label_bounds(text)})
    result = []
    for (start, end, date), is_update in zip(mentions, update, strict=True):
        time, offset = _clock_near(text, start, end, limits)
        result.append(DateMention(start, end, date, is_update, time, offset))
    return result


def _bound_date(text: str, mentions: list, label_start: int, label_end: int, *, backward: bool) -> int | None:
    """The index of the date a label at [label_start, label_end) speaks of, within its part of the line."""
    for index, (start, _, _) in enumerate(mentions):
        if start >= label_end:
            if not _PART_BREAK_RE.search(text, label_end, start):
                return index
            break
    if not backward:
        return None
    for index in range(len(mentions) - 1, -1, -1):
        start, end, _ = mentions[index]
        if end <= label_start:
            return None if _PART_BREAK_RE.search(text, end, label_start) else index
    return None


def is_date_line(line: str, *, allow_words: int = _MAX_OTHER_WORDS) -> bool:
    """A line that is a timestamp: a full date, with perhaps a label, a time and a few other words.

    >>> is_date_line("August 28, 2025 at 16:52 JST"), is_date_line("입력2026.01.13. 오후 6:40 수정2026.01.13. 오후 7:15")
    (True, True)
    >>> is_date_line("Lee visited Nara on Jan. 13, 2026, for a summit with Takaichi.")
    False
    """
    return date_line_rest(line, allow_words=allow_words) is not None


def date_line_rest(line: str, *, allow_words: int = _MAX_OTHER_WORDS) -> str | None:
    """What a timestamp line says besides its dates, times and labels (often nothing); None for other lines."""
    if len(line) > _MAX_TIMESTAMP_CHARS:
        return None
    text = _normalized(line)
    mentions = _matches(text)
    if not mentions or text.rstrip().endswith(("。", "다.")) or _SENTENCE_END_RE.search(text.rstrip()):
        return None
    pieces, last = [], 0
    for start, end, _ in mentions:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    rest = " ".join(pieces)
    rest = _LABEL_RE.sub(" ", rest)
    rest = _TIMESTAMP_NOISE_RE.sub(" ", rest)
    rest = re.sub(r"\b(?:at|on|am|pm)\b|[~～]", " ", rest, flags=re.IGNORECASE)
    words = rest.split()
    # "acquired Sept. 1, 1986", "stockholders of record on March 27": words of a sentence, not of a timestamp
    if any(
        word[:1].islower() and word.isascii() and word.casefold() not in _TIMESTAMP_WORDS for word in words
    ):
        return None
    return " ".join(words) if len(words) <= allow_words else None


_MONTH_WORD_RE = re.compile(_MONTH, re.IGNORECASE)


def is_calendar_line(line: str) -> bool:
    """A line of nothing but calendar words, numbers and labels, with or without a year ("Tuesday, 1 March",
    "Jan. 14 11:05 am JST", "1/13(火) 22:10配信"): a timestamp, never a headline.

    >>> is_calendar_line("Tuesday, 1 March"), is_calendar_line("Leaders meet on 1 March")
    (True, False)
    """
    if len(line) > _MAX_TIMESTAMP_CHARS or not any(char.isdigit() for char in line):
        return False
    rest = _LABEL_RE.sub(" ", _normalized(line))
    rest = _MONTH_WORD_RE.sub(" ", rest)
    rest = _TIMESTAMP_NOISE_RE.sub(" ", rest)
    rest = re.sub(r"\d+|\b(?:at|on|am|pm)\b|[年月日시분時分~～]", " ", rest, flags=re.IGNORECASE)
    return not rest.split()


def published_date(timestamp_lines: Iterable[str]) -> datetime.date | None:
    """The publication date from timestamp lines, read in order; a posted date beats an update.

    >>> published_date(["Updated January. 15, 2026 08:00", "Posted January. 14, 2026 10:01,"])
    datetime.date(2026, 1, 14)
    """
    return publication(timestamp_lines).date


def publication(timestamp_lines: Iterable[str]) -> Publication:
    """Date, time and zone of publication from timestamp lines, read in order. A posted date beats an update; an
    update's date stands in only when the page states no other, and then without its time (an update's clock
    time is never the publication's).

    >>> publication(["입력 2026.01.14 10:05 수정 2026.01.14 11:20"])
    Publication(date=datetime.date(2026, 1, 14), time=datetime.time(10, 5), utc_offset=None)
    >>> publication(["Updated 5:21 AM GMT+9, January 15, 2026"]).time is None
    True
    """
    mentions = [mention for line in timestamp_lines for mention in date_mentions(line)]
    posted = [mention for mention in mentions if not mention.is_update]
    if not posted:
        return Publication(mentions[0].date if mentions else None)
    date = posted[0].date
    # The first posted stamp of that day with a clock time: "date 2026-01-09" then "Written: 2026-01-09 10:26".
    timed = next((m for m in posted if m.date == date and m.time is not None), None)
    return Publication(date, timed.time, timed.utc_offset) if timed else Publication(date)


_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
    r"|[月火水木金土日]曜日?|[(（]\s*[月火水木金土日월화수목금토일]\s*[)）]|[월화수목금토일]요일"
)
#: What may stand between a date and its time: separators, brackets, "at", a weekday.
_FILLER = rf"(?:[\s.,\-–—|:：/()（）\[\]【】·]|\b(?:at|on)\b|{_WEEKDAY})*"
_CLOCK = (
    r"(?P<pre>午前|午後|오전|오후)?\s*"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    r"|\s*[時시]\s*(?:(?P<kminute>\d{1,2})\s*[分분])?)"
    r"(?!\d)(?:\s*(?P<post>[ap])\.?\s?m\b\.?)?"
)
#: A zone written after a time: "JST", "KST", "GMT+9", "UTC+09:00", "ET", or a bare "+09:00".
_ZONE = (
    r"(?:\s*\(?\s*(?P<zone>JST|KST|HKT|SGT|GMT|UTC|BST|CET|CEST|EST|EDT|ET|PST|PDT|PT)\b"
    r"(?:\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?\)?"
    r"|\s*(?P<bsign>[+-])(?P<boh>\d{2}):?(?P<bom>\d{2})(?!\d))?"
)
_CLOCK_REACH = 40
_AFTER_RE = re.compile(rf"{_FILLER}{_CLOCK}{_ZONE}", re.IGNORECASE)
_BEFORE_RE = re.compile(rf"{_CLOCK}{_ZONE}{_FILLER}$", re.IGNORECASE)
_HALF_DAY = {"午後": "p", "오후": "p", "午前": "a", "오전": "a"}
_FIXED_ZONES = {"jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "gmt": 0, "utc": 0, "bst": 60, "cet": 60}
_FIXED_ZONES |= {"cest": 120, "est": -300, "edt": -240, "pst": -480, "pdt": -420}
#: "ET" and "PT" name the zone, not the offset: standard or daylight time by the date (US rules since 2007).
_US_ZONES = {"et": -300, "pt": -480}


def _label_bounds(text: str) -> list[int]:
    return [bound for label in _LABEL_RE.finditer(text) for bound in label.span()]


def _clock_near(
    text: str, start: int, end: int, limits: list[int]
) -> tuple[datetime.time | None, int | None]:
    """The clock time written right after a date ("2026.01.14 10:05", "Jan 14, 2026 - 21:04") or, failing that,
    right before it ("16:02 January 14, 2026"), within the stretch no other date or label claims."""
    following = min((limit for limit in limits if limit > end), default=len(text))
    preceding = max((limit for limit in limits if limit < start), default=0)
    # A time sits within a few characters of its date; the bound keeps hostile long lines linear.
    following, preceding = min(following, end + _CLOCK_REACH), max(preceding, start - _CLOCK_REACH)
    match = _AFTER_RE.match(text, end, following) or _BEFORE_RE.search(text[preceding:start])
    if match is None:
        return None, None
    time = _clock_of(match)
    date = _matches(text[start:end])
    return (time, _zone_of(match, date[0][2] if date else None)) if time else (None, None)


def _clock_of(match: re.Match) -> datetime.time | None:
    hour = int(match["hour"])
    minute = int(match["minute"] or match["kminute"] or 0)
    second = int(match["second"] or 0)
    half = (match["post"] or "").casefold() or _HALF_DAY.get(match["pre"])
    if half and not 1 <= hour <= 12:
        return None
    if half == "p" and hour != 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    try:
        return datetime.time(hour, minute, second)
    except ValueError:
        return None


def _zone_of(match: re.Match, date: datetime.date | None) -> int | None:
    if match["bsign"]:
        return int(match["bsign"] + "1") * (int(match["boh"]) * 60 + int(match["bom"]))
    zone = (match["zone"] or "").casefold()
    if not zone:
        return None
    if match["sign"]:  # "GMT+9", "UTC+09:00": the offset is written
        return int(match["sign"] + "1") * (int(match["oh"]) * 60 + int(match["om"] or 0))
    if zone in _US_ZONES:
        return _US_ZONES[zone] + (60 if date is not None and _us_daylight(date) else 0) if date else None
    return _FIXED_ZONES.get(zone)


def _us_daylight(date: datetime.date) -> bool:
    """US daylight saving: from the second Sunday of March to the first Sunday of November."""
    march = datetime.date(date.year, 3, 8)
    november = datetime.date(date.year, 11, 1)
    start = march + datetime.timedelta(days=(6 - march.weekday()) % 7)
    end = november + datetime.timedelta(days=(6 - november.weekday()) % 7)
    return start <= date < end
