"""Calibrate pipeline.despin.restore.CONFIDENCE_FLOOR: per rule, how precise the restorations are at each confidence.

Run `.venv/bin/python -m bench.despin_floor`; results go to bench/results/despin_floor.json.

Labelled data: BBC articles spun by both test spinners of tests/spinner.py (``mythes``: a foreign thesaurus,
single words; ``lexicon_pairs``: the lexicon inverted), whose swaps are recorded, and the Hankyoreh sample with
its gold restorations (tests/gold/hankyoreh_spins.json). The floor is chosen on BBC articles 0-199
(``CALIBRATION``) and reported on 1000-1199 (``HELD_OUT``) and on the Hankyoreh sample, which it never sees.

Every restoration found is scored, applied or held back (``DespinResult.held_back``), so one run gives the
figures without a floor ("before") and with the packaged one ("after"). A restoration is right when it puts
back exactly what the spinner replaced (BBC), or words of the gold original (Hankyoreh); one outside any swap
is a false change. ``recommended_floor`` is the least floor at which the applied restorations of a rule are
at least ``TARGET_PRECISION`` right and the ``MARGINAL_WINDOW`` least confident of them at least
``TARGET_MARGINAL`` right, on the calibration set; for the learned rule, whose confidence is a calibrated
probability, it is 0.5. Each rule's buckets give the reliability: mean confidence (predicted) beside the share
of restorations that were right (observed).
"""

import json
import re
import sys

from bench.common import CORPORA, REPO, missing, write_results
from bench.despin import GOLD, restored_span
from pipeline.despin.restore import CONFIDENCE_FLOOR, RULE_LEARNED_SYNONYM, RULE_SPINNER_LEXICON, despin

BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
CALIBRATION = range(0, 200)
HELD_OUT = range(1000, 1200)
SPINNERS = ("mythes", "lexicon_pairs")
TARGET_PRECISION = 0.9
# The least confident restorations kept must be right this often too: a rule precise in total can still
# apply near ties that are wrong one time in four ("an affordable quarrel").
TARGET_MARGINAL = 0.85
MARGINAL_WINDOW = 200
# Rules whose confidence estimates P(right): pipeline.despin.ranker (tools/train_despin_ranker.py) and
# pipeline.despin.lexicon_ranker (tools/train_lexicon_ranker.py). The lexicon layer reports only restorations
# with P >= pipeline.despin.lexicon.REPORT_PROBABILITY, so its "before" is that floor, not none.
CALIBRATED_RULES = (RULE_LEARNED_SYNONYM, RULE_SPINNER_LEXICON)
CALIBRATED_FLOOR = 0.5
BUCKETS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _label_bbc(spun: str, swaps, edit) -> bool | None:
    """True/False: the edit puts back exactly the swapped words it covers; None: it covers no swap."""
    end = edit.char_start + len(edit.before)
    covered = [s for s in swaps if s.start < end and edit.char_start < s.start + len(s.spun)]
    if not covered:
        return None
    start, stop = min(s.start for s in covered), max(s.start + len(s.spun) for s in covered)
    got, w_start, w_end = restored_span(spun, [edit], start, stop)
    expected, last = [], w_start
    for s in sorted(covered, key=lambda s: s.start):
        expected += [spun[last : s.start], s.original]
        last = s.start + len(s.spun)
    expected.append(spun[last:w_end])
    return got.lower() == "".join(expected).lower()


def _label_gold(spans, edit) -> bool | None:
    """Hankyoreh: right when every word the edit writes belongs to the gold original of the span it touches
    and the words it removes do not all belong there; None outside every gold span."""
    end = edit.char_start + len(edit.before)
    originals = [o for a, b, o in spans if a < end and edit.char_start < b]
    if not originals:
        return None
    expected = set(_words(" ".join(originals)))
    written, removed = _words(edit.after), _words(edit.before)
    return all(w in expected for w in written) and not all(w in expected for w in removed)


