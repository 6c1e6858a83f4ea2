"""Learn, per row of ``pipeline/reference/data/spinner_lexicon.tsv``, how sure the context must be before it is restored.

Some spun forms are almost never a writer's own word in news ("whereas", "12 months", "historical past"); some
are everyday words ("final", "hold", "nations") that a spinner also writes for "last", "keep", "countries".
One margin for all rows either misses the first kind or damages the second. So each row gets its own:
training articles (BBC 0-999 and the first 3,000 Reuters stories, never the benchmark's held-out BBC
1000-1399) are spun with the lexicon's own pairs by ``tests/spinner.py`` (``spin_with_pairs``, the same
swap rate as the benchmark), and every place a row is found is scored by ``pipeline.despin.lexicon``:

* a **positive** is a swap the spinner made, where the best original is the word it replaced;
* a **negative** is the writer's own use of the spun form (nothing was swapped there).

The row's margin is the one that minimizes ``misses + WRONG_EDIT_COST * wrong edits`` on those, never below
0 nats (an original the trigram model reads worse than the page is never put back). Rows seen fewer than
``MIN_EXAMPLES`` times keep the default margin. Rows no margin makes worth restoring are written as ``inf``.
The corpora are research-only: only these derived numbers are committed, never the text.

Run:  .venv/bin/python -m tools.calibrate_lexicon
"""

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from spinner import lexicon_pairs, spin_with_pairs  # noqa: E402

from pipeline.despin.lexicon import (  # noqa: E402
    DEFAULT_RESTORE_MARGIN,
    MARGINS_FILE,
    load_lexicon,
    scored_hits,
)

CORPORA = REPO.parent / "shared" / "corpora"
BBC = CORPORA / "bbc_news_2225" / "bbc_news.jsonl"
REUTERS = CORPORA / "reuters21578" / "reuters21578.jsonl"
TRAINING_BBC = range(0, 1000)
TRAINING_REUTERS = 3000
# A wrong edit changes what the writer wrote; a miss leaves the spinner's word. The first is worse.
WRONG_EDIT_COST = 2.0
MIN_EXAMPLES = 8
FLOOR = 0.0
STEP = 0.25
CEILING = 12.0


def training_texts() -> list[str]:
    bbc = [json.loads(line)["text"] for line in BBC.read_text(encoding="utf-8").splitlines()]
    reuters = [json.loads(line).get("body") for line in REUTERS.read_text(encoding="utf-8").splitlines()]
    return [bbc[i] for i in TRAINING_BBC] + [r for r in reuters if r][:TRAINING_REUTERS]


def collect(texts: list[str]) -> dict[str, tuple[list[float], list[float]]]:
    """Row -> (margins of positives, margins of negatives)."""
    pairs = lexicon_pairs()
    seen: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for seed, text in enumerate(texts):
        spun, swaps = spin_with_pairs(text, pairs, seed=seed)
        by_span = {(s.start, s.start + len(s.spun)): s for s in swaps}
        for hit in scored_hits(spun):
            swap = by_span.get((hit.start, hit.end))
            if swap is None:
                if not any(a < hit.end and hit.start < b for a, b in by_span):
                    seen[hit.row.spun][1].append(hit.margin)
            elif swap.original.lower() == hit.original.lower():
                seen[hit.row.spun][0].append(hit.margin)
    return seen


def best_margin(positives: list[float], negatives: list[float]) -> float:
    """The margin with the fewest misses plus weighted wrong edits (the lowest such margin on ties)."""
    best, best_cost = math.inf, len(positives)  # restoring nothing costs every positive
    t = FLOOR
    while t <= CEILING:
        cost = sum(m < t for m in positives) + WRONG_EDIT_COST * sum(m >= t for m in negatives)
        if cost < best_cost:
            best, best_cost = t, cost
        t += STEP
    return best


def main() -> int:
    if not BBC.exists() or not REUTERS.exists():
        print(f"needs BBC and Reuters under {CORPORA}", file=sys.stderr)
        return 2
    seen = collect(training_texts())
    lines = [
        "# Written by tools/calibrate_lexicon.py: per-row restore margin (nats), learned on spun training news.",
        "spun\tmargin\tpositives\tnegatives",
    ]
    for row in load_lexicon():
        positives, negatives = seen.get(row.spun, ([], []))
        # Capitalised rows are never spun by the training spinner, so it has nothing to teach about them.
        if row.case_sensitive or len(positives) + len(negatives) < MIN_EXAMPLES:
            continue
        margin = best_margin(positives, negatives)
        lines.append(f"{row.spun}\t{margin:g}\t{len(positives)}\t{len(negatives)}")
    MARGINS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    learned = len(lines) - 2
    disabled = sum(line.split("\t")[1] == "inf" for line in lines[2:])
    print(f"{learned} rows calibrated ({disabled} disabled), others keep {DEFAULT_RESTORE_MARGIN} nats")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
