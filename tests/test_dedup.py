import datetime as dt

import polars as pl

from pipeline.dedup.clusters import assign_clusters, content_sha256


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

from pipeline.clean.articles import articles_frame, clean_records  # noqa: E402
from pipeline.corpus.documents import count_words  # noqa: E402
from pipeline.dedup.near import immutables  # noqa: E402
from pipeline.ingest.records import read_records  # noqa: E402


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
            "spun_copy_of": None,  # clustering alone; aligned restoration marks the copies it restores
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
    from pipeline.dedup.clusters import fingerprints

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
    assert stored_pairs.equals(computed_pairs) and stored_clusters.equals(computed_clusters)
    # ...and both are the right pairs: the updated 003 a near copy of 003, the spun 000 a spun copy of 000
    path = dict(zip(frame["doc_id"], frame["source_path"], strict=True))
    pairs = stored_pairs.select("doc_id", "duplicate_of", "kind", "similarity").rows()
    assert [(path[a], path[b], kind, similarity) for a, b, kind, similarity in pairs] == [
        ("003u.txt", "003.txt", "near", 0.9531),
        ("000spun.txt", "000.txt", "spun", 0.8516),
    ]
    clusters = {path[a]: path[b] for a, b in stored_clusters.select("doc_id", "cluster_id").rows()}
    assert clusters == {"000.txt": "000.txt", "000spun.txt": "000.txt", "001.txt": "001.txt",
                        "002.txt": "002.txt", "003.txt": "003.txt", "003u.txt": "003.txt", "004.txt": "004.txt"}  # fmt: skip


# --- the canonical copy is the cleanest copy (issue #21) -----------------------------------------------------

from pipeline.clean.articles import edits_frame  # noqa: E402
from pipeline.dedup.clusters import CLEANLINESS_COLUMNS, cleanliness  # noqa: E402
from pipeline.segment.paragraphs import paragraphs_frame  # noqa: E402

_CREDIT = "Reporting by Kim Min-ji in Seoul and Takahashi Ken in Tokyo; editing by Mark Heinrich."
_MENU = ["Skip to main content", "Menu", "Home", "World", "Asia", "Politics", "Search", "Sign in"]
_SHARE = ["Share this article", "Facebook", "Twitter", "Email"]
_FOOTER = [
    "Related stories",
    "Japan, China trade barbs over Taiwan remarks",
    "Seoul to expand chip subsidies as exports slow",
    "Most read",
    "Advertisement",
    "2 comments",
    "Minsoo Park 3 hours ago",
    "Good to see both leaders talking again. Let's hope it lasts this time.",
    "Reply",
    "© 2026 Asia Daily News. All rights reserved.",
]


def _with_chrome(article: str) -> str:
    """``article`` as a site serves it: menus and share buttons above, related links and comments below."""
    return "\n".join([*_MENU, *_SHARE, article, *_SHARE, *_FOOTER])


def _cluster_clean(named_texts: dict[str, str]) -> pl.DataFrame:
    """Clean and cluster as the documents step does, with each copy's chrome measured: name -> cluster name."""
    records = []
    for name, text in named_texts.items():
        data = text.encode("utf-8")
        records += read_records(f"{name}.txt", hashlib.sha256(data).hexdigest(), data)[0]
    articles, quarantined = clean_records(records)
    assert not quarantined
    frame = articles_frame(articles)
    measured = cleanliness(edits_frame(articles), paragraphs_frame(frame))
    frame = frame.with_columns(count_words(pl.col("text")).alias("n_words")).join(measured, on="doc_id")
    clustered, _ = assign_clusters(frame)
    names = dict(
        zip(clustered["doc_id"], [p.removesuffix(".txt") for p in clustered["source_path"]], strict=True)
    )
    return clustered.select(
        pl.col("doc_id").replace_strict(names).alias("name"),
        pl.col("cluster_id").replace_strict(names).alias("cluster"),
        "is_canonical",
        "n_words",
        "spin_score",
        *CLEANLINESS_COLUMNS,
    ).sort("name")


def test_canonical_is_the_clean_copy_not_the_chrome_laden_or_spun_longer_ones():
    article = _samples()["000"].rstrip()
    spun, swaps = spin_with_pairs(article + "\n" + _CREDIT, lexicon_pairs(), seed=7)
    assert len(swaps) > 50
    copies = {"clean": article, "chrome": _with_chrome(article + "\n" + _CREDIT), "spun": spun}
    clustered = _cluster_clean(copies)
    rows = {r["name"]: r for r in clustered.to_dicts()}
    assert {r["cluster"] for r in rows.values()} == {"clean"}
    assert clustered.filter(pl.col("is_canonical"))["name"].to_list() == ["clean"]
    # The clean copy is the shortest: the other two carry the credit line, the chrome copy its leftover chrome.
    assert rows["clean"]["n_words"] < rows["spun"]["n_words"] < rows["chrome"]["n_words"]
    assert (
        rows["chrome"]["n_chrome_edits"] >= 10
        and rows["chrome"]["n_stray_lines"] > rows["clean"]["n_stray_lines"]
    )
    assert rows["spun"]["spin_score"] > 0 and rows["clean"]["spin_score"] == 0


