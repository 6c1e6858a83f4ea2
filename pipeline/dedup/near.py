"""Near and spun duplicates: MinHash-LSH over word shingles, and a fingerprint a spinner cannot change.

Two signatures per document, both MinHash (vectorized with numpy, the 32-bit hashing and Mersenne-prime
permutations datasketch uses, so estimates are comparable):

* **Text**: word 5-shingles of the cleaned, already de-spun text (normalized as for exact hashing). An
  updated version (a paragraph added or removed) or a syndicated copy under another headline shares most
  shingles with the original.
* **Immutables**: the sequence of names, numbers and dates an article mentions, in order (DSpin, NDSS 2014).
  A spinner swaps common words for synonyms but leaves "Lee Jae Myung", "183", "Feb. 3, 1942" alone, so a spun
  copy that de-spinning did not fully restore still shares their 3-grams with the original, while a different
  article about the same event names the same people in another order and with other numbers.

LSH banding (``BANDS`` x ``ROWS``) proposes candidate pairs from either signature; a pair is kept when its
estimated text Jaccard reaches ``NEAR_JACCARD``, or its immutables Jaccard reaches ``IMMUTABLES_JACCARD`` with
enough immutables on both sides to mean something.
"""

import re
import zlib
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from pipeline.dedup.normalize import normalize_for_hash

NUM_PERM = 128
# 32 bands of 4 rows: a pair with Jaccard 0.5 becomes a candidate with probability 1 - (1 - 0.5^4)^32 = 0.87,
# one with 0.7 with probability 0.9997; one with 0.2 with probability 0.05.
BANDS, ROWS = 32, 4
SHINGLE_WORDS = 5
IMMUTABLE_GRAM = 3
# Estimated Jaccard of text shingles at or above which two documents are near duplicates.
NEAR_JACCARD = 0.5
# Estimated Jaccard of immutable 3-grams at or above which two documents are the same article, spun or not.
# A spun copy keeps nearly all (1.0 on the benchmark copies); a follow-up story on the same affair, naming
# the same people, reached 0.5 (BBC politics/327 and /328).
IMMUTABLES_JACCARD = 0.7
# Fewer immutables than this (on either side) say too little to match on.
MIN_IMMUTABLES = 12

_MERSENNE = np.uint64((1 << 61) - 1)
_MINHASH_BLOCK = 4_096
_MAX32 = np.uint64(0xFFFFFFFF)
_rng = np.random.RandomState(1)  # fixed: signatures must be the same on every run
_A = _rng.randint(1, 1 << 31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|January|February|March|April|May|June|July|August"
    r"|September|October|November|December"
)
# A name (a capitalised word not opening a sentence), a number, or a month: what a synonym spinner keeps.
_IMMUTABLE = re.compile(
    rf"\b(?:{_MONTH})(?!\w)|\d[\d,.]*\d|\d|(?<![.!?\n“\"]\s)(?<!\A)\b[A-Z][\w’'-]*[a-z0-9][\w’'-]*"
)


@dataclass(frozen=True, slots=True)
class Signatures:
    # (documents, NUM_PERM) of 32-bit values: uint64 where computed, uint32 where read back from stored prints
    # (half the memory for a corpus); bands and comparisons see the same values either way.
    text: np.ndarray
    immutables: np.ndarray
    n_immutables: np.ndarray  # (documents,) int


@dataclass(frozen=True, slots=True)
class Pair:
    a: int  # row indices, a < b
    b: int
    text_jaccard: float
    immutables_jaccard: float


def immutables(text: str) -> list[str]:
    """Names, numbers and months in the order the text gives them (sentence-opening words are left out: a
    spinner may have swapped them).

    >>> immutables("On Feb. 3, 1942, the mine flooded. Lee Jae Myung visited Nara with 183 aides.")
    ['Feb', '3', '1942', 'Jae', 'Myung', 'Nara', '183']
    """
    return [m.group(0).rstrip(".,") for m in _IMMUTABLE.finditer(text)]


