"""Article metadata stated by the text itself: bylines and datelines, in English, Korean and Japanese.

Each reader returns None unless the text says it plainly; a wrong value would look authoritative in the
warehouse, while a missing one is honest. Korean and Japanese credit shapes live in `pipeline.clean.cjk_credits`,
dates in `pipeline.text.dates`, outlets in `pipeline.reference.outlets`, and `pipeline.clean.page_metadata` reads a whole
page (which line is the headline, where the header and footer are) with them.

A credit is found as the page writes it ("By Shin Hyeong-cheol, staff reporter", "김진아 기자", "SARAH KIM"),
cut to the credit alone: no timestamps, e-mail addresses, place prefixes ("도쿄=", "ソウル＝") or other people's
credits ("; Editing by …"). The byline published is the names in it (`pipeline.ingest.byline_names`).
"""

import re
from functools import cache

from pipeline.clean.cjk_credits import (
    EMAIL,
    LEAD_REACH,
    cjk_credit_place,
    japanese_credit,
    korean_credit,
    lead_credit,
    text_by_credit,
)
from pipeline.ingest.byline_names import NOT_NAMES
from pipeline.reference.outlets import detect_outlet, masthead, outlet_at_start
from pipeline.text.dates import date_mentions, find_date, published_date

__all__ = [
    "byline_credit",
    "credit_place",
    "dateline",
    "dateline_agency",
    "detect_outlet",
    "find_date",
    "is_byline",
    "lead_credit",
    "published_date",
]

_BYLINE_RE = re.compile(
    r"^(?:By|BY|Written by|Reported by|Reporting by|Words by|Story by|Reporter\s*:)\s*(?P<who>[A-Z].*)$"
)
_MAX_BYLINE_WORDS = 20
#: Where a credit ends on its line: a separator, a timestamp label, an e-mail address, another credit.
_CREDIT_END_RE = re.compile(
    r"\s*(?:\||·|•)\s"
    r"|\s+(?:Posted|Updated|Published|Written|Last updated|Modified)\b"
    rf"|\s*[\[<(]?{EMAIL}"
    r"|\s*;\s*(?:Editing|Edited|Additional reporting|Writing|Compiled|Graphics?|Fact-checked)\s+by\b",
    re.IGNORECASE,
)

#: An upper-case place (or places joined by "/") opening the lead, with an optional region, date and agency,
#: then a dash: "TOKYO/SEOUL -- ", "SEOUL, Jan. 13 (Yonhap) -- ", "UBE, Yamaguchi Prefecture--Relatives".
_DATE_PART = r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})"
_REGION_PART = r"(?:,\s*[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+\.?){0,2})"
_AGENCY_PART = r"(?:\s*\([^()]{2,40}\))"
#: AFP's country after a place in title case: "Nara (Japan) (AFP) –".
_COUNTRY_PART = r"(?:\s*\([A-Z][a-z]+(?:\s[A-Z][a-z]+)?\))"
_DASH = r"(?:\s*(?:--|—|–)\s*|\s+-\s+)"
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]*[A-Z](?:\s*/\s*[A-Z][A-Z.'’ -]*[A-Z])*)"
    rf"{_REGION_PART}?{_DATE_PART}?{_AGENCY_PART}?{_DASH}\S"
)
#: "Seoul, Jan. 14 (AJP) -": a place in title case only counts with a date or an agency after it.
_TITLE_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?){_REGION_PART}?"
    rf"(?:(?P<date>{_DATE_PART}){_AGENCY_PART}?|{_COUNTRY_PART}?{_AGENCY_PART})"
    rf"{_DASH}\S"
)
#: CNA's "SEOUL: South Korea's ..." (a colon): only a known place, since "NOTE:" and "UPDATE:" look the same.
_COLON_DATELINE_RE = re.compile(r"^(?P<place>[A-Z][A-Z .'-]*[A-Z]):\s+[A-Z]")


