"""Article metadata stated by the text itself: bylines and datelines, in English, Korean and Japanese.

Each reader returns None unless the text says it plainly; a wrong value would look authoritative in the
warehouse, while a missing one is honest. Dates live in `pipeline.metadata_dates`, outlets in
`pipeline.outlets`, and `pipeline.page_metadata` reads a whole page (which line is the headline, where the
header and footer are) with them.

A credit is found as the page writes it ("By Shin Hyeong-cheol, staff reporter", "김진아 기자", "SARAH KIM"),
cut to the credit alone: no timestamps, e-mail addresses, place prefixes ("도쿄=", "ソウル＝") or other people's
credits ("; Editing by …"). The byline published is the names in it (`pipeline.byline_names`).
"""

import re
import unicodedata
from functools import cache

from pipeline.byline_names import byline_names
from pipeline.metadata_dates import MONTH_NAMES, date_mentions, find_date, published_date
from pipeline.outlets import detect_outlet, masthead, outlet_at_start

__all__ = [
    "byline_credit",
    "credit_place",
    "dateline",
    "dateline_agency",
    "detect_outlet",
    "find_date",
    "is_byline",
    "lead_credit",
    "plausible_byline",
    "published_date",
]

_BYLINE_RE = re.compile(
    r"^(?:By|BY|Written by|Reported by|Reporting by|Words by|Story by|Reporter\s*:)\s*(?P<who>[A-Z].*)$"
)
#: "By Monday, ..." and "By January ..." open sentences, not bylines.
_NOT_NAMES = (
    frozenset("monday tuesday wednesday thursday friday saturday sunday then now contrast comparison".split())
    | MONTH_NAMES
)
_MAX_BYLINE_WORDS = 20
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
#: Where a credit ends on its line: a separator, a timestamp label, an e-mail address, another credit.
_CREDIT_END_RE = re.compile(
    r"\s*(?:\||·|•)\s"
    r"|\s+(?:Posted|Updated|Published|Written|Last updated|Modified)\b"
    rf"|\s*[\[<(]?{_EMAIL}"
    r"|\s*;\s*(?:Editing|Edited|Additional reporting|Writing|Compiled|Graphics?|Fact-checked)\s+by\b",
    re.IGNORECASE,
)

