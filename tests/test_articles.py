"""The clean stage over records: idempotent as a whole, offsets consistent after de-spinning, nothing lost."""

import hashlib

import pytest
from conftest import SAMPLE_FILES, SAMPLE_ROWS, SPUN_SAMPLE

from pipeline.clean.articles import articles_frame, clean_frames, clean_records, edits_frame
from pipeline.core.constants import CleanStep, QuarantineReason
from pipeline.despin.sentence_spin import spun_text
from pipeline.ingest.records import read_records

SPUN = SPUN_SAMPLE.name


def _records(name: str, data: bytes):
    return read_records(name, hashlib.sha256(data).hexdigest(), data)[0]


@pytest.fixture(scope="module")
def articles():
    records = [r for path in SAMPLE_FILES for r in _records(path.name, path.read_bytes())]
    cleaned, quarantined = clean_records(records)
    assert not quarantined
    return {a.record.source_path: a for a in cleaned}


def test_cleaning_cleaned_text_changes_nothing(articles):
    for name, article in articles.items():
        again, _ = clean_records(_records(name, article.text.encode("utf-8")))
        assert again[0].text == article.text, name
        assert again[0].edits == (), name


def test_blocks_slice_the_final_text(articles):
    for article in articles.values():
        pieces = [article.text[b.char_start : b.char_end] for b in article.blocks]
        assert "\n\n".join(pieces) == article.text
        assert all(piece and piece == piece.strip() for piece in pieces)


def test_restorations_point_at_the_restored_words_and_undo_exactly(articles):
    article = articles[SPUN]
    despin_edits = [e for e in article.edits if e.step == CleanStep.DESPIN]
    assert len(article.restorations) == len(despin_edits) >= 20
    for restoration, edit in zip(article.restorations, despin_edits, strict=True):
        assert article.text[restoration.char_start : restoration.char_end] == edit.after
        assert restoration.before == edit.before
    # Undoing every restoration gives back the text as the spinner left it (after chrome removal).
    restorations = [
        {"char_start": r.char_start, "char_end": r.char_end, "before": r.before} for r in article.restorations
    ]
    undone = spun_text(article.text, 0, restorations)
    assert "shake palms forward of their summit" in undone
    assert "shake hands ahead of their summit" in article.text


def test_frames_carry_every_edit_and_metadata(articles):
    frame = articles_frame(articles.values())
    edits = edits_frame(articles.values())
    assert frame.height == 5
    assert edits.group_by("doc_id").len().sort("doc_id")["len"].to_list() == (
        frame.sort("doc_id")["n_edits"].to_list()
    )
    spun = frame.filter(frame["source_path"] == SPUN).row(0, named=True)
    assert spun["byline"] == "Shin Hyeong-cheol; Jang Ye-ji"  # the names alone
    assert "By Shin Hyeong-cheol, staff reporter" in spun["text"]  # the credit line despun like the text
    assert spun["spin_score"] > 0.5
    assert frame.filter(frame["source_path"] != SPUN)["spin_score"].max() == 0.0


def test_a_record_that_is_all_chrome_is_quarantined_not_published():
    articles, quarantined = clean_records(_records("chrome.txt", b"Go to contents\n\nRecent Features\n"))
    assert articles == []
    assert quarantined[0].reason == QuarantineReason.NO_TEXT


def test_cleaning_in_batches_gives_the_rows_of_cleaning_all_at_once():
    """The clean stage converts cleaned articles to frames a batch at a time (its memory then holds one batch
    of Python objects); batch boundaries, an emptied record among them, change no row and no order."""
    records = [r for path in SAMPLE_FILES for r in _records(path.name, path.read_bytes())]
    records.insert(2, _records("chrome.txt", b"Go to contents\n\nRecent Features\n")[0])
    articles, emptied = clean_records(records, boilerplate=frozenset())
    batched = clean_frames(records, boilerplate=frozenset(), batch=2)
    assert batched["articles"].equals(articles_frame(articles))
    assert batched["cleaning_edits"].equals(edits_frame(articles))
    assert batched["articles"]["n_edits"].to_list() == [24, 39, 6, 26, 136]  # the spun 004 most
    assert batched["cleaning_edits"].height == SAMPLE_ROWS["cleaning_edits"]
    assert batched["emptied"].select("source_path", "reason").rows() == [
        ("chrome.txt", str(QuarantineReason.NO_TEXT))
    ]
    assert batched["emptied"]["doc_id"].to_list() == [records[2].doc_id]
