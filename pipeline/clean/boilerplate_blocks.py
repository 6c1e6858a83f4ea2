"""Blocks of a scraped page the article span must keep whole: tables and lists whose lines share a shape.

The span model (`pipeline.clean.boilerplate_model`) scores lines by how much they read like prose, so the body of a
page that is a table (a standings table: a name and five numbers per row) or a product list (each item closed
by "$139.00" / "Available from Amazon" / "Buy Now") looks like chrome, and the span stops at the prose next to
it. A structured run is found by its shape, not its wording:

- a *template*: short lines whose text, numbers masked, recurs three times or more at most `_MAX_ROW_GAP` lines
  apart (the cells of a table, the fixed lines of a list item), mostly not prose;
- a *marker run*: three lines or more opening with the same marker ("Q:" / "A:", "1)", "–", "“", a link's
  host) at most `_MARKER_GAP` lines apart.

`widen_span` then takes into the span a run the span ends (or starts) inside, and a run next to the span with
prose beyond it (the table sits between two parts of the article). Teaser lists and menus next to an article
rarely have prose on their far side, so they stay out.

`take_cut_off_end` keeps the last line of a page cut off mid-sentence right after the article. Also here:
`comment_thread`, the block rule for a comments header and the thread below it.
"""

import re
import statistics
from collections.abc import Sequence

from pipeline.clean.chrome import SENTENCE_END, ChromeRule, is_body_like, line_key, word_count
from pipeline.clean.line_features import function_density, is_widget_line

#: A template row is at most this many lines long (a product card of 13 lines, a table row of 7 cells).
_MAX_ROW_GAP = 16
_MIN_ROWS = 3
_CELL_WORDS = 8
#: A template run is a table or a list, not a comment thread: at most this share of its lines is prose.
_MAX_PROSE_SHARE = 0.2
#: How far from the span a template run may start (a table's title and header cells), and how far beyond it
#: the article's prose must resume.
_REACH = 12
_MARKER_GAP = 3
_COMMENTS_RE = re.compile(
    r"^(?:\d+\s+comments?|comments?(?:\s*\(\d+\))?|(?:log|sign)\s*in\s+to\s+(?:comment|reply)"
    r"|login\s+to\s+comment|leave\s+a\s+(?:comment|reply)|add\s+a\s+comment|post\s+a\s+comment"
    r"|join\s+the\s+(?:conversation|discussion)|show\s+comments|view\s+comments|reader\s+comments"
    r"|\d+\s+(?:responses?|replies|thoughts)\b.{0,80}"
    r"|댓글(?:\s*\d+\s*개?)?|댓글\s?쓰기|댓글\s?아이콘\s?댓글|독자\s?의견|(?:회원\s?)?의견\s?\d+\s?개가?\s?있습니다|コメント(?:\s*\d+\s*件?)?)\W*$",
    re.IGNORECASE,
)
#: A comment's signature: a date, a time or an age ("Milan on September 12, 2018 at 4:47 pm said:", "3 days ago").
_STAMP_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{1,2}:\d{2}\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|\d{4}[-./]\d{1,2}[-./]\d{1,2}",
    re.IGNORECASE,
)
_STAMP_WORDS = 20
_THREAD_LINES = 40
_NUMBER_RE = re.compile(r"\d+")
_MARKER_RE = re.compile(
    r"^\s*(?:[-–—•·*▪●◦>»“\"«]|\d{1,3}[.)]|[A-Za-z]\s?[:.)]|https?://[^/\s]+|\[\d+\]|#\d+)"
)