#: Korean reporters sign as "이름 기자" or "이름 특파원"; their names are two to four syllables.
_KO_ROLE = r"(?:선임기자|수석기자|객원기자|인턴기자|기자|특파원|논설위원|통신원)"
_KO_CREDIT_RE = re.compile(
    rf"(?:^|(?<=[\s=/\]\)]))(?P<name>[가-힣]{{2,4}})\s?(?P<role>{_KO_ROLE})(?![가-힣])"
)
#: Common Korean family names: a name credit starts with one ("김진아"), a phrase ("정부 기자") does not.
_KO_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구"
    " 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모"
    " 탁 국 어 은 편 용 예 경 봉 사 부 황보 남궁 제갈 선우 독고 사공 서문".split()
)
_KO_NAMES = r"[가-힣]{2,4}(?:\s?[·,]\s?[가-힣]{2,4}){0,3}"
_KO_STANDALONE_RE = re.compile(
    rf"^(?:(?P<outlet>\S{{2,12}})\s+)?(?:(?P<place>[가-힣]{{1,8}})\s*[=/]\s*)?(?P<credit>{_KO_NAMES}\s?{_KO_ROLE})"
    rf"(?:\s*[\[<(]?{_EMAIL}[\]>)]?)?\s*(?:\|.*)?$"
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATAKANA = "\u30a0-\u30ff"
#: Japanese credits: "ソウル=清水大輔", "（北川舞）", "山田太郎記者".
_JA_PLACE_NAME_RE = re.compile(rf"^(?P<place>[{_CJK}]{{1,8}})\s*[=＝]\s*(?P<name>[{_CJK}]{{2,7}})$")
_JA_PAREN_NAME_RE = re.compile(rf"^[（(](?P<name>[{_CJK}]{{2,7}})[）)]$")
_JA_REPORTER_RE = re.compile(rf"^(?P<name>[{_CJK}]{{2,7}}\s?(?:記者|特派員|編集委員|論説委員))$")
#: Bracketed tags that open Japanese stories and are no place: "【速報】", "【独自】", "【詳報】".
_JA_TAG_RE = re.compile(
    r"速報|独自|詳報|解説|動画|写真|特集|更新|号外|社説|コラム|中継|図解|続報|訂正|追記|まとめ|最新|注目|会見|全文|寄稿|経済|政治|社会|国際"
)
#: Parenthesised words that are not people: photo notes, ends of stories, desks.
_JA_NOT_NAMES_RE = re.compile(
    r"写真|動画|資料|撮影|図|終わり|了$|続く|部$|局$|課$|班$|社$|室$|版$|委員会|政府|会議"
)

#: A lead's bracketed credit: "(서울=연합뉴스) 김진아 기자 =", "[아시아경제 도쿄=권혜민 특파원]", "【ソウル共同】".
_KO_LEAD_RE = re.compile(
    r"^\s*[\(\[［【]\s*(?:(?P<outlet>[^=\]\)］】]*?)\s+)?(?P<place>[가-힣A-Za-z]{1,10})\s*=\s*(?P<rest>[^\]\)］】]*?)"
    r"\s*[\)\]］】]\s*(?P<after>[가-힣]{2,4}\s?" + _KO_ROLE + r"\s*=)?"
)
_JA_LEAD_RE = re.compile(r"^\s*【(?P<inner>[^】]{2,24})】")
#: Without a place, a Korean lead's bracket names the outlet and the reporter: "[이데일리 김윤지 기자]".
_KO_OUTLET_LEAD_RE = re.compile(
    rf"^\s*\[(?P<outlet>[^\]\s=]{{2,12}})\s+(?P<credit>{_KO_NAMES}\s?{_KO_ROLE})\]"
)
#: Reuters's Japanese dateline: "［ソウル　１５日　ロイター］ -" (read after NFKC: "[ソウル 15日 ロイター]").
_JA_WIRE_LEAD_RE = re.compile(r"^\s*\[(?P<place>[^\s\]\d]{1,12})\s+\d{1,2}日\s+(?P<agency>[^\]\s]{2,12})\]")

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
#: A dateline and a lead's credit open it; nothing further in is read for them.
_DATELINE_REACH = 120
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
    if (match := _KO_STANDALONE_RE.match(text)) is not None and _korean_prefix_ok(match):
        credit = match["credit"]
        return credit if _is_korean_name(credit) else None
    if bare_names and (match := _KO_USER_ID_RE.match(text)) and _is_korean_name(match["name"]):
        return match["name"]
    if (credit := _japanese_credit(text, bare_names=bare_names)) is not None:
        return credit
    return _name_line(text, bare_names=bare_names)


def _english_credit(text: str) -> str | None:
    match = _BYLINE_RE.match(text)
    if match is None or len(text.split()) > _MAX_BYLINE_WORDS:
        return None
    first = match["who"].split()[0].strip(",.").casefold()
    # A byline ends with a name or role; a final period after a long word means a sentence.
    if first in _NOT_NAMES or re.search(r"\w{4,}\.$", text) is not None:
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


def _is_korean_name(credit: str) -> bool:
    names = re.split(r"\s?[·,]\s?", re.sub(_KO_ROLE + "$", "", credit).strip())
    return all(name[:1] in _KO_SURNAMES or name[:2] in _KO_SURNAMES for name in names)


def _korean_prefix_ok(match: re.Match) -> bool:
    """Only an outlet's name stands before a Korean credit ("CBS노컷뉴스 홍영선 기자"); other words make a sentence."""
    return (
        match["outlet"] is None
        or outlet_at_start(match["outlet"]) is not None
        or masthead(match["outlet"])[0]
    )


#: OhmyNews signs its writers as "박성우(ppssww)": a name and a user id, under the headline.
_KO_USER_ID_RE = re.compile(r"^(?P<name>[가-힣]{2,4})\s?\([A-Za-z0-9_.-]{2,20}\)$")


def _japanese_credit(text: str, *, bare_names: bool) -> str | None:
    for pattern in (_JA_PLACE_NAME_RE, _JA_PAREN_NAME_RE, _JA_REPORTER_RE):
        match = pattern.match(text)
        if match is not None and _is_japanese_name(match["name"]):
            return match["name"]
    if bare_names and re.fullmatch(rf"[{_CJK}]{{2,4}}\s?[{_CJK}]{{1,4}}", text) and _is_japanese_name(text):
        return text
    return None


def _is_japanese_name(name: str) -> bool:
    bare = re.sub(r"\s?(?:記者|特派員|編集委員|論説委員)$", "", name)
    # A family name is written in kanji; katakana opens a place or a loanword, not a Japanese name.
    return (
        2 <= len(bare) <= 7
        and re.match(r"[\u4e00-\u9fff]", bare) is not None
        and _JA_NOT_NAMES_RE.search(bare) is None
        and not masthead(bare)[0]
    )


_NAME_LINE_RE = re.compile(
    r"^(?P<name>[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){1,3})"
    r"(?P<role>,\s*[A-Za-z][\w .'’-]{2,60}|\s+in\s+(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))?"
    rf"(?P<address>\s*[\[<(]?{_EMAIL}[\]>)]?)?$"
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
    from pipeline.name_lexicon import commonness, family_names, given_names  # the lists load on first use

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


def lead_credit(paragraph: str) -> tuple[str | None, str | None, str | None]:
    """(outlet, place, byline) a lead states in its opening bracket: "(서울=연합뉴스) 김진아 기자 =",
    "[아시아경제 도쿄=권혜민 특파원]", "【ソウル共同】", "【ソウル＝中村健】", "【ソウル木村真理】".

    >>> lead_credit("(서울=연합뉴스) 김진아 기자 = 한국과 일본 정부가 다음 달")
    ('Yonhap News Agency', '서울', '김진아 기자')
    >>> lead_credit("【ソウル共同】韓国政府は14日")
    ('Kyodo News', 'ソウル', None)
    """
    paragraph = paragraph[:_DATELINE_REACH]
    if (match := _KO_LEAD_RE.match(paragraph)) is not None:
        outlet = outlet_at_start(match["outlet"] or "") or outlet_at_start(match["rest"])
        credit = _KO_CREDIT_RE.search(match["rest"]) or (
            _KO_CREDIT_RE.search(match["after"]) if match["after"] else None
        )
        byline = credit.group().strip() if credit and _is_korean_name(credit.group()) else None
        return outlet, match["place"], byline
    if (match := _KO_OUTLET_LEAD_RE.match(paragraph)) is not None and _is_korean_name(match["credit"]):
        return outlet_at_start(match["outlet"]), None, match["credit"]
    if (match := _JA_LEAD_RE.match(paragraph)) is not None:
        return _japanese_bracket(match["inner"])
    if (match := _JA_WIRE_LEAD_RE.match(unicodedata.normalize("NFKC", paragraph))) is not None:
        return outlet_at_start(match["agency"]), match["place"], None
    return None, None, None


def _japanese_bracket(inner: str) -> tuple[str | None, str | None, str | None]:
    inner = inner.strip()
    if (split := re.match(r"^(?P<place>[^=＝]{1,10})[=＝](?P<name>.+)$", inner)) is not None:
        name = split["name"].strip()
        return None, split["place"].strip(), name if _is_japanese_name(name) else None
    # "ソウル共同", "ワシントン時事": a place, then the agency's short name.
    for agency, outlet in (("共同", "Kyodo News"), ("時事", "Jiji Press")):
        if inner.endswith(agency) and len(inner) > len(agency):
            return outlet, inner[: -len(agency)], None
    # Mainichi's "ソウル木村真理": a foreign place in katakana, then the reporter's name in kanji.
    if split := re.match(
        rf"^(?P<place>[{_KATAKANA}]{{2,10}})(?P<name>[\u4e00-\u9fff][{_CJK}]{{1,6}})$", inner
    ):
        return None, split["place"], split["name"] if _is_japanese_name(split["name"]) else None
    if _JA_TAG_RE.search(inner) is None and re.fullmatch(rf"[{_CJK}]{{1,8}}", inner):
        return None, inner, None  # a regional paper's "【奈良】": the place alone
    return None, None, None


def plausible_byline(value: str | None) -> str | None:
    """The names of a byline from structured data (a JSON field, page metadata) when it reads like names, else
    None.

    Extractors sometimes hand back a date or a navigation fragment as the "author"; a wrong byline would look
    authoritative, so anything with digits, weekday or month names, or over-long parts is refused.

    >>> plausible_byline("Shin Hyeong-cheol; Jang Ye-ji"), plausible_byline("By Sam Kim and Isabel Reynolds")
    ('Shin Hyeong-cheol; Jang Ye-ji', 'Sam Kim; Isabel Reynolds')
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
    if not parts or any(
        len(part.split()) > 5 or (part[0].isascii() and not part[0].isupper()) for part in parts
    ):
        return None
    return byline_names(value)


_MAX_AUTHOR_WORDS = 12
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|/|\band\b|&)\s*")


def dateline(paragraph: str) -> str | None:
    """The place a lead paragraph says it was filed from.

    >>> dateline("TOKYO/SEOUL -- South Korean President Lee Jae-myung paid a two-day visit")
    'TOKYO/SEOUL'
    >>> dateline("NARA, Jan 14 (Reuters) - Japanese Prime Minister"), dateline("(도쿄=뉴스1) 김민수 특파원 = 일본")
    ('NARA', '도쿄')
    >>> dateline("South Korean President Lee Jae-myung paid a visit") is None
    True
    """
    paragraph = paragraph[:_DATELINE_REACH]
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
    from pipeline.name_lexicon import major_places  # loads GeoNames on first use

    return place.title() in major_places()


def credit_place(line: str) -> str | None:
    """The place a standalone credit line puts before the name: "도쿄=박민서 특파원", "ソウル=清水大輔".

    >>> credit_place("도쿄/이정민 특파원 jmlee@hani.co.kr"), credit_place("이민석 기자")
    ('도쿄', None)
    >>> credit_place("Justin McCurry in Tokyo"), credit_place("Reporting from Seoul")
    ('Tokyo', 'Seoul')
    """
    text = " ".join(line.split())
    for pattern in (_KO_STANDALONE_RE, _JA_PLACE_NAME_RE):
        match = pattern.match(text)
        if match is not None and match["place"] and byline_credit(text) is not None:
            return match["place"]
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
