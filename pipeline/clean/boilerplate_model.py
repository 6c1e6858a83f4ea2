"""The learned line model: which lines of a text scrape are page chrome the rules did not catch.

`pipeline.clean.chrome` removes what a line's shape proves to be chrome. What is left on a scraped page is mostly
chrome that looks like text: menus, teaser lists, comment threads, footers. The article is one run of lines
in it, so the model finds that run: three logistic regressions over `pipeline.clean.line_features` (weights in
``pipeline/reference/data/boilerplate_model.json``, trained by ``tools/train_boilerplate.py`` on the article-extraction
benchmark's pages as text, see ``bench/text_extraction.py``) score each line the rules kept as inside the
article, as its first line and as its last, and `article_span` decodes the best run (a before / article /
after chain); a table or list the run cuts or borders joins it, and so does a last paragraph cut off
mid-sentence (`pipeline.clean.boilerplate_blocks`); lines outside it go. Block rules then act on whole blocks:

- a related / most-viewed / more-from heading takes its list of short lines with it (`ChromeRule.RELATED_LIST`);
- a comments header ("32 Comments", "Login to comment", "댓글") takes everything below it (`ChromeRule.COMMENTS`,
  `pipeline.clean.boilerplate_blocks.comment_thread`);
- a photo credit, or a short caption ending in one ("… [YONHAP]", "… PHOTO: REUTERS", "… 사진=뉴시스"), goes
  (`ChromeRule.CAPTION`); a paragraph that credits a wire for its words ("…, Yonhap reported.") stays.

Recall comes first: inside the span only rules remove lines (a quoted line, a one-line paragraph, a list inside
the article stay), the decision bias is chosen for recall, and the model only acts on pages that look scraped:
plain articles (a headline and paragraphs) have no chrome to find. The block rules are precise and run on every
page. The headline and the credit line the byline was read from always stay. Removing lines changes the neighbours of
the rest, so cleaning runs again on what it kept until it removes nothing (`pipeline.clean.scrape`): cleaning its own
output then changes nothing.
"""

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.clean.boilerplate_blocks import comment_thread, take_cut_off_end, widen_span
from pipeline.clean.chrome import ChromeRule, is_body_like, line_key, word_count
from pipeline.clean.cjk_credits import signin_credit
from pipeline.clean.line_features import FEATURE_NAMES, line_features
from pipeline.clean.metadata import byline_credit
from pipeline.ingest.byline_names import byline_names
from pipeline.reference import DATA_DIR

MODEL_PATH = DATA_DIR / "boilerplate_model.json"
MODEL_VERSION = 2

#: A line outside the span stays when its p(chrome) is below this, a body-like one below `KEEP_PROSE`: on the
#: benchmark it costs at most 0.001 F1 (span alone), on clean news it keeps the text around match tables.
KEEP_LINE = 0.35
KEEP_PROSE = 0.5
#: A page needs at least this many lines the model can judge (a headline and a paragraph have nothing to remove).
_MIN_LINES = 6
#: ... and this share of them must not be body-like prose: a plain article is almost all prose.
_MIN_FURNITURE_SHARE = 0.4
_LIST_ITEM_MAX_WORDS = 20

_RELATED_RE = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|news|posts|content|links|coverage|reading|topics))?"
    r"|most\s+(?:viewed|read|popular|shared|commented)(?:\s+\w+)?|more\s+(?:from|on|in|stories|news)\b.{0,40}"
    r"|(?:you\s+(?:may|might)\s+also\s+like)|recommended(?:\s+for\s+you)?|read\s+(?:more|next|also)"
    r"|(?:top|latest|popular|trending)\s+(?:stories|news|articles|posts)|also\s+read|see\s+also"
    # ... and in the other languages scrapes come in (ru, de, fr, es, pt, it)
    r"|материалы\s+по\s+теме|читайте\s+также|см\.?\s+также|похожие\s+(?:статьи|новости)|mehr\s+zum\s+thema"
    r"|das\s+könnte\s+sie\s+auch\s+interessieren|à\s+lire\s+aussi|lire\s+aussi|articles?\s+(?:similaires|liés)"
    r"|(?:artículos|noticias|notícias|artigos)\s+relacionad[oa]s|lee\s+también|leia\s+também|veja\s+também"
    r"|leggi\s+anche|articoli\s+correlati|potrebbe\s+interessarti"
    r"|latest\s+(?:in|from)\s+.{1,30}|(?:\S{1,8}\s)?최신\s?(?:기사|뉴스)|관련\s?기사|많이\s?본\s?뉴스|인기\s?기사|추천\s?기사|関連記事|関連ニュース|人気記事|おすすめ記事)\W*$",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"/\s*(?:courtesy\s+of\s+)?[\w .&-]{0,40}(?:news|agency|press|images?|photos?|yonhap|newsis|news1|ap|afp"
    r"|reuters|epa|getty(?:\s+images)?|kyodo|jiji|xinhua|shutterstock)\s*\)?\s*$"
    r"|^\[?\s*news1\s*\]?$|\[news1\]\s*$|^이미지\s?확대$|^(?:사진|写真)\s*[:=]"
    r"|^(?:photo|image|picture|credit)s?\s*:\s*\S.{0,80}$|^\(?\s*(?:photo|image)\s+(?:by|courtesy|credit)\b",
    re.IGNORECASE,
)

