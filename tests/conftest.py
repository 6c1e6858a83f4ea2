"""Shared fixtures: the committed sample articles, a fresh raw folder, and the optional ../shared corpora."""

import json
import os
import shutil
from pathlib import Path

import polars as pl
import pytest

REPO = Path(__file__).resolve().parents[1]
# Tests record into throwaway Dagster instances unless a test names its own: never into the checkout's .dagster/
# (an empty DAGSTER_HOME asks newsetl for a throwaway one: newsetl/instance.py). Subprocesses started with a copy
# of os.environ inherit it, so no test needs to say it again.
os.environ["DAGSTER_HOME"] = ""
SAMPLES_DIR = REPO / "raw"
SHARED = REPO.parent / "shared"
SAMPLE_FILES = sorted(SAMPLES_DIR.glob("*.txt"))
#: The Hankyoreh sample a content farm ran through an article spinner; the other four are clean.
SPUN_SAMPLE = next(p for p in SAMPLE_FILES if p.name.startswith("004_"))
CLEAN_SAMPLES = [p for p in SAMPLE_FILES if p != SPUN_SAMPLE]
#: What the five samples give, fixed: the row counts a cache, a batch or a second process must reproduce
#: (sentences and issue mentions are the figures README's `make run` prints). A change of cleaning or tagging
#: moves them on purpose; then they are updated here, once, with the reason in the commit.
SAMPLE_ROWS = {
    "articles": 5,
    "cleaning_edits": 231,
    "paragraphs": 97,
    "sentences": 163,
    "issue_mentions": 256,
}
#: The counts a snapshot of the five samples records: README's `make run` summary, line for line.
#: The clean stage's documents-done line for the five samples, as `newsetl run` prints it to a log (no terminal).
SAMPLES_CLEANED = "  … clean  [####################]  5/5 docs"
SAMPLE_SNAPSHOT_COUNTS = {
    "n_files": 5,
    "n_documents": 5,
    "n_quarantined": 0,
    "n_duplicates": 0,
    "n_sentences": 163,
    "n_entity_mentions": 363,
    "n_issue_mentions": 256,
}
#: raw/'s data version with the five samples, worked out in the shell: in name order, each file's
#: `printf '%s\0%s\0None\n' NAME SHA256`, all of it piped into `sha256sum`.
SAMPLES_RAW_VERSION = "9e9a44372b7510bdb244e61cfcbd22ab8bea7e94bfc87e77b114666d9c441623"
#: Hand-written entities and issues per sample (file stem -> gold), for the taggers' doc-level scores.
SAMPLE_GOLD = json.loads((REPO / "tests" / "gold" / "samples.json").read_text(encoding="utf-8"))["documents"]


def shared_corpus(name: str) -> Path:
    """A folder of ../shared/corpora, or a skip saying why the test cannot run here."""
    path = SHARED / "corpora" / name
    if not path.is_dir():
        pytest.skip(
            f"../shared/corpora/{name} is not present on this machine (research-only corpus, not committed)"
        )
    return path


def computed_counts(materializations) -> dict[str, int]:
    """Documents each cached stage computed (rather than read back) in a run, from its assets' materializations.

    The documents stage's fingerprints are computed in the clean step (aligned restoration reads them) and read
    back by the documents step from the same cache, so the documents stage's count is the sum of both steps'."""
    counts: dict[str, int] = {}
    for materialization in materializations:
        asset, metadata = materialization.asset_key.to_user_string(), materialization.metadata
        for label in ("documents_computed", "documents_cleaned"):
            if label in metadata:
                counts[asset] = counts.get(asset, 0) + metadata[label].value
        if asset == "articles" and "fingerprints_computed" in metadata:
            counts["documents"] = counts.get("documents", 0) + metadata["fingerprints_computed"].value
    counts.setdefault("documents", 0)
    return counts


