"""Calibrated choice for the spinner lexicon: P(putting this original back at this place is right).

``pipeline.despin.lexicon`` finds the spinner's everyday swaps ("throughout", "stated", "in the meantime") and
scores each candidate original on trigram context. A margin in nats is not a probability: the same near tie
means "almost surely spun" for "in the meantime" in an article that already swapped every "meanwhile" it had,
and "a coin toss" for "international" in lightly spun copy that still says "global" elsewhere. This module turns
a hit's candidates into probabilities with a conditional logit (one softmax over "keep the page's words" and
each original), fitted by ``tools/train_lexicon_ranker.py`` on BBC articles 0-799 spun with the lexicon's pairs
at rates 0.3, 0.6 and 1.0 (content farms do not swap every phrase). The weights ship in
``data/spinner_lexicon_weights.tsv``; the model itself is ``pipeline.despin.ranker.Model``.

The features say what a dictionary spinner leaves behind, not what one article says:

* context: how much better the original reads with its neighbours as restored and as they stand, and its lead
  over the row's next original;
* the row: its learned margin and how often its spun form was spinner output rather than a writer's word in
  calibration news (``data/spinner_lexicon_margins.tsv``);
* the document: whether it shows the same row spun elsewhere with strong evidence (a spinner applies its
  dictionary consistently), its spin density (distinct rows seen spun, per word), the share of the spinner's
  dictionary words it still holds as written (low when the spinner swapped everything it knew), and whether
  the original itself appears elsewhere as written;
* frequency: the original's and the page form's Zipf frequency.
"""

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wordfreq import zipf_frequency

from pipeline.despin.ranker import Model, choice_probabilities, read_weights
from pipeline.reference import DATA_DIR

WEIGHTS_FILE = DATA_DIR / "spinner_lexicon_weights.tsv"
_CLIP = 15.0
_MARGIN_CAP = 12.0


@dataclass(frozen=True, slots=True)
class LexiconDocument:
    """What the whole document says about the spinner (pooled once, see ``pipeline.despin.restore.spin_evidence``)."""

    words: int = 0
    strong: tuple[str, ...] = ()  # spun form of every hit whose original reads far better (one per hit)
    hits: int = 0  # lexicon hits of any strength
    left: int = 0  # dictionary originals still written on the page, outside any hit
    seen: frozenset[str] = frozenset()  # those originals, lower case

    @property
    def density(self) -> float:
        """Distinct rows seen spun per 100 words."""
        return 100 * len(set(self.strong)) / self.words if self.words else 0.0

    @property
    def left_share(self) -> float:
        """Share of the dictionary's phrases on the page that are still the writer's (1 when nothing is known)."""
        total = self.left + self.hits
        return self.left / total if total else 1.0


@dataclass(frozen=True, slots=True)
class LexiconFacts:
    """What the ranker knows about one candidate original of one lexicon hit."""

    context: float  # nats the original reads better than the page, neighbours read as restored
    standing: float  # the same with neighbours read as they stand
    lead: float  # nats it reads better than the row's best other original (its context when it has none)
    row_margin: float  # the row's learned margin (inf for a row switched off)
    row_log_odds: float  # ln((spun + 1) / (written + 1)) of the row's form in calibration news
    row_known: bool  # the calibration saw the row often enough to learn the two above
    elsewhere: int  # other hits of the same row in the document with strong evidence
    original_seen: bool  # the document writes this original elsewhere, outside any hit
    zipf_original: float
    zipf_spun: float
    originals: int  # candidate originals of the row
    density: float  # LexiconDocument.density
    left_share: float  # LexiconDocument.left_share


def features(f: LexiconFacts) -> tuple[float, ...]:
    """The model's inputs, in ``FEATURES`` order."""
    c = max(min(f.context, _CLIP), -_CLIP)
    s = max(min(f.standing, _CLIP), -_CLIP)
    swapped = 1.0 - f.left_share
    excess = c - min(f.row_margin, _MARGIN_CAP)
    return (
        c,
        max(c, 0.0),
        s,
        max(min(f.lead, _CLIP), -_CLIP),
        min(f.row_margin, _MARGIN_CAP),
        f.row_log_odds,
        float(f.row_known),
        float(f.elsewhere > 0),
        math.log1p(f.elsewhere),
        float(f.original_seen),
        f.zipf_original,
        f.zipf_spun,
        f.zipf_original - f.zipf_spun,
        math.log(max(f.originals, 1)),
        f.density,
        swapped,
        c * swapped,
        f.row_log_odds * swapped,
        float(f.original_seen) * swapped,
        # How far the context clears the row's own learned margin: per row, the calibration's threshold.
        max(min(excess, _CLIP), -_CLIP),
        float(excess >= 0),
    )


FEATURES = (
    "context",
    "context_positive",
    "standing",
    "lead",
    "row_margin",
    "row_log_odds",
    "row_known",
    "elsewhere",
    "log_elsewhere",
    "original_seen",
    "zipf_original",
    "zipf_spun",
    "gain",
    "log_originals",
    "density",
    "swapped",
    "context_x_swapped",
    "row_log_odds_x_swapped",
    "original_seen_x_swapped",
    "over_row_margin",
    "clears_row_margin",
)


@cache
def zipf(phrase: str) -> float:
    return zipf_frequency(phrase, "en")


@cache
def load_model(path: Path = WEIGHTS_FILE) -> Model:
    return read_weights(path, FEATURES, "tools/train_lexicon_ranker.py")


def probabilities(candidates: list[LexiconFacts], model: Model | None = None) -> list[float]:
    """P(each original is what the spinner replaced); the rest of the mass is P(the page's words are the writer's)."""
    model = model or load_model()
    return choice_probabilities([model.utility(features(c)) for c in candidates])
