"""Metadata read off a page as a reader does: the headline, byline, dateline, publication date and outlet that
a scraped page's header (above the lead), lead and footer (below the last paragraph) state.

The header is where a site prints its masthead, menus, section names, the headline, the byline and the
timestamp; none of those but the headline is the headline. Evidence of the outlet is read only from the
header, the footer, the lines removed as chrome and the lead's credit, never from the body: a report that
quotes Yonhap is not a Yonhap article. Mastheads, timestamp lines and copyright lines found here are removed as
chrome (each an edit), after the metadata they state has been read.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.block_kinds import is_caption
from pipeline.byline_names import byline_names
from pipeline.chrome import ChromeRule, is_body_like, line_key, word_count
from pipeline.cjk_credits import lead_credit, signin_credit
from pipeline.metadata import byline_credit, credit_place, dateline, dateline_agency, detect_outlet
from pipeline.metadata_dates import (
    Publication,
    date_line_rest,
    find_date,
    is_calendar_line,
    publication,
    scraper_date_prefix,
)
from pipeline.outlets import (
    copyright_outlet,
    is_copyright_line,
    is_name_phrase,
    is_tagline,
    masthead,
    source_credit,
    support_outlet,
)

_MAX_HEADLINE_WORDS = 25
#: A headline has at least this many words when the header offers one; two-word lines are menus and sections.
_FULL_HEADLINE_WORDS = 3
#: Page furniture a headline is never: menus, log-ins, paywall tags, comment counts, in three languages.
_FURNITURE_RE = re.compile(
    r"^(?:menu(?: content)?|main menu|all menu|log ?in|sign ?in|sign up|subscribe|search|home|share|print"
    r"|\d+\s+comments?|comments?|photo|video|magazine|logo"
    r"|(?:(?:본문|메뉴|주\s*메뉴|전체\s*메뉴|검색|하단\s*메뉴)\s*바로\s*가기\s*)+|전체\s*메뉴|메뉴|로그인|회원가입|구독|검색"
    r"|홈|공유|인쇄|기사\s*원문|구독하기|(?:뉴스\s*)?(?:사진|포토|영상|동영상)(?:\s*뉴스)?"
    r"|メニュー|ログイン|会員登録|検索|ホーム|有料記事|会員限定記事|速報|印刷|シェア|トップ)$",
    re.IGNORECASE,
)
#: A two-part breadcrumb ("JAPAN / POLITICS", "National > Diplomacy"); three parts are `chrome.section_path`.
_TWO_PART_PATH_RE = re.compile(r"^[^|/>»›]{1,25}\s(?:\||/|>|»|›)\s[^|/>»›]{1,25}$")
_MAX_KICKER_WORDS = 5
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
#: How far under the headline a bare name ("Hannah Cho", "浅井ひろし") still reads as its byline.
_BARE_NAME_REACH = 2
#: The longest line read for evidence of the outlet (the longest real notice seen is under 200 characters).
_MAX_EVIDENCE_CHARS = 500
#: A footer copyright line longer than this is a sentence about copyright, not a notice.
_MAX_NOTICE_WORDS = 40


@dataclass(frozen=True)
class PageMetadata:
    headline: int | None
    #: The names the first credit gives, joined by "; " (`pipeline.byline_names`).
    byline: str | None
    dateline: str | None
    published: datetime.date | None
    #: The clock time stated with that date (the page's own clock) and its zone in minutes east of UTC.
    published_time: datetime.time | None
    published_utc_offset: int | None
    outlet: str | None
    #: Lines to remove as chrome once read: mastheads, timestamp lines, footer copyright notices.
    chrome: dict[int, ChromeRule]
    #: A scraper's "date YYYY-MM-DD " glued before the first line, read here; the cleaner removes it as an edit.
    first_line_prefix: str = ""


def read_page(
    lines: Sequence[str], flagged: dict[int, ChromeRule], *, title: str | None = None
) -> PageMetadata:
    """Read a page's metadata from its lines (one paragraph each) and the chrome already found.

    ``title`` (from structured data) names the headline line when the page has it; it is then kept even where
    a chrome rule flagged it.
    """
    given = _line_of(lines, title) if title else None
    if given is not None:
        flagged.pop(given, None)
    kept = [index for index in range(len(lines)) if index not in flagged]
    captions = {index for index in kept if is_photo_caption(lines[index])}
    # A photo's caption dates the photo, never the page.
    stamps = {index for index in kept if index not in captions and date_line_rest(lines[index]) is not None}
    lead = _lead(lines, kept, stamps)
    last = next((i for i in reversed(kept) if i not in stamps and _is_paragraph(lines[i])), None)
    header = [index for index in kept if lead is None or index < lead]
    footer = [index for index in kept if last is not None and index > last and index != lead]
    heads = {index: masthead(lines[index]) for index in (*header, *footer)}
    heads = {index: name for index, (is_head, name) in heads.items() if is_head}
    taglines = _taglines(lines, header, heads)
    heads |= dict.fromkeys(_unknown_masthead(lines, header, heads, taglines))

    headline = given if given is not None else _headline(lines, header, heads, stamps, taglines)
    chrome = _page_chrome(lines, header, footer, heads, stamps, headline)
    # A photographer's dated credit looks like a timestamp to other rules; it goes as a caption credit (a caption
    # describing the photo stays, a caption paragraph).
    chrome |= {i: ChromeRule.CAPTION for i in captions if i != headline and _is_dated_photo_credit(lines[i])}
    chrome |= {index: ChromeRule.MASTHEAD for index in taglines if headline is None or index < headline}
    # A scraper's date glued to a first line that is no timestamp itself ("date 2025-08-16 外務省は16日…").
    prefix = scraper_date_prefix(lines[0]) if lines and 0 in kept and 0 not in stamps else ""
    published = _published(lines, flagged, stamps, lead, last, prefix=prefix)
    bracket = _lead_bracket(lines, header, lead)
    return PageMetadata(
        headline=headline,
        byline=byline_names(_byline(lines, kept, header, headline, lead, stamps, bracket)),
        dateline=_dateline(lines, kept, header, footer, lead, bracket),
        published=published.date,
        published_time=published.time,
        published_utc_offset=published.utc_offset,
        outlet=_outlet(lines, flagged, header, footer, heads, lead, bracket),
        chrome=chrome,
        first_line_prefix=prefix,
    )


#: A lead's credit bracket on a line of its own, right above the lead: "【ソウル共同】", "【ソウル＝中村健】".
_BRACKET_LINE_RE = re.compile(r"^\s*[【\[［(（][^】\]］)）]{2,24}[】\]］)）]\s*$")


def _lead_bracket(lines: Sequence[str], header: list[int], lead: int | None) -> str:
    """The credit bracket a page set on its own line above the lead, read as the lead's opening; else ""."""
    if lead is None or not header or header[-1] != lead - 1 or not _BRACKET_LINE_RE.match(lines[lead - 1]):
        return ""
    return lines[lead - 1].strip()


