"""Lines that recur across a corpus's documents (menus, footers, notices a site prints on every page).

Cleaning removes them as chrome (`pipeline.clean.chrome.find_chrome`, rule ``boilerplate``); this module finds them,
over the whole corpus, once per run.
"""

from collections.abc import Iterable

import numpy as np

from pipeline.clean.chrome import line_key


def find_boilerplate_lines(
    texts: Iterable[str], *, min_documents: int = 3, min_share: float = 0.5
) -> frozenset[str]:
    """Lines that recur in at least ``min_documents`` independent documents and ``min_share`` of them.

    Pass documents of one source (outlet, site section) for ``min_share`` to be meaningful. Documents that
    share half their lines with one already counted (copies, syndicated or spun versions of one story) count
    once, so a duplicated article's own paragraphs are never mistaken for boilerplate.

    Each document's lines are held as 64-bit hashes of their ``line_key`` (8 bytes a line, in one array a
    document), not as strings: the corpus's text is never held twice. Python's string hash is 64-bit SipHash;
    two different lines among ten million distinct ones share one with a probability of about 3 × 10⁻⁶
    (n² / 2⁶⁵).
    """
    unique = list(dict.fromkeys(texts))
    per_doc = [_line_hashes(text) for text in unique]
    total = len(per_doc)
    if not total:
        return frozenset()
    lengths = np.fromiter(map(len, per_doc), dtype=np.int64, count=total)
    hashes = np.concatenate(per_doc)
    order = np.argsort(hashes, kind="stable")  # stable: a line's holders stay in corpus order
    holders = np.repeat(np.arange(total), lengths)[order]
    lines, starts, counts = np.unique(hashes[order], return_index=True, return_counts=True)
    del hashes, order
    is_candidate = (counts >= min_documents) & (counts / total >= min_share)
    if not is_candidate.any():
        return frozenset()
    copy_of = _group_copies(per_doc, holders, starts[~is_candidate], counts[~is_candidate])
    found: dict[int, int] = {}  # line hash -> the first document that has it
    for line, start, count in zip(
        lines[is_candidate].tolist(),
        starts[is_candidate].tolist(),
        counts[is_candidate].tolist(),
        strict=True,
    ):
        independent = {copy_of(i) for i in holders[start : start + count].tolist()}
        if len(independent) >= min_documents and len(independent) / total >= min_share:
            found[line] = int(holders[start])
    # Spelt as the corpus first wrote them: read again in the first document that has each.
    spelt = {}
    for line, first in found.items():
        for raw in unique[first].splitlines():
            if (key := line_key(raw)) and hash(key) == line:
                spelt[line] = " ".join(raw.split())
                break
    return frozenset(spelt.values())


def _line_hashes(text: str) -> np.ndarray:
    """The sorted distinct hashes of a text's non-empty line keys."""
    return np.unique(np.fromiter((hash(k) for line in text.splitlines() if (k := line_key(line))), np.int64))


# A line shared by more documents than this is not evidence that two of them are copies of one story.
_MAX_DOCUMENTS_PER_COPY_LINE = 50


def _group_copies(per_doc: list[np.ndarray], holders: np.ndarray, starts: np.ndarray, counts: np.ndarray):
    """Union documents that share half their lines (copies, syndicated or spun versions of one story).

    Only pairs that share a non-boilerplate line (``holders[start : start + count]`` for each such line) are
    compared, so the work grows with the number of copies rather than with the square of the corpus.
    """
    parent = list(range(len(per_doc)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shared = (counts > 1) & (counts <= _MAX_DOCUMENTS_PER_COPY_LINE)
    pairs = set()
    for start, count in zip(starts[shared].tolist(), counts[shared].tolist(), strict=True):
        group = holders[start : start + count].tolist()
        pairs.update((a, b) for n, a in enumerate(group) for b in group[n + 1 :])
    for a, b in pairs:
        if _jaccard(per_doc[a], per_doc[b]) >= 0.5:
            parent[find(a)] = find(b)
    return find


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct hashes."""
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)
