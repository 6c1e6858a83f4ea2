"""Which line of a page's header is its headline, and what the others are: menus, section labels, kickers,
related-story lists, photo captions and credits (`pipeline.clean.page_metadata` reads the rest of the page with it).

A headline is the first header line shaped like one (two to 25 words, no final full stop) that is none of those;
a two-word line or a kicker in capitals is the headline only where nothing else is.
"""

import re
from collections.abc import Sequence

from pipeline.clean.block_kinds import is_caption
from pipeline.clean.chrome import word_count
from pipeline.clean.metadata import byline_credit, dateline
from pipeline.reference.outlets import is_copyright_line, masthead, source_credit
from pipeline.text.dates import find_date, is_calendar_line

__all__ = [
    "MAX_HEADLINE_WORDS",
    "MAX_KICKER_WORDS",
    "ends_like_headline",
    "find_headline",
    "is_dated_photo_credit",
    "is_photo_caption",
]

MAX_HEADLINE_WORDS = 25
#: A headline has at least this many words when the header offers one; two-word lines are menus and sections.
_FULL_HEADLINE_WORDS = 3
#: Page furniture a headline is never: menus, log-ins, paywall tags, comment counts, in three languages.
_FURNITURE_RE = re.compile(
    r"^(?:menu(?: content)?|main menu|all menu|log ?in|sign ?in|sign up|subscribe|search|home|share|print"
    r"|\d+\s+comments?|comments?|photo|video|magazine|logo"
    r"|(?:(?:본문|메뉴|주\s*메뉴|전체\s*메뉴|검색|하단\s*메뉴)\s*바로\s*가기\s*)+|전체\s*메뉴|메뉴|로그인|회원가입|구독|검색"
    r"|홈|공유|인쇄|기사\s*원문|구독하기|(?:뉴스\s*)?(?:사진|포토|영상|동영상)(?:\s*뉴스)?|본문|(?:배너|창|팝업)?\s*닫기"
    r"|メニュー|ログイン|会員登録|検索|ホーム|有料記事|会員限定記事|速報|印刷|シェア|トップ)$",
    re.IGNORECASE,
)
#: A link's label inside a line: a promo banner's run of links ("… 정책이슈 바로가기 … 영상보기 …") is no headline.
_LINK_LABEL_RE = re.compile(r"\S\s*바로\s*가기(?:\s|$)|(?:^|\s)(?:영상|자세히|더)\s*보기(?:\s|$)")
#: A two-part breadcrumb ("JAPAN / POLITICS", "National > Diplomacy"); three parts are `chrome.section_path`.
_TWO_PART_PATH_RE = re.compile(r"^[^|/>»›]{1,25}\s(?:\||/|>|»|›)\s[^|/>»›]{1,25}$")
MAX_KICKER_WORDS = 5
#: A section named by two subjects, as menus name them: "Politics & Government", "Arts & Culture".
_SECTION_PAIR_RE = re.compile(r"^[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)? & [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?$")
#: An item of a related-stories list: "- California Assembly OKs …", "· …", "▶ …"; two in a row make a list.
_LIST_ITEM_RE = re.compile(r"^(?:[-–·•▶▷►]|\*)\s+\S")
#: A headline set wholly in quotation marks ("“文 정권, …”"), which the line above it introduces as a kicker.
_QUOTED_RE = re.compile(r"^[“\"‘'「『].+[”\"’'」』]$")
#: A photo's caption or credit, which may carry the photo's date: "… Photo: AFP", "…、鈴木拓也撮影", "ⓒ유성호2023.03.13".
_PHOTO_CAPTION_RE = re.compile(
    r"(?:\b(?:Photo|Image|Picture|Photograph|Credit)s?(?:\s+by)?\s*:\s*[^.:]{2,40}$"
    r"|撮影[）)]?$|^[ⓒ©Ⓒ]\s*(?P<name>[가-힣]{2,4})\s*(?:(?:19|20)\d{2}[.\-/]\d{1,2}[.\-/]\d{1,2}\.?)?$|^▲)",
    re.IGNORECASE,
)


