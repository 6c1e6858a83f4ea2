"""De-spinning benchmark: restoration on the Hankyoreh sample and on freshly spun BBC news, damage on clean news.

Run `.venv/bin/python -m bench.despin` (add `--pipeline-only` to skip the run without the learned layer);
results go to bench/results/despin.json.

- Hankyoreh: share of the gold substitutions (tests/gold/hankyoreh_spins.json) whose span reads exactly as the
  original after de-spinning.
- Spun BBC, held-out articles 1000-1399 (tuning and calibration use 0-999), two test spinners from
  tests/spinner.py; share of swaps restored exactly, and how many other words were changed:
  - ``spun_bbc_mythes``: a foreign thesaurus (mythes), single words, 30% of eligible words. Only the learned
    WordNet layer can restore these, and only where WordNet holds the original among its candidates
    (``wordnet_candidates_hold_original_pct``, the ceiling).
  - ``spun_bbc_lexicon_pairs``: the spinner lexicon inverted, every known phrase swapped, as a content-farm
    tool does. It measures arbitration (right place, right word) given the pairs, not coverage.
  - ``spun_bbc_lexicon_pairs_lighter``: the same pairs at rates 0.3 and 0.6, or 60% of them applied everywhere.
  - ``spun_bbc_mythes_lighter``: the mythes spinner at rates 0.1 and 0.2, with the share of articles judged spun.
- Clean BBC and Reuters: words changed per 1,000 words, documents judged spun, and de-spinning throughput.

``entity_name_edits`` counts the gazetteer name rule's edits (pipeline.despin.names), which runs in both modes.
"""

import json
import re
import sys
import time

from bench.common import CORPORA, REPO, missing, write_results
from pipeline.despin.learned import lexicon
from pipeline.despin.names import observed_swaps, restore_names
from pipeline.despin.restore import (
    LEARNED_LAYER,
    RULE_ENTITY_NAME,
    RULE_LEARNED_SYNONYM,
    despin,
    load_spinner_phrases,
    spin_evidence,
)

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
REUTERS = CORPORA / "reuters21578" / "reuters21578.jsonl"
GOLD = REPO / "tests" / "gold" / "hankyoreh_spins.json"
HELD_OUT = range(1000, 1400)
_WORD = re.compile(r"\w+")


def restored_span(text: str, edits, start: int, end: int) -> tuple[str, int, int]:
    """The span [start, end) of ``text`` after the edits, widened to whole edits that cross its edges."""
    for e in edits:
        e_end = e.char_start + len(e.before)
        if e.char_start < end and start < e_end:
            start, end = min(start, e.char_start), max(end, e_end)
    inside = sorted((e for e in edits if start <= e.char_start < end), key=lambda e: e.char_start)
    out, last = [], start
    for e in inside:
        out += [text[last : e.char_start], e.after]
        last = e.char_start + len(e.before)
    out.append(text[last:end])
    return "".join(out), start, end


def score_swaps(spun: str, edits, swaps) -> tuple[int, int]:
    """Swaps restored exactly (their words read as the original after de-spinning), and edits outside every swap."""
    restored = 0
    for s in swaps:
        got, w_start, w_end = restored_span(spun, edits, s.start, s.start + len(s.spun))
        expected = spun[w_start : s.start] + s.original + spun[s.start + len(s.spun) : w_end]
        restored += got.lower() == expected.lower()
    spans = [(s.start, s.start + len(s.spun)) for s in swaps]
    other = sum(
        not any(a < e.char_start + len(e.before) and e.char_start < b for a, b in spans) for e in edits
    )
    return restored, other


def hankyoreh(learned: bool) -> dict:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = (REPO / gold["source"]).read_text(encoding="utf-8")
    result = despin(text, learned=learned)
    exact, cursor, misses, spans = 0, {}, [], []
    for spun, original in gold["spins"]:
        start = text.index(spun, cursor.get(spun, 0))
        cursor[spun] = start + 1
        spans.append((start, start + len(spun), original.split()))
        got, w_start, w_end = restored_span(text, result.edits, start, start + len(spun))
        expected = text[w_start:start] + original + text[start + len(spun) : w_end]
        if got == expected:
            exact += 1
        else:
            misses.append([spun, original, got])
    # A word-layer edit is right when it sits in a gold span and puts back a word of the original there.
    learned = [e for e in result.edits if e.rule == RULE_LEARNED_SYNONYM]
    right = sum(
        any(a <= e.char_start < b and e.after in orig and e.before not in orig for a, b, orig in spans)
        for e in learned
    )
    return {
        "signs_per_100_words": round(spin_evidence(text).signs_per_100_words, 1),
        "gold_substitutions": len(gold["spins"]),
        "restored_exactly": exact,
        "restored_exactly_pct": round(100 * exact / len(gold["spins"]), 1),
        "edits": len(result.edits),
        "entity_name_edits": sum(e.rule == RULE_ENTITY_NAME for e in result.edits),
        "learned_edits_right": right,
        "learned_edits_wrong": len(learned) - right,
        "misses": misses,
    }


