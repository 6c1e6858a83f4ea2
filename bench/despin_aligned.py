"""Aligned restoration benchmark: spun copies restored from their originals in the same corpus, and no legitimate
copy or paraphrase taken for one.

Run `.venv/bin/python -m bench.despin_aligned [SECTION ...]` (every section by default, about 7 minutes on two
cores); results go to bench/results/despin_aligned.json. Every corpus goes
through the functions the `clean` asset runs: `pipeline.stages.clean.clean_stage` (decode, clean, de-spin each
document), then `pipeline.stages.documents.restore_corpus` (pairs, alignment, restoration).

- Spun BBC: held-out articles 1000-1399 (nothing was tuned on them), each spun by a test spinner of
  tests/spinner.py (``mythes``: a thesaurus the de-spinner does not use, 30 % of eligible words;
  ``lexicon_pairs``: the spinner lexicon inverted, every known phrase), in one corpus with its original, each
  a document of its own. Reported: swaps restored exactly (the span reads as the original after every despin
  edit), other words changed, and the same figures for the de-spinner alone (``despin_only``).
- False pairing, where nothing may be restored: the 2,225 clean BBC articles (with BBC's 98 exact duplicate
  pairs and its near duplicates); legitimate copies of BBC 1000-1199 as bench/dedup.py makes them (re-scraped
  with chrome, updated, syndicated under another headline); MRPC paraphrase pairs (legitimate rewrites of news
  sentences), as a corpus of documents, pair by pair and ten pairs to a document. Reported: pairs judged spun
  and words changed by aligned restoration.
"""

import csv
import hashlib
import json
import re
import sys
import time
from types import SimpleNamespace

import polars as pl

from bench.common import CORPORA, REPO, RESULTS, missing, write_results
from bench.despin import restored_span

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
MRPC = CORPORA / "mrpc_news_paraphrase" / "msr_paraphrase_test.tsv"
HELD_OUT = range(1000, 1400)
LEGIT_COPIES = range(1000, 1200)
_WORD = re.compile(r"\w+")


def _run(files: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, list, float]:
    """Clean ``files`` (name -> text) and restore spun copies: (articles before, edits before, articles after,
    edits after, the pairs restored, seconds spent restoring)."""
    from pipeline.ingest.records import read_records
    from pipeline.stages.clean import clean_stage
    from pipeline.stages.documents import restore_corpus

    records = []
    for name, text in files.items():
        data = text.encode("utf-8")
        records += read_records(name, hashlib.sha256(data).hexdigest(), data)[0]
    tables, _ = clean_stage(records)
    if tables["articles"].height < len(files):  # a figure over documents cleaning lost would mean nothing
        lost = tables["emptied"].select("source_path", "reason", "detail").head(3).rows()
        raise SystemExit(
            f"{len(files) - tables['articles'].height} of {len(files)} documents not cleaned: {lost}"
        )
    started = time.perf_counter()
    articles, edits, pairs = restore_corpus(tables["articles"], tables["cleaning_edits"])
    seconds = time.perf_counter() - started
    return tables["articles"], tables["cleaning_edits"], articles, edits, pairs, seconds


def _received(row: dict) -> str:
    """A document's text as the de-spinner received it (its restorations undone)."""
    text = row["text"]
    for r in sorted(row["restorations"] or [], key=lambda r: -r["char_start"]):
        text = text[: r["char_start"]] + r["before"] + text[r["char_end"] :]
    return text


def _despin_edits(edits: pl.DataFrame, doc_id: str) -> list:
    rows = edits.filter((pl.col("doc_id") == doc_id) & (pl.col("step") == "despin"))
    return [
        SimpleNamespace(**r)
        for r in rows.select("before", "after", "char_start", "rule").iter_rows(named=True)
    ]


