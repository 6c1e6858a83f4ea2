"""The Reuters check of issue #23: annotators' people and `trade` labels against our person entities and issues.

Run `.venv/bin/python -m bench.reuters_tags [--limit N] [--record current|baseline]`; results go to
bench/results/reuters_tags.json, which keeps one entry per ``--record`` (the other entry is left as it was, so a
baseline measured at an older commit stays beside the current figures).

Corpus: Reuters-21578 (../shared/corpora/reuters21578, research-only, read in place, never copied): the 1,189
stories with place `japan` or `south-korea` and a non-empty body (1,186 NORM + 3 UNPROC; the 31 BRIEF ones are
headlines only). Each is written as one record of a JSONL text scrape (headline, blank line, dateline and body
with the SGML entities decoded and wire control characters dropped; outlet Reuters; the story's date), and the
scrape is published by the real Dagster graph into a temporary warehouse, read back with DuckDB.

- People. Annotators label a closed list of 267 public figures by lower-case name ("nakasone", "james-baker",
  "de-clercq", "leigh-pemberton"). A label and a name are split into words (NFKC, case-folded, split on spaces,
  hyphens, dots and apostrophes). A label matches a person entity of the story when the entity's canonical name
  or one of its surfaces there either ends with all the label's words ("Yasuhiro Nakasone" for "nakasone",
  "Robin Leigh-Pemberton" for "leigh-pemberton") or is a single word equal to the label's last word ("Baker" for
  "james-baker": the family name alone). Labels and entities pair one to one per story. Recall counts labels
  matched by a person entity; precision counts person entities (distinct entity_id per story) that match a label,
  which understates it, since annotators label only their list's figures: ``precision_in_vocabulary`` counts only
  entities that match some name of the list. ``recall_any_type`` shows how many labels are found at all, under
  whatever type.
- Trade: the `trade` topic against our `trade_economy` issue, per story (a broader issue than the topic).
- Language: every story is English.
Counts are summed over stories (micro-averaged); a story not published counts with no predictions.
"""

import argparse
import datetime as dt
import html
import json
import re
import shutil
import sys
import tempfile
import unicodedata
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from bench.common import (
    CORPORA,
    REPO,
    RESULTS,
    code_state,
    materialize_graph,
    missing,
    pair_one_to_one,
    precision_recall,
    ratio,
    write_results,
)

CORPUS = CORPORA / "reuters21578"
STORIES = CORPUS / "reuters21578.jsonl"
VOCABULARY = CORPUS / "all-people-strings.lc.txt"
PLACES = {"japan", "south-korea"}
SOURCE = "reuters_japan_korea.jsonl"
NAME = "reuters_tags"
_WORD_BREAK = re.compile(r"[\s\-‐‑–—.'’]+")
# Wire codes and control characters ("&#3;" ends every story, "&#2;" opens some tables): no text a scrape keeps.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def select_stories(path: Path = STORIES) -> list[dict]:
    """The stories placed in Japan or South Korea with a non-empty body, in file order."""
    with path.open(encoding="utf-8") as handle:
        records = (json.loads(line) for line in handle)
        return [r for r in records if PLACES & set(r["places"]) and (r["body"] or "").strip()]


def scrape_text(story: dict) -> str:
    """The story as a text scrape has it: headline, blank line, dateline and body, entities decoded."""
    body = (story["dateline"] or "").strip() + " " + story["body"]
    text = f"{story['title'] or ''}\n\n{body.strip()}"
    return _CONTROL.sub("", html.unescape(text)).strip()


def published(story: dict) -> str:
    """The story's date in ISO form ("26-FEB-1987 15:01:01.79" -> "1987-02-26")."""
    return dt.datetime.strptime(story["date"].split()[0], "%d-%b-%Y").date().isoformat()