def names_rule_alone() -> dict:
    """Hankyoreh names the entity_name rule restores by itself, with less and less knowledge of the spinner.

    In ``despin`` the hand-written rows for these names win, so the pipeline figures cannot show the rule.
    "without_name_rows" drops every proper-name row that occurs in the sample or that the rule itself could
    restore, keeping only the swaps recorded on other rows; "wordnet_only" keeps none.
    """
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = (REPO / gold["source"]).read_text(encoding="utf-8")
    phrases = load_spinner_phrases()
    name_rows = {p for p in phrases if p.case_sensitive and (p.spun in text or restore_names(p.spun))}
    knowledge = {
        "packaged": None,
        "without_name_rows": observed_swaps(p for p in phrases if p not in name_rows),
        "wordnet_only": frozenset(),
    }
    return {
        mode: [f"{r.before} -> {r.after}" for r in restore_names(text, observed)]
        for mode, observed in knowledge.items()
    }


def spun_bbc(articles: list[dict], learned: bool, spinner: str) -> dict:
    """Held-out BBC articles spun by a test spinner: share of swaps restored exactly, other words changed.

    ``spinner`` is "mythes" (a foreign thesaurus, single words) or "lexicon_pairs" (the lexicon's own pairs
    inverted: it measures whether the right places get the right words, not whether the pairs are known).
    """
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import lexicon_pairs, spin, spin_with_pairs

    pairs = lexicon_pairs()
    known = lexicon()
    swapped = restored = other_edits = words = idempotent = reachable = 0
    for i in HELD_OUT:
        text = articles[i]["text"]
        spun, swaps = spin(text, seed=i) if spinner == "mythes" else spin_with_pairs(text, pairs, seed=i)
        result = despin(spun, learned=learned)
        swapped += len(swaps)
        # Could the WordNet layer restore each at all (is the original among its candidates)?
        reachable += sum(any(c.original == s.original for c in known.get(s.spun, ())) for s in swaps)
        right, other = score_swaps(spun, result.edits, swaps)
        restored += right
        other_edits += other
        words += len(_WORD.findall(spun))
        idempotent += despin(result.text, learned=learned).edits == ()
    return {
        "articles": len(HELD_OUT),
        "swaps": swapped,
        "swap_rate_per_word": round(swapped / words, 3),
        "restored_exactly": restored,
        "restored_exactly_pct": round(100 * restored / swapped, 1),
        "unswapped_words_changed": other_edits,
        "idempotent_articles": idempotent,
        "wordnet_candidates_hold_original_pct": round(100 * reachable / swapped, 1),
    }


def spun_bbc_lighter(articles: list[dict]) -> dict:
    """Held-out BBC spun with the lexicon's pairs as lighter content farms do: each phrase at rate 0.3 or 0.6, or
    a random 60% of the dictionary applied at every occurrence (``consistent_0.6``). Documents spun too lightly
    to be judged spun are left alone, so the restored share falls with the rate by design."""
    sys.path.insert(0, str(REPO / "tests"))
    import random

    from spinner import lexicon_pairs, spin_with_pairs

    pairs = lexicon_pairs()
    out = {}
    for mode in ("rate_0.3", "rate_0.6", "consistent_0.6"):
        swapped = restored = other_edits = 0
        for i in HELD_OUT:
            text = articles[i]["text"]
            if mode.startswith("rate"):
                spun, swaps = spin_with_pairs(text, pairs, rate=float(mode[5:]), seed=i)
            else:
                rng = random.Random(i)
                part = {k: v for k, v in pairs.items() if rng.random() < 0.6}
                spun, swaps = spin_with_pairs(text, part, rate=1.0, seed=i)
            result = despin(spun)
            swapped += len(swaps)
            right, other = score_swaps(spun, result.edits, swaps)
            restored += right
            other_edits += other
        out[mode] = {
            "swaps": swapped,
            "restored_exactly_pct": round(100 * restored / swapped, 1),
            "unswapped_words_changed": other_edits,
        }
    return out