def spun_bbc(articles: list[dict], spinners: tuple[str, ...]) -> dict:
    """Each held-out article and its copy spun by each of ``spinners``, in one corpus."""
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import lexicon_pairs, spin, spin_with_pairs

    pairs = lexicon_pairs()
    files, swaps_of = {}, {}
    for i in HELD_OUT:
        original = f"{articles[i]['title']}\n\n{articles[i]['text']}"
        files[f"original/{i}.txt"] = original
        for spinner in spinners:
            spun, swaps = (
                spin(original, seed=i) if spinner == "mythes" else spin_with_pairs(original, pairs, seed=i)
            )
            files[f"{spinner}/{i}.txt"] = spun
            swaps_of[f"{spinner}/{i}.txt"] = (spun, swaps)
    before, edits_before, after, edits_after, restored_pairs, seconds = _run(files)
    id_of = dict(zip(after["source_path"], after["doc_id"], strict=True))
    rows = {r["doc_id"]: r for r in after.iter_rows(named=True)}
    report = {
        "articles": len(HELD_OUT),
        "spun_copies": len(swaps_of),
        "swaps": 0,
        "paired_with_its_original": 0,
    }
    counts = {
        mode: {"restored": 0, "other_edits": 0, "other_words": 0} for mode in ("aligned", "despin_only")
    }
    unmapped = words = 0
    by_spun = {v.spun: v.original for v in restored_pairs}
    # BBC repeats some articles under two ids: a copy restored from either is restored from its original.
    same_text = {}
    for path in files:
        if path.startswith("original/"):
            same_text.setdefault(files[path], set()).add(id_of[path])
    for path, (_, swaps) in swaps_of.items():
        doc_id = id_of[path]
        received = _received(rows[doc_id])
        # Swaps are placed in the raw copy; cleaning (spacing, chrome) moved them in the text de-spinning got.
        steps = edits_before.filter((pl.col("doc_id") == doc_id) & (pl.col("step") != "despin"))
        swaps = [_moved(s, steps) for s in swaps]
        if any(s is None or received[s.start : s.start + len(s.spun)] != s.spun for s in swaps):
            unmapped += 1
            continue
        report["swaps"] += len(swaps)
        words += len(_WORD.findall(received))
        originals = same_text[files[f"original/{path.split('/')[1]}"]]
        report["paired_with_its_original"] += by_spun.get(doc_id) in originals
        spans = [(s.start, s.start + len(s.spun)) for s in swaps]
        for mode, edits in (("aligned", edits_after), ("despin_only", edits_before)):
            mine = _despin_edits(edits, doc_id)
            for s in swaps:
                counts[mode]["restored"] += _restored_exactly(received, mine, swaps, s)
            others = [
                e
                for e in mine
                if not any(a < e.char_start + len(e.before) and e.char_start < b for a, b in spans)
            ]
            counts[mode]["other_edits"] += len(others)
            counts[mode]["other_words"] += sum(len(_WORD.findall(e.before)) or 1 for e in others)
    for mode, c in counts.items():
        report[mode] = {
            "restored_exactly": c["restored"],
            "restored_exactly_pct": round(100 * c["restored"] / report["swaps"], 1)
            if report["swaps"]
            else None,
            "unswapped_words_changed": c["other_words"],
            "unswapped_words_changed_per_1000_words": round(1000 * c["other_words"] / words, 2),
            "edits_outside_swaps": c["other_edits"],
        }
    originals_changed = sum(
        _text(before, id_of[p]) != _text(after, id_of[p]) for p in files if p.startswith("original/")
    )
    return report | {
        "originals_taken_for_spun_copies": sum(
            path.startswith("original/") for path in (p for p, d in id_of.items() if d in by_spun)
        ),
        "swap_rate_per_word": round(report["swaps"] / words, 3),
        "copies_cleaning_changed_unmeasured": unmapped,
        "originals_changed": originals_changed,
        "restore_seconds": round(seconds, 2),
    }


def _moved(swap, steps: pl.DataFrame):
    """``swap`` placed in the text cleaning produced (its steps' edits replayed in order), or None when an edit
    touches it."""
    start = swap.start
    for _, edits in steps.sort("edit_idx").group_by("step", maintain_order=True):
        shift = 0
        for before, after, at in edits.select("before", "after", "char_start").iter_rows():
            if at + len(before) <= start:
                shift += len(after) - len(before)
            elif at < start + len(swap.spun):
                return None
        start += shift
    return SimpleNamespace(start=start, spun=swap.spun, original=swap.original)


def _restored_exactly(text: str, edits: list, swaps: list, swap) -> bool:
    """Whether ``swap`` reads as the original after the edits. One edit may restore several swaps side by side
    ("assault upon" -> "attack on"), so the span compared grows to whole edits and whole swaps until stable."""
    start, end = swap.start, swap.start + len(swap.spun)
    while True:
        got, w_start, w_end = restored_span(text, edits, start, end)
        inside = [s for s in swaps if s.start < w_end and w_start < s.start + len(s.spun)]
        new_start = min([w_start, *(s.start for s in inside)])
        new_end = max([w_end, *(s.start + len(s.spun) for s in inside)])
        if (new_start, new_end) == (start, end):
            break
        start, end = new_start, new_end
    pieces, last = [], w_start
    for s in sorted(inside, key=lambda s: s.start):
        pieces += [text[last : s.start], s.original]
        last = s.start + len(s.spun)
    pieces.append(text[last:w_end])
    return got == "".join(pieces)


def _text(frame: pl.DataFrame, doc_id: str) -> str:
    return frame.filter(pl.col("doc_id") == doc_id)["text"].item()


