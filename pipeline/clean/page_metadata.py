"""Metadata read off a page as a reader does: the headline, byline, dateline, publication date and outlet that
a scraped page's header (above the lead), lead and footer (below the last paragraph) state.

The header is where a site prints its masthead, menus, section names, the headline, the byline and the
timestamp; none of those but the headline is the headline (`pipeline.clean.headline` tells them apart). Evidence of the outlet is read only from the
header, the footer, the lines removed as chrome and the lead's credit, never from the body: a report that
quotes Yonhap is not a Yonhap article. Mastheads, timestamp lines and copyright lines found here are removed as
chrome (each an edit), after the metadata they state has been read.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.clean.block_kinds import is_caption
from pipeline.clean.chrome import ChromeRule, is_body_like, line_key, word_count
from pipeline.clean.cjk_credits import lead_credit, signin_credit
from pipeline.clean.headline import (
    MAX_HEADLINE_WORDS,
    MAX_KICKER_WORDS,
    ends_like_headline,
    find_headline,
    is_dated_photo_credit,
    is_photo_caption,
)
from pipeline.clean.metadata import byline_credit, credit_place, dateline, dateline_agency, detect_outlet
from pipeline.ingest.byline_names import byline_names
from pipeline.reference.outlets import (
    copyright_outlet,
    is_copyright_line,
    is_name_phrase,
    is_tagline,
    masthead,
    source_credit,
    support_outlet,
)
from pipeline.text.dates import (
    Publication,
    date_line_rest,
    date_mentions,
    publication,
    scraper_date_prefix,
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
    #: The names the first credit gives, joined by "; " (`pipeline.ingest.byline_names`).
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

    headline = given if given is not None else find_headline(lines, header, heads, stamps, taglines)
    if headline is None:
        headline = _headline_below(lines, footer, heads, stamps, taglines)
    chrome = _page_chrome(lines, header, footer, heads, stamps, headline)
    # A photographer's dated credit looks like a timestamp to other rules; it goes as a caption credit (a caption
    # describing the photo stays, a caption paragraph).
    chrome |= {i: ChromeRule.CAPTION for i in captions if i != headline and is_dated_photo_credit(lines[i])}
    chrome |= {index: ChromeRule.MASTHEAD for index in taglines if headline is None or index < headline}
    # A scraper's date glued to a first line that is no timestamp itself ("date 2025-08-16 外務省は16日…").
    prefix = scraper_date_prefix(lines[0]) if lines and 0 in kept and 0 not in stamps else ""
    glued = _glued_stamp(lines[0]) if lines and 0 in kept and 0 not in stamps and not prefix else ""
    published = _published(lines, flagged, stamps, lead, last, prefix=prefix, glued=glued)
    bracket = _lead_bracket(lines, header, lead)
    opening = _opening(lines, kept, captions, lead)
    return PageMetadata(
        headline=headline,
        byline=byline_names(_byline(lines, kept, header, headline, lead, stamps, bracket)),
        dateline=_dateline(lines, header, footer, opening, bracket),
        published=published.date,
        published_time=published.time,
        published_utc_offset=published.utc_offset,
        outlet=_outlet(lines, flagged, header, footer, heads, opening, bracket),
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


def _headline_below(
    lines: Sequence[str],
    footer: list[int],
    heads: dict[int, str | None],
    stamps: set[int],
    taglines: set[int],
) -> int | None:
    """A page with no headline above its lead may print its title block below the body, as some scrapers keep
    it: the headline is the footer line shaped like one right above a timestamp ("입력 2025.01.24 21:03")."""
    for position, index in enumerate(footer[:-1]):
        if footer[position + 1] in stamps and find_headline(lines, [index], heads, stamps, taglines) == index:
            return index
    return None


#: How far into a first line a title's glued timestamp may start ("見出し 2025年8月16日 10:09 本文…").
_GLUED_STAMP_REACH = 80


def _glued_stamp(line: str) -> str:
    """The timestamp a scraper glued between the title and the body of a page set on one line, as a stamp
    ("2025-08-16 10:09"); "". Only a date with its clock time, after a space and text with no clause, is one."""
    mentions = date_mentions(line[: _GLUED_STAMP_REACH + 40])
    first = mentions[0] if mentions else None
    if first is None or first.time is None or first.is_update or first.start > _GLUED_STAMP_REACH:
        return ""
    title = line[: first.start]
    # a headline set apart by a space, with no clause in it: a date inside a sentence follows "、" or "on"
    if word_count(title) < 2 or not title[-1:].isspace() or re.search(r"[.!?。！？、,，]", title) is not None:
        return ""
    if (last := title.split()[-1]).isascii() and last.islower():  # "… took place on May 7, 2023 10:00"
        return ""
    return f"{first.date.isoformat()} {first.time:%H:%M}"


def _line_of(lines: Sequence[str], title: str) -> int | None:
    key = line_key(title)
    return next((index for index, line in enumerate(lines) if line_key(line) == key), None)


def _lead(lines: Sequence[str], kept: list[int], stamps: set[int]) -> int | None:
    """The first body paragraph: reads like reporting, is no photo caption, and is not a dek, which a byline
    or timestamp still follows."""
    first = None
    for position, index in enumerate(kept):
        # A lead opening with its credit bracket is the lead even where the page is cut mid-sentence.
        if index in stamps or not (_is_paragraph(lines[index]) or _opens_with_credit(lines[index])):
            continue
        if (
            position == 0
            and ends_like_headline(lines[index])
            and word_count(lines[index]) <= MAX_HEADLINE_WORDS
        ):
            continue  # a question or exclamation opening the page is its headline ("Will Seoul and Tokyo …?")
        first = index if first is None else first
        following = kept[position + 1] if position + 1 < len(kept) else None
        if following is None or not (following in stamps or byline_credit(lines[following]) is not None):
            return index
    return first


#: A sentence's stop; a line without one anywhere is a run of links or labels ("… 바로가기 … (제5회)"), not reporting.
_STOP_RE = re.compile(r"[.!?。！？]")


def _is_paragraph(line: str) -> bool:
    """Reporting, not a caption: a sentence of eight words or more, Korean and Japanese full stops included."""
    stripped = line.rstrip()
    reads = is_body_like(stripped) or (word_count(stripped) >= 8 and stripped.endswith(("。", "」", "）")))
    return reads and _STOP_RE.search(stripped) is not None and not is_caption(stripped, seen_body=False)


def _opens_with_credit(line: str) -> bool:
    """A paragraph opening with a wire's credit bracket ("【ソウル共同】韓国外務省は…")."""
    return word_count(line) >= 8 and any(lead_credit(line)[:2])


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
    shaped = word_count(first) <= MAX_KICKER_WORDS and ends_like_headline(first) and is_name_phrase(first)
    return [header[0]] if shaped and is_tagline(tagline) else []


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


