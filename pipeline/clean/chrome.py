"""Site chrome: the lines a scraper picks up around an article that no journalist wrote.

Every rule looks at the *shape* of a line (vocabulary of navigation and notices, separators, length, final
punctuation) or at evidence from the document or corpus (a label that recurs in the section path, the
headline repeated, a line recurring across many documents) — never at the exact lines of known pages.
Rules that could also match a journalist's sentence (subscription, contact, copyright notices) only fire at
the document's edges: above the first or below the last body paragraph.
"""

import re
import unicodedata
from collections.abc import Collection, Sequence
from enum import StrEnum

from pipeline.clean.metadata import find_date


class ChromeRule(StrEnum):
    """Why a line was removed as chrome (`cleaning_edits.rule`)."""

    SKIP_LINK = "skip_link"
    NAVIGATION = "navigation"
    SECTION_BANNER = "section_banner"
    SECTION_PATH = "section_path"
    SECTION_LABEL = "section_label"
    SHARE = "share_buttons"
    ADVERTISEMENT = "advertisement"
    SUBSCRIPTION = "subscription_notice"
    CONTACT = "contact_footer"
    COPYRIGHT = "copyright"
    PHOTO_CREDIT = "photo_credit"
    TIMESTAMP = "timestamp"
    REPEATED_HEADLINE = "repeated_headline"
    BOILERPLATE = "corpus_boilerplate"
    MASTHEAD = "masthead"  # a site's own name above or below the article (pipeline.clean.page_metadata)
    # Found by the learned line model and its block rules (pipeline.clean.boilerplate_model) on scraped pages.
    BOILERPLATE_MODEL = "boilerplate_model"
    RELATED_LIST = "related_list"
    COMMENTS = "comments"
    CAPTION = "caption_credit"


#: Rules whose vocabulary can also occur in reporting (an article about subscription prices, a quote with
#: an e-mail address), so they only count above the first or below the last body paragraph.
EDGE_ONLY = frozenset({ChromeRule.SUBSCRIPTION, ChromeRule.CONTACT, ChromeRule.COPYRIGHT})

_I = re.IGNORECASE

