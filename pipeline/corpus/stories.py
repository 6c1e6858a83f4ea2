"""Stories: different articles about the same event (the January 2026 Nara summit, the August 2025 Tokyo summit).

Duplicates are one article in several copies; a story is several articles. Each duplicate cluster's canonical
document is described by what it talks about, weighted by how telling each thing is in this corpus (TF-IDF):

* the gazetteer entities it mentions (a prime minister in office, a host city, a coal mine), counted per mention;
* the bilateral issues it discusses, by salience;
* its words (a smaller weight: two articles on the same event share vocabulary, but so do two on one topic).

The rule: two groups of documents are one story only when all three hold --

1. **the topic is close**: the average cosine similarity of these profiles over every pair of their members
   reaches ``SAME_STORY``;
2. **the specific terms agree**: the average cosine similarity of their specific terms
   (`pipeline.corpus.story_terms`: people, places other than countries, facilities, organizations, numbers,
   event nouns such as summit, rally, ruling, dive) reaches ``SAME_EVENT`` (0.1) when their dates lie within
   three days, and 0.025 more for every further day (``agreement_needed``: 0.2 a week apart, 0.375 two weeks
   apart), so a Takeshima Day rally and a comfort-women ruling two days later, which share Japan, Korea and
   history, stay apart, and so does an envoy's trip from the summit it prepared two weeks on;
3. **the time fits**: the known dates of all their members span at most ``MAX_DAYS_APART`` days (three weeks).
   Two groups further apart are never one story, however well their terms agree (three dives at one mine months
   apart are three events). An unknown date keeps nothing apart: the dates an article's body states are those
   of the events it recalls (a caption's "summit held on Oct. 30, 2025" in a preview of the next summit), not
   its own.

Stories are formed by average link, closest pairs first (a group joins another only when the means over all
their members are high enough), which does not chain a story into its neighbours the way single link does;
only pairs that share a feature are ever compared, so the cost grows with the stories, not with the corpus
squared. A story is labelled with the headline of its most central article (the one closest to the story's
mean profile) and lists the specific terms its articles share; every document of a duplicate cluster gets its
canonical document's story, so a lone article is a story of one.
"""

import hashlib
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from sys import intern

import numpy as np
import polars as pl

from pipeline.core.schemas import Stories, StoryArticles, polars_schema
from pipeline.corpus.story_labels import central_members, headline, key_terms
from pipeline.corpus.story_terms import specific_terms, term_matrix

#: `story_articles`: the story of every document (copies in a duplicate cluster share their canonical's story).
STORY_ARTICLE_SCHEMA = polars_schema(StoryArticles)

STORY_SCHEMA = polars_schema(Stories)

# Average cosine similarity at or above which two groups of documents are one story. Set on the five samples
# (tests/test_stories.py): the Nara-summit articles average 0.45 with each other, the Tokyo pair 0.67, and the
# two summits 0.22 across; no larger labelled set is available here.
SAME_STORY = 0.27
# Average cosine similarity of the specific terms at or above which two groups a week apart or less cover one
# event (see the module docstring). Set on the samples and the dev split of tests/gold/coverage_eval.json: one
# event's articles agree 0.13-0.9 (0.13 for long analyses of one summit), different events on one topic
# 0.02-0.16, up to 0.29 for a security adviser's trip two weeks before the summit it prepared.
SAME_EVENT = 0.1
# ... and how much more agreement each day beyond the third asks for: a week apart 0.2, two weeks 0.375.
EVENT_DAYS, EVENT_STEP = 3, 0.025
MAX_DAYS_APART = 21
# Words enter a profile as each document's most telling few (its keywords); all of them would make every pair
# of articles on one topic look alike, and cost quadratic time.
KEYWORDS = 30
# Texts split into words at a time (``keywords``): 10,000 wire reports make about 3 million (text, word) rows.
KEYWORD_BATCH = 10_000
# Features more common than this share of documents do not link pairs (see _similar_pairs).
MAX_FEATURE_SHARE = 0.02
# Profile weights: entities and issues say what an article is about; words only add to them.
ENTITY_WEIGHT, ISSUE_WEIGHT, WORD_WEIGHT = 1.0, 0.5, 0.5
_WEIGHTS = {"entity": ENTITY_WEIGHT, "issue": ISSUE_WEIGHT, "word": WORD_WEIGHT}
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass(frozen=True, slots=True)
class Profile:
    doc_id: str
    vector: dict[str, float]
    published: object  # datetime.date | None
    #: Unit-length specific terms (``story_terms.term_matrix``'s row); None leaves the agreement unchecked.
    terms: dict[str, float] | None = None


