"""Word alignment of two copies of one article, and what each difference between them looks like.

Two copies are aligned on word tokens (``difflib.SequenceMatcher``, case and apostrophe style folded). Each
stretch where they differ is classified:

* ``swap``: a short substitution (1-4 words a side) between equal anchors, of words only: what a synonym
  spinner makes ("trip" / "journey", "less than a" / "lower than per");
* ``protected``: a short substitution an editor makes and a spinner does not, never restored: numbers
  (corrected figures), names (capitalised words inside a sentence that are not dictionary words), months,
  weekdays and other dates, pronouns and other function words (a quote's speaker), British / American
  spellings and typo fixes;
* ``structural``: anything else: inserted or deleted words, long rewrites, punctuation, line breaks (an added
  paragraph, another headline).

Swaps also say whether a thesaurus relates their two sides (WordNet neighbours from ``despin_learned``, the
spinner's own pairs from ``despin_lexicon`` and ``spinner_phrases.tsv``), and which side reads better to the
trigram model (``despin_context``) and is the commoner wording (wordfreq): a spinner's word is rarer and a
worse fit for its neighbours than the word it replaced.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cache

from pipeline.despin.context import SENTENCE_END, tokenize, window_fit
from pipeline.despin.learned import FUNCTION_WORDS, lexicon
from pipeline.despin.lexicon import load_lexicon
from pipeline.despin.restore import load_spinner_phrases

# A word: letters and digits, with inner apostrophes, hyphens and full stops ("U.S.", "3.5", "don't");
# anything else that is not a space is a token of its own.
_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*|[^\w\s]")
#: The most words a side of a swap may have (spinners swap words and short phrases).
MAX_SWAP_WORDS = 4
#: Two differences one equal word apart are one phrase swap ("less than a week" / "lower than per week"), of at
#: most this many words a side.
MERGE_GAP = 1
MAX_PHRASE_TOKENS = 2 * MAX_SWAP_WORDS + MERGE_GAP
_SENTENCE_OPENERS = frozenset('.!?:;"“‘«([—–')
_DATE_WORDS = frozenset(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today
    yesterday tomorrow tonight morning afternoon evening night week weeks weekend month months year years
    decade decades century ago""".split()
)
# Numbers in words: a figure an editor corrects ("three" / "four") as much as one in digits.
_NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand
    thousands million millions billion billions trillion half dozen dozens first second third fourth fifth
    sixth seventh eighth ninth tenth""".split()
)
_PRONOUNS = frozenset("i you he she it we they me him her us them my your his its our their who".split())
# British / American spelling pairs, as (British ending or infix, American one).
_SPELLINGS = (
    ("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
    ("yse", "yze"), ("our", "or"), ("tre", "ter"), ("ence", "ense"), ("ogue", "og"), ("mme", "m"),
    ("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("ae", "e"), ("oe", "e"), ("ement", "ment"),
)  # fmt: skip
#: Two single words this similar (difflib ratio) are a spelling or a typo fixed, not a synonym.
SPELLING_SIMILARITY = 0.85


class Difference(StrEnum):
    SWAP = "swap"
    PROTECTED = "protected"
    STRUCTURAL = "structural"


@dataclass(frozen=True, slots=True)
class Token:
    key: str  # lower case, straight apostrophe: what alignment compares
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.key[0].isalnum() or self.key[0] == "_"


@dataclass(frozen=True, slots=True)
class Change:
    """One stretch where copy ``a`` and copy ``b`` differ: tokens ``a[i1:i2]`` stand where ``b[j1:j2]`` do."""

    i1: int
    i2: int
    j1: int
    j2: int
    kind: Difference
    related: bool = False  # a thesaurus or the spinner tables relate the two sides (swaps only)
    #: How much better ``b``'s words read than ``a``'s (nats of trigram fit per word, plus wordfreq Zipf
    #: points): positive when ``a`` looks like the spun side. Swaps only.
    b_reads_better: float = 0.0


@dataclass(frozen=True, slots=True)
class Alignment:
    a: tuple[Token, ...]
    b: tuple[Token, ...]
    changes: tuple[Change, ...]
    equal_words: int  # words the two copies share in place

    def swaps(self) -> list[Change]:
        return [c for c in self.changes if c.kind is Difference.SWAP]

    def flipped(self) -> "Alignment":
        """The same alignment read from ``b``'s side."""
        changes = tuple(
            Change(c.j1, c.j2, c.i1, c.i2, c.kind, c.related, -c.b_reads_better) for c in self.changes
        )
        return Alignment(self.b, self.a, changes, self.equal_words)

    def structural_words(self) -> int:
        """Words inside structural differences, on the longer side of each."""
        return sum(
            max(_words(self.a[c.i1 : c.i2]), _words(self.b[c.j1 : c.j2]))
            for c in self.changes
            if c.kind is Difference.STRUCTURAL
        )


