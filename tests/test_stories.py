"""Stories: articles about the same summit are grouped; the two summits stay apart."""

import datetime as dt

import duckdb

from pipeline.corpus.stories import MAX_DAYS_APART, SAME_STORY, Profile, group


def test_samples_form_the_two_summit_stories(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        story_of = dict(
            con.sql(
                "SELECT substr(source_path, 1, 3), story_id FROM documents JOIN story_articles USING (doc_id)"
            ).fetchall()
        )
        stories = {
            row[0]: row[1:]
            for row in con.sql("SELECT story_id, key_terms, n_documents FROM stories").fetchall()
        }
        n_documents = con.sql("SELECT count(*) FROM documents").fetchall()[0][0]
    # The January 2026 Nara summit (Takaichi and Lee) and the August 2025 Tokyo summit (Ishiba and Lee).
    assert story_of["000"] == story_of["002"] == story_of["004"]
    assert story_of["001"] == story_of["003"]
    assert story_of["000"] != story_of["001"]
    assert "Shigeru Ishiba" in stories[story_of["001"]][0]
    assert "Chosei coal mine" in stories[story_of["000"]][0]
    assert sum(n for _, n in stories.values()) == n_documents == len(story_of)


def test_articles_far_apart_in_time_are_different_stories():
    vector = {"entity:person:lee_jae_myung": 1.0}
    day = dt.date(2026, 1, 13)
    near = [Profile("a", vector, day), Profile("b", vector, day + dt.timedelta(days=MAX_DAYS_APART))]
    far = [Profile("a", vector, day), Profile("b", vector, day + dt.timedelta(days=MAX_DAYS_APART + 1))]
    assert len(group(near)) == 1
    assert len(group(far)) == 2
    # An unknown date does not keep identical profiles apart.
    assert len(group([Profile("a", vector, None), Profile("b", vector, day)])) == 1


def test_unrelated_articles_are_stories_of_one():
    profiles = [Profile("a", {"x": 1.0}, None), Profile("b", {"y": 1.0}, None)]
    assert [len(g) for g in group(profiles)] == [1, 1]


def test_a_korean_and_a_japanese_report_of_one_summit_are_one_story():
    import polars as pl

    from pipeline.corpus.stories import assign_stories

    documents = pl.DataFrame(
        {
            "doc_id": ["a" * 16, "b" * 16],
            "cluster_id": ["a" * 16, "b" * 16],
            "is_canonical": [True, True],
            "text": [
                "이재명 대통령은 나라에서 다카이치 총리와 회담했다.",
                "高市首相は奈良で李在明大統領と会談した。",
            ],
            "published_date": [None, None],
        },
        schema_overrides={"published_date": pl.Date},
    )
    people = ["person:lee_jae_myung", "person:sanae_takaichi", "place:nara_prefecture"]
    mentions = pl.DataFrame({"doc_id": ["a" * 16] * 3 + ["b" * 16] * 3, "entity_id": people * 2})
    doc_issues = pl.DataFrame(schema={"doc_id": pl.String, "issue_id": pl.String, "salience": pl.Float64})
    entities = pl.DataFrame(
        {
            "entity_id": people,
            "name": ["Lee Jae-myung", "Sanae Takaichi", "Nara Prefecture"],
            "type": ["person", "person", "place"],
        }
    )
    story_articles, stories = assign_stories(documents, mentions, doc_issues, entities)
    assert story_articles["doc_id"].to_list() == ["a" * 16, "b" * 16]
    assert story_articles["story_id"].n_unique() == 1
    assert stories["n_documents"].to_list() == [2]
    assert "Lee Jae-myung" in stories["key_terms"][0]


def test_similar_pairs_are_the_dot_products_of_profiles_sharing_a_rare_feature():
    """The sparse product gives, for every pair sharing a feature, exactly the sum over shared features; a
    feature more than MAX_FEATURE_SHARE of (at least 50) documents hold links nobody."""
    import math

    from pipeline.corpus.stories import _similar_pairs

    def unit(**weights):
        norm = math.sqrt(sum(v * v for v in weights.values()))
        return {k: v / norm for k, v in weights.items()}

    rare = [
        Profile("a", unit(nara=2.0, summit=1.0, common=0.1), None),
        Profile("b", unit(nara=1.0, tokyo=1.0, common=0.1), None),
        Profile("c", unit(tokyo=3.0, common=0.1), None),
        Profile("d", unit(mine=1.0, common=0.1), None),
    ]
    filler = [Profile(f"f{n}", unit(common=1.0, **{f"own{n}": 1.0}), None) for n in range(60)]
    profiles = rare + filler  # 64 documents hold "common": more than max(50, 2 %) of them
    first, second, value = _similar_pairs(profiles)
    found = {(int(i), int(j)): float(v) for i, j, v in zip(first, second, value, strict=True)}
    expected = {}
    for i in range(len(profiles)):
        for j in range(i + 1, len(profiles)):
            shared = (set(profiles[i].vector) & set(profiles[j].vector)) - {"common"}
            if shared:
                expected[(i, j)] = sum(profiles[i].vector[f] * profiles[j].vector[f] for f in shared)
    assert found.keys() == expected.keys() == {(0, 1), (1, 2)}
    assert all(math.isclose(found[pair], expected[pair], rel_tol=1e-12) for pair in expected)


def test_group_is_average_link_over_every_member_pair():
    """Grouping by summed vectors gives the groups a plain average link gives, which averages the similarity
    of every member pair (weak pairs included) before each merge, on random profiles where chains, weak links
    and date limits all matter."""
    import math
    import random

    rng = random.Random(7)
    features = [f"f{n}" for n in range(12)]
    day = dt.date(2026, 1, 1)
    profiles = []
    for n in range(45):
        raw = {f: rng.random() for f in rng.sample(features, rng.randint(1, 4))}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        published = None if n % 7 == 0 else day + dt.timedelta(days=rng.randint(0, 40))
        profiles.append(Profile(f"d{n:02d}", {f: v / norm for f, v in raw.items()}, published))

    def similarity(a: Profile, b: Profile) -> float:
        return sum(w * b.vector.get(f, 0.0) for f, w in a.vector.items())

    pairs = sorted(
        (-similarity(a, b), i, j)
        for i, a in enumerate(profiles)
        for j, b in enumerate(profiles)
        if i < j and similarity(a, b) >= SAME_STORY
    )
    groups = {i: [i] for i in range(len(profiles))}
    root = list(range(len(profiles)))
    for _, i, j in pairs:
        a, b = root[i], root[j]
        if a == b:
            continue
        pair_sims = [similarity(profiles[x], profiles[y]) for x in groups[a] for y in groups[b]]
        known = [profiles[x].published for x in groups[a] + groups[b] if profiles[x].published]
        in_time = not known or (max(known) - min(known)).days <= MAX_DAYS_APART
        if sum(pair_sims) / len(pair_sims) >= SAME_STORY and in_time:
            for x in groups[b]:
                root[x] = a
            groups[a] += groups.pop(b)
    expected = sorted(sorted(profiles[x].doc_id for x in g) for g in groups.values())
    found = sorted(sorted(p.doc_id for p in g) for g in group(profiles))
    assert found == expected
    assert max(len(g) for g in found) >= 3 and len(found) < len(profiles)  # merges happened, chains included


def test_profile_vectors_are_made_one_at_a_time_as_unit_vectors_of_the_canonical_documents(sample_warehouse):
    import math
    from collections.abc import Iterator

    import polars as pl

    from pipeline.corpus.stories import _matrix, group_rows, profile_vectors

    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        documents = con.sql("SELECT * FROM documents").pl()
        mentions = con.sql("SELECT doc_id, entity_id FROM entity_mentions").pl()
        doc_issues = con.sql("SELECT doc_id, issue_id, salience FROM doc_issues").pl()
        story_of = dict(con.sql("SELECT doc_id, story_id FROM story_articles").fetchall())
    ids, published, vectors, entity_weights = profile_vectors(documents, mentions, doc_issues)
    assert isinstance(vectors, Iterator)  # not a list: a corpus's vectors are never all held as dicts
    assert ids == documents.filter(pl.col("is_canonical"))["doc_id"].to_list() and set(entity_weights) == set(
        ids
    )
    listed = list(vectors)
    assert len(listed) == len(ids)
    for vector in listed:
        assert math.isclose(math.sqrt(sum(v * v for v in vector.values())), 1.0)
        assert {f.split(":")[0] for f in vector} == {"entity", "issue", "word"}
    rows = group_rows(_matrix(iter(listed), len(ids)), published)
    # The rows grouped together are the documents the warehouse put in one story.
    assert sorted(sorted(story_of[ids[x]] for x in members)[0] for members in rows) == sorted(
        {story_of[i] for i in ids}
    )
    assert all(len({story_of[ids[x]] for x in members}) == 1 for members in rows)


def test_keywords_weighed_in_polars_are_the_weights_of_each_texts_word_bag():
    """``keywords`` gives, batch by batch, the ``_weigh`` vector of each text's words (TF-IDF over the words at
    least two texts share, its KEYWORDS heaviest, unit length), whatever the batch size."""
    import math
    from collections import Counter

    import polars as pl

    from pipeline.corpus.stories import _WORD, KEYWORDS, _weigh, keywords

    texts = [
        "Lee and Takaichi met in Nara on Tuesday; the leaders agreed to keep shuttle diplomacy going.",
        "The leaders met in Nara, Takaichi's home, and agreed on shuttle diplomacy and remains at Chosei.",
        "Divers entered the Chosei mine in Ube to search for the remains of workers killed in 1942.",
        "北朝鮮が弾道ミサイルを発射した。",  # no Latin word: an empty vector
        "Wi Sung-lac visited Tokyo ahead of the APEC summit; the leaders' meeting is planned in Gyeongju.",
    ]
    bags = [Counter(_WORD.findall(t.lower())) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    expected = [_weigh(bag, df, len(texts), top=KEYWORDS) for bag in bags]
    for batch in (None, 2, 1):
        found = list(keywords(pl.Series(texts), batch))
        assert [sorted(v) for v in found] == [sorted(v) for v in expected]
        assert all(
            math.isclose(f[w], e[w], rel_tol=1e-12) for f, e in zip(found, expected, strict=True) for w in e
        )
    assert found[3] == {} and "leaders" in found[0]
