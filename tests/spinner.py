"""A test-only article spinner built on the OpenOffice/LibreOffice thesaurus (Debian ``mythes-en-us``).

The de-spinner learns from WordNet and wordfreq; this spinner uses a different thesaurus so that a
benchmark on its output measures generalization, not a thesaurus reading its own output. It behaves like
a classic spinner: each eligible word (lower-case, not a stop word, a thesaurus headword, or a regular
noun plural of one) is swapped, with probability ``rate``, for a single-word synonym chosen at random
from any sense, with no regard to context. It records every swap, so the share restored can be measured.
"""

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from pipeline.despin.learned import FUNCTION_WORDS

MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
DEFAULT_RATE = 0.3
# Content-farm spinners swap nearly every word their dictionary knows: the Hankyoreh sample keeps none of
# "said", "during", "while", "also", "government" or "year".
PAIRS_RATE = 1.0
# Function words no spinner touches (rewriting "the" or "of" breaks grammar, and tools skip them): the same
# list the de-spinner leaves alone. Only the thesaurus is kept apart.
STOP_WORDS = FUNCTION_WORDS
# Whole words only: not the "s" of "AOL's", the "m" of "$600m" or half of a hyphenated compound.
_TOKEN = re.compile(r"(?<![\w'’-])[A-Za-z]{2,}(?![\w-])")
# Labels the thesaurus puts on non-synonyms: hypernyms, antonyms and looser relations are not swapped.
_NOT_SYNONYM = ("(generic term)", "(antonym)", "(related term)")


@dataclass(frozen=True)
class Swap:
    """One substitution: where it sits in the spun text, what was there, what the spinner wrote."""

    start: int
    original: str
    spun: str


def require_mythes() -> Path:
    if not MYTHES.is_file():
        pytest.skip(
            f"{MYTHES} is absent: install the Debian package mythes-en-us (apt-get install mythes-en-us)"
        )
    return MYTHES


@cache
def thesaurus(path: Path = MYTHES) -> dict[str, tuple[str, ...]]:
    """Headword -> single-word synonyms over all its senses."""
    table: dict[str, tuple[str, ...]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    i = 0
    while i < len(lines):
        head, n = lines[i].rsplit("|", 1)
        synonyms: list[str] = []
        for sense in lines[i + 1 : i + 1 + int(n)]:
            for item in sense.split("|")[1:]:
                if item.endswith(_NOT_SYNONYM):
                    continue
                word = item.removesuffix(" (similar term)")
                if word.isalpha() and word.islower() and word != head:
                    synonyms.append(word)
        if head.isalpha() and head.islower() and synonyms:
            table[head] = tuple(dict.fromkeys(synonyms))
        i += 1 + int(n)
    return table


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _choices(word: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if word in table:
        return table[word]
    if word.endswith("s") and len(word) > 3:
        for stem in (word[:-1], word[:-2], word[:-3] + "y"):
            if stem in table and _plural(stem) == word:
                return tuple(_plural(s) for s in table[stem])
    return ()


def spin(text: str, *, rate: float = DEFAULT_RATE, seed: int = 0) -> tuple[str, list[Swap]]:
    """Spin ``text``; return the spun text and every swap (offsets in the spun text)."""
    table = thesaurus(require_mythes())
    rng = random.Random(seed)
    pieces, swaps, last, shift = [], [], 0, 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word in STOP_WORDS or not word.islower():
            continue
        choices = _choices(word, table)
        if not choices or rng.random() >= rate:
            continue
        new = rng.choice(choices)
        pieces += [text[last : m.start()], new]
        swaps.append(Swap(m.start() + shift, word, new))
        shift += len(new) - len(word)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), swaps


def spin_with_pairs(
    text: str, pairs: dict[str, tuple[str, ...]], *, rate: float = PAIRS_RATE, seed: int = 0
) -> tuple[str, list[Swap]]:
    """Spin ``text`` with a phrase dictionary (original -> spun forms), as content-farm spinners do.

    Every occurrence of a dictionary phrase (whole words, longest first, any case but capitalised names
    inside a sentence) is swapped with probability ``rate`` for one of its spun forms, written in the
    original's case. Given the de-spinner's own lexicon inverted, the output measures whether it restores
    the right places with the right words (arbitration), not whether it knows the pairs (coverage).
    """
    rng = random.Random(seed)
    keys = sorted(pairs, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])", re.I)
    pieces, swaps, last, shift = [], [], 0, 0
    for m in pattern.finditer(text):
        found = m.group(0)
        sentence_start = not text[: m.start()].strip() or text[: m.start()].rstrip()[-1:] in '.!?\n“"'
        if found[0].isupper() and not sentence_start:
            continue
        if found.lower() not in pairs or rng.random() >= rate:
            continue
        new = rng.choice(pairs[found.lower()])
        if found[0].isupper():
            new = new[0].upper() + new[1:]
        pieces += [text[last : m.start()], new]
        swaps.append(Swap(m.start() + shift, found, new))
        shift += len(new) - len(found)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), swaps


def lexicon_pairs() -> dict[str, tuple[str, ...]]:
    """The de-spinner's lexicon inverted (original -> spun forms), lower-case rows only: the dictionary of a
    spinner of the same kind as the one the lexicon was written against."""
    from pipeline.despin.lexicon import load_lexicon

    pairs: dict[str, list[str]] = {}
    for row in load_lexicon():
        if not row.case_sensitive:
            for original in row.originals:
                pairs.setdefault(original.lower(), []).append(row.spun)
    return {k: tuple(v) for k, v in pairs.items()}