def offset_mismatches(warehouse: Path, table: str, column: str) -> int:
    """Rows of a published span table whose offsets do not slice ``documents.text`` back to ``column``."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(
            f"SELECT count(*) FROM {table} t JOIN documents d USING (doc_id) "
            f"WHERE substr(d.text, t.char_start + 1, t.char_end - t.char_start) <> t.{column}"
        ).fetchall()[0][0]


def bbc_texts(first: int, last: int) -> list[str]:
    """Article texts ``first``..``last - 1`` of the BBC News corpus (skips where it is absent)."""
    with (shared_corpus("bbc_news_2225") / "bbc_news.jsonl").open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()[first:last]
    return [json.loads(line)["text"] for line in lines]


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A raw folder holding copies of the five sample articles."""
    target = tmp_path / "raw"
    target.mkdir()
    for sample in SAMPLE_FILES:
        shutil.copy(sample, target / sample.name)
    return target


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "news.duckdb"


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The warehouse the five samples publish, built once per test session through the Dagster graph."""
    import warnings

    import dagster as dg

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    root = tmp_path_factory.mktemp("sample_warehouse")
    raw_copy = root / "raw"
    shutil.copytree(SAMPLES_DIR, raw_copy, ignore=shutil.ignore_patterns("README.md"))
    warehouse = root / "warehouse" / "news.duckdb"
    result = dg.materialize(
        [*ASSETS, *CHECKS],
        resources=build_resources(raw_copy, warehouse),
        selection=PUBLISH_SELECTION,
    )
    assert result.success
    return warehouse


#: The columns the taggers need from `sentences`.
SENTENCE_SCHEMA = {"doc_id": pl.String, "sentence_idx": pl.Int32, "text": pl.String, "char_start": pl.Int32}


def sentences_of(docs: dict[str, str]) -> pl.DataFrame:
    """Sentences with document offsets from the real splitter, each line of a text taken as a paragraph."""
    from pipeline.segment.sentences import sentences_frame

    rows = []
    for doc_id, text in docs.items():
        offset = 0
        for idx, line in enumerate(text.split("\n")):
            if line.strip():
                rows.append((doc_id, idx, line, offset, "en"))
            offset += len(line) + 1
    schema = {
        "doc_id": pl.String,
        "paragraph_idx": pl.Int32,
        "text": pl.String,
        "char_start": pl.Int32,
        "language": pl.String,
    }
    return sentences_frame(pl.DataFrame(rows, schema=schema, orient="row"))


@pytest.fixture(scope="session")
def sample_texts() -> dict[str, str]:
    """The five samples as the clean stage leaves them (chrome removed, spinning undone), keyed by file stem."""
    import hashlib

    from pipeline.clean.articles import clean_records
    from pipeline.ingest.records import read_records

    records = []
    for path in SAMPLE_FILES:
        data = path.read_bytes()
        records += read_records(path.name, hashlib.sha256(data).hexdigest(), data)[0]
    articles, _ = clean_records(records)
    return {Path(a.record.source_path).stem: a.text for a in articles}


def sample_records(extra: list[tuple[str, str]] = ()) -> list:
    """The five samples read as raw records (and ``extra`` (name, text) files after them), as landing reads them."""
    import hashlib

    from pipeline.ingest.records import read_records

    records = []
    files = [(path.name, path.read_bytes()) for path in SAMPLE_FILES] + [(n, t.encode()) for n, t in extra]
    for name, data in files:
        records += read_records(name, hashlib.sha256(data).hexdigest(), data)[0]
    return records


def publish_second_snapshot(sample_warehouse: Path, folder: Path, edit) -> Path:
    """A copy of the sample warehouse in ``folder`` with a second snapshot published an hour after its last:
    its tables as ``edit(tables)`` leaves them (a dict of table name to frame, ``manifest`` and ``snapshots`` left
    out). Returns the copy's path."""
    import datetime as dt

    import duckdb

    from pipeline.warehouse.publish import publish

    shutil.copytree(sample_warehouse.parent, folder)
    path = folder / sample_warehouse.name
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            r[0]
            for r in con.sql("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
        ]
        tables = {name: con.sql(f'SELECT * FROM "{name}"').pl() for name in names if name != "snapshots"}
        code_version, created_at = con.sql(
            "SELECT code_version, created_at FROM snapshots ORDER BY created_at DESC LIMIT 1"
        ).fetchall()[0]
    manifest = tables.pop("manifest")
    publish(edit(tables), path, manifest=manifest, manifest_sha256="second", code_version=code_version,
            now=created_at + dt.timedelta(hours=1))  # fmt: skip
    return path
