"""Cost against input size: the whole graph on one document of growing size, time and peak memory per point.

`python -m bench.input_size [--sizes 100,200,400,800] [--kinds en,...]`: for each kind of text, `newsetl run` runs
on one document of 1 KB (the baseline: start-up, imports, every step's fixed cost) and of each size (KB of UTF-8),
each in a child process of its own with a fresh raw folder, warehouse and (throwaway) Dagster instance, so the
figures are what a user sees: wall seconds, the child's CPU seconds and peak resident memory (``os.wait4`` gives
the child's own; RUSAGE_CHILDREN would give the largest child so far), and the five slowest steps as the run
printed them. From the second size on, each point has time(2x)/time(x) of what it costs above the baseline: about
2 where the cost is linear, 4 where it is quadratic. Results in bench/results/input_size.json (other sizes:
input_size_<sizes>kb.json). A point that fails or passes POINT_TIMEOUT_S ends its kind.

The kinds are the inputs issue #24 found: English as written (BBC News from ../shared/corpora, read in place, or
the five committed samples without it), the same English with no sentence punctuation and no line breaks (one
paragraph), Korean with and without full stops, and Japanese with and without 。 (no spaces at all: the worst
case for splitting). The Korean and Japanese texts are made here from sentence templates that name the
gazetteer's people and places and the taxonomy's issues, so tagging finds many matches, as in real coverage.
"""

import argparse
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import CORPORA, REPO, write_results

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
KINDS = ("en", "en_unpunctuated", "ko", "ko_unpunctuated", "ja", "ja_unpunctuated")
DEFAULT_SIZES_KB = (100, 200, 400, 800)
#: The default kinds: English as written and without punctuation, Korean with and without it, Japanese without.
DEFAULT_KINDS = KINDS
#: A point that takes longer than this stops its kind (the rest of the sizes would take longer still).
POINT_TIMEOUT_S = 300

#: `newsetl run` prints a line per finished step ("  ✓ clean   done   1.23s") and the counts after it.
_STEP_LINE = re.compile(r"^  ✓ (\S+)\s+done\s+([\d.]+)s$", re.MULTILINE)
_SENTENCES_LINE = re.compile(r"^  sentences\s+([\d,]+)$", re.MULTILINE)

_KO_SUBJECTS = (
    "이재명 대통령은",
    "다카이치 총리는",
    "외교부는",
    "일본 정부는",
    "한국 정부는",
    "조현 외교부 장관은",
)
_KO_TOPICS = (
    "독도 영유권",
    "위안부 문제",
    "강제징용 배상",
    "사도광산",
    "수출 규제",
    "북한 미사일",
    "한일 관계",
)
_KO_VERBS = (
    "에 대해 협력을 강조했",
    "을 둘러싼 갈등이 깊어졌",
    "에 항의했",
    "에 관한 합의를 환영했",
    "을 비판했",
)
_JA_SUBJECTS = ("高市首相は", "李在明大統領は", "外務省は", "韓国政府は", "日本政府は", "岩屋外相は")
_JA_TOPICS = (
    "竹島の領有権",
    "慰安婦問題",
    "徴用工問題",
    "佐渡金山",
    "輸出規制",
    "北朝鮮のミサイル",
    "日韓関係",
)
_JA_VERBS = (
    "について協力を強調した",
    "をめぐる対立が深まった",
    "に抗議した",
    "に関する合意を歓迎した",
    "を批判した",
)


def english(n_bytes: int) -> str:
    """Articles as written, one after another (paragraphs kept), until ``n_bytes`` of UTF-8."""
    if BBC.exists():
        texts = [json.loads(line)["text"] for line in BBC.read_text(encoding="utf-8").splitlines()]
    else:
        texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "raw").glob("*.txt"))]
    pieces, size, k = [], 0, 0
    while size < n_bytes:
        # Each repetition gets its own marker, so no line repeats and the cleaner keeps them all.
        piece = f"Part {k}. {texts[k % len(texts)].strip()}"
        pieces.append(piece)
        size += len(piece.encode("utf-8")) + 2
        k += 1
    return _cut("\n\n".join(pieces), n_bytes)


def unpunctuated(text: str) -> str:
    """The same words with no sentence punctuation and no line breaks: one paragraph, one sentence."""
    return " ".join(text.translate(str.maketrans("", "", ".!?;:。．！？")).split())


def _templated(n_bytes: int, sentence, stop: str, joiner: str, seed: int) -> str:
    rng = random.Random(seed)
    pieces, size, k = [], 0, 0
    while size < n_bytes:
        piece = sentence(rng) + stop
        # A paragraph break every five sentences when punctuated; none without (one long paragraph).
        sep = "\n\n" if stop and k % 5 == 4 else joiner
        pieces.append(piece + sep)
        size += len((piece + sep).encode("utf-8"))
        k += 1
    return _cut("".join(pieces), n_bytes).strip()


def korean(n_bytes: int, punctuated: bool = True) -> str:
    def sentence(rng: random.Random) -> str:
        return f"{rng.choice(_KO_SUBJECTS)} {rng.choice(_KO_TOPICS)}{rng.choice(_KO_VERBS)}다"

    return _templated(n_bytes, sentence, "." if punctuated else "", " ", seed=24)


def japanese(n_bytes: int, punctuated: bool = True) -> str:
    def sentence(rng: random.Random) -> str:
        return f"{rng.choice(_JA_SUBJECTS)}{rng.choice(_JA_TOPICS)}{rng.choice(_JA_VERBS)}"

    return _templated(n_bytes, sentence, "。" if punctuated else "", "", seed=24)