_SKIP_LINK_RE = re.compile(
    r"^(?:skip|go|jump) to (?:the )?(?:main )?(?:content|contents|navigation|menu|article|search)$"
    # Korean pages print their skip links in a row ("본문바로가기 메뉴바로가기"); Japanese ones "本文へスキップ"
    r"|^(?:(?:본문|메뉴|주\s*메뉴|전체\s*메뉴|검색|하단\s*메뉴)\s*바로\s*가기\s*)+$|^本文へ(?:スキップ|移動)$",
    _I,
)
_NAVIGATION_RE = re.compile(
    r"^(?:menu|search|home|close|back to top|top|sign in|log in|login|register|subscribe|all sections)$"
    # a close button of a banner, pop-up or menu ("배너 닫기", "전체메뉴 닫기")
    r"|^(?:배너|광고|팝업|창|메뉴|전체\s*메뉴)?\s*닫기$",
    _I,
)
_BANNER_RE = re.compile(
    r"^(?:(?:recent|latest|related|top|more|popular|featured|trending|recommended)\s+"
    r"(?:features|articles|stories|news|posts|videos|headlines|reads|topics)"
    r"|most (?:read|popular|viewed|shared|commented)(?: (?:articles|stories))?"
    r"|trending(?: now)?|editor'?s'? picks?|you (?:may|might) also like|read (?:more|next|also)|also read"
    r"|see also|related(?: content| links)?|recommended(?: for you)?|more from .{1,40}"
    r"|sign up for (?:our|the) .{0,40}newsletter|follow us(?: on .{1,30})?)$",
    _I,
)
#: One teaser of another story inside an article: a related label, then that story's headline ("READ MORE: …",
#: "[관련기사] …", "【関連記事】…"). Its words are another story's, so no tag may come from them.
_TEASER_RE = re.compile(
    r"^(?:(?:read (?:more|also|next)|also read|see also|related(?: (?:articles?|stories|story|news|coverage))?)"
    r"\s*[:：|>»›]|[\[【<〈《(]\s*(?:related|관련\s*기사|관련|関連記事|関連)\s*[\]】>〉》)]|▶\s*관련\s*기사|関連記事\s*[:：])"
    r"\s*\S",
    _I,
)
_MAX_TEASER_WORDS = 30
_ADVERTISEMENT_RE = re.compile(
    r"^(?:advertisement|advertising|ad|\[(?:pr|ad)\]|sponsored(?: content)?|promoted(?: content)?|paid (?:content|post)"
    r"|scroll to continue(?: with content)?|story continues below(?: this ad| advertisement)?"
    # a video player's label left where the player was ("SPH Brightcove Video")
    r"|(?:\w+\s+)?(?:brightcove|jw\s?player)(?:\s+(?:video|player))?)$",
    _I,
)
_SHARE_WORDS = frozenset(
    "share this article story page post on via tweet email e-mail print copy link facebook twitter x linkedin"
    " line kakaotalk kakao whatsapp reddit telegram pinterest save bookmark comments comment copied dictionary"
    # Korean article tools: share, list, print, clip, text size
    " 공유 공유하기 트위터 페이스북 카카오톡 카카오스토리 밴드 기사목록 목록 프린트 인쇄 스크랩 글자 크게 작게"
    " 링크 복사 url".split()
)
_SHARE_TRIGGERS = frozenset(
    "share tweet email e-mail print facebook twitter linkedin whatsapp kakaotalk copied"
    " 공유 공유하기 트위터 페이스북 카카오톡 기사목록 프린트 인쇄 스크랩 크게 작게 복사".split()
)
_SUBSCRIPTION_RE = re.compile(
    r"\bsubscri(?:ption|ber)s?\b.{0,80}\b(?:plan|account|only|exclusive|benefits?)\b"
    r"|\bsubscribe (?:now|today|to (?:read|continue|our|the))\b"
    r"|\b(?:sign|log) in to (?:comment|continue|read)\b"
    r"|\bcreate a display name\b|\b(?:you can|to) comment on (?:stories|articles|this)\b"
    r"|\bcomments? (?:are|have been) (?:closed|disabled)\b|\balready a subscriber\b",
    _I,
)
_CONTACT_RE = re.compile(
    r"\b(?:direct|send|e-?mail)\s+(?:your\s+|any\s+)?(?:questions|comments|feedback|inquiries|tips|corrections)"
    r"|\bcontact (?:us|the (?:author|reporter|newsroom|editor))\b"
    r"|\bfeedback to\b|\breach (?:us|the \w+) at\b",
    _I,
)
#: A contact footer gives an address; "readers can contact the newsroom" without one is reporting.
# An e-mail address starts where a token starts: tried from every letter of a long run, the local part would
# rescan the rest of the run each time (quadratic).
_ADDRESS_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://|\bwww\.|\+?\d[\d ()-]{7,}\d")
_ONLY_ADDRESS_RE = re.compile(r"^\W*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\W*$")
#: Notices speak to the reader; a sentence attributing words to someone is reporting about a notice.
_READER_RE = re.compile(r"\byou(?:r)?\b|^(?:subscribe|sign in|log in|already a subscriber)\b", _I)
_ATTRIBUTION_RE = re.compile(r"\b(?:said|says|told|according to|added|noted|announced)\b", _I)
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b"
    r"|\bmay not be (?:published|reproduced|redistributed|rewritten)\b"
    r"|무단\s*전재|재배포\s*금지|無断(?:転載|複製)",
    _I,
)
_PHOTO_CREDIT_RE = re.compile(
    r"^(?:(?:photo|image|picture|graphic|illustration|video)\s*)?(?:credits?|courtesy)\s*[:：]\s*\S"
    r"|^(?:photo|image|picture|graphic|illustration)s?\s*(?:by\s|[:：])\s*\S",
    _I,
)
_TIMESTAMP_RE = re.compile(
    r"^(?:posted|updated|published|last updated|last modified|modified|first published)\b\s*(?:on\b|at\b)?"
    r"[\s:]*\S.*\d",
    _I,
)
_PATH_SEPARATOR_RE = re.compile(r"\s+(?:\||>|»|›|/)\s+")
_FINAL_PUNCTUATION = tuple('.!?;:,"”’')
# Japanese and Chinese end sentences with full-width marks and close quotations with 」 and 』: without them no
# Japanese paragraph reads as reporting, and every edge rule would treat a Japanese article as all furniture.
#: How a sentence ends, in the languages of the corpus (shared with the structured-block rules).
SENTENCE_END = (".", "!", "?", '"', "”", "’", ")", "。", "！", "？", "」", "』", "）")