def _record(rows: list, labelled_edits) -> None:
    for edit, right in labelled_edits:
        rows.append((edit.rule, edit.confidence, right))


def spun_bbc(articles: list[dict], indices: range, spinner: str) -> dict:
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import lexicon_pairs, spin, spin_with_pairs

    pairs = lexicon_pairs()
    rows: list = []
    swapped = restored_before = restored_after = words = 0
    for i in indices:
        text = articles[i]["text"]
        spun, swaps = spin(text, seed=i) if spinner == "mythes" else spin_with_pairs(text, pairs, seed=i)
        result = despin(spun)
        found = (*result.edits, *result.held_back)
        _record(rows, ((e, _label_bbc(spun, swaps, e)) for e in found))
        swapped += len(swaps)
        words += len(_WORD.findall(spun))
        for s in swaps:
            expected = s.original.lower()
            for edits, counter in ((found, "before"), (result.edits, "after")):
                got, w_start, w_end = restored_span(spun, edits, s.start, s.start + len(s.spun))
                want = spun[w_start : s.start] + expected + spun[s.start + len(s.spun) : w_end]
                if got.lower() == want.lower():
                    if counter == "before":
                        restored_before += 1
                    else:
                        restored_after += 1
    return {
        "rows": rows,
        "swaps": swapped,
        "words": words,
        "restored_exactly_pct": {
            "before": round(100 * restored_before / swapped, 1),
            "after": round(100 * restored_after / swapped, 1),
        },
    }


def hankyoreh() -> dict:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = (REPO / gold["source"]).read_text(encoding="utf-8")
    result = despin(text)
    found = (*result.edits, *result.held_back)
    spans, cursor, exact, lost = [], {}, {"before": 0, "after": 0}, []
    for spun, original in gold["spins"]:
        start = text.index(spun, cursor.get(spun, 0))
        cursor[spun] = start + 1
        spans.append((start, start + len(spun), original))
        for edits, key in ((found, "before"), (result.edits, "after")):
            got, w_start, w_end = restored_span(text, edits, start, start + len(spun))
            if got == text[w_start:start] + original + text[start + len(spun) : w_end]:
                exact[key] += 1
        before_got = restored_span(text, found, start, start + len(spun))
        after_got = restored_span(text, result.edits, start, start + len(spun))
        if before_got != after_got:
            lost.append({"spun": spun, "gold": original, "before": before_got[0], "after": after_got[0]})
    rows: list = []
    _record(rows, ((e, _label_gold(spans, e)) for e in found))
    held = [
        {"before": e.before, "after": e.after, "confidence": e.confidence, "right": _label_gold(spans, e)}
        for e in result.held_back
    ]
    return {
        "rows": rows,
        "gold_substitutions": len(gold["spins"]),
        "restored_exactly": exact,
        "spans_changed_by_floor": lost,
        "held_back": held,
    }


def clean(articles: list[dict], indices: range) -> dict:
    words = {"before": 0, "after": 0}
    total = 0
    for i in indices:
        text = f"{articles[i]['title']}\n\n{articles[i]['text']}"
        result = despin(text)
        total += len(_WORD.findall(text))
        words["before"] += sum(len(_WORD.findall(e.before)) for e in (*result.edits, *result.held_back))
        words["after"] += sum(len(_WORD.findall(e.before)) for e in result.edits)
    return {
        "documents": len(indices),
        "words": total,
        "words_changed_per_1000": {k: round(v * 1000 / total, 4) for k, v in words.items()},
    }


def _bucket(confidence: float) -> str:
    for low, high in zip(BUCKETS, BUCKETS[1:], strict=False):
        if confidence < high or high == BUCKETS[-1]:
            return f"{low:.2f}-{high:.2f}"
    return "1.00"


