import os
from pathlib import Path

import polars as pl
from conftest import SAMPLES_RAW_VERSION

from pipeline.core.constants import QuarantineReason
from pipeline.ingest.manifest import describe_raw, manifest_sha256, store_path
from pipeline.ingest.records import land_files
from pipeline.stages.ingest import read_landed


def test_manifest_lists_every_file_with_its_hash(raw_dir: Path):
    manifest = describe_raw(raw_dir)
    assert manifest.height == 5
    assert manifest["source_path"].to_list() == sorted(p.name for p in raw_dir.iterdir())
    assert manifest["sha256"].str.len_chars().to_list() == [64] * 5
    # `sha256sum raw/*.txt`
    assert [h[:16] for h in manifest["sha256"]] == [
        "db6178004edd7f27", "8e451a26fded280c", "a5cae38759ce702a", "1b83edace132909f", "54765180806064a7",
    ]  # fmt: skip


def test_manifest_version_changes_on_add_change_remove(raw_dir: Path):
    base = manifest_sha256(describe_raw(raw_dir))
    # a fixed value of the five samples, worked out in the shell (conftest)
    assert base == SAMPLES_RAW_VERSION
    (raw_dir / "new.txt").write_text("A new article about Seoul and Tokyo.")
    added = manifest_sha256(describe_raw(raw_dir))
    (raw_dir / "new.txt").write_text("A changed article about Seoul and Tokyo.")
    changed = manifest_sha256(describe_raw(raw_dir))
    (raw_dir / "new.txt").unlink()
    assert len({base, added, changed}) == 3
    assert manifest_sha256(describe_raw(raw_dir)) == base


def test_symlinks_are_reported_not_followed(raw_dir: Path, tmp_path: Path):
    secret = tmp_path / "outside.txt"
    secret.write_text("not part of raw/")
    os.symlink(secret, raw_dir / "link.txt")
    manifest = describe_raw(raw_dir)
    row = manifest.filter(pl.col("source_path") == "link.txt").row(0, named=True)
    assert row["sha256"] is None and row["skip_reason"] == QuarantineReason.SYMLINK


def test_landing_keeps_bytes_content_addressed_and_accounts_for_every_path(raw_dir: Path, tmp_path: Path):
    (raw_dir / "empty.txt").write_bytes(b"")
    (raw_dir / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (raw_dir / "nested" / "deeper").mkdir(parents=True)
    (raw_dir / "nested" / "deeper" / "wire.txt").write_text("Seoul and Tokyo agreed on Monday to meet again.")
    store = tmp_path / "store"
    manifest = land_files(raw_dir, store)
    for sha in manifest["sha256"].drop_nulls():
        assert store_path(store, sha).exists()
    records, quarantined = read_landed(manifest, store)
    paths = {r.source_path for r in records} | {q.source_path for q in quarantined}
    assert paths == set(manifest["source_path"])
    reasons = {q.source_path: q.reason for q in quarantined}
    assert reasons["empty.txt"] == QuarantineReason.EMPTY
    assert reasons["picture.png"] == QuarantineReason.UNSUPPORTED_TYPE
    assert "nested/deeper/wire.txt" in {r.source_path for r in records}


def test_stored_bytes_survive_raw_changes(raw_dir: Path, tmp_path: Path):
    store = tmp_path / "store"
    manifest = land_files(raw_dir, store)
    first = manifest.row(0, named=True)
    original = (raw_dir / first["source_path"]).read_bytes()
    (raw_dir / first["source_path"]).unlink()
    assert store_path(store, first["sha256"]).read_bytes() == original


def test_unusual_file_names_are_read_and_reported_verbatim(raw_dir: Path, tmp_path: Path):
    names = ["with space.txt", "accénted é.txt", "emoji 📰.txt", "-leading-dash.txt", "日本語.txt"]
    for name in names:
        (raw_dir / name).write_text(f"An article stored as {name} about Seoul and Tokyo.", encoding="utf-8")
    manifest = land_files(raw_dir, tmp_path / "store")
    assert set(names) <= set(manifest["source_path"])
    records, quarantined = read_landed(manifest, tmp_path / "store")
    assert not quarantined
    assert {r.source_path for r in records} >= set(names)