def is_photo_caption(line: str) -> bool:
    """A photo's caption or credit: "(pool picture)"-style notes, "… Photo: AFP", "…＝鈴木拓也撮影", "ⓒ유성호".

    >>> is_photo_caption("式典の参加者たち＝ソウルで2019年3月1日、鈴木拓也撮影"), is_photo_caption("ⓒ 연합뉴스")
    (True, False)
    """
    stripped = line.strip()
    if is_caption(stripped, seen_body=False):
        return True
    match = _PHOTO_CAPTION_RE.search(stripped)
    if match is None or word_count(stripped) > MAX_HEADLINE_WORDS * 2:
        return False
    return not (match["name"] and masthead(match["name"])[0])


#: A photo credit and nothing else: "ⓒ유성호2023.03.13", "Photo: Kim Min-su 2023.03.13".
_PHOTO_CREDIT_RE = re.compile(
    r"^(?:[ⓒ©Ⓒ]|(?:Photo|Image|Picture)s?(?:\s+by)?\s*:|사진\s*[:=])\s*(?:[^.,:]|(?<=\d)\.(?=\d)|\.$){2,40}$",
    re.IGNORECASE,
)


def is_dated_photo_credit(line: str) -> bool:
    stripped = line.strip()
    return _PHOTO_CREDIT_RE.match(stripped) is not None and find_date(stripped) is not None


def find_headline(
    lines: Sequence[str],
    header: list[int],
    heads: dict[int, str | None],
    stamps: set[int],
    taglines: set[int],
) -> int | None:
    """The first header line shaped like a headline, read past mastheads and their taglines, menus, sections,
    kickers, bylines and timestamps; a line of reporting before it means the page shows none."""
    fallback = None
    for position, index in enumerate(header):
        line = lines[index]
        if index in heads or index in taglines or index in stamps or _is_furniture(line):
            continue
        if _in_list(lines, header, position):
            continue
        following = header[position + 1] if position + 1 < len(header) else None
        if not _shaped_like_headline(line):
            if word_count(line) <= 2:
                continue
            break
        # Two-word lines ("Asia Pacific") and short lines in capitals over a headline ("JAPAN-SOUTH KOREA
        # RELATIONS") are sections and kickers; either is the headline only where nothing else is.
        if (
            word_count(line) < _FULL_HEADLINE_WORDS
            or _is_kicker(line)
            or _SECTION_PAIR_RE.match(line)
            or _introduces_quote(line, lines[following] if following is not None else None)
        ):
            fallback = index if fallback is None else fallback
            continue
        return index
    return fallback


def _in_list(lines: Sequence[str], header: list[int], position: int) -> bool:
    """A list item beside another: a related-stories list ("- …" twice), where a lone "- HEADLINE" is KBS's."""
    if not _LIST_ITEM_RE.match(lines[header[position]]):
        return False
    neighbours = [header[i] for i in (position - 1, position + 1) if 0 <= i < len(header)]
    return any(_LIST_ITEM_RE.match(lines[i]) for i in neighbours)


def _introduces_quote(line: str, following: str | None) -> bool:
    """A series kicker ("흔들리는 외교안보 : 韓日관계") above a headline set wholly in quotes."""
    return (
        following is not None
        and _QUOTED_RE.match(line.strip()) is None
        and _QUOTED_RE.match(following.strip()) is not None
        and _shaped_like_headline(following)
    )


def _is_furniture(line: str) -> bool:
    """Page furniture and credits that sit among the header's lines: never a headline, never its end."""
    stripped = line.strip()
    return (
        _FURNITURE_RE.match(stripped) is not None
        or _LINK_LABEL_RE.search(stripped) is not None
        or _TWO_PART_PATH_RE.match(stripped) is not None
        or is_photo_caption(stripped)
        or byline_credit(stripped) is not None
        or source_credit(stripped) is not None
        or is_copyright_line(stripped)
        or is_calendar_line(stripped)
        or dateline(stripped) is not None
    )


def _shaped_like_headline(line: str) -> bool:
    return 2 <= word_count(line) <= MAX_HEADLINE_WORDS and ends_like_headline(line)


def ends_like_headline(line: str) -> bool:
    return not line.endswith((".", ",", ";", ":", "。")) or line.endswith(("...", "…"))


def _is_kicker(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return word_count(line) <= MAX_KICKER_WORDS and bool(letters) and all(char.isupper() for char in letters)