def is_byline(line: str) -> bool:
    """A credit line: "By ...", "김진아 기자", "ソウル=清水大輔", an all-capital name; not a sentence.

    >>> is_byline("By Shin Hyeong-cheol, staff reporter; Jang Ye-ji, staff reporter")
    True
    >>> is_byline("By contrast, issues such as compensation remain contentious.")
    False
    """
    return byline_credit(line) is not None


def byline_credit(line: str, *, bare_names: bool = False) -> str | None:
    """The credit a standalone credit line gives, cut to the credit alone; None for any other line.

    ``bare_names`` also accepts a line that is only a person's name in title case ("Hannah Cho", "浅井ひろし"),
    which is a byline only where a page puts one (under its headline, at its foot).

    >>> byline_credit("By Choe In-hyeok Posted : January 13, 2026, 22:39 Updated : January 13, 2026, 22:40")
    'By Choe In-hyeok'
    >>> byline_credit("도쿄=김현서 특파원 kim.hyunseo@joongang.co.kr"), byline_credit("【ソウル＝中村健】")
    ('김현서 특파원', None)
    """
    text = " ".join(line.split())
    if not text or len(text) > 200:
        return None
    if (credit := _english_credit(text)) is not None:
        return credit
    if (credit := korean_credit(text, bare_names=bare_names)) is not None:
        return credit
    if (credit := text_by_credit(line.strip())) is not None:  # read before spaces collapse: they end the name
        return credit
    if (credit := japanese_credit(text, bare_names=bare_names)) is not None:
        return credit
    return _name_line(text, bare_names=bare_names)


def _english_credit(text: str) -> str | None:
    if text[:1] == "(" and text[-1:] == ")":  # Reuters's closing "(Reporting by A; Editing by B)"
        text = text[1:-1].strip()
    match = _BYLINE_RE.match(text)
    if match is None or len(text.split()) > _MAX_BYLINE_WORDS:
        return None
    first = match["who"].split()[0].strip(",.").casefold()
    # A byline ends with a name or role; a final period after a long word means a sentence.
    if first in NOT_NAMES or re.search(r"\w{4,}\.$", text) is not None:
        return None
    return _cut_credit(text)


def _cut_credit(text: str) -> str | None:
    end = _CREDIT_END_RE.search(text)
    cut = text[: end.start()] if end else text
    dates = date_mentions(cut)
    if dates:
        cut = cut[: dates[0].start]
    cut = cut.strip(" ,;:-|")
    return cut if len(cut.split()) >= 2 else None


_NAME_LINE_RE = re.compile(
    r"^(?P<name>[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){1,3})"
    r"(?P<role>,\s*[A-Za-z][\w .'’-]{2,60}|\s+in\s+(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))?"
    rf"(?P<address>\s*[\[<(]?{EMAIL}[\]>)]?)?$"
)


def _name_line(text: str, *, bare_names: bool) -> str | None:
    """ "SARAH KIM", "HARUKA NAKAMURA, Nikkei staff writer", "Jin-Woo Kim kjw@donga.com"; with ``bare_names``
    also "Hannah Cho" and "Justin McCurry in Tokyo"."""
    match = _NAME_LINE_RE.match(text)
    if match is None:
        return None
    name = match["name"]
    capitals = name.replace("-", "").replace(" ", "").replace(".", "").isupper()
    if not (capitals or match["address"] or bare_names):
        return None
    if masthead(name)[0] or not _reads_as_person(name):
        return None
    credit = name + (match["role"] or "")
    return credit.strip()


def _reads_as_person(name: str) -> bool:
    """Two to four words, at least one a known given or family name, none a common English word."""
    from pipeline.reference.name_lexicon import (  # the lists load on first use
        commonness,
        family_names,
        given_names,
    )

    words = [word.strip(".") for word in name.split()]
    titled = [word[:1].upper() + word[1:].lower() if word.isupper() else word for word in words]
    known = given_names() | family_names()
    if not any(word in known or word in _KO_ROMAN_SURNAMES for word in titled):
        return False
    return all(word in known or word in _KO_ROMAN_SURNAMES or commonness(word) < 4.5 for word in titled)


