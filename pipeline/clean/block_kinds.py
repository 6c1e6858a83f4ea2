"""What each kept line of an article is: headline, dek, byline, caption, heading, quotation or body.

Read top to bottom, as a reader does: captions and deks live above the body, headings and quotation
paragraphs inside it. Every rule looks at the line itself and its neighbours, never at one outlet's markup.
"""

import re
from collections.abc import Sequence

from pipeline.clean.chrome import ChromeRule, is_body_like, word_count
from pipeline.clean.metadata import dateline, is_byline
from pipeline.core.constants import ParagraphKind
from pipeline.text.quote_marks import QUOTE_OPENERS, quoted_share

_MAX_DEK_WORDS = 45
_MAX_HEADING_WORDS = 10
# A paragraph opening with a quote mark is a quotation paragraph when at least this share of it is quoted
# (the rest is the attribution: ", Ishiba said.").
_MIN_QUOTED_SHARE = 0.6
_MAX_CAPTION_WORDS = 80
_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")
_PHOTO_NOTE_RE = re.compile(
    r"\((?:[^()]*\b(?:photo|picture|pool|image|file|illustration|graphic)s?\b[^()]*)\)\s*$", re.IGNORECASE
)
#: Korean and Japanese photo notes closing a caption: "…生徒ら（共同）", "…奈良市（代表撮影）", "독도 전경 [연합뉴스
#: 자료사진]". A Kyodo story printed elsewhere ends its last sentence "…と述べた。（共同）": a note after a full stop
#: credits the words, not a photo (``_CJK_SENTENCE_END``).
_CJK_PHOTO_NOTE_RE = re.compile(
    r"(?:[（(]\s*(?:共同|時事|聯合|ロイター|[^（）()]{0,20}(?:撮影|写真|提供)[^（）()]{0,10})\s*[）)]"
    r"|\[\s*[^\[\]]{0,20}(?:사진|写真|제공)[^\[\]]{0,20}\])\s*$"
)
_CJK_SENTENCE_END = re.compile(r"[。．]\s*[（(][^（）()]*[）)]\s*$")
_PHOTO_POSITION_RE = re.compile(
    r"\((?:(?:second |third )?from )?(?:left|right|center|centre|front|back|top|bottom)\)", re.IGNORECASE
)


def classify(
    lines: Sequence[str], kept: Sequence[int], flagged: dict[int, ChromeRule], headline: int | None
) -> dict[int, ParagraphKind]:
    """Give each kept line a kind, reading top to bottom (captions and deks live above the body)."""
    kinds: dict[int, ParagraphKind] = {}
    seen_body = False
    for position, index in enumerate(kept):
        line = lines[index]
        following = kept[position + 1] if position + 1 < len(kept) else None
        if index == headline:
            kind = ParagraphKind.HEADLINE
        elif is_byline(line):
            kind = ParagraphKind.BYLINE
        elif is_caption(line, seen_body) or flagged.get(index + 1) is ChromeRule.PHOTO_CREDIT:
            kind = ParagraphKind.CAPTION
        elif position > 0 and kept[position - 1] == headline and _is_dek(lines, index, following, flagged):
            kind = ParagraphKind.DEK
        elif seen_body and following is not None and _is_heading(line) and is_body_like(lines[following]):
            kind = ParagraphKind.HEADING
        elif seen_body and _is_quotation(line):
            kind = ParagraphKind.QUOTE
        else:
            kind = ParagraphKind.BODY
            seen_body = True
        kinds[index] = kind
    return kinds


def is_caption(line: str, seen_body: bool) -> bool:
    """A photo description: "(pool picture)"-style notes anywhere, "(left)" positions above the body."""
    if word_count(line) > _MAX_CAPTION_WORDS:
        return False
    if _CJK_PHOTO_NOTE_RE.search(line) and not _CJK_SENTENCE_END.search(line):
        return True
    return _PHOTO_NOTE_RE.search(line) is not None or (
        not seen_body and _PHOTO_POSITION_RE.search(line) is not None
    )


def _is_dek(lines: Sequence[str], index: int, following: int | None, flagged: dict[int, ChromeRule]) -> bool:
    """One sentence under the headline that is set apart from the body (by a caption, byline or chrome)."""
    line = lines[index]
    if word_count(line) > _MAX_DEK_WORDS or _SENTENCE_BREAK_RE.search(line) or dateline(line) is not None:
        return False
    if following is None:
        return False
    chrome_between = any(i in flagged for i in range(index + 1, following))
    next_line = lines[following]
    return chrome_between or is_byline(next_line) or is_caption(next_line, seen_body=False)


def _is_quotation(line: str) -> bool:
    """A body paragraph given over to someone's words: it opens with a quote mark and is mostly quoted."""
    return line[:1] in QUOTE_OPENERS and quoted_share(line) >= _MIN_QUOTED_SHARE


def _is_heading(line: str) -> bool:
    """A short title inside the body ("Diverging signals"): no final punctuation, starts capitalized."""
    return (
        word_count(line) <= _MAX_HEADING_WORDS
        and len(line) <= 80
        and not line.endswith((".", "!", "?", ";", ":", ",", '"', "”", "’"))
        and (line[0].isupper() or line[0].isdigit())
        and not is_byline(line)
    )
