import datetime as dt

import polars as pl

from pipeline.dedup import assign_exact_clusters, content_sha256


def test_rescrape_with_other_line_endings_and_spacing_has_the_same_hash():
    original = "Lee and Takaichi met in Nara.\n\nThey agreed to meet again."
    rescrape = "Lee and Takaichi met in Nara.\r\n\r\n\r\nThey  agreed to meet again. "
    assert content_sha256(original) == content_sha256(rescrape)
    assert content_sha256(original) != content_sha256(
        "Lee and Takaichi met in Tokyo.\n\nThey agreed to meet again."
    )


def test_clusters_pick_one_canonical_most_complete_then_earliest():
    docs = pl.DataFrame(
        {
            "doc_id": ["b" * 16, "a" * 16, "c" * 16, "d" * 16],
            "text": ["Same story.", "same   story", "Same story!", "Another story."],
            "published_date": [dt.date(2026, 1, 2), dt.date(2026, 1, 3), dt.date(2026, 1, 1), None],
            "n_words": [2, 2, 2, 2],
        }
    )
    clustered, duplicates = assign_exact_clusters(docs)
    same = clustered.filter(pl.col("doc_id") != "d" * 16)
    assert same["cluster_id"].unique().to_list() == ["c" * 16]  # earliest published wins the tie
    assert clustered.filter(pl.col("is_canonical")).height == 2
    assert sorted(duplicates["doc_id"]) == ["a" * 16, "b" * 16]
    assert set(duplicates["kind"]) == {"exact"}
