"""Tagging and stories on unseen text: entity, type, issue and story figures on the labelled set of issue #23.

Run `.venv/bin/python -m bench.tagging_eval [--split dev|heldout|fresh]` (default dev); results go to
bench/results/tagging_eval_<split>.json. The held-out third is for the final report only: run it once, at the end.
`fresh` is a second blind set (tests/gold/coverage_fresh.json, other events, written after the held-out third was
spent) with the same rule: measured once, never tuned on. Blind splits store figures only, no per-article errors.

The articles of one split of tests/gold/coverage_eval.json are written as one JSONL scrape (headline, blank line,
body; outlet and date as JSON fields) in a temporary folder and published by the real Dagster graph; the warehouse
is then read with DuckDB. Only the chosen split is published, so held-out articles never meet the dev ones.

- Entities are matched per document, one gold entity to at most one predicted entity: the same gazetteer
  entity_id, else the same normalized canonical name, else a normalized gold surface among the predicted
  entity's surfaces in that document (normalized: NFKC, case-folded, without spaces, hyphens, dots, apostrophes
  and middle dots). Precision counts predicted entities (distinct entity_id per document) that match; recall gold
  entities that do. Type accuracy is over matched pairs.
- Issues: document-level sets from `doc_issues` against the gold sets (micro-averaged).
- Stories: pairs of documents in one story (`story_articles`) against pairs in one gold story, within the split.
"""

import argparse
import json
import re
import shutil
import tempfile
import unicodedata
import warnings
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from bench.common import (
    REPO,
    code_state,
    materialize_graph,
    pair_one_to_one,
    precision_recall,
    ratio,
    write_results,
)

GOLD = REPO / "tests" / "gold" / "coverage_eval.json"
#: The second blind set; every article's split is "fresh".
FRESH = REPO / "tests" / "gold" / "coverage_fresh.json"
#: Splits measured once and never tuned on: their results keep figures only.
BLIND = ("heldout", "fresh")
SOURCE = "coverage_eval.jsonl"
_FOLD = re.compile(r"[\s\-‐‑–—.'’·・･]+")


def normalize(name: str) -> str:
    """A spelling folded for matching: NFKC, case, and no spaces, hyphens, dots, apostrophes or middle dots."""
    return _FOLD.sub("", unicodedata.normalize("NFKC", name).casefold())


def gold_file(split: str) -> Path:
    """The labelled file that holds ``split``."""
    return FRESH if split == "fresh" else GOLD


def load_gold(split: str) -> list[dict]:
    """The gold articles of one split, in file order."""
    articles = json.loads(gold_file(split).read_text(encoding="utf-8"))["articles"]
    return [a for a in articles if a["split"] == split]


