"""Duplicate clusters: exact (same text up to case, spacing and punctuation), near and spun copies.

The exact fingerprint is taken after cleaning, so a re-scrape with other chrome, another encoding or other line
endings lands in the same cluster. Near and spun copies (an updated version, a syndicated copy under another
headline, a spun copy) are found by MinHash-LSH and an immutables fingerprint (``pipeline.dedup.near``).
"""

import polars as pl

from pipeline.core.constants import CleanStep, DuplicateKind, ParagraphKind
from pipeline.core.schemas import Duplicates, polars_schema
from pipeline.dedup.near import NUM_PERM, Signatures, find_pairs, signatures
from pipeline.dedup.normalize import content_sha256

DUPLICATES_SCHEMA = polars_schema(Duplicates)


#: Per-document measures of chrome that rank a cluster's copies (``cleanliness``); lower is cleaner.
CLEANLINESS_COLUMNS = ("n_chrome_edits", "n_stray_lines")

#: Chrome that cleaning kept (a section name, related headlines, a commenter's name, "Reply") lands as short
#: lines: headings, captions or body paragraphs shorter than a sentence of news. Legitimate subheadings are
#: the same in every copy of an article, so only the difference between copies decides.
_STRAY_KINDS = (ParagraphKind.HEADING.value, ParagraphKind.CAPTION.value)
_MIN_BODY_CHARS = 60


def cleanliness(cleaning_edits: pl.DataFrame, paragraphs: pl.DataFrame) -> pl.DataFrame:
    """``doc_id``, ``n_chrome_edits`` (lines cleaning removed as site chrome) and ``n_stray_lines`` (chrome-like
    lines left) of every document with edits or paragraphs.

    ``cleaning_edits`` needs ``doc_id`` and ``step``; ``paragraphs`` needs ``doc_id``, ``kind``, ``char_start``
    and ``char_end``."""
    removed = (
        cleaning_edits.filter(pl.col("step") == CleanStep.CHROME.value)
        .group_by("doc_id")
        .agg(pl.len().alias("n_chrome_edits"))
    )
    stray = pl.col("kind").is_in(_STRAY_KINDS) | (
        (pl.col("kind") == ParagraphKind.BODY.value)
        & (pl.col("char_end") - pl.col("char_start") < _MIN_BODY_CHARS)
    )
    left = paragraphs.group_by("doc_id").agg(stray.sum().alias("n_stray_lines"))
    return removed.join(left, on="doc_id", how="full", coalesce=True).select(
        "doc_id", *(pl.col(c).fill_null(0).cast(pl.Int32) for c in CLEANLINESS_COLUMNS)
    )


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


def signatures_of(prints: pl.DataFrame):
    import numpy as np

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

    ``documents`` needs ``doc_id``, ``text``, ``published_date``, ``n_words`` and ``spin_score``, and may carry
    the ``cleanliness`` columns (missing ones count as clean) and ``spun_copy_of`` (the original a spun copy was
    restored from, ``pipeline.clean.aligned_restore``); ``prints`` are their ``fingerprints`` when
    already computed (cached). Exact duplicates share a ``content_sha256``; near and spun ones are found by
    ``pipeline.dedup.near``; clusters are their transitive closure. The canonical member is the cleanest copy:
    the least spun (lowest ``spin_score``), then the least chrome removed (``n_chrome_edits``), then the
    fewest chrome-like lines left (``n_stray_lines``), then the most complete (most words), then the earliest
    published, then the smallest ``doc_id``, so the choice is deterministic; ``cluster_id`` is the canonical
    member's ``doc_id``. Each other member is a ``duplicates``
    row against the canonical one: ``exact`` when the texts hash the same, ``spun`` when either was spun,
    else ``near``; ``similarity`` is the estimated Jaccard of their text shingles. A spun copy restored from its
    original is ``spun`` whatever its text has become, and names that original in ``spun_copy_of``.
    """

    if prints is None:
        prints = fingerprints(documents)
    prints = prints.join(documents.select("doc_id"), on="doc_id", how="semi").sort("doc_id")
    # Clusters are worked out on the few columns they need; the texts are copied once, by the final sort.
    docs = (
        documents.select(
            "doc_id",
            "spin_score",
            "n_words",
            "published_date",
            *(
                pl.col(c) if c in documents.columns else pl.lit(0, pl.Int32).alias(c)
                for c in CLEANLINESS_COLUMNS
            ),
            (
                pl.col("spun_copy_of").is_not_null() if "spun_copy_of" in documents.columns else pl.lit(False)
            ).alias("_spun_copy"),
        )
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
    sigs = signatures_of(prints)
    links += [(p.a, p.b) for p in find_pairs(sigs)]
    roots = _union_find(n, links)
    ranked = docs.with_columns(pl.Series("_root", roots, dtype=pl.Int64)).with_columns(
        pl.struct(
            # The longest copy is often the one with the most chrome (menus, share buttons, comments), and its
            # chrome would then feed entities, issues and story labels: the cleanest copy speaks for the cluster.
            # A spun copy never does, however well restored: its original is there.
            pl.col("_spun_copy"),
            pl.col("spin_score").fill_null(0.0).alias("spin"),
            *(pl.col(c).fill_null(0) for c in CLEANLINESS_COLUMNS),
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
    copy_of = (
        dict(
            documents.filter(pl.col("spun_copy_of").is_not_null())
            .select("doc_id", "spun_copy_of")
            .iter_rows()
        )
        if "spun_copy_of" in documents.columns
        else {}
    )
    rows = []
    for doc_id, cluster_id in (
        clustered.filter(~pl.col("is_canonical")).select("doc_id", "cluster_id").iter_rows()
    ):
        i, c = row_of[doc_id], row_of[cluster_id]
        similarity = float((sigs.text[i] == sigs.text[c]).mean())
        if doc_id in copy_of:
            kind = DuplicateKind.SPUN
        elif hashes[i] == hashes[c]:
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
                "spun_copy_of": copy_of.get(doc_id),
            }
        )
    duplicates = pl.DataFrame(rows, schema=DUPLICATES_SCHEMA).sort("doc_id")
    found = clustered.select("doc_id", "content_sha256", "cluster_id", "is_canonical")
    documents = documents.sort("doc_id")
    found = documents.select("doc_id").join(found, on="doc_id", how="left", maintain_order="left")
    return documents.with_columns(found.drop("doc_id")), duplicates
