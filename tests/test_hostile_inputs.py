"""Issue #24: one bad file or record in raw/ costs one quarantine row, never the run.

Every hostile input is built for real in a temporary folder: file names in EUC-KR and Shift_JIS bytes, a FIFO, a
socket, a device, a folder that cannot be listed, JSON nested 200,000 deep, lone UTF-16 surrogates, line
separators inside JSONL records, record ids that spell another file's path, files and texts over the size limits.
"""

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import warnings
from pathlib import Path

import polars as pl
import pytest
from conftest import SAMPLE_FILES

from pipeline.clean import articles as articles_module
from pipeline.clean.articles import clean_records
from pipeline.core.constants import QuarantineReason
from pipeline.core.limits import MB, Limits, limits_from_env
from pipeline.ingest import records as ingest
from pipeline.ingest.manifest import (
    NotRegularFileError,
    describe_raw,
    manifest_sha256,
    open_regular,
    readable_name,
    store_path,
    unescape_name,
)
from pipeline.ingest.records import land_files, make_doc_id, read_records
from pipeline.stages.ingest import read_landed

SHA = "0" * 64
KOREAN_NAME = "뉴스 기사.txt"
JAPANESE_NAME = "ニュース記事.txt"
KOREAN_TEXT = (
    "한일 정상회담이 서울에서 열렸다. 두 정상은 셔틀 외교를 이어가기로 합의했다. "
    "양국 외교부는 다음 달 실무 협의를 열 예정이다."
)
JAPANESE_TEXT = (
    "日韓首脳会談が東京で開かれた。両首脳はシャトル外交を続けることで一致した。"
    "両国の外務省は来月、実務協議を開く予定だ。"
)
WIRE_TEXT = "Seoul and Tokyo agreed on Monday to resume regular talks on fisheries and {topic}."


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail instead of hanging forever: the bug this guards against is a read that never returns."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a read blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is raw bytes (not valid UTF-8), as a legacy scraper writes it."""
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(data)


