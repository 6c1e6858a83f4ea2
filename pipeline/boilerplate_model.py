"""The learned line model: which lines of a text scrape are page chrome the rules did not catch.

`pipeline.chrome` removes what a line's shape proves to be chrome. What is left on a scraped page is mostly
chrome that looks like text: menus, teaser lists, comment threads, footers. A logistic regression over
`pipeline.line_features` (weights in ``pipeline/data/boilerplate_model.json``, trained by
``tools/train_boilerplate.py`` on the article-extraction benchmark's pages as text, see
``bench/text_extraction.py``) scores each line the rules kept; block rules then act on whole blocks:

- a related / most-viewed / more-from heading takes its list of short lines with it (`ChromeRule.RELATED_LIST`);
- a comments header ("32 Comments", "Login to comment", "댓글") takes everything below it (`ChromeRule.COMMENTS`);
- a photo credit ("/Courtesy of Yonhap News", "[NEWS1]", "이미지 확대", "Photo: AP") goes (`ChromeRule.CAPTION`).

Recall comes first: a line between two body lines stays unless the model is sure (a quoted line, a one-line
paragraph, a list inside the article), and the model only acts on pages that look scraped: plain articles
(a headline and paragraphs) have no chrome to find. Removing lines changes the neighbours of the rest, so the
model runs again on what it kept until it removes nothing: cleaning its own output then changes nothing.
"""

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.chrome import ChromeRule, is_body_like, line_key, word_count
from pipeline.line_features import FEATURE_NAMES, line_features

MODEL_PATH = Path(__file__).parent / "data" / "boilerplate_model.json"
MODEL_VERSION = 1

#: A line the model would remove stays when the lines around it are kept body, unless it is at least this sure.
SURE = 0.98
#: At most this many passes of the model over its own output (it settles in two or three).
_MAX_PASSES = 1
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
    r"|관련\s?기사|많이\s?본\s?뉴스|인기\s?기사|추천\s?기사|関連記事|関連ニュース|人気記事|おすすめ記事)\W*$",
    re.IGNORECASE,
)
_COMMENTS_RE = re.compile(
    r"^(?:\d+\s+comments?|comments?(?:\s*\(\d+\))?|(?:log|sign)\s*in\s+to\s+(?:comment|reply)"
    r"|login\s+to\s+comment|leave\s+a\s+(?:comment|reply)|add\s+a\s+comment|post\s+a\s+comment"
    r"|join\s+the\s+(?:conversation|discussion)|show\s+comments|view\s+comments|reader\s+comments"
    r"|\d+\s+(?:responses?|replies|thoughts)\b.{0,80}"
    r"|댓글(?:\s*\d+\s*개?)?|댓글\s?쓰기|コメント(?:\s*\d+\s*件?)?)\W*$",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"/\s*(?:courtesy\s+of\s+)?[\w .&-]{0,40}(?:news|agency|press|images?|photos?|yonhap|newsis|news1|ap|afp"
    r"|reuters|epa|getty(?:\s+images)?|kyodo|jiji|xinhua|shutterstock)\s*\)?\s*$"
    r"|^\[?\s*news1\s*\]?$|\[news1\]\s*$|^이미지\s?확대$|^(?:사진|写真)\s*[:=]"
    r"|^(?:photo|image|picture|credit)s?\s*:\s*\S.{0,80}$|^\(?\s*(?:photo|image)\s+(?:by|courtesy|credit)\b",
    re.IGNORECASE,
)


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
    """A logistic regression over `pipeline.line_features` and how its p(chrome) decides.

    The article is the run of lines with the largest ``Σ (words + 1) × (1 - p(chrome) - span_cost)``
    (`article_span`); lines outside it go, lines inside it go only when p(chrome) ≥ ``inside_threshold``.
    """

    features: tuple[str, ...]
    lines: Logistic
    span_cost: float
    inside_threshold: float
    version: int = MODEL_VERSION

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """p(chrome) for each line of one page, from its rows of `FEATURE_NAMES`."""
        if rows.shape[0] == 0:
            return np.zeros(0)
        return self.lines.probabilities(rows)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"


def article_span(words: Sequence[float], chrome: Sequence[float], cost: float) -> tuple[int, int] | None:
    """The first and last position of the run of lines with the largest ``Σ words × (1 - chrome - cost)``
    (the maximum-sum subarray), or None when no line gains anything.

    >>> article_span([2, 30, 1, 40, 3], [0.9, 0.1, 0.8, 0.05, 0.9], 0.5)
    (1, 3)
    """
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for position, (count, p) in enumerate(zip(words, chrome, strict=True)):
        if total <= 0:
            total, start = 0.0, position
        total += (count + 1) * (1.0 - p - cost)
        if total > best:
            best, best_span = total, (start, position)
    return best_span


