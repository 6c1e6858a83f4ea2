"""Features of one line in its page: what tells a journalist's paragraph from the chrome around it.

Nothing here knows a site's wording. Each line is described by its own shape (length, function-word density,
sentence punctuation, capitals, digits, widget vocabulary), by where it stands (relative position, distance to
the page's main run of prose, to the nearest cue that usually opens or closes an article: a byline or date above,
tags, share rows, comment headers below), by its neighbours (jusText-style: the same features of the lines around
it, smoothed), by the page (its shape recurs: comment headers, timestamps, teaser lists) and by the corpus
(whether it recurs in other documents). `pipeline.clean.boilerplate_model` weighs them.

Languages: English function words; for Korean the share of words ending in a particle or verb ending, for
Japanese the share of hiragana (particles and inflections), both proxies for "this is a sentence".
"""

import math
import re
from collections.abc import Sequence

import numpy as np

from pipeline.clean.chrome import is_body_like, word_count

_FUNCTION_WORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even few for from further
    had has have having he her here hers him his how however i if in into is it its itself just may me might
    more most much must my no nor not now of off on once only or other our out over own same she should since
    so some such than that the their them then there these they this those though through to too under until
    up upon us very was we were what when where whether which while who whom whose why will with would yet
    you your""".split()
)
#: The commonest function words of the other languages scrapes come in (es, pt, fr, it, de, nl): pages in
#: them are still prose, and a menu in them is still not.
_OTHER_FUNCTION_WORDS = frozenset(
    """de la el los las del y en que un una por con para es se no al lo como más o su sus
    da do dos das e em um uma os na no com não ao pelo pela
    le les des du et est une pour dans qui pas sur au aux ce il elle sont avec
    il di che non per una sono della nel con gli
    der die das und ist den dem nicht ein eine zu mit sich auf für von im ist auch es
    het een van en ik je dat niet op te zijn voor met""".split()
)
#: Words of page furniture: sharing, accounts, navigation, promotion, legal and media widgets.
_WIDGET_WORDS = frozenset(
    """share shares shared sharing tweet tweets email e-mail print printer login logout log sign signup
    subscribe subscribed subscription subscriptions newsletter newsletters comment comments reply replies like
    likes follow followers menu search home advertisement advertisements advertising ad ads sponsored cookie
    cookies privacy terms policy contact copyright rights reserved reserved. read more related view views
    click tap download app apps next previous prev back top skip close loading video videos photo photos
    gallery galleries watch listen podcast trending popular recommended facebook twitter linkedin whatsapp
    instagram youtube pinterest reddit rss feed feeds sitemap careers faq help account register profile
    settings toggle expand collapse show hide""".split()
)
_WIDGET_CJK_RE = re.compile(
    "공유|댓글|관련\\s?기사|구독|로그인|검색|메뉴|이미지\\s?확대|무단|전재|재배포|본문\\s?바로가기|닫기|인쇄|스크랩|글자\\s?크기"
    "|많이 본|추천|기사\\s?목록|뉴스레터|광고|関連記事|シェア|コメント|ログイン|印刷|続きを読む|広告|無断転載|メニュー"
    "|検索|ランキング|おすすめ|会員登録|新着"
)
_SYMBOLS = "©|›»«→←▶►▸•·…>"
_SENTENCE_END = (".", "!", "?", "。", "！", "？", '"', "”", "’", "'", ")", "」", "』", ":")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_HANGUL_WORD_RE = re.compile(r"[\uac00-\ud7a3]+")
_KOREAN_ENDINGS = frozenset("은는이가을를에의로와과도만다요고서며면게지해한된")
_KANA_KANJI_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_HIRAGANA_RE = re.compile(r"[\u3040-\u309f]")
_DIGIT_RE = re.compile(r"\d")
_URL_RE = re.compile(r"https?://|www\.|@\w+\.\w+|\.com\b", re.IGNORECASE)
_BULLET_RE = re.compile(r"^\s*(?:[-–—•·*▪●◦]|\d{1,2}[.)])\s+")
_QUOTE_START_RE = re.compile(r"^\s*[\"“‘'«「『]")
#: What usually closes an article on a page: tags, share rows, related and comment headers, author boxes,
#: legal lines, newsletter prompts. A cue, not a rule: the model weighs it with everything else.
_END_CUE_RE = re.compile(
    r"^(?:tags?|topics?|keywords|filed\s+under|posted\s+in|categor(?:y|ies)|share(?:\s+this)?|related\b"
    r"|about\s+the\s+author|more\s+(?:from|on|in|stories)\b|you\s+(?:may|might)\s+also|recommended"
    r"|read\s+(?:more|next|also)|(?:\d+\s+)?comments?\b|(?:\d+\s+)?(?:responses?|replies)\b"
    r"|leave\s+a\s+(?:comment|reply)|advertisement|sponsored|sign\s+up|subscribe|newsletter|follow\s+us"
    r"|copyright|©|all\s+rights\s+reserved|previous\s+(?:article|post)|next\s+(?:article|post)"
    r"|태그|관련\s?기사|댓글|저작권|ⓒ|関連|タグ|コメント)",
    re.IGNORECASE,
)
#: What usually opens one: a byline, a date or time line, a reading time.
_START_CUE_RE = re.compile(
    r"^(?:by\s+\S|posted\s+(?:on|by|at)|published|updated|written\s+by|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|입력|기자|\d{4}年)",
    re.IGNORECASE,
)
_TOKEN_CLASS_RE = re.compile(r"\d+|[^\W\d_]+|\S")

#: Own features, in order; the context features repeat the ``_CONTEXT`` ones for neighbours.
OWN_FEATURES = (
    "log_words",
    "log_chars",
    "function_density",
    "sentence_end",
    "commas_per_word",
    "capitalized_share",
    "digit_share",
    "widget_share",
    "symbol_count",
    "has_url",
    "bullet",
    "quote_start",
    "body_like",
    "short",
    "short_word_share",
    "recurs",
    "end_cue",
    "start_cue",
    "only_number",
)
#: Page features of a line: its shape recurs on the page (comment headers and timestamps, teaser lists).
PAGE_FEATURES = ("shape_repeats", "digits_repeat")
_CONTEXT = (
    "log_words",
    "function_density",
    "sentence_end",
    "body_like",
    "short",
    "widget_share",
    "end_cue",
    "start_cue",
    "shape_repeats",
)
POSITION_FEATURES = (
    "relative_index",
    "word_share_before",
    "in_main_run",
    "log_lines_before_run",
    "log_lines_after_run",
    "log_lines_to_prose_above",
    "log_lines_to_prose_below",
    "prose_share_above",
    "prose_share_below",
    "short_between_prose",
    "density_vs_run",
    "log_lines_to_end_cue_below",
    "log_lines_to_start_cue_above",
    "log_words_to_end_cue_below",
    "log_prose_words_above",
    "log_prose_words_below",
)
CONTEXT_FEATURES = tuple(
    f"{side}_{name}" for side in ("prev", "next", "window2", "window5") for name in _CONTEXT
) + ("short_share_window3", "first_line", "last_line")
FEATURE_NAMES = OWN_FEATURES + PAGE_FEATURES + POSITION_FEATURES + CONTEXT_FEATURES

_LONG_WORDS = 60
#: Body-like lines at most this many lines apart belong to one run of prose.
_RUN_GAP = 3


def own_features(line: str, *, recurs: bool = False) -> list[float]:
    """The `OWN_FEATURES` of one line, alone."""
    text = " ".join(line.split())
    words = word_count(text)
    latin = _WORD_RE.findall(text)
    capitalized = sum(1 for word in latin if word[0].isupper())
    widget = sum(1 for word in latin if word.casefold() in _WIDGET_WORDS)
    widget += 2 * len(_WIDGET_CJK_RE.findall(text))
    stripped = text.rstrip()
    # Lengths are capped: past a long paragraph, more words say nothing more (and a linear model must not
    # extrapolate to the multi-sentence paragraphs of plain articles).
    return [
        math.log1p(min(words, _LONG_WORDS)),
        math.log1p(min(len(text), 6 * _LONG_WORDS)),
        function_density(text),
        float(stripped.endswith(_SENTENCE_END)),
        text.count(",") / max(words, 1),
        capitalized / len(latin) if latin else 0.0,
        len(_DIGIT_RE.findall(text)) / max(len(text), 1),
        min(widget / max(words, 1), 1.0),
        float(min(sum(text.count(symbol) for symbol in _SYMBOLS), 5)),
        float(bool(_URL_RE.search(text))),
        float(bool(_BULLET_RE.match(text))),
        float(bool(_QUOTE_START_RE.match(text))),
        float(is_body_like(text)),
        float(words < 5),
        sum(1 for word in latin if len(word) <= 3) / len(latin) if latin else 0.0,
        float(recurs),
        float(bool(_END_CUE_RE.match(text))),
        float(bool(_START_CUE_RE.match(text))),
        float(not latin and bool(_DIGIT_RE.search(text))),
    ]


def is_widget_line(line: str) -> bool:
    """A line of page furniture: widget words (a tenth of its words or more: "next" is also prose), a link or a
    cue that closes an article ("Sign up for our newsletter")."""
    text = " ".join(line.split())
    words = _WORD_RE.findall(text)
    widget = sum(1 for word in words if word.casefold() in _WIDGET_WORDS)
    return widget >= 0.1 * max(len(words), 1) or bool(
        _WIDGET_CJK_RE.search(text) or _URL_RE.search(text) or _END_CUE_RE.match(text)
    )


def shape(line: str) -> str:
    """A line's shape: digits as 0, words as a (A when capitalized), punctuation as is.

    >>> shape("thelastchargersfan says:"), shape("November 19, 2019 at 6:34 am")
    ('a a :', 'A 0 , 0 a 0 : 0 a')
    """
    return " ".join(
        "0" if token[0].isdigit() else ("A" if token[0].isupper() else "a") if token[0].isalpha() else token
        for token in _TOKEN_CLASS_RE.findall(line)
    )


def function_density(text: str) -> float:
    """The share of a line's words that are function words (for Korean: words ending in a particle or
    ending; for Japanese: the hiragana share of its kana and kanji). Prose is dense, menus are not.

    >>> round(function_density("The minister said that he would go to Seoul."), 2), function_density("Home News")
    (0.56, 0.0)
    """
    hangul = _HANGUL_WORD_RE.findall(text)
    kana_kanji = _KANA_KANJI_RE.findall(text)
    latin = _WORD_RE.findall(text)
    if len(hangul) >= len(latin) and len(hangul) >= len(kana_kanji) / 2 and hangul:
        return sum(1 for word in hangul if len(word) > 1 and word[-1] in _KOREAN_ENDINGS) / len(hangul)
    if len(kana_kanji) / 2 > len(latin) and kana_kanji:
        return len(_HIRAGANA_RE.findall(text)) / len(kana_kanji)
    if not latin:
        return 0.0
    english = sum(1 for word in latin if word.casefold() in _FUNCTION_WORDS)
    other = sum(1 for word in latin if word.casefold() in _OTHER_FUNCTION_WORDS)
    return max(english, other) / len(latin)


def main_run(lines: Sequence[str]) -> tuple[int, int] | None:
    """The first and last index of the page's main run of prose: body-like lines at most `_RUN_GAP` apart,
    the run holding the most words. None when no line is body-like."""
    body = [index for index, line in enumerate(lines) if is_body_like(line)]
    if not body:
        return None
    best: tuple[int, int] | None = None
    best_words = -1
    start = previous = body[0]
    words = 0
    for index in [*body, None]:
        if index is None or index - previous > _RUN_GAP:
            if words > best_words:
                best, best_words = (start, previous), words
            if index is None:
                break
            start, words = index, 0
        words += word_count(lines[index])
        previous = index
    return best


def line_features(lines: Sequence[str], *, recurs: Sequence[bool] | None = None) -> np.ndarray:
    """A row of `FEATURE_NAMES` per line of a page (``lines`` without blank lines)."""
    count = len(lines)
    if not count:
        return np.zeros((0, len(FEATURE_NAMES)))
    own = np.hstack(
        (
            np.array([own_features(line, recurs=bool(recurs and recurs[i])) for i, line in enumerate(lines)]),
            _page_features(lines),
        )
    )
    own_names = OWN_FEATURES + PAGE_FEATURES
    context = own[:, [own_names.index(name) for name in _CONTEXT]]
    words = np.array([word_count(line) for line in lines], dtype=float)
    before = np.concatenate(([0.0], np.cumsum(words)[:-1])) / max(words.sum(), 1.0)
    run = main_run(lines)
    index = np.arange(count, dtype=float)
    if run is None:
        in_run = np.zeros(count)
        lines_before = lines_after = np.full(count, math.log1p(count))
    else:
        in_run = ((index >= run[0]) & (index <= run[1])).astype(float)
        lines_before = np.log1p(np.clip(run[0] - index, 0, None))
        lines_after = np.log1p(np.clip(index - run[1], 0, None))
    body_like = own[:, OWN_FEATURES.index("body_like")].astype(bool)
    above, below = _distance_to(body_like)
    prose_words = np.where(body_like, words, 0.0)
    prose_total = max(prose_words.sum(), 1.0)
    prose_above = (np.cumsum(prose_words) - prose_words) / prose_total
    prose_below = 1.0 - prose_above - prose_words / prose_total
    density = own[:, OWN_FEATURES.index("function_density")]
    run_density = density[body_like].mean() if body_like.any() else 0.0
    near = (above <= 8) & (below <= 8)
    _, end_below = _distance_to(own[:, OWN_FEATURES.index("end_cue")].astype(bool))
    start_above, _ = _distance_to(own[:, OWN_FEATURES.index("start_cue")].astype(bool))
    words_after = np.cumsum(words[::-1])[::-1] - words
    end_words = np.array([_words_to(words_after, i, end_below[i], count) for i in range(count)])
    position = np.column_stack(
        (
            index / max(count - 1, 1),
            before,
            in_run,
            lines_before,
            lines_after,
            np.log1p(above),
            np.log1p(below),
            prose_above,
            prose_below,
            (near & ~body_like).astype(float),
            density - run_density,
            np.log1p(end_below),
            np.log1p(start_above),
            np.log1p(end_words),
            np.log1p(np.cumsum(prose_words) - prose_words),
            np.log1p(prose_words.sum() - np.cumsum(prose_words)),
        )
    )
    padded = np.vstack((np.zeros((1, context.shape[1])), context, np.zeros((1, context.shape[1]))))
    previous, following = padded[:-2], padded[2:]
    short = own[:, OWN_FEATURES.index("short")]
    neighbourhood = np.column_stack(
        (
            previous,
            following,
            _window_mean(context, 2),
            _window_mean(context, 5),
            _window_mean(short[:, None], 3)[:, 0],
            (index == 0).astype(float),
            (index == count - 1).astype(float),
        )
    )
    return np.hstack((own, position, neighbourhood))


def _page_features(lines: Sequence[str]) -> np.ndarray:
    """`PAGE_FEATURES`: the line's shape (three tokens or more) recurs three times or more on the page; its
    text with digits masked, when it has digits, does."""
    shapes = [shape(line) for line in lines]
    masked = [_DIGIT_RE.sub("0", line.casefold()) if _DIGIT_RE.search(line) else "" for line in lines]
    shape_counts: dict[str, int] = {}
    masked_counts: dict[str, int] = {}
    for one, other in zip(shapes, masked, strict=True):
        shape_counts[one] = shape_counts.get(one, 0) + 1
        masked_counts[other] = masked_counts.get(other, 0) + 1
    return np.array(
        [
            [
                float(one.count(" ") >= 2 and shape_counts[one] >= 3),
                float(bool(other) and masked_counts[other] >= 3),
            ]
            for one, other in zip(shapes, masked, strict=True)
        ]
    ).reshape(len(lines), 2)


def _words_to(words_after: np.ndarray, index: int, distance: float, count: int) -> float:
    """Words between line ``index`` and the flagged line ``distance`` lines below it (all below when none)."""
    target = index + int(distance)
    if target >= count:
        return float(words_after[index])
    return float(words_after[index] - words_after[target - 1])


def _distance_to(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lines from each line up to the nearest flagged line above it and down to the nearest below it (the
    line itself excluded); the page's length when there is none."""
    count = len(flags)
    above = np.full(count, float(count))
    below = np.full(count, float(count))
    last = None
    for i in range(count):
        if last is not None:
            above[i] = i - last
        if flags[i]:
            last = i
    last = None
    for i in range(count - 1, -1, -1):
        if last is not None:
            below[i] = last - i
        if flags[i]:
            last = i
    return above, below


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """The mean of each column over the lines within ``radius`` of each line, the line itself left out."""
    count = values.shape[0]
    sums = np.vstack((np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)))
    low = np.clip(np.arange(count) - radius, 0, None)
    high = np.clip(np.arange(count) + radius + 1, None, count)
    totals = sums[high] - sums[low] - values
    sizes = (high - low - 1).clip(min=1)[:, None]
    return totals / sizes