def make_special_files(folder: Path) -> dict[str, str]:
    """A FIFO, a socket and (when this machine allows mknod) a character device reading endless zeros; the
    names made, with the kind each detail must name."""
    os.mkfifo(folder / "pipe.txt")
    made = {"pipe.txt": "FIFO"}
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.txt"))
    made["sock.txt"] = "socket"
    with contextlib.suppress(PermissionError, OSError):
        os.mknod(folder / "zero.txt", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero: never ends
        made["zero.txt"] = "character device"
    return made


@contextlib.contextmanager
def unlistable(folder: Path, monkeypatch):
    """``folder`` cannot be listed: chmod 000, and where that does not stop us (root), os.scandir refusing it as
    the kernel would (root reads through permissions)."""
    folder.chmod(0)
    if os.geteuid() == 0:
        real_scandir = os.scandir
        refused = os.fsencode(folder)

        def scandir(path="."):
            if not isinstance(path, int) and os.fsencode(os.fspath(path)).rstrip(b"/") == refused:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        yield
    finally:
        folder.chmod(0o755)


# --- file names that are not UTF-8 ------------------------------------------------------------------------------


def test_legacy_file_names_load_under_readable_reversible_names(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    write_bytes_name(raw, KOREAN_NAME.encode("euc_kr"), KOREAN_TEXT.encode("utf-8"))
    write_bytes_name(raw, JAPANESE_NAME.encode("shift_jis"), JAPANESE_TEXT.encode("utf-8"))
    write_bytes_name(raw, b"caf\xe9 \\ story.txt", WIRE_TEXT.format(topic="Latin-1").encode())
    os.mkdir(os.path.join(os.fsencode(raw), "기사".encode("euc_kr")))
    write_bytes_name(raw, "기사/".encode("euc_kr") + b"wire.txt", WIRE_TEXT.format(topic="folders").encode())
    store = tmp_path / "store"

    manifest = land_files(raw, store)

    by_path = {row["source_path"]: row for row in manifest.iter_rows(named=True)}
    escaped = "caf\\xe9 \\\\ story.txt"
    assert set(by_path) == {KOREAN_NAME, JAPANESE_NAME, escaped, "기사/wire.txt"}
    # the real bytes of every renamed path are kept, reversibly, and the file is found by them
    assert unescape_name(by_path[KOREAN_NAME]["disk_path"]) == KOREAN_NAME.encode("euc_kr")
    assert unescape_name(by_path[JAPANESE_NAME]["disk_path"]) == JAPANESE_NAME.encode("shift_jis")
    assert unescape_name(by_path[escaped]["disk_path"]) == b"caf\xe9 \\ story.txt"
    assert unescape_name(by_path["기사/wire.txt"]["disk_path"]) == "기사".encode("euc_kr") + b"/wire.txt"
    for row in by_path.values():
        assert os.path.exists(os.path.join(os.fsencode(raw), unescape_name(row["disk_path"])))
    records, quarantined = read_landed(manifest, store)
    assert not quarantined
    assert {r.source_path: r.text for r in records}[KOREAN_NAME] == KOREAN_TEXT
    assert {r.source_path: r.text for r in records}[JAPANESE_NAME] == JAPANESE_TEXT
    # the observation hashes what landing stores, so freshness agrees with the published manifest
    assert manifest_sha256(describe_raw(raw)) == manifest_sha256(manifest)


def test_a_made_up_name_never_repeats_a_real_one(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "뉴스.txt").write_text("A story saved under a UTF-8 name about Seoul.", encoding="utf-8")
    write_bytes_name(raw, "뉴스.txt".encode("euc_kr"), b"A story saved under an EUC-KR name about Tokyo.")
    manifest = describe_raw(raw)
    assert manifest.height == 2 and manifest["source_path"].n_unique() == 2
    renamed = manifest.filter(pl.col("disk_path").is_not_null()).row(0, named=True)
    assert renamed["source_path"] == "\\xb4\\xba\\xbd\\xba.txt"  # the escaped bytes, not a second "뉴스.txt"


def test_readable_name_reads_legacy_encodings_and_escapes_the_rest():
    assert readable_name("plain.txt") == ("plain.txt", None)
    assert readable_name(os.fsdecode("한일관계.txt".encode("euc_kr"))) == ("한일관계.txt", "EUC-KR")
    assert readable_name(os.fsdecode("日本の記事.txt".encode("shift_jis"))) == ("日本の記事.txt", "Shift_JIS")
    assert readable_name(os.fsdecode(b"\xff\xfe.txt")) == ("\\xff\\xfe.txt", "escaped")


# --- paths that are not regular files ----------------------------------------------------------------------------


def test_fifos_sockets_and_devices_are_listed_never_opened(tmp_path: Path, raw_dir: Path):
    made = make_special_files(raw_dir)
    with deadline(60):
        described = describe_raw(raw_dir)
        landed = land_files(raw_dir, tmp_path / "store")
    assert manifest_sha256(described) == manifest_sha256(landed)
    rows = {r["source_path"]: r for r in landed.iter_rows(named=True)}
    for name, kind in made.items():
        assert rows[name]["skip_reason"] == QuarantineReason.NOT_REGULAR and rows[name]["sha256"] is None
        assert kind in rows[name]["skip_detail"]
    records, quarantined = read_landed(landed, tmp_path / "store")
    assert len(records) == len(SAMPLE_FILES)
    assert {(q.source_path, q.reason) for q in quarantined} == {
        (name, QuarantineReason.NOT_REGULAR) for name in made
    }


def test_a_fifo_swapped_in_after_listing_is_refused_not_waited_on(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    with deadline(20), pytest.raises(NotRegularFileError, match="FIFO"):
        open_regular(tmp_path / "pipe")


def test_a_folder_that_cannot_be_listed_is_reported(raw_dir: Path, tmp_path: Path, monkeypatch):
    locked = raw_dir / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(WIRE_TEXT.format(topic="locks"))
    with unlistable(locked, monkeypatch):
        manifest = land_files(raw_dir, tmp_path / "store")
        records, quarantined = read_landed(manifest, tmp_path / "store")
    assert len(records) == len(SAMPLE_FILES)
    [row] = [q for q in quarantined if q.source_path == "locked"]
    assert row.reason == QuarantineReason.UNREADABLE and "cannot be listed" in row.detail


# --- JSON and JSONL records ----------------------------------------------------------------------------------


def test_jsonl_lines_end_at_newline_only():
    separators = "\u2028 \u2029 \u0085 \x1c\x1d\x1e and a lone \r inside"
    lines = [
        json.dumps({"id": "a", "text": f"Seoul and Tokyo met. {separators} the text."}, ensure_ascii=False),
        '{"id": "b",\r"text": "A lone carriage return between tokens is JSON whitespace."}',
        "{broken",
        json.dumps({"id": "c", "text": "The fourth line keeps its number."}),
    ]
    data = ("\r\n".join(lines[:2]) + "\n" + "\n".join(lines[2:]) + "\n").encode("utf-8")
    records, quarantined = read_records("feed.jsonl", SHA, data)
    assert [r.record for r in records] == [1, 2, 4]
    # (U+0085 is a C1 control: the decoder reads it as the mojibake of "…", which it nearly always is)
    assert records[0].text.endswith(" \x1c\x1d\x1e and a lone \r inside the text.")
    assert "Seoul and Tokyo met. \u2028 \u2029 " in records[0].text
    assert [(q.record, q.reason) for q in quarantined] == [(3, QuarantineReason.BAD_JSON)]


def test_lone_surrogates_quarantine_their_record_and_never_reach_a_table():
    lines = [
        '{"id": "a", "text": "Cut in half: \\ud83d and the rest of the story."}',
        '{"id": "b", "text": "A fine text about Seoul.", "title": "Half \\udc00 a title"}',
        '{"id": "\\ud800", "text": "A whole emoji \\ud83d\\udcf0 is fine, and so is an odd id."}',
        '{"id": "\\ud801", "text": "Another odd id keeps an id of its own."}',
    ]
    records, quarantined = read_records("feed.jsonl", SHA, "\n".join(lines).encode())
    assert [r.record for r in records] == [3, 4]
    assert "\U0001f4f0" in records[0].text and records[0].doc_id != records[1].doc_id
    assert [(q.record, q.reason) for q in quarantined] == [
        (1, QuarantineReason.UNDECODABLE),
        (2, QuarantineReason.UNDECODABLE),
    ]
    assert "'text'" in quarantined[0].detail and "\\ud83d" in quarantined[0].detail
    assert "'title'" in quarantined[1].detail and "\\udc00" in quarantined[1].detail
    for q in quarantined:
        q.detail.encode("utf-8")  # the explanation itself is valid text


def test_json_nested_past_the_parser_is_quarantined_with_its_depth():
    _, quarantined = read_records("deep.json", SHA, b"[" * 200_000)
    assert quarantined[0].reason == QuarantineReason.BAD_JSON
    assert "nested deeper than" in quarantined[0].detail and "200,000" in quarantined[0].detail
    lines = b'{"text": "A story before the deep line."}\n' + b"[" * 200_000 + b"]" * 200_000 + b"\n"
    records, quarantined = read_records("deep.jsonl", SHA, lines)
    assert [r.record for r in records] == [1]
    assert [(q.record, q.reason) for q in quarantined] == [(2, QuarantineReason.BAD_JSON)]


def test_a_record_id_cannot_spell_another_files_path():
    # path NUL key for a record (`printf 'a.json\0b.txt' | sha256sum`), the path alone for a file
    assert make_doc_id("a.json", "b.txt") == "d2b2b0da1cc9e2f6"
    assert make_doc_id("a.json#b.txt") == "898a7f0cb20c318a"
    # whole files keep the id they always had: the hash of the path
    assert make_doc_id("a/b.txt") == "5550000d3b1cf1ff"  # `printf a/b.txt | sha256sum`, first 16 hex digits


def test_a_doc_id_collision_quarantines_the_later_record(tmp_path: Path, raw_dir: Path, monkeypatch):
    store = tmp_path / "store"
    manifest = land_files(raw_dir, store)
    monkeypatch.setattr(ingest, "make_doc_id", lambda path, key=None: "0123456789abcdef")
    records, quarantined = read_landed(manifest, store)
    first = manifest["source_path"][0]
    assert [r.source_path for r in records] == [first]
    assert len(quarantined) == len(SAMPLE_FILES) - 1
    assert {q.reason for q in quarantined} == {QuarantineReason.DUPLICATE_ID}
    assert f"already the id of {first}" in quarantined[0].detail


# --- size limits -----------------------------------------------------------------------------------------------


def test_limits_come_from_the_environment_and_refuse_nonsense():
    assert limits_from_env({}) == Limits(20 * MB, 2 * MB)
    assert limits_from_env({"NEWSETL_MAX_FILE_MB": "0.5", "NEWSETL_MAX_DOCUMENT_MB": "1"}) == Limits(
        MB // 2, MB
    )
    for bad in ("lots", "-1", "0", "nan", "inf"):
        with pytest.raises(ValueError, match="NEWSETL_MAX_FILE_MB"):
            limits_from_env({"NEWSETL_MAX_FILE_MB": bad})


def test_a_file_over_the_limit_is_hashed_listed_and_never_stored(tmp_path: Path, raw_dir: Path):
    big = ("Seoul and Tokyo. " * 4000).encode()  # 68,000 bytes
    (raw_dir / "big.txt").write_bytes(big)
    store = tmp_path / "store"
    limits = Limits(max_file_bytes=50_000, max_document_bytes=2 * MB)
    manifest = land_files(raw_dir, store, limits)
    row = manifest.filter(pl.col("source_path") == "big.txt").row(0, named=True)
    assert row["sha256"] == hashlib.sha256(big).hexdigest() and row["size_bytes"] == len(big)
    assert row["skip_reason"] == QuarantineReason.FILE_TOO_LARGE and "68,000 bytes" in row["skip_detail"]
    assert not store_path(store, row["sha256"]).exists()
    assert manifest_sha256(describe_raw(raw_dir, limits)) == manifest_sha256(manifest)
    records, quarantined = read_landed(manifest, store, limits=limits)
    assert len(records) == len(SAMPLE_FILES)
    assert [(q.source_path, q.reason, q.sha256) for q in quarantined] == [
        ("big.txt", QuarantineReason.FILE_TOO_LARGE, row["sha256"])
    ]


def test_a_document_over_the_limit_is_quarantined_with_its_size(tmp_path: Path, raw_dir: Path):
    lines = [json.dumps({"text": "Short story about Seoul."}), json.dumps({"text": "한국 " * 3000})]
    (raw_dir / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "store"
    limits = Limits(max_file_bytes=20 * MB, max_document_bytes=10_000)
    records, quarantined = read_landed(land_files(raw_dir, store, limits), store, limits=limits)
    assert len(records) == len(SAMPLE_FILES) + 1
    [row] = quarantined
    assert (row.source_path, row.record, row.reason) == ("feed.jsonl", 2, QuarantineReason.DOCUMENT_TOO_LARGE)
    assert "21,000 bytes" in row.detail and "NEWSETL_MAX_DOCUMENT_MB" in row.detail


# --- unexpected failures -------------------------------------------------------------------------------------


def test_a_record_that_makes_cleaning_fail_is_quarantined_with_the_error(monkeypatch):
    records = [
        r
        for i, text in enumerate(["Seoul and Tokyo met on Monday.", "BOOM", "Leaders met again on Friday."])
        for r in read_records(f"{i}.txt", SHA, text.encode())[0]
    ]
    real_clean_text = articles_module.clean_text

    def failing_clean_text(text, **kwargs):
        if text == "BOOM":
            raise ValueError("the cleaner met something it did not expect")
        return real_clean_text(text, **kwargs)

    monkeypatch.setattr(articles_module, "clean_text", failing_clean_text)
    articles, quarantined = clean_records(records, boilerplate=frozenset())
    assert [a.record.source_path for a in articles] == ["0.txt", "2.txt"]
    [row] = quarantined
    assert (row.source_path, row.reason) == ("1.txt", QuarantineReason.PROCESSING_ERROR)
    assert "ValueError: the cleaner met something it did not expect" in row.detail


def test_a_failure_of_the_machine_still_fails_the_run(monkeypatch):
    """A missing data file is no record's fault: quarantining every record under it (and caching those rows)
    would hide it; it stops the run with its own message."""
    records = read_records("0.txt", SHA, b"Seoul and Tokyo met on Monday.")[0]

    def missing_word_list(text, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", "data/word_list.txt")

    monkeypatch.setattr(articles_module, "clean_text", missing_word_list)
    with pytest.raises(FileNotFoundError, match="word_list"):
        clean_records(records, boilerplate=frozenset())


def test_a_file_that_makes_parsing_fail_is_quarantined_with_the_error(
    tmp_path: Path, raw_dir: Path, monkeypatch
):
    (raw_dir / "trap.txt").write_text("TRAP")
    store = tmp_path / "store"
    manifest = land_files(raw_dir, store)
    real_decode = ingest.decode_bytes

    def failing_decode(data: bytes):
        if data == b"TRAP":
            raise KeyError("a lookup that cannot fail, failing")
        return real_decode(data)

    monkeypatch.setattr(ingest, "decode_bytes", failing_decode)
    records, quarantined = read_landed(manifest, store)
    assert len(records) == len(SAMPLE_FILES)
    [row] = quarantined
    assert (row.source_path, row.reason) == ("trap.txt", QuarantineReason.PROCESSING_ERROR)
    assert (
        row.detail.startswith("KeyError: ")
        and row.sha256 == manifest.filter(pl.col("source_path") == "trap.txt")["sha256"].item()
    )


# --- the whole graph on one hostile folder ---------------------------------------------------------------------


def test_a_hostile_folder_publishes_everything_else(tmp_path: Path, monkeypatch):
    import dagster as dg
    import duckdb

    from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
    from assets.resources import build_resources

    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample in SAMPLE_FILES:
        shutil.copy(sample, raw / sample.name)
    write_bytes_name(raw, KOREAN_NAME.encode("euc_kr"), KOREAN_TEXT.encode("utf-8"))
    write_bytes_name(raw, JAPANESE_NAME.encode("shift_jis"), JAPANESE_TEXT.encode("shift_jis"))
    special = make_special_files(raw)
    (raw / "locked").mkdir()
    (raw / "locked" / "inside.txt").write_text(WIRE_TEXT.format(topic="locks"))
    (raw / "deep.json").write_bytes(b"[" * 200_000)
    feed = [
        json.dumps({"id": "u2028", "text": WIRE_TEXT.format(topic="a\u2028line\u2029separator")}),
        '{"id": "half", "text": "Cut in half: \\ud83d and the rest of the story."}',
        '{"id": "title", "text": "' + WIRE_TEXT.format(topic="titles") + '", "title": "Half \\udc00"}',
        json.dumps(
            {"id": "fourth", "text": WIRE_TEXT.format(topic="line numbers") + "\u0085 Still one line."}
        ),
        json.dumps({"id": "huge", "text": WIRE_TEXT.format(topic="size") * 200}),
    ]
    (raw / "feed.jsonl").write_text("\n".join(feed) + "\n", encoding="utf-8")
    (raw / "a.json").write_text(json.dumps({"id": "b.txt", "text": WIRE_TEXT.format(topic="ids")}))
    (raw / "a.json#b.txt").write_text(WIRE_TEXT.format(topic="paths that look like ids"))
    (raw / "big.txt").write_text(WIRE_TEXT.format(topic="huge files") * 5000)  # 0.45 MB
    # a record the cleaner fails on (a stand-in for any bug not found yet), inside the real clean step
    (raw / "trap.txt").write_text("TRAP " + WIRE_TEXT.format(topic="bugs"))
    real_clean_text = articles_module.clean_text

    def failing_clean_text(text, **kwargs):
        if text.startswith("TRAP"):
            raise ValueError("the cleaner met something it did not expect")
        return real_clean_text(text, **kwargs)

    monkeypatch.setattr(articles_module, "clean_text", failing_clean_text)
    monkeypatch.setenv("NEWSETL_MAX_FILE_MB", "0.3")  # deep.json (0.2 MB) is read
    monkeypatch.setenv("NEWSETL_MAX_DOCUMENT_MB", "0.01")
    warehouse = tmp_path / "warehouse" / "news.duckdb"

    with deadline(400), unlistable(raw / "locked", monkeypatch):
        result = dg.materialize(
            [*ASSETS, *CHECKS],
            resources=build_resources(raw, warehouse),
            selection=PUBLISH_SELECTION,
            raise_on_error=False,
        )
    assert result.success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents = con.sql("SELECT source_path, record FROM documents").fetchall()
        quarantine = con.sql("SELECT source_path, record, reason, detail FROM quarantine").fetchall()
        manifest = con.sql("SELECT source_path FROM manifest").fetchall()
        strings = con.sql(
            "SELECT string_agg(concat_ws('|', title, outlet, url, text), '') FROM documents"
        ).fetchall()[0][0]
    published = {(path, record) for path, record in documents}
    assert published == {
        *((p.name, None) for p in SAMPLE_FILES),
        (KOREAN_NAME, None),
        (JAPANESE_NAME, None),
        ("feed.jsonl", 1),
        ("feed.jsonl", 4),
        ("a.json", None),
        ("a.json#b.txt", None),
    }
    reasons = {(path, record): reason for path, record, reason, _ in quarantine}
    assert len(reasons) == len(quarantine)  # one row each
    assert reasons == {
        **{(name, None): QuarantineReason.NOT_REGULAR for name in special},
        ("locked", None): QuarantineReason.UNREADABLE,
        ("deep.json", None): QuarantineReason.BAD_JSON,
        ("feed.jsonl", 2): QuarantineReason.UNDECODABLE,
        ("feed.jsonl", 3): QuarantineReason.UNDECODABLE,
        ("feed.jsonl", 5): QuarantineReason.DOCUMENT_TOO_LARGE,
        ("big.txt", None): QuarantineReason.FILE_TOO_LARGE,
        ("trap.txt", None): QuarantineReason.PROCESSING_ERROR,
    }
    trap = next(detail for path, _, _, detail in quarantine if path == "trap.txt")
    assert "ValueError: the cleaner met something it did not expect" in trap
    # every raw path is a document or a quarantine row; no text holds half a character
    assert {p for (p,) in manifest} == {p for p, _ in published} | {p for p, _ in reasons}
    assert "\ufffd" not in strings and strings.encode("utf-8")
