import json

from pipeline.core.constants import QuarantineReason
from pipeline.ingest.records import read_records

SHA = "0" * 64


def test_text_file_is_one_record_with_a_path_based_id():
    records, quarantined = read_records("a/b.txt", SHA, b"Seoul and Tokyo met.")
    assert not quarantined
    assert records[0].doc_id == "5550000d3b1cf1ff"  # `printf a/b.txt | sha256sum`, first 16 hex digits
    assert records[0].text == "Seoul and Tokyo met."


def test_doc_id_is_stable_when_the_content_changes():
    first, _ = read_records("x.txt", SHA, b"Version one of the story.")
    second, _ = read_records("x.txt", SHA, b"Version two of the story, updated.")
    assert first[0].doc_id == second[0].doc_id == "8a6dcb9c9836d0a0"  # `printf x.txt | sha256sum`


def test_jsonl_good_lines_load_and_bad_lines_are_reported_by_number():
    lines = [
        json.dumps({"id": "a1", "text": "Lee met Takaichi in Nara.", "title": "Summit", "outlet": "Wire",
                    "published": "2026-01-13T10:00:00Z", "url": "https://example.com/a1"}),
        "{not json",
        json.dumps({"id": "a2", "title": "no text here"}),
        json.dumps({"id": "a1", "text": "A second record reusing id a1."}),
        "",
        json.dumps({"text": "A record without an id still gets a stable one."}),
    ]  # fmt: skip
    records, quarantined = read_records("feed.jsonl", SHA, "\n".join(lines).encode())
    assert [r.record for r in records] == [1, 6]
    assert records[0].title == "Summit" and records[0].outlet == "Wire"
    assert records[0].published.isoformat() == "2026-01-13"
    assert {(q.record, q.reason) for q in quarantined} == {
        (2, QuarantineReason.BAD_JSON),
        (3, QuarantineReason.MISSING_TEXT),
        (4, QuarantineReason.DUPLICATE_ID),
    }
    assert len({r.doc_id for r in records}) == 2


def test_json_file_with_a_list_of_objects():
    payload = json.dumps([{"text": "First story."}, {"text": "Second story."}, 42])
    records, quarantined = read_records("list.json", SHA, payload.encode())
    assert [r.text for r in records] == ["First story.", "Second story."]
    assert quarantined[0].record == 2 and quarantined[0].reason == QuarantineReason.BAD_JSON


def test_broken_json_file_is_quarantined_with_position():
    _, quarantined = read_records("broken.json", SHA, b'{"text": "unterminated')
    assert quarantined[0].reason == QuarantineReason.BAD_JSON
    assert "line 1" in quarantined[0].detail


def test_unsupported_suffix_is_quarantined():
    _, quarantined = read_records("scan.pdf", SHA, b"%PDF-1.7 ...")
    assert quarantined[0].reason == QuarantineReason.UNSUPPORTED_TYPE


def test_structured_byline_is_kept_when_it_reads_like_names():
    from pipeline.clean.articles import clean_records

    lines = [
        json.dumps({"id": "a", "text": "Lee met Takaichi in Nara on Tuesday.", "author": "Kim Eun-jung"}),
        json.dumps({"id": "b", "text": "Lee met Takaichi in Nara on Tuesday.", "byline": "Jeff Foust Monday; November"}),
        json.dumps({"id": "c", "text": "Lee met Takaichi in Nara.\nBy Shin Hyeong-cheol, staff reporter", "author": "Web Desk"}),
    ]  # fmt: skip
    records, _ = read_records("feed.jsonl", SHA, "\n".join(lines).encode())
    assert [r.byline for r in records] == ["Kim Eun-jung", None, None]  # a desk is no byline
    articles, _ = clean_records(records, boilerplate=frozenset())
    # the byline the text states wins over structured metadata; junk metadata never becomes a byline
    assert [a.cleaned.byline for a in articles] == [
        "Kim Eun-jung",
        None,
        "Shin Hyeong-cheol",
    ]
