"""Decoded scrape -> cleaned article: normalized text, chrome removed, paragraphs typed, metadata read.

The cleaned text is one paragraph per block, blocks separated by a blank line, so that later stages
(segmentation, de-duplication) see the same layout whatever the scraper produced. Each step returns the
edits it made, indexed into the text *it* received:

1. ``UNICODE``: no-break spaces -> spaces, invisible zero-width characters removed, NFC.
2. ``WHITESPACE``: line endings, trailing spaces, blank-line runs, leading/trailing blank lines; every line
   break becomes a paragraph break.
3. ``CHROME``: whole lines removed (`pipeline.clean.chrome`), each with its text in ``before``.

Cleaning its own output changes nothing, which keeps re-runs and re-ingests stable.
"""

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.clean.block_kinds import classify
from pipeline.clean.boilerplate_model import find_model_chrome
from pipeline.clean.chrome import ChromeRule, find_chrome, line_key, notices_at_edge, repeated_headline
from pipeline.clean.page_metadata import read_page
from pipeline.core.constants import CleanStep, ParagraphKind
from pipeline.core.edits import Edit

RULE_NO_BREAK_SPACE = "no_break_space"
RULE_ZERO_WIDTH = "zero_width"
RULE_NFC = "nfc"
RULE_LEADING_WHITESPACE = "leading_whitespace"
RULE_TRAILING_WHITESPACE = "trailing_whitespace"
RULE_LINE_ENDING = "line_ending"
RULE_PARAGRAPH_BREAK = "paragraph_break"
RULE_BLANK_LINES = "blank_lines"
RULE_SPACE_AROUND_BREAK = "space_around_line_break"
RULE_UNWRAP = "unwrap_hard_line_break"

PARAGRAPH_SEPARATOR = "\n\n"

_NO_BREAK = "\u00a0\u2007\u202f"
#: Invisible characters that only break words apart for search and de-duplication. ZWJ/ZWNJ are kept: they
#: shape Indic and Persian scripts and hold emoji sequences together.
_ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad"
_UNICODE_RE = re.compile(f"(?P<nbsp>[{_NO_BREAK}]+)|(?P<zw>[{_ZERO_WIDTH}]+)")
#: Words are NFC-normalized one at a time: composition never crosses whitespace, and only changed words
#: become edits. U+2000/U+2001 are the only spaces NFC rewrites.
_UNICODE_NFC_RE = re.compile(_UNICODE_RE.pattern + rf"|(?P<word>[^\s{_ZERO_WIDTH}]+|[\u2000\u2001])")
_WHITESPACE_RE = re.compile(r"(?P<lead>\A\s+)|(?P<tail>\s+\Z)|(?P<brk>[^\S\r\n]*(?:\r\n?|\n)\s*)")

# Wire copy and e-mailed text break lines at a fixed column (Reuters: ~65) and mark paragraphs by indenting.
_HARD_WRAP_MIN_LINES = 5
_HARD_WRAP_MAX_WIDTH = 80
_HARD_WRAP_BAND = 20  # a wrapped line ends within this many characters of the longest line
_HARD_WRAP_SHARE = 0.7
_HARD_WRAP_OPEN_SHARE = 0.5  # share of lines that end mid-sentence
_INDENT_FOR_PARAGRAPH = 1
#: Characters two columns wide (East Asian Width W and F): Hangul, kana, CJK ideographs, full-width forms.
_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


@dataclass(frozen=True)
class Block:
    kind: ParagraphKind
    char_start: int
    char_end: int


@dataclass(frozen=True)
class CleanedArticle:
    text: str
    blocks: tuple[Block, ...]
    title: str | None
    dek: str | None
    byline: str | None
    dateline: str | None
    published_date: datetime.date | None
    #: The clock time stated with the publication date (the page's own, never converted) and the zone stated
    #: with it, in minutes east of UTC; None where the page states none.
    published_time: datetime.time | None
    published_utc_offset: int | None
    outlet: str | None
    edits: tuple[Edit, ...]