def _weigh(bag: Counter, df: Counter, n: int, top: int | None = None) -> dict[str, float]:
    """One document's unit-length TF-IDF vector over the features that can link documents: one only a single
    document has links it to nothing (it would only dilute the rest). ``top`` keeps its most telling features
    only (its keywords)."""
    # Smoothed IDF: a feature every document has still counts a little, so two articles that are the
    # whole corpus (a Korean and a Japanese report of one summit) can still be one story.
    vec = {f: (1 + math.log(c)) * math.log((n + 1) / df[f]) for f, c in bag.items() if df[f] > 1}
    if top is not None and len(vec) > top:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {f: v / norm for f, v in vec.items()}


def _tfidf(bags: dict[str, Counter]) -> dict[str, dict[str, float]]:
    """Each document's ``_weigh`` vector of its bag."""
    df = Counter(f for bag in bags.values() for f in bag)
    return {doc_id: _weigh(bag, df, len(bags)) for doc_id, bag in bags.items()}


def _word_counts(texts: pl.Series, offset: int) -> pl.DataFrame:
    """``(row, word, count)`` of a batch of texts (rows numbered from ``offset``), by Polars' regex engine."""
    return (
        pl.DataFrame({"text": texts})
        .with_row_index("row", offset)
        .select("row", pl.col("text").str.to_lowercase().str.extract_all(_WORD.pattern).alias("word"))
        .explode("word")
        .drop_nulls("word")
        .group_by("row", "word")
        .agg(pl.len().alias("count"))
    )


def keywords(texts: pl.Series, batch: int | None = None) -> Iterator[dict[str, float]]:
    """Each text's ``KEYWORDS`` most telling words as a unit-length TF-IDF dict, in order: the weights
    ``_weigh`` gives a bag of its words, computed in Polars (two passes over the texts, ``batch`` texts at a
    time: the document frequencies, then the weights), so no text is split into words by Python."""
    n, batch = len(texts), batch or KEYWORD_BATCH
    df = pl.DataFrame(schema={"word": pl.String, "df": pl.UInt32})
    for start in range(0, n, batch):
        seen = _word_counts(texts.slice(start, batch), start).group_by("word").agg(pl.len().alias("df"))
        df = pl.concat([df, seen]).group_by("word").agg(pl.col("df").sum())
    df = df.filter(pl.col("df") > 1)
    for start in range(0, n, batch):
        weighed = (
            _word_counts(texts.slice(start, batch), start)
            .join(df, on="word")
            .with_columns(
                weight=(1 + pl.col("count").cast(pl.Float64).log())
                * ((n + 1) / pl.col("df").cast(pl.Float64)).log()
            )
            .sort(["row", "weight", "word"], descending=[False, True, False])
            .group_by("row", maintain_order=True)
            .head(KEYWORDS)
            .with_columns(pl.col("weight") / (pl.col("weight") ** 2).sum().over("row").sqrt())
            .group_by("row", maintain_order=True)
            .agg("word", "weight")
        )
        found = {row: dict(zip(w, v, strict=True)) for row, w, v in weighed.iter_rows()}
        for row in range(start, min(start + batch, n)):
            yield found.get(row, {})


