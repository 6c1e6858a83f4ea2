import datetime as dt

import polars as pl

from pipeline.dedup import assign_clusters, content_sha256


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
            "spin_score": [0.0, 0.0, 0.0, 0.0],
        }
    )
    clustered, duplicates = assign_clusters(docs)
    same = clustered.filter(pl.col("doc_id") != "d" * 16)
    assert same["cluster_id"].unique().to_list() == ["c" * 16]  # earliest published wins the tie
    assert clustered.filter(pl.col("is_canonical")).height == 2
    assert sorted(duplicates["doc_id"]) == ["a" * 16, "b" * 16]
    assert set(duplicates["kind"]) == {"exact"}


# --- near and spun duplicates, through the real clean stage --------------------------------------------------

import hashlib  # noqa: E402

from conftest import SAMPLE_FILES  # noqa: E402
from spinner import lexicon_pairs, require_mythes, spin, spin_with_pairs  # noqa: E402

from pipeline.articles import articles_frame, clean_records  # noqa: E402
from pipeline.documents import count_words  # noqa: E402
from pipeline.ingest import read_records  # noqa: E402
from pipeline.near_dedup import immutables  # noqa: E402


def _cluster(named_texts: dict[str, str | bytes]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean ``name -> raw text (or bytes)`` as the pipeline does, then cluster; doc ids are mapped back to names."""
    records = []
    for name, text in named_texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        records += read_records(f"{name}.txt", hashlib.sha256(data).hexdigest(), data)[0]
    articles, quarantined = clean_records(records)
    assert not quarantined
    frame = articles_frame(articles).with_columns(count_words(pl.col("text")).alias("n_words"))
    clustered, duplicates = assign_clusters(frame)
    names = dict(
        zip(clustered["doc_id"], [p.removesuffix(".txt") for p in clustered["source_path"]], strict=True)
    )
    clustered = clustered.with_columns(
        pl.col("doc_id").replace_strict(names).alias("name"),
        pl.col("cluster_id").replace_strict(names).alias("cluster"),
    )
    duplicates = duplicates.with_columns(
        pl.col("doc_id").replace_strict(names), pl.col("duplicate_of").replace_strict(names)
    )
    return clustered, duplicates


def _samples() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in SAMPLE_FILES}


def test_different_articles_about_the_same_events_stay_apart():
    clustered, duplicates = _cluster(_samples())
    assert duplicates.height == 0
    assert clustered["is_canonical"].all()


def test_updated_and_syndicated_copies_cluster_with_the_original():
    samples = _samples()
    paragraphs = samples["003"].split("\n\n")
    cut = next(i for i, p in enumerate(paragraphs) if i > 10 and len(p) > 300)
    updated = "\n\n".join(paragraphs[:cut] + paragraphs[cut + 1 :])  # a body paragraph removed
    lines = samples["001"].split("\n")
    syndicated = "\n".join(["Japan and South Korea agree to deepen ties, says Tokyo", *lines[1:]])
    clustered, duplicates = _cluster({**samples, "003u": updated, "001s": syndicated})
    kinds = {(d["doc_id"], d["duplicate_of"]): d["kind"] for d in duplicates.to_dicts()}
    assert kinds == {("003u", "003"): "near", ("001s", "001"): "near"}  # the longer original is canonical
    assert all(0.5 <= s < 1.0 for s in duplicates["similarity"])


def test_spun_copy_clusters_with_the_original_and_the_original_is_canonical():
    samples = _samples()
    spun, swaps = spin_with_pairs(samples["000"], lexicon_pairs(), seed=7)
    assert len(swaps) > 50
    clustered, duplicates = _cluster({**samples, "000spun": spun})
    assert duplicates.to_dicts() == [
        {
            "doc_id": "000spun",
            "duplicate_of": "000",
            "kind": "spun",
            "similarity": duplicates["similarity"][0],
        }
    ]
    assert clustered.filter(pl.col("name") == "000spun")["spin_score"][0] > 0


def test_copy_spun_by_an_unknown_thesaurus_is_caught_by_its_immutables():
    require_mythes()
    samples = _samples()
    spun, _ = spin(samples["002"], rate=0.5, seed=2)
    clustered, duplicates = _cluster({**samples, "002spun": spun})
    assert duplicates.select("doc_id", "duplicate_of").rows() == [("002spun", "002")]


def test_immutables_are_names_numbers_and_months_in_order():
    text = "Lee met Takaichi in Nara on Jan. 13, 2026. The two leaders agreed on 3 points, Seoul said."
    assert immutables(text) == ["Takaichi", "Nara", "Jan", "13", "2026", "3", "Seoul"]


def test_rescrape_in_another_encoding_with_chrome_is_an_exact_duplicate():
    samples = _samples()
    chrome = "Skip to main content\r\nShare this article\r\n\r\n"
    rescrape = (chrome + samples["002"].replace("\n", "\r\n") + "\r\nAdvertisement\r\n").encode(
        "cp1252", "replace"
    )
    clustered, duplicates = _cluster(
        {**samples, "002r": b"\xef\xbb\xbf" + rescrape.decode("cp1252").encode("utf-8")}
    )
    # Identical after cleaning: either may be canonical (the tie falls to the smaller doc_id).
    ((a, b, kind),) = duplicates.select("doc_id", "duplicate_of", "kind").rows()
    assert ({a, b}, kind) == ({"002", "002r"}, "exact")
    hashes = dict(clustered.select("name", "content_sha256").iter_rows())
    assert hashes["002r"] == hashes["002"]
    clustered, duplicates = _cluster({**samples, "002c": rescrape})
    ((a, b, kind),) = duplicates.select("doc_id", "duplicate_of", "kind").rows()
    assert ({a, b}, kind) == ({"002", "002c"}, "exact")


def test_clusters_from_stored_fingerprints_are_the_clusters_computed_from_the_texts(tmp_path):
    """A run reads fingerprints back from the cache (32-bit signatures in an Arrow file): the clusters and pairs
    are the ones worked out from the texts."""
    from pipeline.dedup import fingerprints

    samples = _samples()
    paragraphs = samples["003"].split("\n\n")
    updated = "\n\n".join(paragraphs[:12] + paragraphs[13:])
    spun, _ = spin_with_pairs(samples["000"], lexicon_pairs(), seed=7)
    records = []
    for name, text in {**samples, "003u": updated, "000spun": spun}.items():
        data = text.encode("utf-8")
        records += read_records(f"{name}.txt", hashlib.sha256(data).hexdigest(), data)[0]
    frame = articles_frame(clean_records(records)[0]).with_columns(
        count_words(pl.col("text")).alias("n_words")
    )
    fingerprints(frame).write_ipc(tmp_path / "prints.arrow")
    stored = pl.read_ipc(tmp_path / "prints.arrow")
    computed_clusters, computed_pairs = assign_clusters(frame)
    stored_clusters, stored_pairs = assign_clusters(frame, stored)
    assert computed_pairs.height == 2
    assert stored_pairs.equals(computed_pairs) and stored_clusters.equals(computed_clusters)
