"""Decoding against a labelled set built from real articles: how often a legacy encoding or a hostile corruption
comes out right, quarantined, or as garbage published.

Run `.venv/bin/python -m bench.decode [tuning|held-out|blind ...]`; results go to bench/results/decode.json.
The cases are those of `tests/test_decode.py` (`evaluation_set`, `labelled_cases`, `outcome`), every article
instead of the test's every tenth: clean encodings (cp1252, mac-roman, latin-1, UTF-8/16 with BOM, EUC-KR, CP949,
Shift_JIS, EUC-JP, ISO-2022-JP) must decode right; hostile ones (stray bytes, 0xFF runs, binary bursts, cut
characters, mixed encodings) must come out right or quarantined. "blind" is BBC 1500-1699 and Reuters 100 from 500,
Latin text only, never looked at while tuning. docs/reliability.md quotes these figures.
"""

import argparse
import collections
import json
import sys
import time

from bench.common import CORPORA, REPO, missing, write_results

SETS = ("tuning", "held-out", "blind")


def cases_of(which: str, tests):
    if which == "blind":
        latin = tests._bbc(1500, 1700, 1) + tests._reuters(100, 500)
        return [case for name, text in latin for case in tests.labelled_cases(name, text, True, "blind")]
    return tests.evaluation_set(which, step=1)


def tally(which: str, tests) -> dict:
    started = time.perf_counter()
    counts: collections.Counter = collections.Counter()
    for case in cases_of(which, tests):
        result = tests.outcome(case)
        counts[("hostile " if case.hostile else "clean ") + result] += 1
    return {"cases": sum(counts.values()), "seconds": round(time.perf_counter() - started, 1), **dict(counts)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.decode", description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help=f"of {', '.join(SETS)} (default: all three)")
    args = parser.parse_args()
    if unknown := set(args.sets) - set(SETS):
        parser.error(f"unknown sets {sorted(unknown)}; expected some of {', '.join(SETS)}")
    if missing(CORPORA / "bbc_news_2225" / "bbc_news.jsonl"):
        return 2
    sys.path.insert(0, str(REPO / "tests"))
    import test_decode as tests

    report = {which: tally(which, tests) for which in args.sets or SETS}
    write_results("decode", report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
