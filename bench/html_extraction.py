"""HTML article extraction: our ingest + clean stage against plain trafilatura, on the Zyte benchmark pages.

`.venv/bin/python -m bench.html_extraction` scores, for each of the 100 pages of
``../shared/corpora/article_extraction_benchmark/sample_html_with_expected.jsonl``:

- ``trafilatura``: ``trafilatura.extract(html)`` with its defaults;
- ``newsetl``: the page as a raw ``.html`` file through `pipeline.ingest.records.read_records` and
  `pipeline.clean.articles.clean_records`, i.e. what `documents.text` would publish. The headline block is left out
  when the expected body does not contain the headline (the annotators' body never repeats it).

Metric: the benchmark's token-level comparison, bag of lowercase ``\\w+`` tokens; precision, recall and F1 per
page, averaged over pages (a page where an extractor returns nothing scores 0). The corpus is read in place;
nothing from it is written into the repository. Results go to ``bench/results/html_extraction.json``.
"""

import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import trafilatura

from bench.common import CORPORA, REPO, write_results
from pipeline.clean.articles import Article, clean_records
from pipeline.core.constants import ParagraphKind
from pipeline.ingest.records import read_records

CORPUS = CORPORA / "article_extraction_benchmark" / "sample_html_with_expected.jsonl"

PLAIN = "trafilatura"
OURS = "newsetl"

_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    expected: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def load_pages(path: Path = CORPUS) -> list[Page]:
    pages = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pages.append(Page(row["id"], row["url"], row["html"], row["expected_article_body"]))
    return pages


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN_RE.findall(text.lower()))


def score(expected: str, predicted: str) -> Score:
    """Bag-of-tokens precision, recall and F1 of ``predicted`` against ``expected``."""
    want, got = tokens(expected), tokens(predicted)
    overlap = sum((want & got).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def plain_trafilatura(pages: Iterable[Page]) -> list[str]:
    return [trafilatura.extract(page.html) or "" for page in pages]


def newsetl_bodies(pages: Iterable[Page]) -> list[str]:
    """Each page as a raw .html file through ingest and the clean stage; "" where it was quarantined."""
    pages = list(pages)
    records = []
    for page in pages:
        data = page.html.encode("utf-8")
        found, _ = read_records(f"{page.id}.html", hashlib.sha256(data).hexdigest(), data)
        records.extend(found)
    articles, _ = clean_records(records)
    by_path = {article.record.source_path: article for article in articles}
    return [_body(by_path.get(f"{page.id}.html"), page.expected) for page in pages]


def _body(article: Article | None, expected: str) -> str:
    if article is None:
        return ""
    expected_words = " ".join(_TOKEN_RE.findall(expected.lower()))
    kept = []
    for block in article.blocks:
        text = article.text[block.char_start : block.char_end]
        headline_in_body = " ".join(_TOKEN_RE.findall(text.lower())) in expected_words
        if block.kind is ParagraphKind.HEADLINE and not headline_in_body:
            continue
        kept.append(text)
    return "\n".join(kept)


def summarize(pages: list[Page], outputs: list[str]) -> dict[str, float]:
    scores = [score(page.expected, output) for page, output in zip(pages, outputs, strict=True)]
    return {
        "precision": round(statistics.mean(s.precision for s in scores), 4),
        "recall": round(statistics.mean(s.recall for s in scores), 4),
        "f1": round(statistics.mean(s.f1 for s in scores), 4),
        "pages_empty": sum(1 for output in outputs if not output.strip()),
    }


def per_page(pages: list[Page], outputs: dict[str, list[str]]) -> list[dict]:
    rows = []
    for index, page in enumerate(pages):
        row: dict = {"id": page.id}  # the page's hash only: no corpus text or URL lands in the repository
        for name, texts in outputs.items():
            row[name] = {
                key: round(value, 4) for key, value in asdict(score(page.expected, texts[index])).items()
            }
        rows.append(row)
    return rows


def run(pages: list[Page]) -> dict:
    extractors: dict[str, Callable[[list[Page]], list[str]]] = {
        PLAIN: plain_trafilatura,
        OURS: newsetl_bodies,
    }
    outputs: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    for name, extract in extractors.items():
        start = time.perf_counter()
        outputs[name] = extract(pages)
        seconds[name] = round(time.perf_counter() - start, 2)
    return {
        "corpus": "scrapinghub/article-extraction-benchmark, 100 smallest pages",
        "metric": "bag of lowercase \\w+ tokens; per-page precision/recall/F1, mean over pages",
        "pages": len(pages),
        "trafilatura_version": trafilatura.__version__,
        "summary": {name: {**summarize(pages, outputs[name]), "seconds": seconds[name]} for name in outputs},
        "per_page": per_page(pages, outputs),
    }


def main() -> int:
    if not CORPUS.is_file():
        print(f"corpus not found: {CORPUS} (research-only, not committed)", file=sys.stderr)
        return 2
    results = run(load_pages())
    path = write_results("html_extraction", results)
    print(f"{results['pages']} pages; token-level, mean over pages")
    print(f"  {'extractor':<12} {'precision':>9} {'recall':>9} {'F1':>9} {'empty':>6} {'seconds':>8}")
    for name, s in results["summary"].items():
        print(
            f"  {name:<12} {s['precision']:>9.4f} {s['recall']:>9.4f} {s['f1']:>9.4f} "
            f"{s['pages_empty']:>6} {s['seconds']:>8.2f}"
        )
    print(f"written to {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
