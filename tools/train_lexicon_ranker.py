"""Fit ``pipeline/reference/data/spinner_lexicon_weights.tsv``: the calibrated ranker of the spinner-lexicon layer.

Labelled data: BBC articles spun with the lexicon's own pairs by ``tests/spinner.py`` (``spin_with_pairs``), whose
swaps are recorded. Articles 0-799 (``FIT``) are spun at rates 0.3, 0.6 and 1.0 in turn: a real content farm
does not swap every phrase its dictionary knows, and the document features (share of the dictionary's words left
as written, density) must learn what a lighter spin looks like. Every other triple of articles is spun by a
spinner that applies a random part of its dictionary (the same share) consistently, at every occurrence: real
tools do both, and only the second teaches what a row seen spun elsewhere in the document is worth. Articles 800-999 (``CHECK``) at the same rates
are only scored, to print the reliability on tuning data and choose the floor. Held-out articles (1000 and up)
are never read here: ``bench/despin_floor.py`` and ``bench/despin.py`` report on them.

Only documents the pipeline judges spun are used (the layer runs nowhere else), with the document evidence the
pipeline pools (``pipeline.despin.restore.spin_evidence``). For every lexicon hit one softmax runs over "keep the page's
words" (utility 0) and each original of the row; the label is the original the spinner replaced, or "keep" where
it swapped nothing at exactly that span. The weights maximise the likelihood with a little L2, so the
probabilities are calibrated by construction on data like the training data.

Run:  .venv/bin/python -m tools.train_lexicon_ranker   (a few minutes)
"""

import json
import random
import sys
from pathlib import Path

import numpy as np

from pipeline.despin.lexicon import ranked_hits
from pipeline.despin.lexicon_ranker import FEATURES, WEIGHTS_FILE, features, load_model, probabilities
from pipeline.despin.restore import _certain_edits, _spans, spin_evidence
from tools.train_despin_ranker import L2, fit, write_weights

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "corpora" / "bbc_news_2225" / "bbc_news.jsonl"
FIT = range(0, 800)
CHECK = range(800, 1000)
RATES = (0.3, 0.6, 1.0)
FLOORS = (0.3, 0.4, 0.5, 0.6, 0.7)


def hit_groups(spun: str, swaps) -> list[tuple[list, int]]:
    """Per lexicon hit of a document judged spun: (candidate facts, index of the right original or -1)."""
    evidence = spin_evidence(spun, learned=False)
    if not evidence.is_spun:
        return []
    by_span = {(s.start, s.start + len(s.spun)): s for s in swaps}
    out = []
    for hit in ranked_hits(spun, _spans(_certain_edits(spun)), evidence.lexicon_document):
        swap = by_span.get((hit.start, hit.end))
        right = next(
            (
                k
                for k, original in enumerate(hit.row.originals)
                if swap and original.lower() == swap.original.lower()
            ),
            -1,
        )
        out.append((list(hit.facts), right))
    return out


def dataset(articles: list[dict], indices: range) -> list[tuple[list, int]]:
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import lexicon_pairs, spin_with_pairs

    pairs = lexicon_pairs()
    groups = []
    for i in indices:
        rate = RATES[i % len(RATES)]
        if (i // len(RATES)) % 2:
            # A spinner that applies part of its dictionary everywhere: each phrase it knows is swapped at
            # every occurrence or at none (the document-consistency features learn from these).
            rng = random.Random(i)
            spun, swaps = spin_with_pairs(
                articles[i]["text"], {k: v for k, v in pairs.items() if rng.random() < rate}, rate=1.0, seed=i
            )
        else:
            spun, swaps = spin_with_pairs(articles[i]["text"], pairs, rate=rate, seed=i)
        groups += hit_groups(spun, swaps)
    return groups


def reliability(groups: list[tuple[list, int]]) -> dict:
    """Per probability bin of each hit's best original: predicted vs observed share right; and per floor, the
    precision and recall of the restorations it applies."""
    bins: dict[int, list[tuple[float, bool]]] = {}
    best = []
    for facts, right in groups:
        probs = probabilities(facts)
        k = max(range(len(probs)), key=probs.__getitem__)
        best.append((probs[k], k == right, right >= 0))
        bins.setdefault(min(int(probs[k] * 10), 9), []).append((probs[k], k == right))
    swaps = sum(is_swap for _, _, is_swap in best)
    per_floor = {}
    for floor in FLOORS:
        applied = [right for p, right, _ in best if p >= floor]
        per_floor[str(floor)] = {
            "applied": len(applied),
            "precision": round(sum(applied) / len(applied), 3) if applied else None,
            "recall_of_swaps": round(sum(applied) / swaps, 3) if swaps else None,
        }
    return {
        "hits": len(groups),
        "swaps": swaps,
        "bins": [
            {
                "bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}",
                "hits": len(v),
                "predicted": round(sum(p for p, _ in v) / len(v), 3),
                "observed": round(sum(r for _, r in v) / len(v), 3),
            }
            for b, v in sorted(bins.items())
        ],
        "per_floor": per_floor,
    }


def main() -> int:
    if not BBC.is_file():
        print(f"{BBC} is missing", file=sys.stderr)
        return 2
    articles = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    groups = dataset(articles, FIT)
    bias, mean, scale, weight = fit(groups, features)
    header = (
        "# Written by tools/train_lexicon_ranker.py: conditional-logit weights of pipeline/despin/lexicon_ranker.py,\n"
        f"# fitted on BBC articles {FIT.start}-{FIT.stop - 1} spun with the lexicon's pairs at rates {RATES}\n"
        f"# ({len(groups)} lexicon hits in documents judged spun).\n"
        "feature\tmean\tscale\tweight\n"
    )
    write_weights(WEIGHTS_FILE, header, FEATURES, bias, mean, scale, weight)
    load_model.cache_clear()
    print(f"weights -> {WEIGHTS_FILE.relative_to(REPO)} (L2 {L2})")
    print(json.dumps({"tuning_reliability_800_999": reliability(dataset(articles, CHECK))}, indent=1))
    assert np.all(np.isfinite(weight))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
