"""Metadata benchmark: title, outlet, byline, dateline, publication date, time and UTC offset read off
hand-labelled page headers and footers (tests/gold/metadata_pages.json), per field, on the tuning half, the
held-out half, the blind set and the eye set.

Run `.venv/bin/python -m bench.metadata` (add `--misses` to list every wrong field); results go to
bench/results/metadata.json. The halves were fixed by a hash of each case id before any reader was written;
only the tuning half was looked at while tuning, so the held-out figure is the one that says how well the readers
generalise. The blind cases were written later, in the style of sites no other case uses, and measured before
any code was changed for them. The "eye" cases were written after a colleague read 22 real stored pages by eye,
in the shapes the readers got wrong there (no page copied), and measured before the readers were fixed for them.
`tests/test_metadata_pages.py` guards the tuning figure.

`--html-pages` also reads the publication time off the 100 real pages of the Zyte article-extraction benchmark
(../shared/corpora, no date labels): how many state a date, a time and a zone in their metadata, and how often that
date is trafilatura's.
"""

import argparse
import json
import time
from collections import Counter, defaultdict

from bench.common import CORPORA, REPO, missing, write_results
from pipeline.clean.scrape import clean_text
from pipeline.ingest.html_extract import extract_article
from pipeline.ingest.structured_dates import html_publication

GOLD = REPO / "tests" / "gold" / "metadata_pages.json"
FIELDS = ("title", "outlet", "byline", "dateline", "published_date", "published_time", "published_utc_offset")
SPLITS = ("tuning", "heldout", "blind", "eye")


def load_cases() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["cases"]


def read_fields(case: dict) -> dict[str, str | None]:
    """What the cleaner reads off one page, as strings comparable with the gold."""
    article = clean_text("\n".join(case["lines"]))
    found = {field: getattr(article, field) for field in FIELDS}
    for field in ("published_date", "published_time"):
        value = found[field]
        found[field] = value.isoformat() if value is not None else None
    return found


def score(cases: list[dict]) -> tuple[dict[str, dict], list[dict]]:
    """Per split, per field accuracy (exact match, None included), and the misses."""
    right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[str, int] = defaultdict(int)
    misses = []
    for case in cases:
        found = read_fields(case)
        counts[case["split"]] += 1
        for field in FIELDS:
            if found[field] == case["gold"][field]:
                right[case["split"]][field] += 1
            else:
                misses.append(
                    {
                        "id": case["id"],
                        "split": case["split"],
                        "field": field,
                        "gold": case["gold"][field],
                        "found": found[field],
                    }
                )
    table = {
        split: {
            "cases": counts[split],
            **{field: round(right[split][field] / counts[split], 3) for field in FIELDS},
        }
        for split in SPLITS
        if counts[split]
    }
    return table, misses


HTML_PAGES = CORPORA / "article_extraction_benchmark" / "sample_html_with_expected.jsonl"


def html_date_coverage() -> dict:
    """What the real pages' date metadata states, and whether its date is the one trafilatura finds."""
    counts: Counter = Counter()
    offsets: Counter = Counter()
    seconds = 0.0
    with HTML_PAGES.open(encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            started = time.perf_counter()
            stated = html_publication(page["html"])
            seconds += time.perf_counter() - started
            article = extract_article(page["html"], url=page["url"])
            found = article.published if article else None
            counts["pages"] += 1
            counts["date"] += stated.date is not None
            counts["time"] += stated.time is not None
            counts["zone"] += stated.utc_offset is not None
            offsets[stated.utc_offset] += stated.utc_offset is not None
            if stated.date is not None and found is not None:
                counts["both_dated"] += 1
                counts["same_date"] += stated.date == found
            counts["trafilatura_date_only"] += found is not None and stated.date is None
    return {
        **counts,
        "zones_minutes": {str(k): v for k, v in offsets.most_common() if v},
        "ms_per_page": round(seconds / max(counts["pages"], 1) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    parser.add_argument("--split", choices=SPLITS, help="list misses of this split only")
    parser.add_argument("--html-pages", action="store_true", help="also the real pages' date metadata")
    args = parser.parse_args()
    table, misses = score(load_cases())
    print(f"{'split':<10}{'cases':>6}" + "".join(f"{field:>22}" for field in FIELDS))
    for split, row in table.items():
        print(f"{split:<10}{row['cases']:>6}" + "".join(f"{row[field]:>22.3f}" for field in FIELDS))
    if args.misses:
        for miss in misses:
            if args.split in (None, miss["split"]):
                print(
                    f"{miss['split']:<8} {miss['id']:<32} {miss['field']:<15} gold={miss['gold']!r} found={miss['found']!r}"
                )
    report = {"gold": str(GOLD.relative_to(REPO)), "accuracy": table, "misses": len(misses)}
    if args.html_pages and not missing(HTML_PAGES):
        report["html_pages"] = html_date_coverage()
        print("real pages' date metadata:", json.dumps(report["html_pages"]))
    path = write_results("metadata", report)
    print(f"results: {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