def _untouched(files: dict[str, str]) -> dict:
    """Where nothing is a spun copy: pairs judged spun and words aligned restoration changed."""
    from pipeline.clean.aligned_restore import RULE_ALIGNED_COPY, candidate_pairs
    from pipeline.stages.documents import dedup_prints

    before, edits_before, _, edits_after, pairs, seconds = _run(files)
    aligned = edits_after.filter(pl.col("rule") == RULE_ALIGNED_COPY)
    prints, _ = dedup_prints(before, None)
    restorations = before.select("doc_id", pl.col("restorations").list.len().alias("n"))
    words = sum(len(_WORD.findall(t)) for t in files.values())
    changed = sum(len(_WORD.findall(b)) or 1 for b in aligned["before"])
    return {
        "documents": len(files),
        "words": words,
        # near duplicates the judge looked at (exact duplicates stand for each other), and those it took for spun
        "candidate_pairs_judged": len(candidate_pairs(prints, restorations)),
        "pairs_judged_spun": len(pairs),
        "aligned_edits": aligned.height,
        "words_changed": changed,
        "words_changed_per_1000": round(1000 * changed / words, 4),
        # the de-spinner's own edits that aligned restoration dropped as changes the original proves wrong
        "despin_edits_dropped": edits_before.filter(pl.col("step") == "despin").height
        - edits_after.filter((pl.col("step") == "despin") & (pl.col("rule") != RULE_ALIGNED_COPY)).height,
        "restore_seconds": round(seconds, 2),
    }


def clean_bbc(articles: list[dict]) -> dict:
    files = {f"bbc/{a['id']}.txt": f"{a['title']}\n\n{a['text']}" for a in articles}
    return _untouched(files) | {"known_exact_duplicate_pairs": 98}


def legitimate_copies(articles: list[dict]) -> dict:
    from bench.dedup import copies

    files = {}
    for i in LEGIT_COPIES:
        files[f"original/{i}.txt"] = f"{articles[i]['title']}\n\n{articles[i]['text']}"
        for kind, text in copies(articles[i]["title"], articles[i]["text"], seed=i).items():
            if not kind.startswith("spun"):
                files[f"{kind}/{i}.txt"] = text
    return _untouched(files) | {"kinds": ["rescrape", "update", "syndicated"]}


def mrpc() -> dict:
    from pipeline.clean.aligned_restore import judge

    with MRPC.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    sentences = {}
    for _, id1, id2, s1, s2 in rows:
        sentences[f"mrpc/{id1}.txt"], sentences[f"mrpc/{id2}.txt"] = s1, s2
    as_corpus = _untouched(sentences)
    pair_by_pair = [judge("a", r[3], "b", r[4]) for r in rows]
    blocks = [rows[k : k + 10] for k in range(0, len(rows), 10)]
    joined = [judge("a", "\n\n".join(r[3] for r in b), "b", "\n\n".join(r[4] for r in b)) for b in blocks]
    return {
        "pairs": len(rows),
        "paraphrase_pairs": sum(r[0] == "1" for r in rows),
        "as_a_corpus_of_sentences": as_corpus,
        "pairs_judged_spun_pair_by_pair": sum(v.accepted for v in pair_by_pair),
        "documents_of_ten_pairs": len(blocks),
        "documents_of_ten_pairs_judged_spun": sum(v.accepted for v in joined),
    }


SECTIONS = {
    "spun_bbc_mythes": lambda bbc: spun_bbc(bbc, ("mythes",)),
    "spun_bbc_lexicon_pairs": lambda bbc: spun_bbc(bbc, ("lexicon_pairs",)),
    # both spun copies of each article beside it: the two copies also pair with each other
    "spun_bbc_both_spinners": lambda bbc: spun_bbc(bbc, ("mythes", "lexicon_pairs")),
    "clean_bbc": clean_bbc,
    "legitimate_copies": legitimate_copies,
    "mrpc": lambda bbc: mrpc(),
}


def main(argv: list[str] | None = None) -> int:
    """Every section, or those named on the command line (the others keep their last figures)."""
    names = (argv if argv is not None else sys.argv[1:]) or list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        print(f"unknown sections {unknown}; choose from {list(SECTIONS)}", file=sys.stderr)
        return 2
    if missing(BBC, MRPC):
        return 2
    bbc = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    previous = RESULTS / "despin_aligned.json"
    report = json.loads(previous.read_text(encoding="utf-8")) if previous.exists() else {}
    for name in names:
        report[name] = SECTIONS[name](bbc)
    write_results("despin_aligned", {name: report[name] for name in SECTIONS if name in report})
    print(json.dumps({name: report[name] for name in names}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