def line_key(line: str) -> str:
    """A comparison key that ignores case, compatibility forms (NBSP), and whitespace runs.

    >>> line_key("Tokyo Report\\u00a0|\\u00a0 Diplomacy ")
    'tokyo report | diplomacy'
    """
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


_KANJI_KANA_PAIR = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{1,2}")


def word_count(line: str) -> int:
    """Words in a line; Japanese and Chinese, written without spaces, count one word per two characters.

    >>> word_count("Leaders meet in Nara"), word_count("高市首相、李大統領と奈良で会談")
    (4, 8)
    """
    return len(_KANJI_KANA_PAIR.sub(" w ", line).split())


def line_rule(line: str) -> ChromeRule | None:
    """The chrome rule a line matches on its own shape, if any (edge-only rules included).

    >>> line_rule("Go to contents")
    <ChromeRule.SKIP_LINK: 'skip_link'>
    >>> line_rule("Takaichi welcomed Lee with a formal bow upon his arrival.") is None
    True
    """
    text = " ".join(line.split())
    words = word_count(text)
    if words <= 6:
        for pattern, rule in (
            (_SKIP_LINK_RE, ChromeRule.SKIP_LINK),
            (_NAVIGATION_RE, ChromeRule.NAVIGATION),
            (_BANNER_RE, ChromeRule.SECTION_BANNER),
            (_ADVERTISEMENT_RE, ChromeRule.ADVERTISEMENT),
        ):
            if pattern.match(text):
                return rule
    if words <= _MAX_TEASER_WORDS and _TEASER_RE.match(text):
        return ChromeRule.RELATED_LIST
    if words <= 10 and _is_share_line(text):
        return ChromeRule.SHARE
    if words <= 12 and _TIMESTAMP_RE.match(text) and find_date(text) is not None:
        return ChromeRule.TIMESTAMP
    if words <= 15 and _PHOTO_CREDIT_RE.match(text):
        return ChromeRule.PHOTO_CREDIT
    if section_path(text):
        return ChromeRule.SECTION_PATH
    if words <= 60 and _SUBSCRIPTION_RE.search(text) and _is_notice(text):
        return ChromeRule.SUBSCRIPTION
    if words <= 30 and (
        _ONLY_ADDRESS_RE.match(text) or (_CONTACT_RE.search(text) and _ADDRESS_RE.search(text))
    ):
        return ChromeRule.CONTACT
    if words <= 40 and _COPYRIGHT_RE.search(text):
        return ChromeRule.COPYRIGHT
    return None


def section_path(line: str) -> tuple[str, ...]:
    """The parts of a breadcrumb such as ``News | Diplomacy | East Asia``; empty if the line is not one.

    At least three short, title-cased parts without sentence punctuation: two parts could be a headline
    with a site suffix, which must survive.
    """
    parts = tuple(part.strip() for part in _PATH_SEPARATOR_RE.split(" ".join(line.split())))
    if len(parts) < 3:
        return ()
    for part in parts:
        if not part or word_count(part) > 4 or part.endswith(_FINAL_PUNCTUATION) or not part[0].isupper():
            return ()
    return parts