#: A credit closing a caption: "… on March 16. [YONHAP]", "… (Yonhap)", "… Photo: via AP", "… 사진=뉴시스".
# Case-sensitive: "(EPA)" credits a photo, "(ePA)" abbreviates a term.
_AGENCY = (
    r"(?-i:Yonhap(?:\s+News)?|YONHAP|News1|NEWS1|Newsis|NEWSIS|AP|AFP|Reuters|REUTERS|EPA|Xinhua|XINHUA|Kyodo"
    r"|KYODO|Jiji|JIJI|Getty\s+Images|GETTY\s+IMAGES|연합뉴스|뉴시스|뉴스1|聯合|共同|時事)"
)
_END_CREDIT_RE = re.compile(
    rf"(?:\[\s*(?:{_AGENCY}|(?-i:[A-Z][A-Z0-9&. -]{{1,24}}))\s*\]|\(\s*{_AGENCY}\s*\)"
    r"|\b(?:photo|image|picture)s?\s*[:：]\s*(?:via\s+|courtesy\s+of\s+)?[\w .&/-]{1,40}"
    r"|(?:사진|写真)\s*[=:：]\s*\S{1,20}|[ⓒ©]\s*[\w.]{1,20}(?:\s+\S{2,4}\s?기자)?"
    r"|[=＝][^=＝。]{1,40}(?:撮影|提供))\s*$"
    # ... or opening it: "[저작권 한국일보] 미즈시마 공사가 …"
    r"|^\[\s*저작권\s*\S{1,12}\s*\]",
    re.IGNORECASE,
)
#: A caption is short: at most this many words and sentences (a caption printed twice on one line is two).
_CAPTION_MAX_WORDS = 60
_CAPTION_MAX_SENTENCES = 3
#: A paragraph that credits a wire for its words ("…, Yonhap reported.") is reporting, not a caption.
_REPORTED_RE = re.compile(
    r"\b(?:reported|said|says|told|according to)\b|보도했다|밝혔다|전했다", re.IGNORECASE
)


def is_caption_credit(line: str) -> bool:
    """A photo credit or a short caption ending in one (`ChromeRule.CAPTION`).

    >>> is_caption_credit("Leaders raise glasses in Tokyo on March 16. [YONHAP]")
    True
    >>> is_caption_credit("The talks will resume next week, Yonhap reported. Officials declined to comment.")
    False
    """
    text = " ".join(line.split())
    if _CREDIT_RE.search(text):
        return True
    if not _END_CREDIT_RE.search(text) or _REPORTED_RE.search(text):
        return False
    sentences = len(re.findall(r"[.!?](?:\s|$)|[。！？]", text))
    return word_count(text) <= _CAPTION_MAX_WORDS and sentences <= _CAPTION_MAX_SENTENCES


@dataclass(frozen=True)
class Logistic:
    """A standardized logistic regression: p = σ(w · (x - mean) / scale + bias)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if rows.shape[0] == 0:
            return np.zeros(0)
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-np.clip(z @ np.asarray(self.weights) + self.bias, -30, 30)))


@dataclass(frozen=True)
class BoilerplateModel:
    """Three logistic regressions over `pipeline.clean.line_features` and how they decide the article's span.

    ``inside``: p(the line lies between the article's first and last body line); ``start`` and ``end``:
    p(it is the first / the last). The article is the span maximizing
    ``boundary × (log p_start[s] + log p_end[e]) + Σ_{s..e} weight × (logit p_inside - bias)`` (`article_span`,
    a before / article / after chain decoded exactly); lines outside it go. ``weight``, ``bias`` and
    ``boundary`` are chosen on the training pages by an inner cross-validation, recall first.
    """

    features: tuple[str, ...]
    inside: Logistic
    start: Logistic
    end: Logistic
    weight: float
    bias: float
    boundary: float
    version: int = MODEL_VERSION

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """p(chrome) for each line of one page, from its rows of `FEATURE_NAMES`: p(outside the span)."""
        return 1.0 - self.inside.probabilities(rows) if rows.shape[0] else np.zeros(0)

    def span(self, rows: np.ndarray) -> tuple[int, int] | None:
        """The article's first and last row (`decode_span` over the three models' scores)."""
        if rows.shape[0] == 0:
            return None
        return decode_span(
            self.inside.probabilities(rows),
            self.start.probabilities(rows),
            self.end.probabilities(rows),
            weight=self.weight,
            bias=self.bias,
            boundary=self.boundary,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def decode_span(
    inside: np.ndarray, start: np.ndarray, end: np.ndarray, *, weight: float, bias: float, boundary: float
) -> tuple[int, int] | None:
    """The article's span from p(inside), p(start) and p(end) of each line (`BoilerplateModel`)."""
    return article_span(
        boundary * np.log(np.clip(start, 1e-9, 1.0)),
        boundary * np.log(np.clip(end, 1e-9, 1.0)),
        weight * (_logit(inside) - bias),
    )