def _cut(text: str, n_bytes: int) -> str:
    """The longest prefix of ``text`` of at most ``n_bytes`` UTF-8 bytes, at a character boundary."""
    return text.encode("utf-8")[:n_bytes].decode("utf-8", errors="ignore")


def text_of(kind: str, n_bytes: int) -> str:
    """One document of ``kind`` (see KINDS) and about ``n_bytes`` bytes of UTF-8."""
    if kind == "en":
        return english(n_bytes)
    if kind == "en_unpunctuated":
        return _cut(unpunctuated(english(int(n_bytes * 1.03))), n_bytes)
    if kind.startswith("ko"):
        return korean(n_bytes, punctuated=kind == "ko")
    if kind.startswith("ja"):
        return japanese(n_bytes, punctuated=kind == "ja")
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")


def run_point(kind: str, kb: int, work: Path) -> dict:
    """`newsetl run` on one document of ``kind`` and ``kb`` KB, in a child process with a fresh warehouse and
    instance: wall and CPU seconds, the child's peak resident memory, and its Dagster steps' seconds."""
    point = work / f"{kind}_{kb}"
    raw = point / "raw"
    raw.mkdir(parents=True)
    text = text_of(kind, kb * 1000)
    (raw / f"{kind}.txt").write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "DAGSTER_HOME": "",  # a throwaway instance
        "NEWSETL_RAW_DIR": str(raw),
        "NEWSETL_WAREHOUSE": str(point / "warehouse" / "news.duckdb"),
        "NEWSETL_EXECUTOR": "in_process",
    }
    out_path, err_path = point / "stdout.txt", point / "stderr.txt"
    started = time.perf_counter()
    with out_path.open("w") as out, err_path.open("w") as err:
        child = subprocess.Popen(
            [str(REPO / ".venv" / "bin" / "newsetl"), "run"],
            env=env,
            cwd=point,
            stdout=out,
            stderr=err,
        )
    usage = _wait(child, POINT_TIMEOUT_S)
    wall = time.perf_counter() - started
    if usage is None:
        return {"kb": kb, "succeeded": False, "timed_out_after_s": POINT_TIMEOUT_S}
    # The summary goes to stdout, the line per step to stderr.
    printed = out_path.read_text() + err_path.read_text()
    succeeded = child.returncode == 0
    steps = {step: float(seconds) for step, seconds in _STEP_LINE.findall(printed)}
    sentences = _SENTENCES_LINE.search(printed)
    return {
        "kb": kb,
        "bytes": len(text.encode("utf-8")),
        "succeeded": succeeded,
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "sentences": int(sentences.group(1).replace(",", "")) if sentences else None,
        "slowest_steps_s": dict(sorted(steps.items(), key=lambda kv: -kv[1])[:5]),
        **({} if succeeded else {"output": printed[-2000:]}),
    }


def _wait(child: subprocess.Popen, timeout: float) -> resource.struct_rusage | None:
    """Wait for ``child`` and return its own resource usage (``os.wait4``: RUSAGE_CHILDREN would give the largest
    child so far, not this one); kill it and return None after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return usage
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            return None
        time.sleep(0.1)


def with_ratios(points: list[dict], baseline: dict) -> list[dict]:
    """Add, to each point after the first, time(2x)/time(x) of CPU and wall seconds above the baseline (a
    one-kilobyte run: start-up, imports, empty steps) and the same ratio of peak memory above it."""
    for before, point in zip(points, points[1:], strict=False):
        if not (before.get("succeeded") and point.get("succeeded")):
            continue
        scale = point["kb"] / before["kb"]
        for key in ("cpu_s", "wall_s", "peak_rss_mb"):
            grown = point[key] - baseline[key]
            base = before[key] - baseline[key]
            if base > 0:
                # Normalized to a doubling, so 2 reads linear and 4 quadratic whatever the step between sizes.
                point[f"{key}_ratio_2x"] = round((grown / base) ** (1 / math.log2(scale)), 2)
    return points


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.input_size", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES_KB)),
        help="KB of UTF-8 per point (default %(default)s)",
    )
    parser.add_argument("--kinds", default=",".join(DEFAULT_KINDS), help=f"of {', '.join(KINDS)}")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; expected some of {', '.join(KINDS)}")
    # Other sizes get a file of their own, so the default figures the docs quote are not overwritten.
    name = "input_size" if tuple(sizes) == DEFAULT_SIZES_KB else f"input_size_{'_'.join(map(str, sizes))}kb"
    work = Path(tempfile.mkdtemp(prefix="newsetl-input-size-"))
    report: dict = {
        "what": "newsetl run on one document per point, in a child process, fresh warehouse and instance",
        "english_source": "BBC News (../shared/corpora)" if BBC.exists() else "the five samples in raw/",
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()[0]},
        "kinds": {},
    }
    try:
        for kind in kinds:
            # Start-up, imports and the steps' fixed cost, on one kilobyte of the same kind.
            baseline = run_point(kind, 1, work)
            points = []
            for kb in sizes:
                point = run_point(kind, kb, work)
                points.append(point)
                print(f"{kind:16s} {kb:6d} KB  {json.dumps(point, ensure_ascii=False)}", flush=True)
                shutil.rmtree(work / f"{kind}_{kb}", ignore_errors=True)
                if not point.get("succeeded"):
                    break  # larger sizes of this kind would fail or time out too
            report["kinds"][kind] = {"baseline_1kb": baseline, "points": with_ratios(points, baseline)}
            # After every kind: a stopped run keeps what it measured.
            out = write_results(name, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nwritten to {out.relative_to(REPO)}")
    return 0 if all(p.get("succeeded") for kind in report["kinds"].values() for p in kind["points"]) else 1


if __name__ == "__main__":
    sys.exit(main())