def clean_text(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: datetime.date | None = None,
    byline: str | None = None,
    boilerplate: frozenset[str] | None = frozenset(),
    line_model: bool = True,
) -> CleanedArticle:
    """Clean one decoded article.

    ``title``, ``outlet`` and ``published`` come from structured sources (a JSON record, a feed) and win
    over what the text states; the text only fills what they leave None. A ``byline`` from structured data
    is the other way round: a byline the text states wins, because page metadata is often wrong about
    authors. ``boilerplate`` holds lines that
    recur across the corpus (`find_boilerplate_lines`), removed as chrome. ``line_model=False`` leaves out the
    learned line model (`pipeline.clean.boilerplate_model`): for text an HTML extractor already freed of its page.

    >>> article = clean_text("Go to contents\\r\\n\\r\\nLeaders meet\\r\\nThey talked.\\r\\n")
    >>> article.text, article.title
    ('Leaders meet\\n\\nThey talked.', 'Leaders meet')
    """
    text, unicode_edits = normalize_unicode(text)
    text, whitespace_edits = normalize_whitespace(text)
    lines = text.split(PARAGRAPH_SEPARATOR) if text else []

    flagged = find_chrome(lines, boilerplate=boilerplate)
    # Metadata is read before the mastheads, timestamps and notices that state it are removed as chrome.
    page = read_page(lines, flagged, title=title)
    flagged.update(page.chrome)
    headline = page.headline
    if headline is not None:
        copies = repeated_headline(lines, headline, flagged)
        flagged.update(dict.fromkeys(copies, ChromeRule.REPEATED_HEADLINE))
        if copies:  # a notice only a copy kept off the page's edge is at the edge now
            flagged.update(notices_at_edge(lines, flagged, keep={headline}))
    # The learned line model removes the chrome of scraped pages that no rule proves (pipeline.clean.boilerplate_model).
    learned = (
        find_model_chrome(
            lines,
            flagged,
            headline=headline,
            recurring={line_key(b) for b in boilerplate or ()},
            byline=page.byline,
        )
        if line_model
        else {}
    )
    if learned:
        flagged.update({index: rule for index, (rule, _) in learned.items()})
        flagged.update(notices_at_edge(lines, flagged, keep={headline}))
        # Without its chrome the page has new edges and neighbours: clean what is left until nothing more goes,
        # so that cleaning the output changes nothing.
        learned.update(_settle(lines, flagged, title=title, boilerplate=boilerplate))
    kept = [index for index in range(len(lines)) if index not in flagged]
    kinds = classify(lines, kept, flagged, headline)
    # A scraper's "date …" glued to the first line was read as the date; it goes as an edit, the line stays.
    shown, prefix = list(lines), page.first_line_prefix if 0 in kept else ""
    shown[:1] = [lines[0][len(prefix) :]] if lines else []
    prefix_edits = [Edit(CleanStep.CHROME, ChromeRule.TIMESTAMP, prefix, "", 0)] if prefix else []

    blocks: list[Block] = []
    offset = 0
    for index in kept:
        blocks.append(Block(kinds[index], offset, offset + len(shown[index])))
        offset += len(shown[index]) + len(PARAGRAPH_SEPARATOR)
    # A time goes only with the date it was stated with: a structured date the page does not state has none.
    timed = published is None or published == page.published
    return CleanedArticle(
        text=PARAGRAPH_SEPARATOR.join(shown[index] for index in kept),
        blocks=tuple(blocks),
        title=title or (shown[headline] if headline is not None else None),
        dek=next((lines[i] for i in kept if kinds[i] is ParagraphKind.DEK), None),
        byline=page.byline or byline,
        dateline=page.dateline,
        published_date=published or page.published,
        published_time=page.published_time if timed else None,
        published_utc_offset=page.published_utc_offset if timed else None,
        outlet=outlet or page.outlet,
        edits=(
            *unicode_edits,
            *whitespace_edits,
            *_removal_edits(lines, flagged, {i: p for i, (_, p) in learned.items()}),
            *prefix_edits,
        ),
    )