def article_span(
    start: Sequence[float], end: Sequence[float], inside: Sequence[float]
) -> tuple[int, int] | None:
    """The ``(s, e)`` maximizing ``start[s] + end[e] + Σ inside[s..e]`` (s ≤ e), in one pass; None for no lines.

    >>> article_span([-5, 0, -5, -5, -5], [-5, -5, -5, 0, -5], [-1, 2, -0.5, 3, -1])
    (1, 3)
    """
    best, best_span = -np.inf, None
    opening, opened_at = -np.inf, 0  # best start[s] - Σ inside[..s) over s ≤ the current line
    prefix = 0.0
    for position, (s, e, x) in enumerate(zip(start, end, inside, strict=True)):
        if s - prefix > opening:
            opening, opened_at = s - prefix, position
        prefix += x
        if opening + prefix + e > best:
            best, best_span = opening + prefix + e, (opened_at, position)
    return best_span


def load_model(path: Path = MODEL_PATH) -> BoilerplateModel:
    """The model in ``path``; a file trained on other features than this code computes is an error."""
    data = json.loads(path.read_text(encoding="utf-8"))
    model = BoilerplateModel(
        features=tuple(data["features"]),
        inside=_logistic(data["inside"]),
        start=_logistic(data["start"]),
        end=_logistic(data["end"]),
        weight=float(data["weight"]),
        bias=float(data["bias"]),
        boundary=float(data["boundary"]),
        version=int(data["version"]),
    )
    if model.features != FEATURE_NAMES or model.version != MODEL_VERSION:
        raise ValueError(
            f"{path}: boilerplate model version {model.version} with {len(model.features)} features does not "
            f"match this code (version {MODEL_VERSION}, {len(FEATURE_NAMES)} features): run tools/train_boilerplate.py"
        )
    return model


def _logistic(data: dict) -> Logistic:
    return Logistic(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["bias"]))


@cache
def _shipped() -> BoilerplateModel:
    return load_model()


_override: list[BoilerplateModel | None] = []


def active_model() -> BoilerplateModel | None:
    """The model cleaning uses: the shipped one, unless `using_model` says otherwise (None: rules only)."""
    return _override[-1] if _override else _shipped()