def spun_bbc_mythes_lighter(articles: list[dict]) -> dict:
    """Held-out BBC spun by the mythes spinner at rates 0.1 and 0.2 (one eligible word in ten or five): share of
    articles judged spun (context-sign density or collocation breaks, pipeline.despin.collocations), share of
    swaps restored exactly, and other words changed."""
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import spin

    out = {}
    for rate in (0.1, 0.2):
        swapped = restored = other_edits = judged = by_breaks = 0
        for i in HELD_OUT:
            spun, swaps = spin(articles[i]["text"], rate=rate, seed=i)
            result = despin(spun)
            judged += result.document.is_spun or result.document.is_spun_by_unknown_spinner
            by_breaks += (
                result.document.is_spun_by_unknown_spinner and not result.document.has_dense_context_signs
            )
            swapped += len(swaps)
            right, other = score_swaps(spun, result.edits, swaps)
            restored += right
            other_edits += other
        out[f"rate_{rate}"] = {
            "swaps": swapped,
            "judged_spun_pct": round(100 * judged / len(HELD_OUT), 1),
            "judged_spun_by_collocation_breaks_only": by_breaks,
            "restored_exactly_pct": round(100 * restored / swapped, 1),
            "unswapped_words_changed": other_edits,
        }
    return out


def clean(texts: list[str], learned: bool) -> dict:
    words = changed = docs_touched = name_edits = 0
    started = time.perf_counter()
    for text in texts:
        result = despin(text, learned=learned)
        words += len(_WORD.findall(text))
        changed += sum(len(_WORD.findall(e.before)) for e in result.edits)
        docs_touched += bool(result.edits)
        name_edits += sum(e.rule == RULE_ENTITY_NAME for e in result.edits)
    seconds = time.perf_counter() - started
    judged_spun = 0  # outside the timing
    for text in texts:
        evidence = spin_evidence(text, learned=learned)
        judged_spun += evidence.is_spun or evidence.is_spun_by_unknown_spinner
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    return {
        "documents": len(texts),
        "words": words,
        "words_changed": changed,
        "per_1000_words": round(changed * 1000 / words, 4),
        "documents_touched": docs_touched,
        "documents_judged_spun": judged_spun,
        "entity_name_edits": name_edits,
        "mb_per_s": round(n_bytes / 1e6 / seconds, 2),
    }


def main() -> int:
    if missing(BBC, REUTERS):
        return 2
    bbc = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    reuters = [json.loads(line) for line in REUTERS.read_text(encoding="utf-8").splitlines()]
    results = {}
    # "pipeline" is what the clean stage runs (every layer, see pipeline.despin.restore); "without_learned_layer" drops the
    # WordNet word layer, to show what it adds (--pipeline-only skips it: half the run time).
    modes = (("pipeline", LEARNED_LAYER), ("without_learned_layer", False))
    for mode, learned in modes[:1] if "--pipeline-only" in sys.argv else modes:
        results[mode] = {
            "hankyoreh": hankyoreh(learned),
            "spun_bbc_mythes": spun_bbc(bbc, learned, "mythes"),
            "spun_bbc_lexicon_pairs": spun_bbc(bbc, learned, "lexicon_pairs"),
            "clean_bbc": clean([f"{a['title']}\n\n{a['text']}" for a in bbc], learned),
            "clean_reuters": clean([r["body"] for r in reuters if r.get("body")], learned),
        }
    results["pipeline"]["spun_bbc_lexicon_pairs_lighter"] = spun_bbc_lighter(bbc)
    results["pipeline"]["spun_bbc_mythes_lighter"] = spun_bbc_mythes_lighter(bbc)
    results["entity_name_rule_alone_on_hankyoreh"] = names_rule_alone()
    write_results("despin", results)
    summary = {
        mode: {k: {x: y for x, y in v.items() if x != "misses"} for k, v in parts.items()}
        if mode != "entity_name_rule_alone_on_hankyoreh"
        else parts
        for mode, parts in results.items()
    }
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
