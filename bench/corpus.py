"""A realistic corpus of any size for benchmarks: BBC and Reuters articles, then copies the way the web makes them.

`build(raw, n)` writes the five samples plus ``n`` documents as JSONL files of 10,000 lines into ``raw``. The first
pass takes each BBC and Reuters article once (about 21,000, every one different); later passes copy them with a
new id and one perturbation each, in turn: a re-scrape with site chrome, CRLF and no-break spaces; an update with a
sentence dropped and a line added; a syndicated copy under another headline and dateline; a copy spun with
content-farm word swaps (`bench.dedup.copies`, the same perturbations the deduplication benchmark labels). So 10k
documents are all distinct articles, and 100k or 300k carry the re-scrapes, syndication and spinning a growing
archive does.
"""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

from bench.common import CORPORA, REPO

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
REUTERS = CORPORA / "reuters21578" / "reuters21578.jsonl"
LINES_PER_FILE = 10_000
PERTURBATIONS = ("rescrape", "update", "syndicated", "spun_lexicon")


def originals() -> list[tuple[str, str]]:
    """(title, text) of every BBC article and every Reuters article with a body of at least 300 characters."""
    pool = [(r["title"], r["text"]) for r in map(json.loads, BBC.read_text(encoding="utf-8").splitlines())]
    for line in REUTERS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        body = (record.get("body") or "").strip()
        if len(body) >= 300 and record.get("title"):
            pool.append((record["title"].title(), body))
    return pool


def records(start: int, stop: int, pool: list[tuple[str, str]] | None = None) -> Iterator[dict]:
    """Documents ``start`` to ``stop - 1`` of the sequence `build` writes: so the next documents of a growing
    archive (``records(n, n + n // 100)``) are the ones a larger corpus would have had."""
    from bench.dedup import copies

    pool = originals() if pool is None else pool
    for k in range(start, stop):
        title, text = pool[k % len(pool)]
        copy_round = k // len(pool)
        record = {"id": f"doc-{k}", "title": title, "text": text}
        if copy_round:
            kind = PERTURBATIONS[(k + copy_round) % len(PERTURBATIONS)]
            record = {"id": f"doc-{k}", "text": copies(title, text, seed=k)[kind]}
        yield record


def build(raw: Path, n_documents: int) -> tuple[int, int]:
    """Write the samples and ``n_documents`` articles into ``raw``; return (documents, bytes)."""
    raw.mkdir(parents=True, exist_ok=True)
    for sample in sorted((REPO / "raw").glob("*.txt")):
        shutil.copy(sample, raw / sample.name)
    out = None
    for k, record in enumerate(records(0, n_documents)):
        if k % LINES_PER_FILE == 0:
            if out:
                out.close()
            out = (raw / f"corpus_{k // LINES_PER_FILE:03d}.jsonl").open("w", encoding="utf-8")
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if out:
        out.close()
    return 5 + n_documents, sum(p.stat().st_size for p in raw.iterdir())


def corpus(work: Path, n_documents: int, keep_in: Path | None = None) -> tuple[Path, int, int]:
    """(folder, documents, bytes) of a corpus of ``n_documents``: built in ``work/raw``, or with ``keep_in`` built
    once in ``keep_in/documents_<n>`` and reused by later runs (building 100k perturbed copies takes longer
    than running them)."""
    if keep_in is None:
        return work / "raw", *build(work / "raw", n_documents)
    if (keep_in / ".complete.json").exists():
        # A built corpus itself, not the folder that keeps them: building inside it would add a second copy
        # that the next run over it ingests as part of the corpus.
        raise SystemExit(f"--corpus-dir {keep_in} is a built corpus; pass its parent folder")
    folder = keep_in / f"documents_{n_documents}"
    done = folder / ".complete.json"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        done.parent.mkdir(parents=True, exist_ok=True)
        done.write_text(json.dumps(build(folder, n_documents)))
    return folder, *json.loads(done.read_text())