def template_runs(lines: Sequence[str]) -> list[tuple[int, int, int]]:
    """The template runs of a page: (first, last, row length) of each, in order.

    >>> template_runs(["Standings", "1", "Kyle Busch", "5040", "2", "Martin Truex", "5035", "3", "Kevin Harvick",
    ...                "5033", "The season ended in Homestead."])
    [(1, 9, 2)]
    """
    found: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if word_count(line) <= _CELL_WORDS:
            found.setdefault(_NUMBER_RE.sub("0", line_key(line)), []).append(index)
    runs = []
    for places in found.values():
        chain = places[:1]
        for place in [*places[1:], None]:
            if place is not None and place - chain[-1] <= _MAX_ROW_GAP:
                chain.append(place)
                continue
            if len(chain) >= _MIN_ROWS:
                gaps = [b - a for a, b in zip(chain, chain[1:], strict=False)]
                runs.append((chain[0], chain[-1], int(statistics.median(gaps))))
            if place is not None:
                chain = [place]
    merged: list[tuple[int, int, int]] = []
    for first, last, row in sorted(runs):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last), max(merged[-1][2], row))
        else:
            merged.append((first, last, row))
    return [
        (first, last, row)
        for first, last, row in merged
        if sum(is_body_like(line) for line in lines[first : last + 1])
        <= _MAX_PROSE_SHARE * (last - first + 1)
    ]


def _marker(line: str) -> str:
    found = _MARKER_RE.match(line)
    return _NUMBER_RE.sub("0", found.group(0).strip().casefold()) if found else ""


def marker_runs(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The marker runs of a page: (first, last) of each, in order.

    >>> marker_runs(["Q: Where did you grow up?", "A: In St. Croix.", "Q: Favorite book?", "A: Two.", "Thanks!"])
    [(0, 3)]
    """
    markers = [_marker(line) for line in lines]
    count = len(lines)
    paired = [
        bool(marker)
        and any(
            0 <= i + d < count and markers[i + d] == marker for d in range(-_MARKER_GAP, _MARKER_GAP + 1) if d
        )
        for i, marker in enumerate(markers)
    ]
    runs = []
    index = 0
    while index < count:
        if not paired[index]:
            index += 1
            continue
        last = index
        while following := [i for i in range(last + 1, min(count, last + 1 + _MARKER_GAP)) if paired[i]]:
            last = following[0]
        if sum(paired[index : last + 1]) >= _MIN_ROWS:
            runs.append((index, last))
        index = last + 1
    return runs


def widen_span(lines: Sequence[str], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The article's span over ``lines`` with the structured runs it cuts or borders taken in whole.

    A run the span ends or starts inside is the article's table or list: the span takes all of it. A template
    run starting within `_REACH` lines past the span's end (or ending before its start) is taken, with the
    prose beyond it, when that prose resumes within `_REACH` lines.

    >>> widen_span(["Nesta página a classificação da NASCAR até a última corrida!", "1", "Kyle Busch", "5040",
    ...             "2", "Martin Truex", "5035", "3", "Kevin Harvick", "5033",
    ...             "O calendário da Cup é composto por 36 corridas neste ano.", "Política de Privacidade"], (10, 10))
    (0, 10)
    """
    if span is None:
        return None
    first, last = span
    prose = [is_body_like(line) for line in lines]
    runs = template_runs(lines) + [(a, b, 1) for a, b in marker_runs(lines)]
    for _ in range(len(runs) + 1):
        before = (first, last)
        for a, b, row in runs:
            if first <= a <= last < b:
                last = b
            if a < first <= b <= last:
                first = a
            reach = max(_REACH, row + 2)
            if last < a <= last + reach and (resumes := _prose_from(prose, b + 1, reach, step=1)) is not None:
                last = resumes
            if (
                first - reach <= b < first
                and (resumes := _prose_from(prose, a - 1, reach, step=-1)) is not None
            ):
                first = resumes
        if (first, last) == before:
            break
    return first, last


def _sentence(line: str) -> bool:
    """Prose, or a short sentence ("이어 오후 두 시쯤 외교부 청사에 도착했습니다."), and no widget."""
    text = line.rstrip()
    return not is_widget_line(text) and (
        is_body_like(text) or (word_count(text) >= _SHORT_SENTENCE_WORDS and text.endswith(SENTENCE_END))
    )


_SHORT_SENTENCE_WORDS = 3
#: A line cut off mid-sentence still reads as prose: this many words and this share of function words.
_CUT_OFF_WORDS = 8
_CUT_OFF_WORDS_CJK = 2
_CJK_RE = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff]")
_CUT_OFF_DENSITY = 0.25