def tokens(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)
    )


def _words(toks: tuple[Token, ...] | list[Token]) -> int:
    return sum(t.is_word for t in toks)


def align(a_text: str, b_text: str) -> Alignment:
    """The differences between two copies of an article, each classified (``Difference``)."""
    a, b = tokens(a_text), tokens(b_text)
    matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    spans = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    equal_words = sum(_words(a[i1:i2]) for op, i1, i2, _, _ in matcher.get_opcodes() if op == "equal")
    merged: list[tuple[tuple[int, int, int, int], int]] = []  # (span, most tokens a side of its parts)
    for span in spans:
        size = max(span[1] - span[0], span[3] - span[2])
        if merged and _mergeable(a_text, a, merged[-1][0], span):
            (i1, _, j1, _), before = merged.pop()
            span, size = (i1, span[1], j1, span[3]), max(size, before)
        merged.append((span, size))
    scorer = _Scorer(a_text, b_text)
    changes = tuple(
        _classify(a_text, a, b_text, b, span, scorer)
        if size <= MAX_SWAP_WORDS
        else Change(*span, Difference.STRUCTURAL)
        for span, size in merged
    )
    return Alignment(a, b, changes, equal_words)


def _mergeable(a_text: str, a: tuple[Token, ...], last: tuple[int, ...], span: tuple[int, ...]) -> bool:
    gap = a[last[1] : span[0]]
    if len(gap) != MERGE_GAP or not a_text[gap[0].start : gap[0].end].islower():
        return False  # not across a name, a number or punctuation
    both_replace = last[0] < last[1] and last[2] < last[3] and span[0] < span[1] and span[2] < span[3]
    small = max(span[1] - last[0], span[3] - last[2]) <= MAX_PHRASE_TOKENS
    return both_replace and small


def _classify(
    a_text: str, a: tuple[Token, ...], b_text: str, b: tuple[Token, ...], span: tuple[int, ...], scorer
) -> Change:
    i1, i2, j1, j2 = span
    ta, tb = a[i1:i2], b[j1:j2]
    if not ta or not tb or max(len(ta), len(tb)) > MAX_PHRASE_TOKENS:
        return Change(*span, Difference.STRUCTURAL)
    if not all(t.is_word for t in (*ta, *tb)):
        return Change(*span, Difference.STRUCTURAL)
    if "\n" in a_text[ta[0].start : ta[-1].end] or "\n" in b_text[tb[0].start : tb[-1].end]:
        return Change(*span, Difference.STRUCTURAL)
    wa, wb = tuple(t.key for t in ta), tuple(t.key for t in tb)
    known = _spinner_pair(wa, wb)  # the spinner's own pair ("12 months" / "year"): no editor's change
    if not known and (_edited(wa, wb) or _names(a_text, a, i1, i2) or _names(b_text, b, j1, j2)):
        return Change(*span, Difference.PROTECTED)
    return Change(*span, Difference.SWAP, known or _related(wa, wb), round(scorer.b_reads_better(ta, tb), 3))


