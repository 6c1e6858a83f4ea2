"""Aligned restoration: a spun copy comes back word for word from its original in the same corpus, and nothing
else is touched (issue #21, part 3)."""

import csv
import hashlib

import polars as pl
import pytest
from conftest import shared_corpus

from pipeline.clean.aligned_restore import RULE_ALIGNED_COPY, judge
from pipeline.core.constants import CleanStep
from pipeline.ingest.records import read_records
from pipeline.stages.clean import clean_stage
from pipeline.stages.documents import restore_corpus

# Written for this test (not from any corpus): a wire story on a summit.
ORIGINAL = """Lee plans Tokyo trip as Seoul and Tokyo mend military ties

SEOUL, March 3 -- President Lee Jae-myung will travel to Tokyo in less than a week for talks with Prime \
Minister Sanae Takaichi, officials said on Tuesday, the first such trip by a South Korean leader in two years.

The visit comes during a period of cautious improvement in relations between the neighbours. Officials said \
the two leaders were expected to discuss military cooperation, trade and the legacy of wartime forced labour.

"We agreed that regular meetings are important for both countries," Foreign Minister Cho Hyun told reporters \
after a meeting with his Japanese counterpart in Seoul. He said the two sides would begin preparing a joint \
statement.

The President has made improving ties with Japan a priority since taking office. However, critics at home \
said the government should not forget the victims of forced labour, and several groups plan to protest \
outside the presidential office.

Japanese officials said Tokyo would help arrange a visit to a memorial in Nagasaki. The trip is expected to \
last three days, and the two governments plan to announce a new exchange programme for students.

Analysts said the military talks were likely to focus on sharing intelligence about North Korean missile \
launches. "The region needs stability," said Park Won-gon, a professor at Ewha Womans University.
"""

# The 19 swaps, in the style of the example ("President" -> "Chief", "trip" -> "journey", "military"
# -> "army", "less than a week" -> "lower than per week"), each (context in the original, the same spun).
SWAPS = [
    ("trip as Seoul", "journey as Seoul"),
    ("mend military ties", "mend army ties"),
    ("President Lee", "Chief Lee"),
    ("in less than a week", "in lower than per week"),
    ("officials said on Tuesday", "officials stated on Tuesday"),
    ("such trip by", "such journey by"),
    ("comes during a period", "comes throughout a period"),
    ("cautious improvement", "cautious enchancment"),
    ("discuss military cooperation", "discuss army cooperation"),
    ("We agreed that", "We concurred that"),
    ("are important for", "are vital for"),
    ("would begin preparing", "would commence preparing"),
    ("The President has", "The Chief has"),
    ("critics at home", "critics at dwelling"),
    ("would help arrange", "would assist arrange"),
    ("The trip is expected", "The journey is anticipated"),
    ("to announce a new", "to declare a new"),
    ("the military talks", "the army talks"),
    ("sharing intelligence", "sharing intellect"),
]