def is_body_like(line: str) -> bool:
    """A line that reads like reporting: long enough and ending a sentence, in any of the corpus's scripts.

    >>> is_body_like("午後4時前から始まった首脳会談は、およそ1時間半にわたって行われました。")
    True
    """
    stripped = line.rstrip()
    return word_count(stripped) >= 8 and stripped.endswith(SENTENCE_END)


def find_chrome(
    lines: Sequence[str], *, boilerplate: frozenset[str] | None = frozenset()
) -> dict[int, ChromeRule]:
    """Map the index of every chrome line to its rule (except repeated headlines: see `repeated_headline`).

    ``boilerplate`` holds lines known to recur across the corpus (`pipeline.clean.recurring_lines.find_boilerplate_lines`); matching is
    by `line_key`, so spacing and case differences do not hide a recurring line.
    """
    boilerplate_keys = {line_key(line) for line in boilerplate or ()}
    flagged: dict[int, ChromeRule] = {}
    labels: set[str] = set()
    for index, line in enumerate(lines):
        rule = line_rule(line)
        if rule is None and line_key(line) in boilerplate_keys:
            rule = ChromeRule.BOILERPLATE
        if rule is not None:
            flagged[index] = rule
        if rule is ChromeRule.SECTION_PATH:
            labels.update(line_key(part) for part in section_path(line))
    for index, line in enumerate(lines):
        # A standalone line naming one of the page's own sections is a column banner ("Tokyo Report").
        if index not in flagged and word_count(line) <= 4 and line_key(line) in labels:
            flagged[index] = ChromeRule.SECTION_LABEL
    for index in [i for i, rule in flagged.items() if rule in EDGE_ONLY]:
        if not _at_edge(lines, index, flagged):
            del flagged[index]
    return flagged


def repeated_headline(lines: Sequence[str], headline_index: int, flagged: dict[int, ChromeRule]) -> list[int]:
    """Later copies of the headline (page title, share card, image alt text): keep the first one only."""
    key = line_key(lines[headline_index])
    return [
        index
        for index in range(headline_index + 1, len(lines))
        if index not in flagged and line_key(lines[index]) == key
    ]


def notices_at_edge(
    lines: Sequence[str], flagged: dict[int, ChromeRule], keep: Collection[int] = ()
) -> dict[int, ChromeRule]:
    """Edge-only lines (`EDGE_ONLY`) still kept that stand at the page's edge once the ``flagged`` lines are
    gone (never those in ``keep``).

    `find_chrome` judges the edges before the headline's copies are found; a notice that only such a copy
    kept off the edge would be removed by cleaning the cleaned text again, so cleaning removes it now.
    """
    found: dict[int, ChromeRule] = {}
    while True:
        removed = {**flagged, **found}
        more = {
            index: rule
            for index, line in enumerate(lines)
            if index not in removed
            and index not in keep
            and (rule := line_rule(line)) in EDGE_ONLY
            and _at_edge(lines, index, removed)
        }
        if not more:
            return found
        found.update(more)


def _is_notice(text: str) -> bool:
    return _READER_RE.search(text) is not None and _ATTRIBUTION_RE.search(text) is None


def _is_share_line(text: str) -> bool:
    tokens = [token for token in re.split(r"[\s|·/,•]+", text.casefold()) if token]
    return bool(tokens) and set(tokens) <= _SHARE_WORDS and bool(set(tokens) & _SHARE_TRIGGERS)


def _at_edge(lines: Sequence[str], index: int, flagged: dict[int, ChromeRule]) -> bool:
    """True below the last body paragraph, or above the first one when the line itself is no paragraph.

    The head needs the extra condition because the first line always has "nothing above it": a lead that
    mentions subscriptions must not be mistaken for a paywall prompt.
    """

    def body(i: int) -> bool:
        return i not in flagged and is_body_like(lines[i])

    if not any(body(i) for i in range(index + 1, len(lines))):
        return True
    return not is_body_like(lines[index]) and not any(body(i) for i in range(index))