def _opening(lines: Sequence[str], kept: list[int], captions: set[int], lead: int | None) -> list[int]:
    """The lead and the paragraph after it: a video's or photo's caption read as the lead may sit above the real
    lead ("US applauds … 'comfort women'." over "TOKYO (AFP) - …"), whose dateline then opens the second."""
    if lead is None:
        return []
    after = (i for i in kept if i > lead and i not in captions and _is_paragraph(lines[i]))
    return [lead, *[i for i in [next(after, None)] if i is not None]]


def _dateline(
    lines: Sequence[str],
    header: list[int],
    footer: list[int],
    opening: list[int],
    bracket: str,
):
    """The opening's dateline (or its bracket's above it); else the place a credit line gives ("도쿄=박민서 특파원")."""
    for index in opening:
        if (place := dateline(lines[index])) is not None:
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
    glued: str = "",
) -> Publication:
    """A scraper's prefix, then timestamps above the lead, below the last paragraph, and removed elsewhere; a
    timestamp glued inside the first line last."""
    timestamps = {i for i, rule in flagged.items() if rule is ChromeRule.TIMESTAMP} | stamps
    above = sorted(i for i in timestamps if lead is None or i < lead)
    below = sorted(i for i in timestamps if last is not None and i > last and i not in above)
    elsewhere = sorted(i for i in timestamps - {*above, *below} if i not in stamps)
    return publication(
        [prefix] * bool(prefix) + [lines[i] for i in (*above, *below, *elsewhere)] + [glued] * bool(glued)
    )


def _outlet(
    lines: Sequence[str],
    flagged: dict[int, ChromeRule],
    header: list[int],
    footer: list[int],
    heads: dict[int, str | None],
    opening: list[int],
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
    for index in opening:
        if (name := dateline_agency(lines[index]) or lead_credit(bracket or lines[index])[0]) is not None:
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
