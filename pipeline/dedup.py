"""Duplicate clusters: exact (same text up to case, spacing and punctuation), near and spun copies.

The exact fingerprint is taken after cleaning, so a re-scrape with other chrome, another encoding or other line
endings lands in the same cluster. Near and spun copies (an updated version, a syndicated copy under another
headline, a spun copy) are found by MinHash-LSH and an immutables fingerprint (``pipeline.near_dedup``).
"""

import hashlib
import re
import unicodedata

import polars as pl

from pipeline.constants import DuplicateKind

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

DUPLICATES_SCHEMA = {
    "doc_id": pl.String,
    "duplicate_of": pl.String,
    "kind": pl.String,
    "similarity": pl.Float64,
}


def normalize_for_hash(text: str) -> str:
    """Fold what a re-scrape changes but a reader would not notice: case, width, spacing, punctuation.

    >>> normalize_for_hash("Korea’s  TIES,\\r\\nrenewed") == normalize_for_hash("korea's ties — renewed")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def content_sha256(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


def _union_find(n: int, links: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(n)]


def fingerprints(documents: pl.DataFrame) -> pl.DataFrame:
    """What clustering needs of each document's text, one document at a time (so a run can cache it):
    ``doc_id``, ``content_sha256`` and the two MinHash signatures (text shingles, immutables) with the number
    of immutables. ``documents`` needs ``doc_id`` and ``text``."""
    import numpy as np

    from pipeline.near_dedup import NUM_PERM, signatures

    texts = documents["text"].to_list()
    sigs = signatures(texts)
    signature = pl.Array(pl.UInt32, NUM_PERM)
    return pl.DataFrame(
        [
            documents["doc_id"],
            pl.Series("content_sha256", [content_sha256(t) for t in texts], dtype=pl.String),
            pl.Series("text_signature", sigs.text.astype(np.uint32), dtype=signature),
            pl.Series("immutables_signature", sigs.immutables.astype(np.uint32), dtype=signature),
            pl.Series("n_immutables", sigs.n_immutables, dtype=pl.Int64),
        ]
    )


def _signatures_of(prints: pl.DataFrame):
    import numpy as np

    from pipeline.near_dedup import NUM_PERM, Signatures

    def matrix(column: str) -> np.ndarray:
        # As stored (32-bit): widening to 64 bits doubled the largest arrays of the documents step.
        values = prints[column].to_numpy()
        return np.asarray(values, dtype=np.uint32).reshape(prints.height, NUM_PERM)

    return Signatures(
        matrix("text_signature"), matrix("immutables_signature"), prints["n_immutables"].to_numpy()
    )


def assign_clusters(
    documents: pl.DataFrame, prints: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add ``content_sha256``, ``cluster_id`` and ``is_canonical``; return the documents and the duplicate pairs.

    ``documents`` needs ``doc_id``, ``text``, ``published_date``, ``n_words`` and ``spin_score``; ``prints`` are
    their ``fingerprints`` when already computed (cached). Exact
    duplicates share a ``content_sha256``; near and spun ones are found by ``pipeline.near_dedup``; clusters
    are their transitive closure. The canonical member is the unspun one (``spin_score`` 0), then the most
    complete (most words), then the earliest published, then the smallest ``doc_id``, so the choice is
    deterministic; ``cluster_id`` is the canonical member's ``doc_id``. Each other member is a ``duplicates``
    row against the canonical one: ``exact`` when the texts hash the same, ``spun`` when either was spun,
    else ``near``; ``similarity`` is the estimated Jaccard of their text shingles.
    """
    from pipeline.near_dedup import find_pairs  # numpy only where clustering runs

    if prints is None:
        prints = fingerprints(documents)
    prints = prints.join(documents.select("doc_id"), on="doc_id", how="semi").sort("doc_id")
    # Clusters are worked out on the few columns they need; the texts are copied once, by the final sort.
    docs = (
        documents.select("doc_id", "spin_score", "n_words", "published_date")
        .join(prints.select("doc_id", "content_sha256"), on="doc_id", how="left")
        .sort("doc_id")
    )
    n = docs.height
    hashes = docs["content_sha256"].to_list()
    first_of: dict[str, int] = {}
    links = []
    for i, h in enumerate(hashes):
        if (first := first_of.setdefault(h, i)) != i:
            links.append((first, i))
    sigs = _signatures_of(prints)
    links += [(p.a, p.b) for p in find_pairs(sigs)]
    roots = _union_find(n, links)
    ranked = docs.with_columns(pl.Series("_root", roots, dtype=pl.Int64)).with_columns(
        pl.struct(
            (pl.col("spin_score").fill_null(0.0) > 0).alias("spun"),
            (-pl.col("n_words")).alias("neg_words"),
            pl.col("published_date").fill_null(pl.date(9999, 12, 31)).alias("published"),
            pl.col("doc_id"),
        )
        .rank("ordinal")
        .over("_root")
        .alias("_rank"),
    )
    canonical = ranked.filter(pl.col("_rank") == 1).select("_root", pl.col("doc_id").alias("cluster_id"))
    clustered = ranked.join(canonical, on="_root", how="left").with_columns(
        (pl.col("_rank") == 1).alias("is_canonical")
    )
    row_of = {doc_id: i for i, doc_id in enumerate(docs["doc_id"])}
    spun = (docs["spin_score"].fill_null(0.0) > 0).to_list()
    rows = []
    for doc_id, cluster_id in (
        clustered.filter(~pl.col("is_canonical")).select("doc_id", "cluster_id").iter_rows()
    ):
        i, c = row_of[doc_id], row_of[cluster_id]
        similarity = float((sigs.text[i] == sigs.text[c]).mean())
        if hashes[i] == hashes[c]:
            kind, similarity = DuplicateKind.EXACT, 1.0
        elif spun[i] or spun[c]:
            kind = DuplicateKind.SPUN
        else:
            kind = DuplicateKind.NEAR
        rows.append(
            {
                "doc_id": doc_id,
                "duplicate_of": cluster_id,
                "kind": kind.value,
                "similarity": round(similarity, 4),
            }
        )
    duplicates = pl.DataFrame(rows, schema=DUPLICATES_SCHEMA).sort("doc_id")
    found = clustered.select("doc_id", "content_sha256", "cluster_id", "is_canonical")
    documents = documents.sort("doc_id")
    found = documents.select("doc_id").join(found, on="doc_id", how="left", maintain_order="left")
    return documents.with_columns(found.drop("doc_id")), duplicates
