"""Clean-stage throughput, MB/s on one core, beside ftfy alone on the same texts.

`python -m bench.clean_throughput`: BBC News bodies and Reuters-21578 story bodies from ../shared/corpora (read
in place, never copied). "Ours" is the whole clean stage a raw record goes through: decoding from bytes (charset
detection, mojibake repair where markers are found), whitespace and Unicode normalization, chrome removal,
metadata extraction, block structure and de-spinning. "ftfy" is `ftfy.fix_text` alone, which does far less.
"""

import hashlib
import json
import sys
import time

from bench.common import CORPORA, write_results


def load_texts(limit_reuters: int = 5000) -> dict[str, list[str]]:
    bbc = [json.loads(line)["text"] for line in (CORPORA / "bbc_news_2225" / "bbc_news.jsonl").open()]
    reuters = []
    with (CORPORA / "reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line).get("body")
            if body:
                reuters.append(body)
            if len(reuters) >= limit_reuters:
                break
    return {"bbc": bbc, "reuters": reuters}


def _best_of(runs: int, func) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        func()
        best = min(best, time.process_time() - started)
    return best


def measure(texts: list[str], runs: int = 3) -> dict:
    import ftfy

    from pipeline.clean.articles import clean_records
    from pipeline.ingest.records import read_records

    payloads = [t.encode("utf-8") for t in texts]
    megabytes = sum(len(p) for p in payloads) / 1e6

    def ours() -> None:
        records = []
        for i, data in enumerate(payloads):
            records += read_records(f"doc{i}.txt", hashlib.sha256(data).hexdigest(), data)[0]
        clean_records(records)

    def ftfy_alone() -> None:
        for text in texts:
            ftfy.fix_text(text)

    ours_s, ftfy_s = _best_of(runs, ours), _best_of(runs, ftfy_alone)
    return {
        "documents": len(texts),
        "megabytes": round(megabytes, 2),
        "ours_cpu_seconds": round(ours_s, 3),
        "ours_mb_per_s_per_core": round(megabytes / ours_s, 2),
        "ftfy_cpu_seconds": round(ftfy_s, 3),
        "ftfy_mb_per_s_per_core": round(megabytes / ftfy_s, 2),
        "ours_vs_ftfy": round(ftfy_s / ours_s, 2),
    }


def main() -> int:
    if not (CORPORA / "bbc_news_2225").is_dir():
        print(f"needs ../shared/corpora (BBC, Reuters) at {CORPORA}; not on this machine", file=sys.stderr)
        return 2
    report = {name: measure(texts) for name, texts in load_texts().items()}
    report["method"] = "best of 3 runs, process CPU time, one process"
    write_results("clean_throughput", report)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