def _line_of(lines: Sequence[str], title: str) -> int | None:
    key = line_key(title)
    return next((index for index, line in enumerate(lines) if line_key(line) == key), None)


def _lead(lines: Sequence[str], kept: list[int], stamps: set[int]) -> int | None:
    """The first body paragraph: reads like reporting, is no photo caption, and is not a dek, which a byline
    or timestamp still follows."""
    first = None
    for position, index in enumerate(kept):
        if index in stamps or not _is_paragraph(lines[index]):
            continue
        if (
            position == 0
            and _ends_like_headline(lines[index])
            and word_count(lines[index]) <= _MAX_HEADLINE_WORDS
        ):
            continue  # a question or exclamation opening the page is its headline ("Will Seoul and Tokyo …?")
        first = index if first is None else first
        following = kept[position + 1] if position + 1 < len(kept) else None
        if following is None or not (following in stamps or byline_credit(lines[following]) is not None):
            return index
    return first


def is_photo_caption(line: str) -> bool:
    """A photo's caption or credit: "(pool picture)"-style notes, "… Photo: AFP", "…＝鈴木拓也撮影", "ⓒ유성호".

    >>> is_photo_caption("式典の参加者たち＝ソウルで2019年3月1日、鈴木拓也撮影"), is_photo_caption("ⓒ 연합뉴스")
    (True, False)
    """
    stripped = line.strip()
    if is_caption(stripped, seen_body=False):
        return True
    match = _PHOTO_CAPTION_RE.search(stripped)
    if match is None or word_count(stripped) > _MAX_HEADLINE_WORDS * 2:
        return False
    return not (match["name"] and masthead(match["name"])[0])


