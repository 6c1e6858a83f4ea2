"""The people a byline credit names: "By Hyonhee Shin and Kantaro Komiya" is "Hyonhee Shin; Kantaro Komiya".

`pipeline.clean.metadata` finds a credit and cuts it to the credit alone ("By Kenji Harada, Staff writer", "김진아 기자",
"HARUKA NAKAMURA, Nikkei staff writer"); this module keeps the names in it. What goes: the credit's lead words
("By", "Reporting by", "Reporter :"), roles ("Staff writer", "Tokyo correspondent", "기자", "特派員", "記者"),
places ("in Tokyo", "도쿄="), desks and outlets ("Web Desk", "Reuters staff"). Several people are joined by "; " in
the order written: a semicolon never occurs inside a name, while commas and "and" are how pages list people.
Names keep the case the page wrote them in ("HYUNG-JIN KIM"): title-casing would invent spellings ("Mcdonald",
"Hyung-Jin") no page used; a query that groups people uses ``lower(byline)``.
"""

import re

from pipeline.reference.outlets import masthead
from pipeline.text.dates import MONTH_NAMES

__all__ = ["byline_names"]

_LEAD_RE = re.compile(
    r"^(?:(?:written|reported|reporting|words|story|text|compiled|interview)\s+by|by|reporters?|writers?|"
    r"기자|記者)\s*[:：]?\s*(?=\S)",
    re.IGNORECASE,
)
#: Where one person's credit ends and the next begins.
_PEOPLE_RE = re.compile(r"\s*(?:[,/;·・、]|\band\b|&)\s*")
_CJK_ROLE_RE = re.compile(
    r"\s?(?:선임기자|수석기자|객원기자|인턴기자|기자|특파원|논설위원|통신원|記者|特派員|編集委員|論説委員)$"
)
#: Words of a role or a desk, never of a person's name.
_ROLE_RE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|columnist|contributor|bureau|chief|desk|analyst|"
    r"producer|photographer|intern|newsroom|team|agencies|wires?)\b",
    re.IGNORECASE,
)
#: "Justin McCurry in Tokyo": the place a reporter filed from follows the name.
_PLACE_TAIL_RE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?$")


def byline_names(credit: str | None) -> str | None:
    """The names of the people a credit line credits, joined by "; "; None when it names no person.

    >>> byline_names("By Shin Hyeong-cheol, staff reporter; Jang Ye-ji, staff reporter")
    'Shin Hyeong-cheol; Jang Ye-ji'
    >>> byline_names("Reporting by Hyonhee Shin in Seoul and Kantaro Komiya in Tokyo")
    'Hyonhee Shin; Kantaro Komiya'
    >>> byline_names("김영주·이민종 기자"), byline_names("山田太郎記者"), byline_names("By TAKURO NISHIDA/ Staff Writer")
    ('김영주; 이민종', '山田太郎', 'TAKURO NISHIDA')
    >>> byline_names("Web Desk") is None
    True
    """
    if not credit:
        return None
    names = []
    for piece in _PEOPLE_RE.split(" ".join(credit.split())):
        name = _name_in(piece)
        if name is not None and name not in names:
            names.append(name)
    return "; ".join(names) or None


def _name_in(piece: str) -> str | None:
    piece = _LEAD_RE.sub("", piece.strip())
    piece = re.split(r"[=＝]", piece)[-1]  # "도쿄=김현서", "ソウル＝中村健"
    piece = _PLACE_TAIL_RE.sub("", _CJK_ROLE_RE.sub("", piece)).strip(" .:-–—()[]（）【】")
    if not piece or _ROLE_RE.search(piece) or masthead(piece)[0]:
        return None
    # A Latin-script name starts with a capital ("employees reporter" is a role the spinner reworded).
    if piece[0].isascii() and not piece[0].isupper():
        return None
    return piece


#: "By Monday, ..." and "By January ..." open sentences, not bylines.
NOT_NAMES = (
    frozenset("monday tuesday wednesday thursday friday saturday sunday then now contrast comparison".split())
    | MONTH_NAMES
)


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
    if any(word.strip(",.;").casefold() in NOT_NAMES for word in words):
        return None
    parts = [part for part in _AUTHOR_SEPARATORS.split(value) if part]
    if not parts or any(
        len(part.split()) > 5 or (part[0].isascii() and not part[0].isupper()) for part in parts
    ):
        return None
    return byline_names(value)


_MAX_AUTHOR_WORDS = 12
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|/|\band\b|&)\s*")
