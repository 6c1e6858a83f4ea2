"""Our full pipeline against the stack people usually assemble for this job, on the same documents (issue #6).

Run `.venv/bin/python -m bench.reference [--runs 3]`; results go to bench/results/reference.json.

Reference pipeline, per document, in one process: ftfy (`fix_text`), langdetect (`detect`, seeded), pySBD
(`Segmenter(language="en")`), datasketch MinHash (128 permutations over word 5-shingles) inserted into and queried
against a MinHashLSH index (threshold 0.5). It cleans less than ours (no chrome, metadata, de-spinning), tags
nothing, validates nothing and publishes nothing; ours runs every stage and check and publishes a snapshot.

Corpus: BBC News (2,225 articles) plus the five samples, as in `make bench`. Both sides are timed end to end on the
same texts; medians of ``--runs`` runs and the ratio of documents/s are reported, with the reference's seconds
per stage.
"""

import argparse
import json
import statistics
import time
from collections import defaultdict

from bench.common import CORPORA, REPO, missing, write_results

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in BBC.read_text(encoding="utf-8").splitlines()]
    return texts


def run_reference(texts: list[str]) -> dict:
    import ftfy
    import pysbd
    from datasketch import MinHash, MinHashLSH
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    segmenter = pysbd.Segmenter(language="en", clean=False)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    seconds: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    n_sentences = n_near = 0
    for i, raw in enumerate(texts):
        t = time.perf_counter()
        text = ftfy.fix_text(raw)
        seconds["ftfy"] += time.perf_counter() - t
        t = time.perf_counter()
        try:
            detect(text)
        except LangDetectException:
            pass
        seconds["langdetect"] += time.perf_counter() - t
        t = time.perf_counter()
        n_sentences += len(segmenter.segment(text))
        seconds["pysbd"] += time.perf_counter() - t
        t = time.perf_counter()
        words = text.split()
        signature = MinHash(num_perm=128)
        signature.update_batch(" ".join(words[j : j + 5]).encode() for j in range(max(1, len(words) - 4)))
        n_near += bool(lsh.query(signature))
        lsh.insert(str(i), signature)
        seconds["datasketch"] += time.perf_counter() - t
    wall = time.perf_counter() - started
    return {
        "wall_seconds": round(wall, 2),
        "stage_seconds": {k: round(v, 2) for k, v in seconds.items()},
        "sentences": n_sentences,
        "documents_with_a_near_duplicate": n_near,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reference", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if missing(BBC):
        return 2
    from bench.__main__ import run as run_ours

    texts = corpus_texts()
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    reference = [run_reference(texts) for _ in range(args.runs)]
    ours = [run_ours(1) for _ in range(args.runs)]
    ref_wall = statistics.median(r["wall_seconds"] for r in reference)
    our_wall = statistics.median(r["wall_seconds"] for r in ours)
    report = {
        "documents": len(texts),
        "megabytes": round(megabytes, 2),
        "reference": {
            "wall_seconds_runs": [r["wall_seconds"] for r in reference],
            "median_wall_seconds": ref_wall,
            "documents_per_second": round(len(texts) / ref_wall, 1),
            "megabytes_per_second": round(megabytes / ref_wall, 3),
            "stage_seconds_first_run": reference[0]["stage_seconds"],
        },
        "ours_full_pipeline": {
            "wall_seconds_runs": [r["wall_seconds"] for r in ours],
            "median_wall_seconds": our_wall,
            "documents_per_second": round(len(texts) / our_wall, 1),
            "megabytes_per_second": round(megabytes / our_wall, 3),
            "cpu_seconds_runs": [r["cpu_seconds"] for r in ours],
            "stage_seconds_first_run": ours[0]["stage_seconds"],
        },
        "speedup_documents_per_second": round(ref_wall / our_wall, 2),
        "target_speedup": 10,
    }
    write_results("reference", report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