def _edited(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    """What an editor changes and a spinner does not: a figure, a date, who (a pronoun), a spelling."""
    if any(map(_dated, wa)) and any(map(_dated, wb)):
        return True  # a corrected figure or date ("5" / "6", "three" / "four", "Monday" / "Tuesday")
    if all(w in _PRONOUNS for w in wa) and all(w in _PRONOUNS for w in wb):
        return True  # another speaker
    return len(wa) == len(wb) == 1 and _spelling(wa[0], wb[0])


def _dated(word: str) -> bool:
    """A figure or a date: digits, a number in words, a month, a weekday, a relative day."""
    return word in _DATE_WORDS or word in _NUMBER_WORDS or any(ch.isdigit() for ch in word)


def _names(text: str, toks: tuple[Token, ...], i1: int, i2: int) -> bool:
    """Whether a side holds a name: a capitalised word inside a sentence that is not a dictionary word."""
    for k in range(i1, i2):
        word = text[toks[k].start : toks[k].end]
        if word[:1].isupper() and not _opens_sentence(text, toks, k) and toks[k].key not in vocabulary():
            return True
    return False


def _opens_sentence(text: str, toks: tuple[Token, ...], k: int) -> bool:
    if k == 0:
        return True
    previous = toks[k - 1]
    return previous.key in _SENTENCE_OPENERS or "\n" in text[previous.end : toks[k].start]


def _spelling(x: str, y: str) -> bool:
    """British / American spellings of one word, or a typo fixed."""
    if _american(x) == _american(y):
        return True
    similar = SequenceMatcher(None, x, y).ratio() >= SPELLING_SIMILARITY
    return similar and len(x) >= 4 and len(y) >= 4 and x[0] == y[0]


def _american(word: str) -> str:
    for british, american in _SPELLINGS:
        if word.endswith(british):
            return word[: -len(british)] + american
        if british in ("ae", "oe", "our") and british in word:
            return word.replace(british, american)
    return word


@cache
def vocabulary() -> frozenset[str]:
    """Lower-case dictionary words (WordNet's, through the de-spinner's lexicon, and the spinner tables')."""
    words = set()
    for spun, candidates in lexicon().items():
        words.add(spun)
        words.update(c.original for c in candidates)
    for row in load_lexicon():
        words.update(row.spun.lower().split())
        for original in row.originals:
            words.update(original.lower().split())
    return frozenset(words)


@cache
def _thesaurus_pairs() -> frozenset[tuple[str, str]]:
    """(spun, original) phrase pairs of the spinner tables, lower case."""
    pairs = {(r.spun.lower(), o.lower()) for r in load_lexicon() for o in r.originals}
    pairs |= {(p.spun.lower(), p.original.lower()) for p in load_spinner_phrases()}
    return frozenset(pairs)


def _spinner_pair(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    pa, pb = " ".join(wa), " ".join(wb)
    pairs = _thesaurus_pairs()
    return (pa, pb) in pairs or (pb, pa) in pairs


def _related(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    """Whether WordNet makes a word of one side a neighbour of the word in its place on the other."""
    table = lexicon()
    return any(
        x != y
        and (any(c.original == y for c in table.get(x, ())) or any(c.original == x for c in table.get(y, ())))
        for x, y in zip(wa, wb, strict=False)
    )


#: wordfreq Zipf points count as this many nats of context fit when deciding which side reads better.
ZIPF_WEIGHT = 1.0


class _Scorer:
    """Which side of a swap reads better: trigram fit in its own copy, and how common its words are."""

    def __init__(self, a_text: str, b_text: str):
        self._lm = (tokenize(a_text), tokenize(b_text))
        self._index = tuple({t.start: i for i, t in enumerate(toks) if t.end > t.start} for toks in self._lm)

    def _fit(self, side: int, toks: tuple[Token, ...]) -> float | None:
        """Mean ln P per trigram that sees the words of ``toks`` in their copy."""
        lm, index = self._lm[side], self._index[side]
        first = index.get(toks[0].start)
        if first is None:
            return None
        last = first
        while last < len(lm) and lm[last].end <= toks[-1].end and lm[last].end > lm[last].start:
            last += 1
        words = tuple(t.word for t in lm[first:last])
        left = [t.word for t in lm[max(0, first - 2) : first]]
        right = [t.word for t in lm[last : last + 2]]
        if SENTENCE_END in right:
            right = right[: right.index(SENTENCE_END) + 1]
        return window_fit(left, words, right) / (len(words) + len(right))

    def b_reads_better(self, ta: tuple[Token, ...], tb: tuple[Token, ...]) -> float:
        fa, fb = self._fit(0, ta), self._fit(1, tb)
        context = 0.0 if fa is None or fb is None else fb - fa
        return context + ZIPF_WEIGHT * (_zipf(tuple(t.key for t in tb)) - _zipf(tuple(t.key for t in ta)))


@cache
def _zipf(words: tuple[str, ...]) -> float:
    from wordfreq import zipf_frequency

    content = [w for w in words if w not in FUNCTION_WORDS] or list(words)
    return sum(zipf_frequency(w, "en") for w in content) / len(content)