#: A photo credit and nothing else: "ⓒ유성호2023.03.13", "Photo: Kim Min-su 2023.03.13".
_PHOTO_CREDIT_RE = re.compile(
    r"^(?:[ⓒ©Ⓒ]|(?:Photo|Image|Picture)s?(?:\s+by)?\s*:|사진\s*[:=])\s*(?:[^.,:]|(?<=\d)\.(?=\d)|\.$){2,40}$",
    re.IGNORECASE,
)


def _is_dated_photo_credit(line: str) -> bool:
    stripped = line.strip()
    return _PHOTO_CREDIT_RE.match(stripped) is not None and find_date(stripped) is not None


def _is_paragraph(line: str) -> bool:
    """Reporting, not a caption: a sentence of eight words or more, Korean and Japanese full stops included."""
    stripped = line.rstrip()
    reads = is_body_like(stripped) or (word_count(stripped) >= 8 and stripped.endswith(("。", "」", "）")))
    return reads and not is_caption(stripped, seen_body=False)


def _taglines(lines: Sequence[str], header: list[int], heads: dict[int, str | None]) -> set[int]:
    """Header lines that are a masthead's tagline ("Japan's National Daily Since 1922"; "Korea's Global Voice"
    only beside the masthead or another tagline), read from the page's top."""
    found: set[int] = set()
    for position, index in enumerate(header):
        neighbours = header[max(position - 1, 0) : position + 2]
        beside = any(other != index and (other in heads or other in found) for other in neighbours)
        if is_tagline(lines[index], beside_masthead=beside):
            found.add(index)
    return found


def _unknown_masthead(
    lines: Sequence[str], header: list[int], heads: dict[int, str | None], taglines: set[int]
) -> list[int]:
    """The page's first line when a paper no list knows prints its name there, right above a tagline that needs
    no masthead to be one ("The Daily Planet" over "Est. 1938"); its outlet stays unnamed, never guessed."""
    if len(header) < 2 or header[0] in heads or header[0] in taglines or header[1] not in taglines:
        return []
    first, tagline = lines[header[0]], lines[header[1]]
    shaped = word_count(first) <= _MAX_KICKER_WORDS and _ends_like_headline(first) and is_name_phrase(first)
    return [header[0]] if shaped and is_tagline(tagline) else []


def _headline(
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
        or _TWO_PART_PATH_RE.match(stripped) is not None
        or is_photo_caption(stripped)
        or byline_credit(stripped) is not None
        or source_credit(stripped) is not None
        or is_copyright_line(stripped)
        or is_calendar_line(stripped)
        or dateline(stripped) is not None
    )


def _shaped_like_headline(line: str) -> bool:
    return 2 <= word_count(line) <= _MAX_HEADLINE_WORDS and _ends_like_headline(line)


def _ends_like_headline(line: str) -> bool:
    return not line.endswith((".", ",", ";", ":", "。")) or line.endswith(("...", "…"))


