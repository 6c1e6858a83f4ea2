"""Deduplication benchmark: precision and recall on a labelled set, and MinHash speed beside datasketch.

Run `.venv/bin/python -m bench.dedup`; results go to bench/results/dedup.json.

The labelled set: BBC articles 1000-1199 (never used to tune anything) as originals, each with five copies made
the way the web makes them, all run through the real clean stage and clustered by ``pipeline.dedup.clusters``:

- ``rescrape``: the same article with site chrome around it, CRLF line endings and no-break spaces (exact);
- ``update``: a sentence removed from the middle and an update line added (near);
- ``syndicated``: another outlet's headline and dateline (near);
- ``spun_lexicon``: spun with a content-farm spinner's pairs (tests/spinner.py, spin_with_pairs) (spun);
- ``spun_mythes``: spun with a thesaurus the de-spinner does not know (tests/spinner.py, spin, 30 %) (spun).

Truth: an original and its copies are one story; BBC's own known duplicate pairs merge their groups; every other
pair of documents is a non-duplicate, including BBC's many articles about the same event (the same match, the
same election, the same company results). Precision and recall are over all pairs of documents.
"""

import hashlib
import json
import sys
import time
from collections import defaultdict
from itertools import combinations

import polars as pl

from bench.common import CORPORA, REPO, missing, write_results

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
ORIGINALS = range(1000, 1200)
# Merges the labels call false, read by hand: each pair is one BBC story published twice (another headline,
# a sentence edited), i.e. a true near duplicate the corpus's exact-pair list does not know.
VERIFIED_NEAR_DUPLICATES = {(1006, 1188), (1020, 1181), (1091, 1192), (1121, 1160)}
CHROME_TOP = ["Skip to main content", "Home | News | Business | Sport", "Share this article"]
CHROME_BOTTOM = ["Advertisement", "Related stories", "© 2026 Example News Ltd. All rights reserved."]


def copies(title: str, text: str, seed: int) -> dict[str, str]:
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import lexicon_pairs, spin, spin_with_pairs

    article = f"{title}\n\n{text}"
    # BBC paragraphs are long (some articles have three), so an update drops one sentence, news-paragraph
    # sized, from the middle and adds an update line.
    sentences = text.split(". ")
    cut = len(sentences) // 2
    updated = [
        ". ".join(sentences[:cut] + sentences[cut + 1 :]),
        "This article was updated with further details.",
    ]
    return {
        "rescrape": "\r\n".join([*CHROME_TOP, "", article.replace(" ", "\u00a0", 3), "", *CHROME_BOTTOM]),
        "update": "\n\n".join([title, *updated]),
        "syndicated": f"Report: {title.lower()} amid wider market moves\n\nLONDON (Wire) -- {text}",
        "spun_lexicon": spin_with_pairs(article, lexicon_pairs(), seed=seed)[0],
        "spun_mythes": spin(article, seed=seed)[0],
    }


def known_pairs(ids: list[str], rows: list[dict]) -> set[tuple[str, str]]:
    groups = defaultdict(list)
    for record_id, row in zip(ids, rows, strict=True):
        groups[(row["title"], row["text"])].append(record_id)
    return {tuple(sorted(g)) for g in groups.values() if len(g) > 1}


def labelled_set() -> tuple[dict[str, str], dict[str, int]]:
    """name -> raw text, and name -> truth group."""
    rows = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    texts, group = {}, {}
    for i in ORIGINALS:
        name = f"o{i}"
        texts[name], group[name] = f"{rows[i]['title']}\n\n{rows[i]['text']}", i
        for kind, text in copies(rows[i]["title"], rows[i]["text"], seed=i).items():
            texts[f"{name}_{kind}"], group[f"{name}_{kind}"] = text, i
    # BBC's own duplicates among the originals are one story too.
    by_content = defaultdict(list)
    for i in ORIGINALS:
        by_content[(rows[i]["title"], rows[i]["text"])].append(i)
    merged = {i: min(g) for g in by_content.values() for i in g}
    return texts, {name: merged[g] for name, g in group.items()}