def test_clean_copy_missing_a_paragraph_is_still_canonical_over_a_complete_chrome_laden_one():
    article = _samples()["003"].rstrip()
    paragraphs = article.split("\n\n")
    cut = next(i for i, p in enumerate(paragraphs) if i > 10 and len(p) > 300)
    shorter = "\n\n".join(paragraphs[:cut] + paragraphs[cut + 1 :])
    clustered = _cluster_clean({"complete": _with_chrome(article), "shorter": shorter})
    assert clustered["cluster"].to_list() == ["shorter", "shorter"]
    words = dict(clustered.select("name", "n_words").iter_rows())
    assert words["shorter"] < words["complete"]


def test_chrome_left_after_cleaning_decides_between_copies_with_as_much_chrome_removed():
    article = _samples()["000"].rstrip()
    # The same removed chrome on both; one also keeps lines no rule removes (section names above the story, a
    # desk's name below it). A comment thread is no longer such a line: the comments rule takes it.
    kept = "\n".join(["World", "Asia", article, "Seoul desk"])
    clustered = _cluster_clean({"bare": "Menu\n" + article, "kept": "Menu\n" + kept})
    rows = {r["name"]: r for r in clustered.to_dicts()}
    assert rows["bare"]["n_chrome_edits"] == rows["kept"]["n_chrome_edits"] == 1
    assert rows["kept"]["n_stray_lines"] > rows["bare"]["n_stray_lines"]
    assert rows["kept"]["cluster"] == "bare"


def test_ties_between_equally_clean_copies_are_broken_the_same_way_in_any_row_order():
    docs = pl.DataFrame(
        {
            "doc_id": ["e" * 16, "d" * 16, "c" * 16, "b" * 16, "a" * 16],
            "text": ["Same story, told once."] * 5,
            "published_date": [dt.date(2026, 1, 1), None, dt.date(2026, 1, 1), dt.date(2026, 1, 1), None],
            "n_words": [4, 4, 4, 5, 4],
            "spin_score": [0.0, 0.0, 0.0, 0.0, 0.0],
            "n_chrome_edits": [0, 0, 0, 2, 0],
            "n_stray_lines": [0, 0, 0, 0, 1],
        }
    )
    # b has more words but chrome removed, a chrome left; c and e tie on everything but doc_id.
    for seed in range(3):
        clustered, duplicates = assign_clusters(docs.sample(fraction=1.0, shuffle=True, seed=seed))
        assert clustered["cluster_id"].unique().to_list() == ["c" * 16]
        assert sorted(duplicates["doc_id"]) == ["a" * 16, "b" * 16, "d" * 16, "e" * 16]


def test_cleanliness_counts_chrome_edits_and_short_lines_per_document():
    edits = pl.DataFrame(
        {"doc_id": ["x", "x", "x", "y"], "step": ["chrome", "chrome", "whitespace", "despin"]}
    )
    paragraphs = pl.DataFrame(
        {
            "doc_id": ["x", "x", "y", "y", "y", "z"],
            "kind": ["headline", "body", "heading", "body", "caption", "body"],
            "char_start": [0, 10, 0, 20, 100, 0],
            "char_end": [9, 200, 19, 40, 130, 300],
        }
    )
    found = cleanliness(edits, paragraphs).sort("doc_id").rows()
    assert found == [("x", 2, 0), ("y", 0, 3), ("z", 0, 0)]


def test_band_buckets_pair_every_member_and_skip_boilerplate_sized_ones():
    """Rows agreeing on a whole band are candidates, in buckets of two, three or more; a bucket of over a thousand
    rows (boilerplate every page shares) gives none; unusable rows are never paired."""
    import numpy as np

    from pipeline.dedup.near import BANDS, NUM_PERM, ROWS, _band_candidates

    rng = np.random.default_rng(7)
    sigs = rng.integers(0, 2**32, size=(1_200, NUM_PERM), dtype=np.uint64)
    sigs[[3, 8], :ROWS] = 11  # a pair on band 0
    sigs[[20, 21, 25], ROWS : 2 * ROWS] = 12  # three rows on band 1
    sigs[100:1_150, (BANDS - 1) * ROWS :] = 13  # 1,050 rows on the last band: boilerplate
    sigs[[30, 31], 2 * ROWS : 3 * ROWS] = 14  # a pair on band 2, but row 31 is unusable
    usable = np.ones(len(sigs), dtype=bool)
    usable[31] = False
    assert _band_candidates(sigs, usable) == {(3, 8), (20, 21), (20, 25), (21, 25)}
