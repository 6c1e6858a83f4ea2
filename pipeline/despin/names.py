"""Restore proper names a spinner broke by swapping one word: "Blue Home" -> "Blue House".

A spinner swaps words inside names as readily as anywhere else, and a name is the one place where the
original wording is known in advance: the gazetteer (``data/gazetteer.json``) lists it. So a run of
capitalised words that reads as a gazetteer alias except for exactly one word, where the text's word and
the alias's word are thesaurus neighbours, is put back to the alias wording.

Knowledge of neighbours: the de-spinner's WordNet pairs (``pipeline.despin.learned.lexicon``, either
direction), plus the single-word swaps the reverse thesaurus records in its notes ("House -> Home"), which
are what the real spinner was seen to do. WordNet alone does not know that "nationwide" stands for
"national" or "Protection" for "Defense".

Precision comes from the name, not the word: every other word of the alias must be there, spelt and
capitalised exactly, so "Korea Development Institute" is never "Korea National Diplomatic Academy". Three
guards keep real names that differ by a synonym alone:

* an open slot, where the gazetteer holds several names differing only there ("Liberal" and
  "Constitutional Democratic Party"), takes only swaps the spinner was seen making: "Free Democratic
  Party" is Germany's FDP, not a spun LDP;
* a swapped word at the edge of the match, with the capitalised run going on past it, may start a
  different, longer name ("Blue Home Furnishings");
* spelling variants are not swaps ("World Trade Organisation").

>>> [(r.before, r.after) for r in restore_names("Officials at the Blue Home said so.")]
[('Blue Home', 'Blue House')]
>>> restore_names("Officials at the Blue House said so.")
[]
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from pipeline.despin.learned import lexicon
from pipeline.despin.phrases import SpinnerPhrase, load_spinner_phrases
from pipeline.reference.gazetteer import gazetteer_records

# Lower-case words allowed inside a name ("Ministry of Defense", "Treaty of Peace with Japan").
CONNECTORS = frozenset("of for the and on with to de du la del der des von".split())
_CONNECTOR = "|".join(sorted(CONNECTORS))
# A capitalised token: "Blue", "Asia-Pacific", "U.S.", "Japan-ROK". A trailing full stop is kept only
# after an abbreviation's inner one ("U.S."), so a sentence end stops the run.
# Possessive quantifiers: giving back part of a word can never end a name, and not trying halves the time.
_TOKEN = r"[A-Z][A-Za-z0-9]*+(?:[-.][A-Za-z0-9]+)*+(?:(?<=\.[A-Za-z0-9])\.)?"
_GAP = rf"[ \u00a0]+(?:(?:{_CONNECTOR})[ \u00a0]+)*"
# Runs of two or more capitalised tokens. No lookbehind: tried at each of a text's capitals it costs more
# than the rest of the rule, so a run that starts inside a word ("O'Brien") loses that token afterwards.
_RUN = re.compile(rf"{_TOKEN}(?:{_GAP}{_TOKEN})+(?![\w-])")
_INSIDE_WORD = re.compile(r"[\w'’.-]")
_RUN_TOKEN = re.compile(rf"{_TOKEN}|(?<![\w-])(?:{_CONNECTOR})(?![\w-])")
_WHOLE_TOKEN = re.compile(rf"{_TOKEN}|{_CONNECTOR}")
_LATIN = re.compile(r"[A-Za-z0-9 .'-]+")
# Words this alike are one word spelt two ways ("organisation", "defence"), not thesaurus neighbours.
SPELLING_VARIANT_SIMILARITY = 0.8
# "House -> Home" in a reverse-thesaurus note: the original word, then what the spinner wrote.
_NOTE_SWAP = re.compile(r"(?:^|[,;]\s*)([A-Za-z]+) -> ([A-Za-z]+)(?=$|[,;]|\s\()")

#: Tuple of name tokens with one position blanked -> (position, the alias token there).
_Index = dict[tuple[str | None, ...], list[tuple[int, str]]]


@dataclass(frozen=True, slots=True)
class NameRestoration:
    """One name put back: the matched words as written and as the alias has them."""

    start: int
    before: str
    after: str
    alias: str
    entity_id: str


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


@cache
def name_aliases() -> tuple[tuple[str, str], ...]:
    """(entity_id, alias) for every multi-word Latin-script alias made of capitalised words and connectors."""
    out = []
    for entity in gazetteer_records():
        for alias in dict.fromkeys([entity["name"], *entity["aliases"]]):
            tokens = alias.split()
            if (
                len(tokens) > 1
                and _LATIN.fullmatch(alias)
                and all(_WHOLE_TOKEN.fullmatch(t) for t in tokens)
                and is_capitalised(tokens[0])
                and is_capitalised(tokens[-1])
            ):
                out.append((entity["entity_id"], alias))
    return tuple(out)


@dataclass(frozen=True)
class _Names:
    """The aliases indexed for one dict hit per window and blanked position."""

    by_blank: _Index  # alias tokens with one capitalised token blanked -> (position, that token)
    exact: dict[tuple[str, ...], str]  # alias tokens -> entity_id
    lengths: tuple[int, ...]  # alias lengths in tokens, longest first
    vocabulary: frozenset[str]  # every alias token: a window needs all but one of its tokens from here
    capitalised: frozenset[str]  # the vocabulary less connectors: a run needs one of these to be looked at


@cache
def _names() -> _Names:
    by_blank: _Index = defaultdict(list)
    exact: dict[tuple[str, ...], str] = {}
    for entity_id, alias in name_aliases():
        tokens = tuple(alias.split())
        exact[tokens] = entity_id
        for i, token in enumerate(tokens):
            if is_capitalised(token) and token.isalpha():
                by_blank[tokens[:i] + (None,) + tokens[i + 1 :]].append((i, token))
    return _Names(
        by_blank=dict(by_blank),
        exact=exact,
        lengths=tuple(sorted({len(t) for t in exact}, reverse=True)),
        vocabulary=frozenset(t for tokens in exact for t in tokens),
        capitalised=frozenset(t for tokens in exact for t in tokens if is_capitalised(t)),
    )


def observed_swaps(phrases: Iterable[SpinnerPhrase]) -> frozenset[tuple[str, str]]:
    """(spun, original) word pairs, lower case, that reverse-thesaurus notes record ("House -> Home")."""
    return frozenset(
        (spun.lower(), original.lower()) for p in phrases for original, spun in _NOTE_SWAP.findall(p.note)
    )


@cache
def _observed() -> frozenset[tuple[str, str]]:
    return observed_swaps(load_spinner_phrases())


def are_wordnet_neighbours(a: str, b: str) -> bool:
    """Whether lower-case ``a`` and ``b`` are paired in the WordNet lexicon (either way), spelling variants out.

    "Organisation" for "Organization" is a spelling, not a spinner's swap: clean British copy is full of it.

    >>> are_wordnet_neighbours("home", "house"), are_wordnet_neighbours("organisation", "organization")
    (True, False)
    """
    table = lexicon()
    paired = any(c.original == b for c in table.get(a, ())) or any(c.original == a for c in table.get(b, ()))
    return paired and SequenceMatcher(None, a, b).ratio() < SPELLING_VARIANT_SIMILARITY


def is_swap(word: str, original: str, observed: frozenset[tuple[str, str]], open_slot: bool) -> bool:
    """Whether a spinner could have written ``word`` for ``original`` in a name.

    In an open slot, where the gazetteer itself holds several names differing only there ("Liberal" and
    "Constitutional Democratic Party"), a different word is most likely another real name ("Free Democratic
    Party"), so only a swap the spinner was seen making counts; elsewhere a WordNet neighbour does too.
    """
    pair = (word.lower(), original.lower())
    return pair in observed or (not open_slot and are_wordnet_neighbours(*pair))


def restore_names(text: str, observed: frozenset[tuple[str, str]] | None = None) -> list[NameRestoration]:
    """Names in ``text`` one spinner swap away from a gazetteer alias, leftmost first, not overlapping.

    ``observed`` (swaps the spinner was seen making) defaults to those the packaged reverse thesaurus records.
    """
    if observed is None:
        observed = _observed()
    names = _names()
    out: list[NameRestoration] = []
    taken_until = 0
    for run in _RUN.finditer(text):
        # Most capitalised runs ("Mr Blair") share no word with any alias: drop them before tokenizing.
        if names.capitalised.isdisjoint(run.group(0).split()):
            continue
        tokens = list(_RUN_TOKEN.finditer(run.group(0)))
        if run.start() and _INSIDE_WORD.match(text, run.start() - 1):
            tokens = tokens[1:]
        words = [t.group(0) for t in tokens]
        known = [w in names.vocabulary for w in words]
        offset = run.start()
        for first in range(len(words)):
            if offset + tokens[first].start() < taken_until:
                continue
            hit = _match_at(words, known, first, names, observed)
            if hit is None:
                continue
            last, position, replacement, entity_id = hit
            start = offset + tokens[first].start()
            end = offset + tokens[last].end()
            taken_until = end
            if replacement is None:
                continue  # a real alias: nothing inside it is restored either
            swapped = tokens[position]
            before = text[start:end]
            after = text[start : offset + swapped.start()] + replacement + text[offset + swapped.end() : end]
            alias = " ".join(words[first:position] + [replacement] + words[position + 1 : last + 1])
            out.append(NameRestoration(start, before, after, alias, entity_id))
    return out


def _match_at(
    words: list[str], known: list[bool], first: int, names: _Names, observed: frozenset[tuple[str, str]]
) -> tuple[int, int, str | None, str] | None:
    """(last token, swapped token, its restoration, entity) for the longest alias matching from ``first``.

    An alias standing there exactly comes back with restoration None.
    """
    for n in names.lengths:
        last = first + n - 1
        if last >= len(words) or sum(known[first : last + 1]) < n - 1:
            continue
        window = tuple(words[first : last + 1])
        if window in names.exact:
            return last, first, None, names.exact[window]
        found = set()
        for i, word in enumerate(window):
            if not is_capitalised(word):
                continue
            entries = names.by_blank.get(window[:i] + (None,) + window[i + 1 :], ())
            open_slot = len({original for _, original in entries}) > 1
            for position, original in entries:
                edge = position == n - 1 and last < len(words) - 1
                if not edge and is_swap(word, original, observed, open_slot):
                    found.add((first + position, original))
        if len(found) == 1:
            ((position, original),) = found
            entity_id = names.exact[window[: position - first] + (original,) + window[position - first + 1 :]]
            return last, position, original, entity_id
    return None