def write_scrape(articles: list[dict], raw: Path) -> None:
    """One JSONL line per article, headline first as a text scrape has it; line n is gold article n."""
    raw.mkdir(parents=True)
    with (raw / SOURCE).open("w", encoding="utf-8") as out:
        for article in articles:
            record = {
                "id": article["id"],
                "title": article["title"],
                "text": f"{article['title']}\n\n{article['text']}",
                "outlet": article["outlet"],
                "published": article["published"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_warehouse(warehouse: Path, articles: list[dict]) -> dict:
    """Per gold id: detected language, predicted entities, issues and story, read from the published warehouse."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        docs = con.execute(
            "SELECT record, doc_id, language FROM documents WHERE source_path = ?", [SOURCE]
        ).fetchall()
        quarantined = con.execute("SELECT record, reason, detail FROM quarantine").fetchall()
        entities = con.execute(
            """SELECT m.doc_id, m.entity_id, e.name, e.type, list(DISTINCT m.surface)
               FROM entity_mentions m JOIN entities e USING (entity_id)
               GROUP BY m.doc_id, m.entity_id, e.name, e.type"""
        ).fetchall()
        issues = con.execute("SELECT doc_id, issue_id FROM doc_issues").fetchall()
        stories = con.execute("SELECT doc_id, story_id FROM story_articles").fetchall()
    gold_id = {record: articles[record - 1]["id"] for record, _, _ in docs}
    by_doc = {doc_id: gold_id[record] for record, doc_id, _ in docs}
    missing = [a["id"] for a in articles if a["id"] not in by_doc.values()]
    if missing:
        raise RuntimeError(f"{SOURCE}: articles {missing} were not published; quarantine: {quarantined}")
    out = {a["id"]: {"entities": [], "issues": set(), "story": None} for a in articles}
    for record, _, language in docs:
        out[gold_id[record]]["language"] = language
    for doc_id, entity_id, name, type_, surfaces in entities:
        if doc_id in by_doc:
            out[by_doc[doc_id]]["entities"].append(
                {"entity_id": entity_id, "name": name, "type": type_, "surfaces": sorted(surfaces)}
            )
    for doc_id, issue_id in issues:
        if doc_id in by_doc:
            out[by_doc[doc_id]]["issues"].add(issue_id)
    for doc_id, story_id in stories:
        if doc_id in by_doc:
            out[by_doc[doc_id]]["story"] = story_id
    return out


def _matches(gold: dict, predicted: dict) -> bool:
    if gold["entity_id"] and gold["entity_id"] == predicted["entity_id"]:
        return True
    if normalize(gold["name"]) == normalize(predicted["name"]):
        return True
    spellings = {normalize(s) for s in [gold["surface"], *gold.get("other_surfaces", [])]}
    return bool(spellings & {normalize(s) for s in predicted["surfaces"]})


def match_entities(
    gold: list[dict], predicted: list[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(matched pairs, missed gold, unmatched predicted): exact gazetteer ids are paired first, then the rest."""
    return pair_one_to_one(sorted(gold, key=lambda g: g["entity_id"] is None), predicted, _matches)


def score(articles: list[dict], predicted: dict) -> dict:
    """Entity, type and issue figures overall and per language, story pair figures, and per-article errors."""
    counts = defaultdict(Counter)
    errors = {}
    for article in articles:
        got = predicted[article["id"]]
        pairs, missed, extra = match_entities(article["entities"], got["entities"])
        gold_issues, got_issues = set(article["issues"]), got["issues"]
        for key in ("all", article["language"]):
            c = counts[key]
            c["documents"] += 1
            c["gold_entities"] += len(article["entities"])
            c["predicted_entities"] += len(got["entities"])
            c["matched_entities"] += len(pairs)
            c["type_agree"] += sum(g["type"] == p["type"] for g, p in pairs)
            c["gold_issues"] += len(gold_issues)
            c["predicted_issues"] += len(got_issues)
            c["matched_issues"] += len(gold_issues & got_issues)
            c["language_agree"] += got.get("language") == article["language"]
        errors[article["id"]] = {
            "missed_entities": [f"{g['surface']} ({g['type']})" for g in missed],
            "extra_entities": [f"{p['name']} ({p['type']}: {', '.join(p['surfaces'])})" for p in extra],
            "wrong_types": [
                f"{g['surface']}: {p['type']} for {g['type']}" for g, p in pairs if g["type"] != p["type"]
            ],
            "missed_issues": sorted(gold_issues - got_issues),
            "extra_issues": sorted(got_issues - gold_issues),
            "detected_language": got.get("language"),
        }
    figures = {}
    for key, c in counts.items():
        figures[key] = {
            "documents": c["documents"],
            "language_accuracy": ratio(c["language_agree"], c["documents"]),
            "entities": {
                **precision_recall(c["gold_entities"], c["predicted_entities"], c["matched_entities"]),
                "type_accuracy": ratio(c["type_agree"], c["matched_entities"]),
            },
            "issues": precision_recall(c["gold_issues"], c["predicted_issues"], c["matched_issues"]),
        }
    return {"figures": figures, "stories": score_stories(articles, predicted), "errors": errors}


def _pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    members = defaultdict(list)
    for doc, group in groups.items():
        if group is not None:
            members[group].append(doc)
    return {pair for ids in members.values() for pair in combinations(sorted(ids), 2)}


def score_stories(articles: list[dict], predicted: dict) -> dict:
    """Pairwise story precision and recall, overall and split into same-language and cross-language pairs."""
    language = {a["id"]: a["language"] for a in articles}
    gold = _pairs({a["id"]: a["story"] for a in articles})
    got = _pairs({a["id"]: predicted[a["id"]]["story"] for a in articles})
    topic = {a["id"]: (a["topic"], a["story"]) for a in articles}
    out = {}
    for name, keep in (
        ("all", lambda p: True),
        ("same_language", lambda p: language[p[0]] == language[p[1]]),
        ("cross_language", lambda p: language[p[0]] != language[p[1]]),
    ):
        g, p = {x for x in gold if keep(x)}, {x for x in got if keep(x)}
        out[name] = precision_recall(len(g), len(p), len(g & p), "_pairs")
    # Same topic, different event: the pairs the issue saw wrongly joined.
    traps = {
        pair
        for pair in combinations(sorted(topic), 2)
        if topic[pair[0]][0] == topic[pair[1]][0] and topic[pair[0]][1] != topic[pair[1]][1]
    }
    out["same_topic_different_event"] = {
        "pairs": len(traps),
        "wrongly_joined": sorted(map(list, traps & got)),
    }
    out["wrong_pairs"] = sorted(map(list, got - gold))
    out["missed_pairs"] = sorted(map(list, gold - got))
    return out


def run(split: str) -> dict:
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    articles = load_gold(split)
    work = Path(tempfile.mkdtemp(prefix="newsetl-tagging-eval-"))
    try:
        raw = work / "raw"
        write_scrape(articles, raw)
        warehouse = work / "warehouse" / "news.duckdb"
        result, _, wall = materialize_graph(raw, warehouse)
        if not result.success:
            raise RuntimeError(f"the graph failed on the {split} split of {gold_file(split).name}")
        predicted = read_warehouse(warehouse, articles)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = score(articles, predicted)
    languages = Counter(a["language"] for a in articles)
    out = {
        "corpus": f"{gold_file(split).relative_to(REPO)}, split {split}: {len(articles)} articles ({dict(languages)})",
        "matching": (
            "entities per document: same gazetteer entity_id, else same normalized canonical name, else a normalized "
            "gold surface among the predicted entity's surfaces; issues per document; stories as document pairs"
        ),
        "wall_seconds": round(wall, 1),
        "code": code_state(),
        **report,
    }
    if split in BLIND:
        # The held-out third is reported, never tuned on: figures only, no per-article errors to read.
        out.pop("errors")
        for key in ("wrong_pairs", "missed_pairs"):
            out["stories"].pop(key)
        out["stories"]["same_topic_different_event"]["wrongly_joined"] = len(
            out["stories"]["same_topic_different_event"]["wrongly_joined"]
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.tagging_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", *BLIND), default="dev")
    args = parser.parse_args(argv)
    report = run(args.split)
    path = write_results(f"tagging_eval_{args.split}", report)
    for key, f in report["figures"].items():
        e, i = f["entities"], f["issues"]
        print(
            f"{key:>3}: entities P {e['precision']} R {e['recall']} type {e['type_accuracy']}; "
            f"issues P {i['precision']} R {i['recall']}"
        )
    s = report["stories"]["all"]
    print(
        f"stories: pairwise P {s['precision']} R {s['recall']} ({s['matched_pairs']}/{s['gold_pairs']} gold pairs)"
    )
    print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