def write_scrape(stories: list[dict], raw: Path) -> None:
    """One JSONL line per story; line n is story n."""
    raw.mkdir(parents=True)
    with (raw / SOURCE).open("w", encoding="utf-8") as out:
        for story in stories:
            record = {
                "id": f"reuters-{story['newid']}",
                "title": story["title"],
                "text": scrape_text(story),
                "outlet": "Reuters",
                "published": published(story),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_warehouse(warehouse: Path, stories: list[dict]) -> tuple[dict, list]:
    """(per newid: language, entities and issues of the published story; quarantine rows of the scrape)."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        docs = con.execute(
            "SELECT record, doc_id, language FROM documents WHERE source_path = ?", [SOURCE]
        ).fetchall()
        quarantined = con.execute(
            "SELECT record, reason, detail FROM quarantine WHERE source_path = ?", [SOURCE]
        ).fetchall()
        entities = con.execute(
            """SELECT m.doc_id, m.entity_id, e.name, e.type, list(DISTINCT m.surface)
               FROM entity_mentions m JOIN entities e USING (entity_id)
               GROUP BY m.doc_id, m.entity_id, e.name, e.type"""
        ).fetchall()
        issues = con.execute("SELECT doc_id, issue_id FROM doc_issues").fetchall()
    newid = {doc_id: stories[record - 1]["newid"] for record, doc_id, _ in docs}
    out = {
        newid[doc_id]: {"language": language, "entities": [], "issues": set()} for _, doc_id, language in docs
    }
    for doc_id, entity_id, name, type_, surfaces in entities:
        if doc_id in newid:
            out[newid[doc_id]]["entities"].append(
                {"entity_id": entity_id, "name": name, "type": type_, "surfaces": sorted(surfaces)}
            )
    for doc_id, issue_id in issues:
        if doc_id in newid:
            out[newid[doc_id]]["issues"].add(issue_id)
    return out, quarantined


def words(name: str) -> tuple[str, ...]:
    """A name's words for matching: NFKC, case-folded, split on spaces, hyphens, dots and apostrophes."""
    return tuple(w for w in _WORD_BREAK.split(unicodedata.normalize("NFKC", name).casefold()) if w)


def label_matches(label: str, names: list[str]) -> bool:
    """Whether an annotators' label ("james-baker") names the entity one of ``names`` spells (rule: module doc)."""
    wanted = words(label)
    for name in names:
        got = words(name)
        if got[-len(wanted) :] == wanted or got == wanted[-1:]:
            return True
    return False


def _spellings(entity: dict) -> list[str]:
    return [entity["name"], *entity["surfaces"]]


def match_people(
    labels: list[str], persons: list[dict]
) -> tuple[list[tuple[str, dict]], list[str], list[dict]]:
    """(matched label-entity pairs, missed labels, unmatched entities), one to one, labels in their order."""
    return pair_one_to_one(labels, persons, lambda label, person: label_matches(label, _spellings(person)))


def score(stories: list[dict], predicted: dict, vocabulary: list[str]) -> dict:
    """People, trade and language figures over ``stories`` (summed per story), plus the people errors."""
    c = Counter()
    missed_people, extra_in_vocabulary, not_english = defaultdict(list), Counter(), {}
    for story in stories:
        got = predicted.get(story["newid"], {"language": None, "entities": [], "issues": set()})
        labels = story["people"]
        persons = [e for e in got["entities"] if e["type"] == "person"]
        pairs, missed, extra = match_people(labels, persons)
        c["stories"] += 1
        c["published"] += story["newid"] in predicted
        c["english"] += got["language"] == "en"
        if got["language"] != "en":
            not_english[story["newid"]] = got["language"]
        c["gold_people"] += len(labels)
        c["predicted_people"] += len(persons)
        c["matched_people"] += len(pairs)
        c["found_any_type"] += len(match_people(labels, got["entities"])[0])
        known = [p for p in persons if any(label_matches(v, _spellings(p)) for v in vocabulary)]
        c["predicted_in_vocabulary"] += len(known)
        c["matched_in_vocabulary"] += sum(any(p is hit for _, hit in pairs) for p in known)
        for label in missed:
            missed_people[label].append(story["newid"])
        extra_in_vocabulary.update(p["name"] for p in extra if p in known)
        gold_trade, got_trade = "trade" in story["topics"], "trade_economy" in got["issues"]
        c["gold_trade"] += gold_trade
        c["predicted_trade"] += got_trade
        c["matched_trade"] += gold_trade and got_trade
    return {
        "stories": c["stories"],
        "published": c["published"],
        "language_accuracy": ratio(c["english"], c["stories"]),
        "people": {
            **precision_recall(c["gold_people"], c["predicted_people"], c["matched_people"]),
            "predicted_in_vocabulary": c["predicted_in_vocabulary"],
            "precision_in_vocabulary": ratio(c["matched_in_vocabulary"], c["predicted_in_vocabulary"]),
            "recall_any_type": ratio(c["found_any_type"], c["gold_people"]),
        },
        "trade": precision_recall(c["gold_trade"], c["predicted_trade"], c["matched_trade"]),
        "errors": {
            # label -> the stories (newid) where no person entity matched it, most missed first
            "missed_people": dict(sorted(missed_people.items(), key=lambda item: (-len(item[1]), item[0]))),
            "unlabelled_people_in_vocabulary": dict(extra_in_vocabulary.most_common()),
            "not_english": not_english,
        },
    }


def run(limit: int | None = None) -> dict:
    """Publish the selected stories (the first ``limit`` of them) and score them."""
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    stories = select_stories()[:limit]
    vocabulary = VOCABULARY.read_text(encoding="utf-8").split()
    work = Path(tempfile.mkdtemp(prefix="newsetl-reuters-tags-"))
    try:
        raw = work / "raw"
        write_scrape(stories, raw)
        warehouse = work / "warehouse" / "news.duckdb"
        result, _, wall = materialize_graph(raw, warehouse)
        if not result.success:
            raise RuntimeError(f"the graph failed on {SOURCE} ({len(stories)} Reuters stories)")
        predicted, quarantined = read_warehouse(warehouse, stories)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "code": code_state(),
        "limit": limit,
        "wall_seconds": round(wall, 1),
        "quarantined": [
            f"reuters-{stories[r - 1]['newid']}: {reason} ({detail})" for r, reason, detail in quarantined
        ],
        **score(stories, predicted, vocabulary),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reuters_tags", description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N selected stories (default: all 1,189)")
    parser.add_argument(
        "--record",
        choices=("current", "baseline"),
        default="current",
        help="the entry of the results file to write; the other entry is kept",
    )
    args = parser.parse_args(argv)
    if missing(STORIES, VOCABULARY):
        sys.exit(0)
    figures = run(args.limit)
    path = RESULTS / f"{NAME}.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    report["corpus"] = (
        "Reuters-21578 (research-only, ../shared/corpora/reuters21578): stories with place japan or south-korea "
        "and a non-empty body"
    )
    report["matching"] = (
        "people: a label's words end a person entity's name or surface, or the entity is the label's family name "
        "alone, one to one per story; trade: the trade topic against the trade_economy issue"
    )
    report[args.record] = figures
    write_results(NAME, report)
    p, t = figures["people"], figures["trade"]
    print(
        f"{figures['stories']} stories ({figures['published']} published, {figures['wall_seconds']} s): "
        f"people P {p['precision']} (in vocabulary {p['precision_in_vocabulary']}) R {p['recall']} "
        f"(any type {p['recall_any_type']}); trade P {t['precision']} R {t['recall']}; "
        f"language {figures['language_accuracy']}"
    )
    print(f"wrote {path.relative_to(REPO)} ({args.record})")


if __name__ == "__main__":
    main()