def load_model(path: Path = MODEL_PATH) -> BoilerplateModel:
    """The model in ``path``; a file trained on other features than this code computes is an error."""
    data = json.loads(path.read_text(encoding="utf-8"))
    model = BoilerplateModel(
        features=tuple(data["features"]),
        lines=_logistic(data["lines"]),
        span_cost=float(data["span_cost"]),
        inside_threshold=float(data["inside_threshold"]),
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


def fit_logistic(rows: np.ndarray, chrome: np.ndarray, weights: np.ndarray, *, l2: float = 1.0) -> Logistic:
    """Fit p(chrome) by Newton's method on the L2-penalized, ``weights``-weighted log loss."""
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack(((rows - mean) / scale, np.ones((rows.shape[0], 1))))
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        gradient = z.T @ (weights * (p - chrome)) + penalty * beta
        hessian = (z * (weights * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in beta[:-1]),
        round(float(beta[-1]), 6),
    )


def fit_model(
    rows: np.ndarray,
    labels: np.ndarray,
    pages: np.ndarray,
    *,
    span_cost: float = 0.5,
    inside_threshold: float = 1.0,
    inner_folds: int = 4,
) -> tuple[BoilerplateModel, np.ndarray]:
    """Fit the model on ``rows`` (labels True for body; ``pages`` numbers each row's page).

    Each line weighs the square root of its words: long lines decide the score, short ones still count.
    Also returns every row's p(chrome) from a fit on the other pages (an inner cross-validation by page),
    as the model will meet new pages: the decision parameters are chosen on those.
    """
    chrome = (~labels.astype(bool)).astype(float)
    weights = np.sqrt(np.expm1(rows[:, FEATURE_NAMES.index("log_words")]) + 1.0)
    out_of_fold = np.zeros(len(chrome))
    groups = pages % inner_folds
    for fold in range(inner_folds):
        train = groups != fold
        fitted = fit_logistic(rows[train], chrome[train], weights[train])
        out_of_fold[~train] = fitted.probabilities(rows[~train])
    model = BoilerplateModel(FEATURE_NAMES, fit_logistic(rows, chrome, weights), span_cost, inside_threshold)
    return model, out_of_fold


def find_model_chrome(
    lines: Sequence[str],
    flagged: dict[int, ChromeRule],
    *,
    headline: int | None = None,
    recurring: frozenset[str] = frozenset(),
) -> dict[int, tuple[ChromeRule, float]]:
    """The lines (index -> rule, p(chrome)) the model and the block rules remove among those not ``flagged``.

    ``recurring`` holds the keys of lines that recur across the corpus. The headline is never removed.
    """
    model = active_model()
    if model is None:
        return {}
    found: dict[int, tuple[ChromeRule, float]] = {}
    for _ in range(_MAX_PASSES):
        kept = [i for i in range(len(lines)) if i not in flagged and i not in found]
        if not _looks_scraped([lines[i] for i in kept], flagged):
            break
        rows = line_features([lines[i] for i in kept], recurs=[line_key(lines[i]) in recurring for i in kept])
        chrome = model.probabilities(rows)
        more = _decide(lines, kept, chrome, model, flagged, found, headline)
        if not more:
            break
        found.update(more)
    return found


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


def _decide(
    lines: Sequence[str],
    kept: list[int],
    chrome: np.ndarray,
    model: BoilerplateModel,
    flagged: dict[int, ChromeRule],
    found: dict[int, tuple[ChromeRule, float]],
    headline: int | None,
) -> dict[int, tuple[ChromeRule, float]]:
    """One pass: the lines outside the article's span and the sure ones inside, smoothed; the block rules."""
    p = {index: float(chrome[position]) for position, index in enumerate(kept)}
    span = article_span([word_count(lines[i]) for i in kept], chrome, model.span_cost)
    first, last = (kept[span[0]], kept[span[1]]) if span else (len(lines), -1)
    remove = {i for i in kept if not first <= i <= last or p[i] >= model.inside_threshold}
    # A line between two lines that stay, both prose, stays unless the model is sure.
    for position, index in enumerate(kept):
        if index in remove and p[index] < SURE and 0 < position < len(kept) - 1:
            before, after = kept[position - 1], kept[position + 1]
            if (
                before not in remove
                and after not in remove
                and is_body_like(lines[before])
                and is_body_like(lines[after])
            ):
                remove.discard(index)
    decided = {index: (ChromeRule.BOILERPLATE_MODEL, p[index]) for index in remove}
    for index in kept:
        if _CREDIT_RE.search(" ".join(lines[index].split())):
            decided[index] = (ChromeRule.CAPTION, p[index])
    decided.update(_related_lists(lines, kept, p, flagged))
    decided.update(_comments(lines, kept, p))
    decided.pop(headline, None)
    # Rules are sure (1.0); the model is not, so its confidence stays below theirs.
    return {i: (rule, min(sure, 0.9999)) for i, (rule, sure) in decided.items() if i not in found}


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


def _comments(
    lines: Sequence[str], kept: list[int], p: dict[int, float]
) -> dict[int, tuple[ChromeRule, float]]:
    """A comments header with most of the page's prose above it takes every line after it."""
    prose = [word_count(lines[i]) if is_body_like(lines[i]) else 0 for i in kept]
    total = sum(prose) or 1
    seen = 0
    for position, index in enumerate(kept):
        if seen / total >= 0.5 and _COMMENTS_RE.match(" ".join(lines[index].split())):
            return {i: (ChromeRule.COMMENTS, p[i]) for i in kept[position:]}
        seen += prose[position]
    return {}