def normalize_unicode(text: str) -> tuple[str, list[Edit]]:
    """No-break spaces -> spaces, zero-width characters removed, NFC; curly quotes, dashes, accents kept.

    >>> normalize_unicode("Posted 10:01,\\u00a0\\u00a0 Seo\\u200bul")[0]
    'Posted 10:01,   Seoul'
    """
    edits: list[Edit] = []
    # Removing a zero-width character can bring a combining mark next to its base letter, so repeat until
    # stable (in practice once); later rounds index the previous round's output.
    for _ in range(3):
        text, round_edits = _unicode_round(text)
        edits.extend(round_edits)
        if not round_edits:
            break
    return text, edits


def _unicode_round(text: str) -> tuple[str, list[Edit]]:
    pattern = _UNICODE_RE if unicodedata.is_normalized("NFC", text) else _UNICODE_NFC_RE
    pieces: list[str] = []
    edits: list[Edit] = []
    position = 0
    for match in pattern.finditer(text):
        found = match.group()
        if match.lastgroup == "nbsp":
            new, rule = " " * len(found), RULE_NO_BREAK_SPACE
        elif match.lastgroup == "zw":
            new, rule = "", RULE_ZERO_WIDTH
        else:
            new, rule = unicodedata.normalize("NFC", found), RULE_NFC
            if new == found:
                continue
        edits.append(Edit(CleanStep.UNICODE, rule, found, new, match.start()))
        pieces += (text[position : match.start()], new)
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces), edits


def normalize_whitespace(text: str) -> tuple[str, list[Edit]]:
    """Every line break (with the spaces and blank lines around it) becomes one blank line; ends trimmed.

    >>> normalize_whitespace("  Headline \\r\\nBody.\\n\\n\\n\\nMore.\\n\\n")[0]
    'Headline\\n\\nBody.\\n\\nMore.'
    """
    pieces: list[str] = []
    edits: list[Edit] = []
    position = 0
    wrapped = is_hard_wrapped(text)
    for match in _WHITESPACE_RE.finditer(text):
        found = match.group()
        if wrapped and match.lastgroup == "brk" and _is_soft_break(found):
            new, rule = " ", RULE_UNWRAP
        elif match.lastgroup == "lead":
            new, rule = "", RULE_LEADING_WHITESPACE
        elif match.lastgroup == "tail":
            new, rule = "", RULE_TRAILING_WHITESPACE
        elif found == PARAGRAPH_SEPARATOR:
            continue
        else:
            new, rule = PARAGRAPH_SEPARATOR, _break_rule(found)
        edits.append(Edit(CleanStep.WHITESPACE, rule, found, new, match.start()))
        pieces += (text[position : match.start()], new)
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces), edits


def is_hard_wrapped(text: str) -> bool:
    """Whether ``text`` was broken at a fixed column, so its single line breaks are not paragraph breaks.

    Most lines of wrapped text run close to the longest line, none is long, and most end mid-sentence;
    news scraped from a page has one paragraph per line and fails all three.

    >>> is_hard_wrapped("Showers continued throughout the week in\\nthe Bahia cocoa zone, alleviating the drought\\n" * 4)
    True
    >>> is_hard_wrapped("Lee met Takaichi in Nara.\\nThey agreed to meet again.\\n" * 4)
    False
    """
    raw_lines = text.splitlines()
    lines = [line.rstrip() for line in raw_lines if line.strip()]
    if len(lines) < _HARD_WRAP_MIN_LINES:
        return False
    longest = max(map(_columns, lines))
    if longest > _HARD_WRAP_MAX_WIDTH:
        return False
    # Judge only the lines a wrapper could have broken: those followed directly by an unindented line. The
    # last line of a paragraph is short in wrapped text too.
    broken = [
        line.rstrip()
        for line, following in zip(raw_lines, raw_lines[1:], strict=False)
        if line.strip()
        and following.strip()
        and len(following) - len(following.lstrip()) < _INDENT_FOR_PARAGRAPH
    ]
    if len(broken) < 3:
        return False
    # The first line is often short in wire copy: the dateline was cut from its start.
    near_edge = 1 + sum(_columns(line) >= longest - _HARD_WRAP_BAND for line in broken[1:])
    open_ended = sum(not line.endswith((".", "!", "?", ":", '"', "”", "’")) for line in broken)
    return near_edge >= _HARD_WRAP_SHARE * len(broken) and open_ended >= _HARD_WRAP_OPEN_SHARE * len(broken)


