"""Fit ``pipeline/reference/data/spinner_learned_weights.tsv``: the calibrated ranker of learned de-spinning.

Labelled data: BBC articles spun by the test spinner (tests/spinner.py, the mythes thesaurus, which the
de-spinner does not use), whose swaps are recorded. Articles 0-799 (``FIT``) are spun at rates 0.15, 0.3 and
0.45 in turn, so the document's density feature has something to learn from; articles 800-999 (``CHECK``) at
0.3 are only scored, to print the reliability on tuning data. Held-out articles (1000 and up) are never read
here: ``bench/despin_floor.py`` reports on them.

For every replaceable word, one softmax runs over "keep the word" (utility 0) and each candidate original;
the label is the candidate the spinner replaced, or "keep" for a word it did not swap or whose original is no
candidate. The weights maximise the likelihood with a little L2, so the probabilities are calibrated by
construction on data like the training data (checked per bin on held-out articles).

Run:  .venv/bin/python -m tools.train_despin_ranker   (about a minute)
"""

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from pipeline.despin.learned import score_candidates
from pipeline.despin.ranker import FEATURES, WEIGHTS_FILE, features, load_model, probabilities
from pipeline.despin.restore import spin_evidence

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "corpora" / "bbc_news_2225" / "bbc_news.jsonl"
FIT = range(0, 800)
CHECK = range(800, 1000)
FIT_RATES = (0.15, 0.3, 0.45)
CHECK_RATE = 0.3
L2 = 0.01


def word_groups(text: str, swaps) -> list[tuple[list, int]]:
    """Per scored word: (candidate facts, index of the right candidate or -1 for keep)."""
    density = spin_evidence(text).context_signs_per_word
    by_start = {s.start: s for s in swaps}
    out = []
    for w, scored in score_candidates(text, density=density):
        swap = by_start.get(w.start())
        right = next(
            (k for k, c in enumerate(scored) if swap and c.original.lower() == swap.original.lower()), -1
        )
        out.append(([c.facts for c in scored], right))
    return out


def dataset(articles: list[dict], indices: range, rates: tuple[float, ...]) -> list[tuple[list, int]]:
    sys.path.insert(0, str(REPO / "tests"))
    from spinner import spin

    groups = []
    for i in indices:
        spun, swaps = spin(articles[i]["text"], rate=rates[i % len(rates)], seed=i)
        groups += word_groups(spun, swaps)
    return groups


def fit(
    groups: list[tuple[list, int]], features: Callable[[object], tuple[float, ...]] = features
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Conditional logit: per group, softmax over "keep" (utility 0) and its candidates' ``features``; L-BFGS with
    L2. Also fits the spinner lexicon's ranker (tools/train_lexicon_ranker.py)."""
    x = np.array([features(f) for facts, _ in groups for f in facts])
    y = np.array([float(k == right) for facts, right in groups for k in range(len(facts))])
    g = np.array([n for n, (facts, _) in enumerate(groups) for _ in facts])
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        u = z @ w
        e = np.exp(np.clip(u, -30, 30))
        denominator = 1 + np.bincount(g, weights=e, minlength=len(groups))
        p = e / denominator[g]
        value = -(y @ u - np.log(denominator).sum()) + L2 * w[1:] @ w[1:]
        grad = -(z.T @ (y - p))
        grad[1:] += 2 * L2 * w[1:]
        return value, grad

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return float(w[0]), mean, scale, w[1:]


def write_weights(path: Path, header: str, names: tuple[str, ...], bias: float, mean, scale, weight) -> None:
    """The TSV `pipeline.despin.ranker.read_weights` reads: ``header`` (comments and the column line), then rows."""
    rows = [f"bias\t\t\t{bias:.6f}\n"] + [
        f"{name}\t{m:.6f}\t{s:.6f}\t{w:.6f}\n"
        for name, m, s, w in zip(names, mean, scale, weight, strict=True)
    ]
    path.write_text(header + "".join(rows), encoding="utf-8")


def reliability(groups: list[tuple[list, int]]) -> list[dict]:
    """Per probability bin of each word's best candidate: predicted vs observed share right."""
    bins: dict[int, list[tuple[float, bool]]] = {}
    for facts, right in groups:
        probs = probabilities(facts)
        k = max(range(len(probs)), key=probs.__getitem__)
        bins.setdefault(min(int(probs[k] * 10), 9), []).append((probs[k], k == right))
    return [
        {
            "bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}",
            "words": len(v),
            "predicted": round(sum(p for p, _ in v) / len(v), 3),
            "observed": round(sum(r for _, r in v) / len(v), 3),
        }
        for b, v in sorted(bins.items())
    ]


def main() -> int:
    if not BBC.is_file():
        print(f"{BBC} is missing", file=sys.stderr)
        return 2
    articles = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
    bias, mean, scale, weight = fit(dataset(articles, FIT, FIT_RATES))
    header = (
        "# Written by tools/train_despin_ranker.py: conditional-logit weights of pipeline/despin/ranker.py,\n"
        f"# fitted on BBC articles {FIT.start}-{FIT.stop - 1} spun by tests/spinner.py at rates {FIT_RATES}.\n"
        "feature\tmean\tscale\tweight\n"
    )
    write_weights(WEIGHTS_FILE, header, FEATURES, bias, mean, scale, weight)
    load_model.cache_clear()
    check = reliability(dataset(articles, CHECK, (CHECK_RATE,)))
    print(f"weights -> {WEIGHTS_FILE.relative_to(REPO)}")
    print(json.dumps({"tuning_reliability_800_999": check}, indent=1))
    assert all(math.isfinite(w) for w in weight)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