def per_rule(rows: list, floors: dict[str, float]) -> dict:
    """Per rule: precision and right restorations without a floor and with ``floors``, and per bucket."""
    out: dict = {}
    for rule in sorted({r[0] for r in rows}):
        mine = [(c, right) for r, c, right in rows if r == rule]
        stats = {}
        for key, floor in (("before", 0.0), ("after", floors.get(rule, 0.0))):
            kept = [right for c, right in mine if c >= floor]
            n_right = sum(x is True for x in kept)
            stats[key] = {
                "applied": len(kept),
                "right": n_right,
                "wrong": sum(x is False for x in kept),
                "false_changes": sum(x is None for x in kept),
                "precision": round(n_right / len(kept), 3) if kept else None,
            }
        all_right = stats["before"]["right"]
        stats["recall_of_right_kept"] = round(stats["after"]["right"] / all_right, 3) if all_right else None
        buckets: dict = {}
        for c, right in mine:
            b = buckets.setdefault(_bucket(c), {"right": 0, "not_right": 0, "confidence_sum": 0.0})
            b["right" if right is True else "not_right"] += 1
            b["confidence_sum"] += c
        # Reliability: the mean confidence of a bin (predicted precision) beside the share right (observed).
        for b in buckets.values():
            n = b["right"] + b["not_right"]
            b["predicted"] = round(b.pop("confidence_sum") / n, 3)
            b["observed"] = round(b["right"] / n, 3)
        stats["buckets"] = dict(sorted(buckets.items()))
        out[rule] = stats
    return out


def recommend(rows: list) -> dict[str, float]:
    """Per rule, the least floor meeting both precision targets on ``rows`` (the calibration set).

    A rule whose confidence is a calibrated probability (``CALIBRATED_RULES``) gets ``CALIBRATED_FLOOR``
    instead: an edit is applied when it is more likely right than wrong.
    """
    floors = {rule: CALIBRATED_FLOOR for rule in CALIBRATED_RULES}
    for rule in sorted({r[0] for r in rows} - set(CALIBRATED_RULES)):
        mine = sorted((c, right is True) for r, c, right in rows if r == rule)
        floors[rule] = 1.01  # nothing meets the targets: the rule is switched off
        for i, (floor, _) in enumerate(mine):
            if i and mine[i - 1][0] == floor:
                continue
            kept = [right for _, right in mine[i:]]
            lowest = kept[:MARGINAL_WINDOW]
            if sum(kept) / len(kept) >= TARGET_PRECISION and sum(lowest) / len(lowest) >= TARGET_MARGINAL:
                floors[rule] = 0.0 if i == 0 else floor
                break
    return floors


def main() -> int:
    if missing(BBC):
        return 2
    bbc = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    sets = {
        name: {spinner: spun_bbc(bbc, indices, spinner) for spinner in SPINNERS}
        for name, indices in (("calibration", CALIBRATION), ("held_out", HELD_OUT))
    }
    gold = hankyoreh()
    calibration_rows = [row for part in sets["calibration"].values() for row in part["rows"]]
    results = {
        "target_precision": TARGET_PRECISION,
        "target_marginal_precision": TARGET_MARGINAL,
        "marginal_window": MARGINAL_WINDOW,
        "recommended_floor": recommend(calibration_rows),
        "packaged_floor": CONFIDENCE_FLOOR,
        "calibration_bbc_0_199": per_rule(calibration_rows, CONFIDENCE_FLOOR),
        "held_out_bbc_1000_1199": per_rule(
            [row for part in sets["held_out"].values() for row in part["rows"]], CONFIDENCE_FLOOR
        ),
        "hankyoreh": per_rule(gold["rows"], CONFIDENCE_FLOOR),
        "hankyoreh_gold": {k: v for k, v in gold.items() if k != "rows"},
        "swaps_restored_exactly_pct": {
            f"{name}_{spinner}": part["restored_exactly_pct"]
            for name, parts in sets.items()
            for spinner, part in parts.items()
        },
        "clean_bbc": {
            "calibration_0_199": clean(bbc, CALIBRATION),
            "held_out_1000_1199": clean(bbc, HELD_OUT),
        },
    }
    write_results("despin_floor", results)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