def _is_kicker(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return word_count(line) <= _MAX_KICKER_WORDS and bool(letters) and all(char.isupper() for char in letters)


def _byline(
    lines: Sequence[str],
    kept: list[int],
    header: list[int],
    headline: int | None,
    lead: int | None,
    stamps: set[int],
    bracket: str = "",
) -> str | None:
    """The first credit in reading order: under the headline, in the lead's bracket, then below."""
    after_headline = [index for index in header if headline is None or index > headline]
    first_stamp = next((index for index in after_headline if index in stamps), None)
    for position, index in enumerate(after_headline):
        bare = position < _BARE_NAME_REACH and (first_stamp is None or index < first_stamp)
        if (
            credit := byline_credit(lines[index], bare_names=bare) or signin_credit(lines[index])
        ) is not None:
            return credit
    if lead is not None and (credit := lead_credit(bracket or lines[lead])[2]) is not None:
        return credit
    for index in kept:
        if lead is not None and index < lead:
            continue
        if (credit := byline_credit(lines[index]) or signin_credit(lines[index])) is not None:
            return credit
    return None


def _dateline(
    lines: Sequence[str],
    kept: list[int],
    header: list[int],
    footer: list[int],
    lead: int | None,
    bracket: str,
):
    """The lead's dateline (or its bracket's above it); else the place a credit line gives ("도쿄=박민서 특파원")."""
    if lead is not None and (place := dateline(lines[lead])) is not None:
        return place
    if bracket and (place := lead_credit(bracket)[1]) is not None:
        return place
    for index in (*header, *footer):
        if (place := credit_place(lines[index])) is not None:
            return place
    return None


def _published(
    lines: Sequence[str],
    flagged: dict[int, ChromeRule],
    stamps: set[int],
    lead: int | None,
    last: int | None,
    *,
    prefix: str,
) -> Publication:
    """A scraper's prefix, then timestamps above the lead, below the last paragraph, and removed elsewhere."""
    timestamps = {i for i, rule in flagged.items() if rule is ChromeRule.TIMESTAMP} | stamps
    above = sorted(i for i in timestamps if lead is None or i < lead)
    below = sorted(i for i in timestamps if last is not None and i > last and i not in above)
    elsewhere = sorted(i for i in timestamps - {*above, *below} if i not in stamps)
    return publication([prefix] * bool(prefix) + [lines[i] for i in (*above, *below, *elsewhere)])


def _outlet(
    lines: Sequence[str],
    flagged: dict[int, ChromeRule],
    header: list[int],
    footer: list[int],
    heads: dict[int, str | None],
    lead: int | None,
    bracket: str = "",
) -> str | None:
    """The page's own name (masthead, copyright line, site fingerprints) first, then the story's credit."""
    for index in header:
        if heads.get(index):
            return heads[index]
    removed = [
        i
        for i, rule in sorted(flagged.items())
        if rule not in (ChromeRule.PHOTO_CREDIT, ChromeRule.REPEATED_HEADLINE)
    ]
    # Mastheads, notices and credits are short; a long line at the page's edge is text, and not read here.
    edges = sorted(i for i in {*removed, *header, *footer} if len(lines[i]) <= _MAX_EVIDENCE_CHARS)
    for index in edges:
        if (name := copyright_outlet(lines[index])) is not None:
            return name
    for index in footer:
        if heads.get(index):
            return heads[index]
    if (name := detect_outlet(lines[index] for index in edges)) is not None:
        return name
    if lead is not None:
        if (name := dateline_agency(lines[lead]) or lead_credit(bracket or lines[lead])[0]) is not None:
            return name
    for index in edges:
        if (name := source_credit(lines[index])) is not None:
            return name
    # the weakest evidence: a prompt asking readers to back the site ("오마이뉴스를 응원해 주세요")
    for index in footer:
        if (name := support_outlet(lines[index])) is not None:
            return name
    return None


def _page_chrome(
    lines: Sequence[str],
    header: list[int],
    footer: list[int],
    heads: dict[int, str | None],
    stamps: set[int],
    headline: int | None,
) -> dict[int, ChromeRule]:
    """Mastheads, bare timestamp lines and footer copyright notices, to remove once read."""
    chrome: dict[int, ChromeRule] = {}
    for index in (*header, *footer):
        if index == headline:
            continue
        line = lines[index]
        if index in heads:
            chrome[index] = ChromeRule.MASTHEAD
        elif index in stamps and byline_credit(line) is None:
            chrome[index] = ChromeRule.TIMESTAMP
        elif index in footer and is_copyright_line(line) and word_count(line) <= _MAX_NOTICE_WORDS:
            chrome[index] = ChromeRule.COPYRIGHT
    return chrome