#: Romanized Korean family names, which name lists of Latin-script names mostly lack.
_KO_ROMAN_SURNAMES = frozenset(
    """Kim Lee Yi Rhee Park Pak Choi Choe Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Im Han Oh Seo Suh
    Shin Kwon Hwang Ahn An Song Yoo Yu Ryu Hong Jeon Jun Ko Go Moon Mun Yang Son Sohn Bae Baek Paik Heo Huh Nam
    Noh Roh Ha Kwak Sung Seong Cha Joo Ju Woo Koo Ku Min Na Jin Ji Uhm Eom Chae Won Chun Cheon Bang Kong Hyun Ham
    Byun Yeom Yeo Choo Chu Do So Seok Sun Seol Ma Gil Yeon Wi Pyo Myung Ki Ban Wang Geum Ok Yook Maeng Je Mo
    Tak Kook Eo Eun Pyun Yong Ye Kyung Bong Boo Hwangbo Namgoong Jegal Sunwoo""".split()
)


def dateline(paragraph: str) -> str | None:
    """The place a lead paragraph says it was filed from.

    >>> dateline("TOKYO/SEOUL -- South Korean President Lee Jae-myung paid a two-day visit")
    'TOKYO/SEOUL'
    >>> dateline("NARA, Jan 14 (Reuters) - Japanese Prime Minister"), dateline("(도쿄=뉴스1) 김민수 특파원 = 일본")
    ('NARA', '도쿄')
    >>> dateline("South Korean President Lee Jae-myung paid a visit") is None
    True
    """
    paragraph = paragraph[:LEAD_REACH]
    match = _DATELINE_RE.match(paragraph)
    if match is not None:
        place = match["place"].strip()
        return place if sum(char.isalpha() for char in place) >= 3 else None
    match = _TITLE_DATELINE_RE.match(paragraph)
    # In title case only a date or an outlet's credit marks a dateline: "Gould Inc (GLD) - Offering" is a list.
    if match is not None and (match["date"] or dateline_agency(paragraph) is not None):
        return match["place"]
    match = _COLON_DATELINE_RE.match(paragraph)
    if match is not None and _is_known_place(match["place"]):
        return match["place"]
    return lead_credit(paragraph)[1]


@cache
def _is_known_place(place: str) -> bool:
    from pipeline.reference.name_lexicon import major_places  # loads GeoNames on first use

    return place.title() in major_places()


def credit_place(line: str) -> str | None:
    """The place a standalone credit line puts before the name: "도쿄=박민서 특파원", "ソウル=清水大輔".

    >>> credit_place("도쿄/이정민 특파원 jmlee@hani.co.kr"), credit_place("이민석 기자")
    ('도쿄', None)
    >>> credit_place("Justin McCurry in Tokyo"), credit_place("Reporting from Seoul")
    ('Tokyo', 'Seoul')
    """
    text = " ".join(line.split())
    if (place := cjk_credit_place(text)) is not None:
        return place
    if (match := _REPORTING_FROM_RE.match(text)) is not None:
        return match["place"]
    match = _NAME_LINE_RE.match(text)
    if match is not None and match["place"] and byline_credit(text, bare_names=True) is not None:
        return match["place"]
    return None


#: The New York Times's "Reporting from Seoul" under its byline.
_REPORTING_FROM_RE = re.compile(r"^Reporting from (?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)$")


def dateline_agency(paragraph: str) -> str | None:
    """The outlet credited in an English dateline: "SEOUL (Reuters) -", "NARA, Jan 14 (News On Japan) -".

    >>> dateline_agency("SEOUL, Jan. 14 (Yonhap) -- South Korea and Japan agreed")
    'Yonhap News Agency'
    """
    for pattern in (_DATELINE_RE, _TITLE_DATELINE_RE):
        match = pattern.match(paragraph)
        if match is not None:
            # the last brackets credit the agency: "Nara (Japan) (AFP)"
            agencies = re.findall(r"\(([^()]{2,40})\)", match.group())
            return outlet_at_start(agencies[-1]) if agencies else None
    return None
