"""What a re-run costs: nothing changed, and 1 % new documents, against the full run (issue #6).

Run `.venv/bin/python -m bench.incremental`; results go to bench/results/incremental.json. With
`--documents N [--corpus-dir DIR]` the corpus is the five samples plus N documents of `bench/corpus.py` and the
1 % added are its next N/100 documents (the copies a growing archive gets); results go to
bench/results/incremental_docs_<N>.json.

Corpus: the five samples and BBC News (2,225 articles) as one JSONL scrape. Four runs into one warehouse:

1. ``full``: a cold run (empty caches);
2. ``nothing_changed_cli``: `newsetl run` again, which finds the snapshot fresh and starts nothing;
3. ``nothing_changed_forced``: the whole graph again (`--force`), every per-document stage reading its cache;
4. ``one_percent_new``: 22 Reuters articles added as a second JSONL file, the graph run again.

Each run's wall time and per-stage seconds are reported, with how many documents each cached stage computed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench.common import CORPORA, REPO, materialize_graph, missing, write_results

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
REUTERS = CORPORA / "reuters21578"


def _reuters_bodies(n: int) -> list[str]:
    bodies = []
    for path in sorted(REUTERS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            body = json.loads(line).get("body") or json.loads(line).get("text") or ""
            if len(body) > 800:
                bodies.append(body)
            if len(bodies) == n:
                return bodies
    return bodies


def _materialize(raw: Path, warehouse: Path) -> dict:
    result, stats, wall = materialize_graph(raw, warehouse)
    computed = {}
    for event in result.get_asset_materialization_events():
        metadata = event.materialization.metadata
        if "documents_computed" in metadata or "documents_cleaned" in metadata:
            value = metadata.get("documents_computed") or metadata.get("documents_cleaned")
            computed[event.asset_key.to_user_string()] = value.value
    return {
        "wall_seconds": round(wall, 2),
        "stage_seconds": {
            s.step_key: round(s.end_time - s.start_time, 2)
            for s in sorted(stats, key=lambda s: -(s.end_time - s.start_time))
            if s.end_time and s.start_time and s.end_time - s.start_time >= 0.1
        },
        "documents_computed": computed,
    }


def _cli_seconds(raw: Path, warehouse: Path) -> float:
    env = os.environ | {"DAGSTER_HOME": ""}  # a throwaway instance
    env |= {"NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsetl", "run", "--quiet"], env=env, check=True, cwd=REPO)
    return round(time.perf_counter() - started, 2)


def _bbc_corpus(raw: Path) -> tuple[int, list[dict]]:
    """The samples and BBC News in ``raw``; (documents, the 1 % to add: Reuters articles BBC does not have)."""
    raw.mkdir()
    for sample in sorted((REPO / "raw").glob("*.txt")):
        shutil.copy(sample, raw / sample.name)
    records = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    with (raw / "bbc.jsonl").open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]}) + "\n")
    n_docs = len(records) + 5
    new = [{"id": f"new-{n}", "text": body} for n, body in enumerate(_reuters_bodies(round(n_docs / 100)))]
    return n_docs, new


def _built_corpus(raw: Path, work: Path, n: int, keep_in: Path | None) -> tuple[int, list[dict]]:
    """The samples and ``n`` documents of `bench/corpus.py` in ``raw``; (documents, its next n/100)."""
    from bench.corpus import corpus, records

    built, n_docs, _ = corpus(work, n, keep_in)
    if built != raw:
        shutil.copytree(built, raw, ignore=shutil.ignore_patterns(".*"))
    return n_docs, list(records(n, n + n // 100))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.incremental", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, help="a corpus of bench/corpus.py instead of BBC News")
    parser.add_argument("--corpus-dir", type=Path, help="build that corpus here once and reuse it")
    args = parser.parse_args()
    if missing(BBC):
        return 2
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    work = Path(tempfile.mkdtemp(prefix="newsetl-incremental-"))
    try:
        raw, warehouse = work / "raw", work / "warehouse" / "news.duckdb"
        if args.documents:
            n_docs, new = _built_corpus(raw, work, args.documents, args.corpus_dir)
        else:
            n_docs, new = _bbc_corpus(raw)
        report = {"documents": n_docs, "full": _materialize(raw, warehouse)}
        report["nothing_changed_cli_seconds"] = _cli_seconds(raw, warehouse)
        report["nothing_changed_forced"] = _materialize(raw, warehouse)
        with (raw / "added.jsonl").open("w", encoding="utf-8") as out:
            for record in new:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        report["one_percent_new"] = {"documents_added": len(new), **_materialize(raw, warehouse)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    full = report["full"]["wall_seconds"]
    report["ratios_to_full"] = {
        "nothing_changed_cli": round(report["nothing_changed_cli_seconds"] / full, 3),
        "nothing_changed_forced": round(report["nothing_changed_forced"]["wall_seconds"] / full, 3),
        "one_percent_new": round(report["one_percent_new"]["wall_seconds"] / full, 3),
    }
    report["targets"] = {"nothing_changed_seconds": 5, "one_percent_new_ratio": 0.05}
    write_results(f"incremental_docs_{args.documents}" if args.documents else "incremental", report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
