"""Shared fixtures: the committed sample articles, a fresh raw folder, and the optional ../shared corpora."""

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO / "raw"
SHARED = REPO.parent / "shared"
SAMPLE_FILES = sorted(SAMPLES_DIR.glob("*.txt"))


def shared_corpus(name: str) -> Path:
    """A folder of ../shared/corpora, or a skip saying why the test cannot run here."""
    path = SHARED / "corpora" / name
    if not path.is_dir():
        pytest.skip(
            f"../shared/corpora/{name} is not present on this machine (research-only corpus, not committed)"
        )
    return path


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