def profile_vectors(
    documents: pl.DataFrame, mentions: pl.DataFrame, doc_issues: pl.DataFrame
) -> tuple[list[str], list, Iterator[dict[str, float]], dict[str, dict[str, float]]]:
    """The canonical documents' ids and publication dates, their profile vectors (one unit-length dict a
    document, yielded one at a time, in the order of the ids), and the per-document entity TF-IDF weights
    (for labels).

    The vectors are made as they are consumed, a batch of documents' keywords at a time (``keywords``), and a
    corpus's vectors (40 features a document, 12 million at 300,000 documents) are never held as dicts, only as
    the sparse matrix ``_matrix`` builds from them."""
    canon = documents.filter(pl.col("is_canonical"))
    ids = canon["doc_id"].to_list()
    entity_bags = {d: Counter() for d in ids}
    for doc_id, entity_id in mentions.select("doc_id", "entity_id").iter_rows():
        if doc_id in entity_bags:
            entity_bags[doc_id][entity_id] += 1
    issue_bags = {d: Counter() for d in ids}
    for doc_id, issue_id, salience in doc_issues.select("doc_id", "issue_id", "salience").iter_rows():
        if doc_id in issue_bags:
            issue_bags[doc_id][issue_id] = max(1, round(1 + 4 * salience))
    entity, issue = _tfidf(entity_bags), _tfidf(issue_bags)
    del entity_bags, issue_bags

    def vectors() -> Iterator[dict[str, float]]:
        for doc_id, words in zip(ids, keywords(canon["text"]), strict=True):
            kinds = (("entity", entity[doc_id]), ("issue", issue[doc_id]), ("word", words))
            # One key object per feature, however many documents carry it.
            vector = {intern(f"{k}:{f}"): _WEIGHTS[k] * v for k, weights in kinds for f, v in weights.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            yield {f: v / norm for f, v in vector.items()}

    return ids, canon["published_date"].to_list(), vectors(), entity


def _matrix(vectors: Iterable[dict[str, float]], n: int, drop_common: bool = True):
    """Unit vectors as the rows of a sparse matrix, each vector read once (in compact arrays, 24 bytes a feature
    of a document, not a dict entry and a float object), without the features held by more than
    ``MAX_FEATURE_SHARE`` of the ``n`` documents (and at least 50): their weight is small by construction, and
    pairing everything that shares them would be quadratic (all are kept where ``drop_common`` is false). A
    product of two rows is the similarity of two documents."""
    from scipy import sparse

    index: dict[str, int] = {}
    rows, cols, values = array("q"), array("q"), array("d")
    for i, vector in enumerate(vectors):
        for feature, weight in vector.items():
            rows.append(i)
            cols.append(index.setdefault(feature, len(index)))
            values.append(weight)
    cols_ = np.frombuffer(cols, dtype=np.int64)
    common = np.bincount(cols_, minlength=len(index)) > max(50, int(MAX_FEATURE_SHARE * n))
    kept = ~common[cols_] if drop_common else np.ones(len(cols_), dtype=bool)
    return sparse.csr_matrix(
        (
            np.frombuffer(values, dtype=np.float64)[kept],
            (np.frombuffer(rows, dtype=np.int64)[kept], cols_[kept]),
        ),
        shape=(n, len(index)),
    )


def _profile_matrix(profiles_: list[Profile]):
    """``_matrix`` of hand-made profiles."""
    return _matrix((p.vector for p in profiles_), len(profiles_))


def _similar_pairs(
    profiles_: list[Profile], at_least: float = 0.0, block: int = 2_000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cosine similarity of every pair of profiles that share a feature and reach ``at_least``: ``(i, j, value)``
    arrays with ``i < j``.

    The product of the profile matrix with itself, ``block`` rows at a time, each block filtered before the next:
    a corpus of wire copies has millions of weakly similar pairs (4.5 million at 10,000 documents) that only
    the strong ones need to be kept of, and the whole product would hold them all at once.
    """
    return _pairs_of(_profile_matrix(profiles_), at_least, block)


def _pairs_of(matrix, at_least: float, block: int = 2_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    firsts, seconds, values = [], [], []
    transposed = matrix.T.tocsr()
    for start in range(0, matrix.shape[0], block):
        product = (matrix[start : start + block] @ transposed).tocoo()
        row = product.row.astype(np.int64) + start
        keep = (product.col > row) & (product.data >= at_least) & (product.data != 0)
        firsts.append(row[keep])
        seconds.append(product.col[keep].astype(np.int64))
        values.append(product.data[keep])
    if not values:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
    return np.concatenate(firsts), np.concatenate(seconds), np.concatenate(values)


def group(profiles_: list[Profile]) -> list[list[Profile]]:
    """``group_rows`` of hand-made profiles, as lists of profiles (their ``terms`` checked where given)."""
    specific = None
    if any(p.terms is not None for p in profiles_):
        specific = _matrix((p.terms or {} for p in profiles_), len(profiles_), drop_common=False)
    rows = group_rows(_profile_matrix(profiles_), [p.published for p in profiles_], specific)
    return [[profiles_[x] for x in members] for members in rows]


def _row(matrix, i: int) -> dict[int, float]:
    span = slice(matrix.indptr[i], matrix.indptr[i + 1])
    return dict(zip(matrix.indices[span].tolist(), matrix.data[span].tolist(), strict=True))


def _mean_similarity(a: dict[int, float], b: dict[int, float], pairs: int) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(f, 0.0) for f, w in small.items()) / pairs


def _add_into(target: dict[int, float], source: dict[int, float]) -> None:
    for f, w in source.items():
        target[f] = target.get(f, 0.0) + w


def group_rows(matrix, published: list, specific=None) -> list[list[int]]:
    """Stories as lists of rows of a profile matrix (``_matrix``; ``published`` the rows' dates, ``specific``
    the rows' specific terms, ``story_terms.term_matrix``), by average link: the closest pairs first, and two
    groups join only when the mean profile similarity over all their members reaches ``SAME_STORY``, the mean
    similarity of their specific terms reaches ``SAME_EVENT`` and their dates fit ``MAX_DAYS_APART`` (a pair
    with no shared feature counts as 0).

    Similarities are dot products of unit vectors, so the sum over every member of one group with every member
    of the other is the dot product of the two groups' summed vectors: each group keeps that sum, and a merge
    adds the smaller one into the larger. Only the strong pairs, which propose the merges, are ever listed;
    the weak ones (nine in ten at 10,000 wire reports) enter the averages through the sums without being held."""
    first, second, value = _pairs_of(matrix, at_least=SAME_STORY)
    n = matrix.shape[0]
    if not len(value):
        return [[i] for i in range(n)]
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Closest first; equal similarities in pair order, so the result never depends on the product's layout.
    order = np.lexsort((second, first, -value))
    involved = np.unique(np.concatenate([first, second])).tolist()
    summed = {i: _row(matrix, i) for i in involved}
    terms = {i: _row(specific, i) for i in involved} if specific is not None else None
    dates = {i: (day, day) if day is not None else None for i, day in enumerate(published)}
    root = list(range(n))
    for i, j in zip(first[order].tolist(), second[order].tolist(), strict=True):
        a, b = root[i], root[j]
        if a == b:
            continue
        pairs = len(members[a]) * len(members[b])
        if not (
            (days := _days_spanned(dates[a], dates[b])) <= MAX_DAYS_APART
            and _mean_similarity(summed[a], summed[b], pairs) >= SAME_STORY
            and (terms is None or _mean_similarity(terms[a], terms[b], pairs) >= agreement_needed(days))
        ):
            continue
        # The group with fewer members and features is absorbed: each merge costs the smaller side only.
        keep, gone = (
            (a, b) if (len(members[a]), len(summed[a])) >= (len(members[b]), len(summed[b])) else (b, a)
        )
        for x in members[gone]:
            root[x] = keep
        members[keep] += members.pop(gone)
        dates[keep] = _date_span(dates[keep], dates.pop(gone))
        _add_into(summed[keep], summed.pop(gone))
        if terms is not None:
            _add_into(terms[keep], terms.pop(gone))
    return [sorted(m) for m in sorted(members.values(), key=min)]


def _date_span(a, b):
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def _days_spanned(a, b) -> int:
    """Days between the earliest and the latest known date of two groups (0 where at most one date is known)."""
    span = _date_span(a, b)
    return 0 if span is None else (span[1] - span[0]).days


def agreement_needed(days: int) -> float:
    """The specific-term agreement two groups whose dates span ``days`` need: ``SAME_EVENT`` within
    ``EVENT_DAYS``, then ``EVENT_STEP`` more for every further day (an envoy's trip to prepare a summit, two weeks
    before it, names the summit's leaders and city but is not the summit)."""
    return SAME_EVENT + EVENT_STEP * max(0, days - EVENT_DAYS)


def assign_stories(
    documents: pl.DataFrame, mentions: pl.DataFrame, doc_issues: pl.DataFrame, entities: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``story_articles`` (the story of each of ``documents``, in their order) and the ``stories`` table.

    ``documents`` needs ``doc_id, cluster_id, is_canonical, published_date, text`` and, for labels, ``title``,
    ``outlet`` and ``byline`` where known; ``entities`` ``entity_id, name`` and ``type``."""
    ids_, _, vectors, _ = profile_vectors(documents, mentions, doc_issues)
    matrix = _matrix(vectors, len(ids_))
    canon = documents.filter(pl.col("is_canonical"))
    terms = specific_terms(canon, mentions, entities)
    specific, features = term_matrix(terms, ids_)
    names = {f"entity:{e}": name for e, name in entities.select("entity_id", "name").iter_rows()}
    term_weights = [{features[f]: w for f, w in _row(specific, i).items()} for i in range(len(ids_))]
    meta = {c: canon[c].to_list() if c in canon.columns else [None] * canon.height for c in _LABEL_COLUMNS}
    story_of: dict[str, str] = {}
    rows = []
    groups = group_rows(matrix, canon["published_date"].to_list(), specific)
    for members, c in zip(groups, central_members(matrix, groups), strict=True):
        ids = sorted(ids_[x] for x in members)
        story_id = hashlib.sha256(" ".join(ids).encode()).hexdigest()[:16]
        story_of.update({d: story_id for d in ids})
        rows.append(
            {
                "story_id": story_id,
                "label": headline(meta["title"][c], meta["text"][c], meta["outlet"][c], meta["byline"][c]),
                "key_terms": key_terms([term_weights[x] for x in members], names),
            }
        )
    with_story = documents.with_columns(
        pl.col("cluster_id").replace_strict(story_of, default=None, return_dtype=pl.String).alias("story_id")
    )
    dates = with_story.group_by("story_id").agg(
        pl.col("published_date").min().alias("first_published"),
        pl.col("published_date").max().alias("last_published"),
        pl.len().cast(pl.Int32).alias("n_documents"),
    )
    stories = (
        pl.DataFrame(
            rows, schema={"story_id": pl.String(), "label": pl.String(), "key_terms": pl.List(pl.String)}
        )
        .join(dates, on="story_id", how="left")
        .select(list(STORY_SCHEMA))
        .cast(STORY_SCHEMA)
        .sort("story_id")
    )
    return with_story.select(list(STORY_ARTICLE_SCHEMA)).cast(STORY_ARTICLE_SCHEMA), stories


_LABEL_COLUMNS = ("title", "text", "outlet", "byline")
