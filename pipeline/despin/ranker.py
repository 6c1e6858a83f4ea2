"""Calibrated choice for learned de-spinning: P(putting this WordNet neighbour back is right) per candidate.

``pipeline.despin.learned`` scores each candidate original of a suspect word on trigram context. A raw margin in
nats is not a probability: the same 4 nats mean "almost surely spun" for a rare word whose neighbour the text
uses elsewhere, and "a coin toss" for a common word with ten candidates. This module turns a word's candidates
into probabilities with a conditional logit (one softmax over "keep the word" and each candidate), fitted by
``tools/train_despin_ranker.py`` on BBC articles 0-799 spun by the test spinner at three rates. The weights ship
in ``data/spinner_learned_weights.tsv``.

The features describe what a content-farm spinner leaves behind, not one spinner's habits:

* context: how much better the candidate reads in the trigrams around it, its lead over the next candidate,
  how well the page word itself reads, and whether the language model knows the page word at all;
* frequency: the candidate's and the page word's Zipf frequency, and how many neighbours the candidate has (a
  spinner that picks among a word's synonyms at random rarely lands on any one of a word with many);
* the document: whether the text uses the candidate elsewhere, and how densely spun the document looks
  (distinct words a neighbour fits far better, per word: the prior that any word was swapped).

A probability, not a margin, is what ``pipeline.despin.restore`` calls an edit's confidence; its floor is chosen on
tuning articles 800-999 and its reliability reported on held-out articles (``bench/despin_floor.py``).
"""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.reference import DATA_DIR

WEIGHTS_FILE = DATA_DIR / "spinner_learned_weights.tsv"
# Context margins are clipped: past this many nats one more says nothing (an unknown page word reads -20).
_CLIP = 15.0
_PAGE_CLIP = -40.0


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """What the ranker knows about one candidate original of one page word."""

    context: float  # nats the candidate reads better than the page word
    lead: float  # nats it reads better than the best other candidate
    seen: int  # times the text uses the candidate elsewhere
    zipf_original: float
    zipf_spun: float
    neighbours: int  # WordNet neighbours of the candidate (words a spinner could have turned it into)
    candidates: int  # candidates of the page word
    beating_page: int  # candidates of the page word that read better than it
    page_fit: float  # ln P of the trigrams around the page word as it stands
    page_unknown: bool  # the language model does not know the page word
    density: float  # the document's context signs per word (pipeline.despin.restore.SpinEvidence)


def features(f: CandidateFacts) -> tuple[float, ...]:
    """The model's inputs, in ``FEATURES`` order."""
    c = max(min(f.context, _CLIP), -_CLIP)
    d = 10 * f.density
    return (
        c,
        max(c, 0.0),
        max(min(f.lead, _CLIP), -_CLIP),
        float(f.seen > 0),
        math.log1p(f.seen),
        min(f.zipf_original, 6.0) - f.zipf_spun,
        f.zipf_original,
        f.zipf_spun,
        math.log1p(f.neighbours),
        math.log(max(f.candidates, 1)),
        math.log1p(f.beating_page),
        max(f.page_fit, _PAGE_CLIP) / 10,
        float(f.page_unknown),
        d,
        c * d,
    )


FEATURES = (
    "context",
    "context_positive",
    "lead",
    "seen",
    "log_seen",
    "gain",
    "zipf_original",
    "zipf_spun",
    "log_neighbours",
    "log_candidates",
    "log_beating_page",
    "page_fit",
    "page_unknown",
    "density",
    "context_x_density",
)


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weight: tuple[float, ...]

    def utility(self, x: tuple[float, ...]) -> float:
        return self.bias + sum(
            w * (v - m) / s for v, m, s, w in zip(x, self.mean, self.scale, self.weight, strict=True)
        )


def read_weights(path: Path, features: tuple[str, ...], trainer: str) -> Model:
    """A conditional logit's weights (TSV ``feature, mean, scale, weight``; the ``bias`` row has only a weight),
    in the order of ``features``; ``trainer`` is the tool that writes the file, named when a weight is missing."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        rows = {r["feature"]: r for r in csv.DictReader(lines, delimiter="\t")}
    missing = [f for f in ("bias", *features) if f not in rows]
    if missing:
        raise ValueError(f"{path.name}: no weight for {missing} (retrain with {trainer})")
    return Model(
        float(rows["bias"]["weight"]),
        tuple(float(rows[f]["mean"]) for f in features),
        tuple(float(rows[f]["scale"]) for f in features),
        tuple(float(rows[f]["weight"]) for f in features),
    )


@cache
def load_model(path: Path = WEIGHTS_FILE) -> Model:
    return read_weights(path, FEATURES, "tools/train_despin_ranker.py")


def choice_probabilities(utilities: list[float]) -> list[float]:
    """Softmax over the candidates and an implicit "keep what the page says" with utility 0: each candidate's
    probability; the rest of the mass is keeping."""
    top = max([0.0, *utilities])  # shift for numerical safety
    exps = [math.exp(u - top) for u in utilities]
    total = math.exp(-top) + sum(exps)
    return [e / total for e in exps]


def probabilities(candidates: list[CandidateFacts], model: Model | None = None) -> list[float]:
    """P(each candidate is the word the spinner replaced); the rest of the mass is P(the word was not swapped)."""
    model = model or load_model()
    return choice_probabilities([model.utility(features(c)) for c in candidates])