def take_cut_off_end(lines: Sequence[str], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span with the end of a truncated page in it: when every line after the span is prose and the page's
    last line is a paragraph cut off mid-sentence (prose without its full stop, no widget words), they join the
    span. Nothing follows them, so they cannot be the first lines of the chrome below the article.

    >>> take_cut_off_end(["Home", "The minister said the talks would resume.", "Officials said that the two sides had"
    ...                   " agreed to meet again in the spring in"], (1, 1))
    (1, 2)
    >>> take_cut_off_end(["속보", "두 장관은 회담에서 셔틀외교를 정례화하고 협력을 넓히기로 의견을 모았습니다.",
    ...                   "이어 오후 두 시쯤 외교부 청사에 도착했습니다.",
    ...                   "한국 장관이 청사 앞에서 일본 장관을 직접 맞이했는데요.", "환영 행사에 이어"], (1, 1))
    (1, 4)
    """
    if span is None or span[1] >= len(lines) - 1:
        return span
    between = lines[span[1] + 1 : -1]
    if not all(_sentence(line) for line in between):
        return span
    last = " ".join(lines[-1].split())
    # Korean and Japanese pack a clause into few words: a two-word fragment with a particle is a cut-off clause.
    words = _CUT_OFF_WORDS_CJK if _CJK_RE.search(last) else _CUT_OFF_WORDS
    if (
        word_count(last) >= words
        and function_density(last) >= _CUT_OFF_DENSITY
        and not is_body_like(last)
        and not is_widget_line(last)
    ):
        return span[0], len(lines) - 1
    return span


def _prose_from(prose: Sequence[bool], start: int, reach: int, *, step: int) -> int | None:
    """The far end of the run of prose (body-like lines at most three apart) that begins within ``reach``
    lines of ``start`` going ``step`` (1: down, -1: up); None when no prose is that close."""
    count = len(prose)
    near = [i for i in range(start, start + step * reach, step) if 0 <= i < count and prose[i]]
    if not near:
        return None
    end = near[0]
    while further := [i for i in range(end + step, end + 4 * step, step) if 0 <= i < count and prose[i]]:
        end = further[-1]
    return end


def comment_thread(
    lines: Sequence[str], kept: list[int], p: dict[int, float], first: int
) -> dict[int, tuple[ChromeRule, float]]:
    """A comments header below the article's start takes every line after it (`ChromeRule.COMMENTS`).

    The article has started at its first paragraph the model keeps (p(chrome) < 0.5), or once most of the
    page's prose is above: reader comments are prose too, so the share alone misses long threads under short
    stories. Below a paragraph of the span (which starts at line ``first``), a header followed by two signed
    comments (short lines with a date, a time or an age) starts a thread too; a "Comments" tool link above the
    article has no signatures below it.
    """
    prose = [word_count(lines[i]) if is_body_like(lines[i]) else 0 for i in kept]
    total = sum(prose) or 1
    seen = 0
    started = in_span = False
    for position, index in enumerate(kept):
        if _COMMENTS_RE.match(" ".join(lines[index].split())) and (
            started or seen / total >= 0.5 or (in_span and _signed(lines, kept[position + 1 :]))
        ):
            return {i: (ChromeRule.COMMENTS, p[i]) for i in kept[position:]}
        seen += prose[position]
        started = started or (prose[position] > 0 and p[index] < 0.5)
        in_span = in_span or (prose[position] > 0 and index >= first)
    return {}


def _signed(lines: Sequence[str], below: Sequence[int]) -> bool:
    """Two comment signatures among the first `_THREAD_LINES` lines ``below``."""
    stamps = (
        1
        for i in below[:_THREAD_LINES]
        if word_count(lines[i]) <= _STAMP_WORDS and _STAMP_RE.search(lines[i])
    )
    return sum(stamps) >= 2