def cluster(texts: dict[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, str], float]:
    """name -> cluster (a name), name -> duplicate kind, name -> content hash, and seconds spent clustering."""
    from pipeline.clean.articles import articles_frame, clean_records
    from pipeline.corpus.documents import count_words
    from pipeline.dedup.clusters import assign_clusters
    from pipeline.ingest.records import read_records

    records = []
    for name, text in texts.items():
        data = text.encode("utf-8")
        records += read_records(f"{name}.txt", hashlib.sha256(data).hexdigest(), data)[0]
    articles, _ = clean_records(records)
    frame = articles_frame(articles).with_columns(count_words(pl.col("text")).alias("n_words"))
    started = time.perf_counter()
    clustered, duplicates = assign_clusters(frame)
    seconds = time.perf_counter() - started
    name_of = {
        d: p.removesuffix(".txt") for d, p in zip(clustered["doc_id"], clustered["source_path"], strict=True)
    }
    clusters = {
        name_of[d]: name_of[c] for d, c in zip(clustered["doc_id"], clustered["cluster_id"], strict=True)
    }
    kinds = {name_of[d]: k for d, k in zip(duplicates["doc_id"], duplicates["kind"], strict=True)}
    hashes = {name_of[d]: h for d, h in zip(clustered["doc_id"], clustered["content_sha256"], strict=True)}
    return clusters, kinds, hashes, seconds


def score(
    clusters: dict[str, str], kinds: dict[str, str], hashes: dict[str, str], truth: dict[str, int]
) -> dict:
    names = sorted(clusters)
    tp = fp = fn = 0
    false_merges: set[tuple[int, ...]] = set()
    for a, b in combinations(names, 2):
        same, true = clusters[a] == clusters[b], truth[a] == truth[b]
        tp += same and true
        fp += same and not true
        fn += true and not same
        if same and not true:
            false_merges.add(tuple(sorted({truth[a], truth[b]})))
    by_kind = {}
    for kind in ("rescrape", "update", "syndicated", "spun_lexicon", "spun_mythes"):
        members = [n for n in names if n.endswith(f"_{kind}")]
        found = [n for n in members if clusters[n] == clusters[n.split("_")[0]]]
        labels = defaultdict(int)
        for n in found:
            labels[kinds.get(n) or "canonical"] += 1
        by_kind[kind] = {
            "copies": len(members),
            "clustered_with_original": len(found),
            "same_content_sha256_as_original": sum(hashes[n] == hashes[n.split("_")[0]] for n in members),
            # the kind recorded against the cluster's canonical member (which may be another copy)
            "duplicates_kind": dict(labels),
        }
    verified = sum(
        1
        for a, b in combinations(names, 2)
        if clusters[a] == clusters[b] and tuple(sorted({truth[a], truth[b]})) in VERIFIED_NEAR_DUPLICATES
    )
    return {
        "documents": len(names),
        "pairs_true": tp + fn,
        "precision_counting_verified_near_duplicates": round((tp + verified) / (tp + fp), 4)
        if tp + fp
        else None,
        "pairs_predicted": tp + fp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "by_copy_kind": by_kind,
        # BBC article numbers whose groups were merged although not labelled the same story (inspect them)
        "false_merges": sorted(false_merges),
    }


def minhash_speed() -> dict:
    """Text signatures (word 5-shingles, 128 permutations) per second: ours vs datasketch, on all BBC articles."""
    from datasketch import MinHash

    from pipeline.dedup.clusters import normalize_for_hash
    from pipeline.dedup.near import NUM_PERM, SHINGLE_WORDS, _shingle_hashes, minhash

    texts = [json.loads(line)["text"] for line in BBC.read_text(encoding="utf-8").splitlines()]
    tokens = [normalize_for_hash(t).split() for t in texts]
    started = time.perf_counter()
    for words in tokens:
        minhash(_shingle_hashes(words, SHINGLE_WORDS))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for words in tokens:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(
            [
                " ".join(words[i : i + SHINGLE_WORDS]).encode()
                for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))
            ]
        )
    theirs = time.perf_counter() - started
    return {
        "documents": len(texts),
        "ours_documents_per_second": round(len(texts) / ours),
        "datasketch_documents_per_second": round(len(texts) / theirs),
    }


def main() -> int:
    if missing(BBC):
        return 2
    texts, truth = labelled_set()
    clusters, kinds, hashes, seconds = cluster(texts)
    report = {
        "labelled_set": score(clusters, kinds, hashes, truth) | {"clustering_seconds": round(seconds, 2)},
        "minhash_speed": minhash_speed(),
    }
    write_results("dedup", report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
