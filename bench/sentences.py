"""Sentence splitting beside pySBD: golden-rules score and sentences per second on the same texts.

`python -m bench.sentences`: pySBD's 48 English golden rules (../shared/corpora/sbd_golden_rules) scored for both
splitters, then both split the paragraphs of BBC News (../shared/corpora, read in place) — one call per
paragraph, as the pipeline does. Results in bench/results/sentences.json. pySBD is a dev dependency used only here.
"""

import json
import re
import sys
import time

from bench.common import CORPORA, write_results
from pipeline.segment.sentences import split_sentences


def ours(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, "en")]


def golden_rules(split) -> dict:
    rules = json.loads(
        (CORPORA / "sbd_golden_rules" / "english_golden_rules.json").read_text(encoding="utf-8")
    )
    failed = [r["id"] for r in rules if [s.strip() for s in split(r["text"])] != r["expected"]]
    return {"rules": len(rules), "passed": len(rules) - len(failed), "failed_ids": failed}


# A sentence that opens with the closing quote of the one before ('" Prof Joni ...'), or is nothing but that
# quote: the quotation's end was glued to the wrong sentence.
_STRAY_CLOSING_QUOTE = re.compile(r'^["”](?:\s|$)')


def stray_quotes(split, paragraphs: list[str]) -> int:
    return sum(bool(_STRAY_CLOSING_QUOTE.match(s.strip())) for p in paragraphs for s in split(p))


def throughput(split, paragraphs: list[str]) -> dict:
    started = time.process_time()
    n_sentences = sum(len(split(p)) for p in paragraphs)
    seconds = time.process_time() - started
    n_bytes = sum(len(p.encode("utf-8")) for p in paragraphs)
    return {
        "sentences": n_sentences,
        "cpu_seconds": round(seconds, 3),
        "sentences_per_second": round(n_sentences / seconds),
        "mb_per_second": round(n_bytes / 1e6 / seconds, 3),
    }


def main() -> int:
    if not (CORPORA / "sbd_golden_rules").is_dir() or not (CORPORA / "bbc_news_2225").is_dir():
        print(
            f"needs sbd_golden_rules and bbc_news_2225 under {CORPORA}; not on this machine", file=sys.stderr
        )
        return 2
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    bbc = [json.loads(line)["text"] for line in (CORPORA / "bbc_news_2225" / "bbc_news.jsonl").open()]
    paragraphs = [p for text in bbc for p in text.split("\n\n") if p.strip()]
    ours_speed = throughput(ours, paragraphs)
    pysbd_speed = throughput(segmenter.segment, paragraphs)
    report = {
        "golden_rules": {"ours": golden_rules(ours), "pysbd": golden_rules(segmenter.segment)},
        "bbc_paragraphs": len(paragraphs),
        "throughput": {"ours": ours_speed, "pysbd": pysbd_speed},
        "speedup": round(pysbd_speed["cpu_seconds"] / ours_speed["cpu_seconds"], 1),
        "sentences_opening_with_a_stray_closing_quote": {
            "ours": stray_quotes(ours, paragraphs),
            "pysbd": stray_quotes(segmenter.segment, paragraphs),
        },
    }
    write_results("sentences", report)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