def _token_ids(tokens: list[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64, count=len(tokens))


def _shingle_hashes(tokens: list[str], k: int) -> np.ndarray:
    """32-bit hashes of every run of ``k`` tokens (a text shorter than ``k`` is one shingle)."""
    ids = _token_ids(tokens)
    if len(ids) == 0:
        return ids
    if len(ids) < k:
        k = len(ids)
    mixed = np.zeros(len(ids) - k + 1, dtype=np.uint64)
    for j in range(k):  # polynomial mix of k consecutive ids, wrapping in 64 bits
        mixed = mixed * np.uint64(1_000_003) + ids[j : len(ids) - k + 1 + j]
    return (mixed ^ (mixed >> np.uint64(29))) & _MAX32


def minhash(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature of a set of 32-bit hashes (all-ones for an empty set)."""
    if len(hashes) == 0:
        return np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    # A block of shingles at a time: all at once held NUM_PERM x 8 bytes a shingle (0.5 GB for 1.6 MB of text).
    signature = np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    for at in range(0, len(hashes), _MINHASH_BLOCK):
        block = hashes[None, at : at + _MINHASH_BLOCK]
        np.minimum(
            signature, ((block * _A[:, None] + _B[:, None]) % _MERSENNE & _MAX32).min(axis=1), out=signature
        )
    return signature


def signatures(texts: list[str]) -> Signatures:
    text_sigs = np.empty((len(texts), NUM_PERM), dtype=np.uint64)
    imm_sigs = np.empty((len(texts), NUM_PERM), dtype=np.uint64)
    counts = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        text_sigs[i] = minhash(_shingle_hashes(normalize_for_hash(text).split(), SHINGLE_WORDS))
        found = immutables(text)
        counts[i] = len(found)
        imm_sigs[i] = minhash(_shingle_hashes(found, IMMUTABLE_GRAM))
    return Signatures(text_sigs, imm_sigs, counts)


def _band_candidates(sigs: np.ndarray, usable: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of usable rows that agree on every value of at least one band (LSH). Buckets are found by sorting
    each band's rows on its values, not by hashing them one row at a time in Python: at 10k documents that was
    0.8 s a call, and a run makes four."""
    pairs: set[tuple[int, int]] = set()
    rows = np.flatnonzero(usable)
    if len(rows) < 2:
        return pairs
    for band in range(BANDS):
        chunk = sigs[rows, band * ROWS : (band + 1) * ROWS]
        order = np.lexsort(chunk.T[::-1])
        ordered = chunk[order]
        starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)])
        sizes = np.diff(np.r_[starts, len(rows)])
        # Most buckets are pairs: taken at once. A bucket of thousands is boilerplate, not duplicates.
        twos = starts[sizes == 2]
        first, second = rows[order[twos]], rows[order[twos + 1]]
        pairs.update(zip(np.minimum(first, second).tolist(), np.maximum(first, second).tolist(), strict=True))
        larger = (sizes > 2) & (sizes <= 1000)
        for start, size in zip(starts[larger].tolist(), sizes[larger].tolist(), strict=True):
            pairs.update(combinations(sorted(rows[order[start : start + size]].tolist()), 2))
    return pairs


def find_pairs(
    sigs: Signatures, *, near: float = NEAR_JACCARD, same_immutables: float = IMMUTABLES_JACCARD
) -> list[Pair]:
    """Pairs of documents (row indices) that are near or spun duplicates, with both similarities: estimated
    text Jaccard at least ``near``, or immutables Jaccard at least ``same_immutables``."""
    n = len(sigs.text)
    candidates = _band_candidates(sigs.text, np.ones(n, dtype=bool))
    candidates |= _band_candidates(sigs.immutables, sigs.n_immutables >= MIN_IMMUTABLES)
    out = []
    for a, b in sorted(candidates):
        text_j = float(np.mean(sigs.text[a] == sigs.text[b]))
        enough = min(sigs.n_immutables[a], sigs.n_immutables[b]) >= MIN_IMMUTABLES
        imm_j = float(np.mean(sigs.immutables[a] == sigs.immutables[b])) if enough else 0.0
        if text_j >= near or imm_j >= same_immutables:
            out.append(Pair(a, b, round(text_j, 4), round(imm_j, 4)))
    return out