@contextmanager
def using_model(model: BoilerplateModel | None) -> Iterator[None]:
    """Clean with ``model`` (None: the rules alone) inside the block: for training and benchmarks."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()


def find_model_chrome(
    lines: Sequence[str],
    flagged: dict[int, ChromeRule],
    *,
    headline: int | None = None,
    recurring: frozenset[str] = frozenset(),
    byline: str | None = None,
) -> dict[int, tuple[ChromeRule, float]]:
    """The lines (index -> rule, p(chrome)) the model and the block rules remove among those not ``flagged``.

    ``recurring`` holds the keys of lines that recur across the corpus. The block rules run on every page (they
    are precise); the model only on pages that look scraped (`_looks_scraped`). The headline and the credit line
    the page's ``byline`` was read from are never removed.
    """
    model = active_model()
    if model is None:
        return {}
    kept = [i for i in range(len(lines)) if i not in flagged]
    if _looks_scraped([lines[i] for i in kept], flagged):
        rows = line_features([lines[i] for i in kept], recurs=[line_key(lines[i]) in recurring for i in kept])
        chrome, span = model.probabilities(rows), model.span(rows)
        found = decide_lines(lines, kept, chrome, span, flagged, headline)
    else:  # a plain article: the whole text is the span, so only the block rules act, and they are sure
        # p(chrome) 0.5: no line counts as the model's article start (`comment_thread` needs other evidence:
        # a page left plain by an earlier pass can still hold a "Comments" link above its story).
        found = decide_lines(
            lines, kept, np.full(len(kept), 0.5), (0, len(kept) - 1) if kept else None, flagged, headline
        )
        found = {index: (rule, 1.0) for index, (rule, _) in found.items()}
    # The model still sees the byline's line: judged without it, one benchmark page lost 12 % of its body.
    found.pop(_byline_line(lines, kept, byline), None)
    return found


def _byline_line(lines: Sequence[str], kept: list[int], byline: str | None) -> int | None:
    """The first kept line crediting exactly ``byline`` (the docs promise the credit line stays in the text)."""
    if not byline:
        return None
    for index in kept:
        credit = byline_credit(lines[index], bare_names=True) or signin_credit(lines[index])
        if credit is not None and byline_names(credit) == byline:
            return index
    return None


#: Rules that only fire on web pages: a text with none of them and no menu above its prose is a plain article.
_PAGE_RULES = frozenset(
    {
        ChromeRule.SKIP_LINK,
        ChromeRule.NAVIGATION,
        ChromeRule.SECTION_BANNER,
        ChromeRule.SECTION_PATH,
        ChromeRule.SECTION_LABEL,
        ChromeRule.SHARE,
        ChromeRule.ADVERTISEMENT,
        ChromeRule.SUBSCRIPTION,
        ChromeRule.CONTACT,
        ChromeRule.COPYRIGHT,
        ChromeRule.BOILERPLATE,
    }
)
_MIN_MENU_LINES = 3


def _looks_scraped(lines: Sequence[str], flagged: dict[int, ChromeRule]) -> bool:
    """A scraped page: enough lines, a good share of them no prose, and page chrome the rules found or a menu
    (several short lines) above the first paragraph. Plain articles (wire copy, the samples) have neither."""
    if len(lines) < _MIN_LINES:
        return False
    furniture = [not is_body_like(line) for line in lines]
    if sum(furniture) < _MIN_FURNITURE_SHARE * len(lines):
        return False
    above = next((i for i, is_furniture in enumerate(furniture) if not is_furniture), len(lines))
    return above >= _MIN_MENU_LINES or any(rule in _PAGE_RULES for rule in flagged.values())


def decide_lines(
    lines: Sequence[str],
    kept: list[int],
    chrome: np.ndarray,
    span: tuple[int, int] | None,
    flagged: dict[int, ChromeRule],
    headline: int | None,
) -> dict[int, tuple[ChromeRule, float]]:
    """One pass over the ``kept`` lines given their p(chrome) and the article's span among them: the lines
    outside the span, and the block rules."""
    p = {index: float(chrome[position]) for position, index in enumerate(kept)}
    # A table or list the span cuts or borders is the article's, and so is a last paragraph cut off
    # mid-sentence (`pipeline.clean.boilerplate_blocks`).
    span = take_cut_off_end([lines[i] for i in kept], widen_span([lines[i] for i in kept], span))
    first, last = (kept[span[0]], kept[span[1]]) if span else (len(lines), -1)
    # Recall first: a line the model thinks likely the article's stays, span or no span (a paragraph or a
    # kick-off time cut off from the rest by a table of figures).
    decided = {
        index: (ChromeRule.BOILERPLATE_MODEL, p[index])
        for index in kept
        if not first <= index <= last
        and p[index] >= (KEEP_PROSE if is_body_like(lines[index]) else KEEP_LINE)
    }
    for index in kept:
        if is_caption_credit(lines[index]):
            decided[index] = (ChromeRule.CAPTION, p[index])
    decided.update(_related_lists(lines, kept, p, flagged))
    decided.update(comment_thread(lines, kept, p, first))
    decided.pop(headline, None)
    # Rules are sure (1.0); the model is not, so its confidence stays below theirs.
    return {i: (rule, min(sure, 0.9999)) for i, (rule, sure) in decided.items()}


def _related_lists(
    lines: Sequence[str], kept: list[int], p: dict[int, float], flagged: dict[int, ChromeRule]
) -> dict[int, tuple[ChromeRule, float]]:
    """A related-links heading (kept, or already removed by a rule) and the short lines that follow it."""
    found: dict[int, tuple[ChromeRule, float]] = {}
    kept_set = set(kept)
    for index, line in enumerate(lines):
        text = " ".join(line.split())
        heading = flagged.get(index) is ChromeRule.SECTION_BANNER or (
            (index in kept_set or index in flagged) and word_count(text) <= 6 and _RELATED_RE.match(text)
        )
        if not heading:
            continue
        if index in kept_set:
            found[index] = (ChromeRule.RELATED_LIST, p[index])
        for following in range(index + 1, len(lines)):
            if following in flagged:
                continue
            item = lines[following]
            if following not in kept_set or is_body_like(item) or word_count(item) > _LIST_ITEM_MAX_WORDS:
                break
            found[following] = (ChromeRule.RELATED_LIST, p[following])
    return found
