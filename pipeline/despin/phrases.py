"""The reverse thesaurus (``data/spinner_phrases.tsv``): whole spun phrases and the phrases they replaced.

Read by the phrase layer of de-spinning and by the names layer (which learns the spinner's word swaps from it).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.reference import DATA_DIR
from pipeline.text.phrase_rewrite import duplicate_forms, is_case_sensitive

PHRASES_FILE = DATA_DIR / "spinner_phrases.tsv"


@dataclass(frozen=True)
class SpinnerPhrase:
    """One row of the reverse thesaurus: the spinner's output and the phrase it replaced."""

    spun: str
    original: str
    note: str

    @property
    def case_sensitive(self) -> bool:
        # Rows with capitals are proper names ("Blue Home" is spun, "blue home" is just a blue home).
        return is_case_sensitive(self.spun)

    @property
    def confidence(self) -> float:
        # A prior until the learning de-spinner calibrates it: the longer the spun phrase, the less
        # likely an innocent writer produced it by chance.
        return round(1 - 0.2 / len(self.spun.split()), 3)


@cache
def load_spinner_phrases(path: Path = PHRASES_FILE) -> tuple[SpinnerPhrase, ...]:
    """Read the reverse thesaurus (TSV with header ``spun, original, note``; ``#`` lines are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    phrases = tuple(SpinnerPhrase(r["spun"].strip(), r["original"].strip(), r["note"].strip()) for r in rows)
    duplicates = duplicate_forms([p.spun for p in phrases])
    if duplicates:
        raise ValueError(f"{path.name}: spun phrases listed twice: {duplicates}")
    return phrases
