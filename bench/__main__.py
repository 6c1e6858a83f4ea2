"""`make bench`: the whole asset graph on a real corpus, timed per stage, with the quality figures that must hold.

Corpus: BBC News (2,225 articles, 98 known exact-duplicate pairs) from ../shared/corpora, written as one JSONL scrape
beside the five samples, optionally repeated (`--copies N`, each copy under new ids) to scale. The corpus lives in
a temporary folder; nothing from ../shared is written into the repository. Results go to bench/results/.
"""

import argparse
import json
import platform
import resource
import shutil
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

from bench.common import CORPORA, REPO, missing, write_results

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"


def build_corpus(raw: Path, copies: int) -> tuple[int, int]:
    """Write the samples and `copies` copies of BBC into ``raw``; return (documents, bytes)."""
    raw.mkdir(parents=True)
    for sample in sorted((REPO / "raw").glob("*.txt")):
        shutil.copy(sample, raw / sample.name)
    records = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    for copy in range(copies):
        with (raw / f"bbc_{copy:03d}.jsonl").open("w", encoding="utf-8") as out:
            for record in records:
                out.write(
                    json.dumps(
                        {"id": f"{copy}/{record['id']}", "title": record["title"], "text": record["text"]}
                    )
                )
                out.write("\n")
    n_bytes = sum(p.stat().st_size for p in raw.iterdir())
    return 5 + copies * len(records), n_bytes


def known_duplicate_pairs() -> set[tuple[str, str]]:
    """BBC's ground truth: ids whose title and text are identical (98 pairs)."""
    groups = defaultdict(list)
    for line in BBC.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        groups[(record["title"], record["text"])].append(record["id"])
    return {tuple(sorted(ids)) for ids in groups.values() if len(ids) == 2}


def run(copies: int, documents: int | None = None, corpus_dir: Path | None = None) -> dict:
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    import dagster as dg
    import duckdb

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    work = Path(tempfile.mkdtemp(prefix="newsetl-bench-"))
    try:
        if documents:
            from bench.corpus import corpus

            raw, n_docs, n_bytes = corpus(work, documents, corpus_dir)
        else:
            raw = work / "raw"
            n_docs, n_bytes = build_corpus(raw, copies)
        warehouse = work / "warehouse" / "news.duckdb"
        assets = [
            *ASSETS,
            *CHECKS,
        ]
        resources = build_resources(raw, warehouse)
        with dg.DagsterInstance.ephemeral() as instance:
            started = time.perf_counter()
            cpu_started = time.process_time()
            children_started = resource.getrusage(resource.RUSAGE_CHILDREN)
            result = dg.materialize(
                assets,
                resources=resources,
                selection=PUBLISH_SELECTION,
                instance=instance,
                run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            )
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            # Shard workers of the clean stage (pipeline/infra/workers.py) are child processes.
            cpu_children = (children.ru_utime + children.ru_stime) - (
                children_started.ru_utime + children_started.ru_stime
            )
            stats = instance.get_run_step_stats(result.run_id)
        stages = {
            s.step_key: round(s.end_time - s.start_time, 3) for s in stats if s.end_time and s.start_time
        }
        records = [json.loads(line)["id"] for line in BBC.read_text(encoding="utf-8").splitlines()]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            # The cluster of every BBC line of the first file (later lines of a mixed corpus are Reuters). A known
            # pair is found when both land in one cluster: with more copies, the canonical member may be a longer
            # copy elsewhere, and both then point at it rather than at each other.
            clusters = con.execute(
                "SELECT record, cluster_id FROM documents WHERE source_path = ? AND record <= ?",
                ["corpus_000.jsonl" if documents else "bbc_000.jsonl", len(records)],
            ).fetchall()
            counts = con.sql("SELECT * FROM snapshots").pl().row(0, named=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    members = defaultdict(list)
    for record, cluster_id in clusters:
        members[cluster_id].append(records[record - 1])
    first_copy = {
        (a, b) for ids in members.values() for a in sorted(ids) for b in sorted(ids) if a < b
    }  # fmt: skip
    truth = known_duplicate_pairs()
    return {
        "corpus": (
            f"5 samples + {documents} documents of bench/corpus.py (BBC, Reuters, then perturbed copies)"
            if documents
            else f"5 samples + {copies} x BBC News 2225 (JSONL)"
        ),
        "documents": n_docs,
        "megabytes": round(n_bytes / 1e6, 2),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "cpu_seconds_child_processes": round(cpu_children, 2),
        "cpu_ms_per_document": round((cpu + cpu_children) / n_docs * 1000, 2),
        "documents_per_second": round(n_docs / wall, 1),
        "megabytes_per_second": round(n_bytes / 1e6 / wall, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stage_seconds": dict(sorted(stages.items(), key=lambda kv: -kv[1])),
        "exact_duplicates": {
            "known_pairs": len(truth),
            "known_pairs_found": len(truth & first_copy),
            "recall": round(len(truth & first_copy) / len(truth), 4),
            "pairs_clustered_in_first_copy": len(first_copy),
        },
        "snapshot_counts": {k: v for k, v in counts.items() if k.startswith("n_")},
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the BBC corpus (default 1)")
    parser.add_argument(
        "--documents",
        type=int,
        help="instead: this many documents from bench/corpus.py (BBC, Reuters, copies)",
    )
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        help="with --documents: build the corpus in this folder once and reuse it (default: a temporary folder)",
    )
    args = parser.parse_args()
    if missing(BBC):
        return 2
    report = run(args.copies, args.documents, args.corpus_dir)
    name = f"pipeline_docs_{args.documents}" if args.documents else f"pipeline_bbc_x{args.copies}"
    out = write_results(name, report)
    print(json.dumps(report, indent=2, default=str))
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