def _columns(line: str) -> int:
    """A line's width as a wrapper counts it: Hangul, kana and kanji take two columns, so short Korean and
    Japanese lines (a page's header, one sentence a line) are not mistaken for text wrapped at a column."""
    return len(line) if line.isascii() else len(line) + len(_WIDE_RE.findall(line))


def _is_soft_break(found: str) -> bool:
    """One line break with no blank line and no paragraph indent after it: the wrapper's, not the writer's."""
    breaks = found.count("\n") + found.count("\r") - found.count("\r\n")
    indent = len(found) - len(found.rstrip(" \t"))
    return breaks == 1 and indent < _INDENT_FOR_PARAGRAPH


def _break_rule(found: str) -> str:
    breaks = found.count("\n") + found.count("\r") - found.count("\r\n")
    if breaks >= 3:
        return RULE_BLANK_LINES
    if breaks == 1:
        return RULE_PARAGRAPH_BREAK
    return RULE_LINE_ENDING if "\r" in found else RULE_SPACE_AROUND_BREAK


def _settle(
    lines: Sequence[str],
    flagged: dict[int, ChromeRule],
    *,
    title: str | None,
    boilerplate: frozenset[str] | None,
) -> dict[int, tuple[ChromeRule, float]]:
    """Clean the kept lines again until a round removes nothing; adds each removal to ``flagged`` and returns
    (index -> rule, confidence) for every line removed on the way."""
    found: dict[int, tuple[ChromeRule, float]] = {}
    while True:
        kept = [index for index in range(len(lines)) if index not in flagged]
        again = clean_text(
            PARAGRAPH_SEPARATOR.join(lines[i] for i in kept), title=title, boilerplate=boilerplate
        )
        removals = [edit for edit in again.edits if edit.step is CleanStep.CHROME]
        if not removals:
            return found
        # The output is the kept lines minus the removed ones, in order: pair them up to find which went.
        left = iter(again.text.split(PARAGRAPH_SEPARATOR) if again.text else [])
        wanted = next(left, None)
        gone = []
        for index in kept:
            if lines[index] == wanted:
                wanted = next(left, None)
            else:
                gone.append(index)
        for index, edit in zip(gone, removals, strict=True):
            flagged[index] = ChromeRule(edit.rule)
            found[index] = (ChromeRule(edit.rule), edit.confidence)


def _removal_edits(
    lines: Sequence[str], flagged: dict[int, ChromeRule], confidence: dict[int, float] | None = None
) -> list[Edit]:
    """One edit per removed line, taking one paragraph separator with it so the replay is exact; ``confidence``
    holds the learned model's p(chrome) for the lines it removed (rules are sure: 1.0)."""
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + len(PARAGRAPH_SEPARATOR)
    kept = [index for index in range(len(lines)) if index not in flagged]
    last_kept = kept[-1] if kept else None
    edits = []
    for index in sorted(flagged):
        line, start = lines[index], starts[index]
        if (last_kept is not None and index < last_kept) or (last_kept is None and index < len(lines) - 1):
            before, char_start = line + PARAGRAPH_SEPARATOR, start
        elif last_kept is not None:
            before, char_start = PARAGRAPH_SEPARATOR + line, start - len(PARAGRAPH_SEPARATOR)
        else:
            before, char_start = line, start
        sure = (confidence or {}).get(index, 1.0)
        edits.append(Edit(CleanStep.CHROME, flagged[index], before, "", char_start, round(sure, 4)))
    return edits