def _apply(text: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


SPUN = _apply(ORIGINAL, SWAPS)

# A legitimate syndicated copy: another headline and an added paragraph, American spellings, corrected
# figures, another way of naming the speaker, a dropped "on" and one word an editor chose.
SYNDICATED = _apply(
    ORIGINAL,
    [
        (
            "Lee plans Tokyo trip as Seoul and Tokyo mend military ties",
            "South Korean leader to visit Japan next week",
        ),
        ("said on Tuesday", "said Tuesday"),
        ("in two years", "in three years"),
        ("cautious improvement", "gradual improvement"),
        ("the neighbours", "the neighbors"),
        ("wartime forced labour", "wartime forced labor"),
        ("victims of forced labour", "victims of forced labor"),
        ("He said the two sides", "Cho said the two sides"),
        ("last three days", "last four days"),
        ("exchange programme", "exchange program"),
    ],
) + (
    "\nThe foreign ministry in Tokyo said on Wednesday that the schedule had not been finalised and that "
    "further details would be announced later.\n"
)


def _records(files: dict[str, str]):
    records = []
    for name, text in files.items():
        data = text.encode("utf-8")
        records += read_records(name, hashlib.sha256(data).hexdigest(), data)[0]
    return records


def _cleaned(files: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    tables, _ = clean_stage(_records(files))
    return tables["articles"], tables["cleaning_edits"]


def _restored(files: dict[str, str]):
    articles, edits = _cleaned(files)
    restored, restored_edits, pairs = restore_corpus(articles, edits)
    by_path = dict(zip(restored["source_path"], restored["doc_id"], strict=True))
    return articles, edits, restored, restored_edits, pairs, by_path


def _text(articles: pl.DataFrame, doc_id: str) -> str:
    return articles.filter(pl.col("doc_id") == doc_id)["text"].item()


def _replay(text: str, edits: pl.DataFrame) -> str:
    """Apply one step's edits from the last offset to the first, checking each ``before`` is really there."""
    for before, after, start in (
        edits.sort("char_start", descending=True).select("before", "after", "char_start").iter_rows()
    ):
        assert text[start : start + len(before)] == before
        text = text[:start] + after + text[start + len(before) :]
    return text


@pytest.fixture(scope="module")
def spun_pair():
    return _restored({"a/original.txt": ORIGINAL, "b/spun.txt": SPUN})


def test_spun_copy_comes_back_word_for_word(spun_pair):
    articles, _, restored, edits, pairs, ids = spun_pair
    spun, original = ids["b/spun.txt"], ids["a/original.txt"]
    assert [(v.spun, v.original) for v in pairs] == [(spun, original)]
    # Before: the de-spinner alone did not give the copy back (it even changed words the original has).
    assert _text(articles, spun) != ORIGINAL.strip()
    assert _text(restored, spun) == _text(restored, original) == ORIGINAL.strip()
    aligned = edits.filter((pl.col("doc_id") == spun) & (pl.col("rule") == RULE_ALIGNED_COPY))
    assert aligned.height == len(SWAPS)  # one edit a swap, "lower than per" -> "less than a" included
    assert set(aligned["step"]) == {CleanStep.DESPIN.value}
    assert set(aligned["source_doc_id"]) == {original}
    assert all(0 < c < 1 for c in aligned["confidence"])
    assert {(b, a) for b, a in aligned.select("before", "after").iter_rows()} >= {
        ("Chief", "President"),
        ("journey", "trip"),
        ("army", "military"),
        ("lower than per", "less than a"),
    }
    # Only aligned edits name a source.
    assert (
        edits.filter(pl.col("rule") != RULE_ALIGNED_COPY)["source_doc_id"].null_count()
        == edits.filter(pl.col("rule") != RULE_ALIGNED_COPY).height
    )


def test_the_original_is_untouched(spun_pair):
    articles, edits, restored, restored_edits, _, ids = spun_pair
    original = ids["a/original.txt"]
    assert restored.filter(pl.col("doc_id") == original).equals(articles.filter(pl.col("doc_id") == original))
    assert restored_edits.filter(pl.col("doc_id") == original).equals(
        edits.filter(pl.col("doc_id") == original)
    )


def test_restored_copy_is_consistent(spun_pair):
    """The despin edits replay the copy as the de-spinner received it into the restored text; restorations
    point at the restored words; blocks still slice the text; title and counts follow."""
    articles, edits, restored, restored_edits, _, ids = spun_pair
    spun = ids["b/spun.txt"]
    row = restored.filter(pl.col("doc_id") == spun).row(0, named=True)
    before_row = articles.filter(pl.col("doc_id") == spun).row(0, named=True)
    received = before_row["text"]
    for r in sorted(before_row["restorations"], key=lambda r: -r["char_start"]):
        received = received[: r["char_start"]] + r["before"] + received[r["char_end"] :]
    despin = restored_edits.filter((pl.col("doc_id") == spun) & (pl.col("step") == CleanStep.DESPIN.value))
    assert _replay(received, despin) == row["text"]
    assert len(row["restorations"]) == despin.height
    for r, after in zip(row["restorations"], despin.sort("char_start")["after"], strict=True):
        assert row["text"][r["char_start"] : r["char_end"]] == after
    assert "\n\n".join(row["text"][b["char_start"] : b["char_end"]] for b in row["blocks"]) == row["text"]
    assert row["title"] == ORIGINAL.splitlines()[0]
    mine = restored_edits.filter(pl.col("doc_id") == spun)
    assert row["n_edits"] == mine.height
    assert mine["edit_idx"].to_list() == list(range(mine.height))
    assert row["spin_score"] > 0.9


def test_a_legitimately_edited_copy_is_untouched():
    articles, edits, restored, restored_edits, pairs, _ = _restored(
        {"a/original.txt": ORIGINAL, "c/syndicated.txt": SYNDICATED}
    )
    assert pairs == []
    assert restored.equals(articles) and restored_edits.equals(edits)


def test_with_both_copies_only_the_spun_one_is_restored():
    articles, edits, restored, _, pairs, ids = _restored(
        {"a/original.txt": ORIGINAL, "b/spun.txt": SPUN, "c/syndicated.txt": SYNDICATED}
    )
    assert [(v.spun, v.original) for v in pairs] == [(ids["b/spun.txt"], ids["a/original.txt"])]
    for path in ("a/original.txt", "c/syndicated.txt"):
        assert _text(restored, ids[path]) == _text(articles, ids[path])
    assert _text(restored, ids["b/spun.txt"]) == ORIGINAL.strip()


def test_every_copy_of_a_spun_copy_is_restored():
    """A spun copy scraped twice (exact duplicates stand for each other among the candidates) comes back twice."""
    _, _, restored, edits, pairs, ids = _restored(
        {"a/original.txt": ORIGINAL, "b/spun.txt": SPUN, "c/spun_again.txt": SPUN}
    )
    assert sorted((v.spun, v.original) for v in pairs) == sorted(
        [(ids["b/spun.txt"], ids["a/original.txt"]), (ids["c/spun_again.txt"], ids["a/original.txt"])]
    )
    assert _text(restored, ids["c/spun_again.txt"]) == _text(restored, ids["b/spun.txt"]) == ORIGINAL.strip()


def test_numbers_names_and_speakers_a_copy_changed_stay_as_it_has_them():
    edited = _apply(SPUN, [("last three days", "last four days"), ("said Park Won-gon", "said Kim Won-gon")])
    _, _, restored, _, pairs, ids = _restored({"a/original.txt": ORIGINAL, "b/spun.txt": edited})
    assert len(pairs) == 1
    expected = _apply(
        ORIGINAL, [("last three days", "last four days"), ("said Park Won-gon", "said Kim Won-gon")]
    )
    assert _text(restored, ids["b/spun.txt"]) == expected.strip()


def test_which_file_is_read_first_does_not_matter(spun_pair):
    _, _, restored, edits, _, _ = spun_pair
    _, _, again, again_edits, _, _ = _restored({"b/spun.txt": SPUN, "a/original.txt": ORIGINAL})
    # Other file names, other order: the same result, document for document.
    assert again.sort("doc_id").equals(restored.sort("doc_id"))
    assert again_edits.sort("doc_id", "edit_idx").equals(edits.sort("doc_id", "edit_idx"))


def test_judge_is_symmetric():
    one, other = judge("x", SPUN, "y", ORIGINAL), judge("y", ORIGINAL, "x", SPUN)
    assert (
        (one.spun, one.original, one.accepted)
        == (other.spun, other.original, other.accepted)
        == ("x", "y", True)
    )


def test_mrpc_paraphrases_are_not_spun_copies():
    """Legitimate rewrites of news sentences (MRPC), pair by pair and ten pairs to a document: none is taken
    for a spun copy."""
    path = shared_corpus("mrpc_news_paraphrase") / "msr_paraphrase_test.tsv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    assert not [r for r in rows if judge("a", r[3], "b", r[4]).accepted]
    blocks = [rows[k : k + 10] for k in range(0, len(rows), 10)]
    joined = [("\n\n".join(r[3] for r in b), "\n\n".join(r[4] for r in b)) for b in blocks]
    assert not [pair for pair in joined if judge("a", pair[0], "b", pair[1]).accepted]


def test_published_through_the_graph(tmp_path):
    """End to end through the Dagster graph: documents, duplicates and every later table see the restored copy."""
    import warnings

    import dagster as dg
    import duckdb

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    raw = tmp_path / "raw"
    for name, text in {"original.txt": ORIGINAL, "spun.txt": SPUN, "syndicated.txt": SYNDICATED}.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(text, encoding="utf-8")
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    result = dg.materialize(
        [*ASSETS, *CHECKS], resources=build_resources(raw, warehouse), selection=PUBLISH_SELECTION
    )
    assert result.success  # every blocking check, the new columns' included
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = dict(con.sql("SELECT source_path, doc_id FROM documents").fetchall())
        texts = dict(con.sql("SELECT source_path, text FROM documents").fetchall())
        sources = con.sql(
            "SELECT DISTINCT source_doc_id FROM cleaning_edits WHERE rule = 'aligned_copy'"
        ).fetchall()
        spun_paragraphs = con.sql(
            f"SELECT string_agg(text, '\n\n' ORDER BY paragraph_idx) FROM paragraphs "
            f"WHERE doc_id = '{ids['spun.txt']}'"
        ).fetchall()[0][0]
        duplicates = con.sql("SELECT doc_id, duplicate_of, kind, spun_copy_of FROM duplicates").fetchall()
    # The syndicated copy, the most complete, speaks for the cluster; the spun copy names its own original.
    canonical = ids["syndicated.txt"]
    assert sorted(duplicates) == sorted(
        [
            (ids["spun.txt"], canonical, "spun", ids["original.txt"]),
            (ids["original.txt"], canonical, "near", None),
        ]
    )
    assert sources == [(ids["original.txt"],)]
    assert texts["spun.txt"] == texts["original.txt"] == ORIGINAL.strip()
    assert spun_paragraphs == texts["spun.txt"]  # paragraphs were built from the restored text


def test_a_rejected_pair_is_not_aligned_again_and_the_result_is_the_same(tmp_path, monkeypatch):
    """The second run over the same corpus reads the rejected pairs back: only the accepted pair (the spun copy)
    is judged again, and the restored tables are those of the first run. A changed text is judged anew."""
    from pipeline.clean import aligned_restore
    from pipeline.infra.doc_cache import KeySet
    from pipeline.stages.clean import restore_copies
    from pipeline.stages.documents import dedup_prints

    files = {"a/original.txt": ORIGINAL, "b/spun.txt": SPUN, "c/syndicated.txt": SYNDICATED}
    articles, edits = _cleaned(files)
    prints, _ = dedup_prints(articles, None)
    rejected = KeySet(tmp_path, "aligned_copies")
    judged = []
    real_judge = aligned_restore.judge
    monkeypatch.setattr(aligned_restore, "judge", lambda *a: judged.append(a[::2]) or real_judge(*a))

    first = restore_copies(articles, edits, prints, rejected)
    first_judged, judged[:] = len(judged), []
    second = restore_copies(articles, edits, prints, rejected)
    # Three candidate pairs; the syndicated copy and its original is rejected (the spun copy also reads as a spun
    # copy of the syndicated one, accepted, though not chosen): the accepted two are judged again.
    assert first_judged == 3 and len(rejected.load()) == 1
    ids = dict(zip(articles["source_path"], articles["doc_id"], strict=True))
    syndicated_pair = tuple(sorted([ids["a/original.txt"], ids["c/syndicated.txt"]]))
    assert len(judged) == 2 and syndicated_pair not in [tuple(sorted(pair)) for pair in judged]
    assert second[0].equals(first[0]) and second[1].equals(first[1])
    assert [(v.spun, v.original) for v in second[2]] == [(v.spun, v.original) for v in first[2]]

    judged[:] = []
    changed = articles.with_columns(
        pl.when(pl.col("source_path") == "c/syndicated.txt")
        .then(pl.col("text") + "\n\nThis story was updated.")
        .otherwise(pl.col("text"))
    )
    restore_copies(changed, edits, dedup_prints(changed, None)[0], rejected)
    assert len(judged) == 3  # the syndicated copy changed: its pair with the original is judged anew
