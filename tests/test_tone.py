"""Tone: friendly framing above zero, hostile below, in English, Korean and Japanese."""

import duckdb
import polars as pl
import pytest

from pipeline.tag.tone import document_tone, tone


@pytest.mark.parametrize(
    ("friendly", "hostile", "language"),
    [
        (
            "The two leaders agreed to deepen cooperation and build a future-oriented partnership.",
            "Seoul protested the provocation as tensions deteriorated into a bitter spat.",
            "en",
        ),
        ("양국 정상은 협력과 신뢰를 강조했다.", "독도를 둘러싼 갈등과 긴장이 악화됐다.", "ko"),
        ("両首脳は協力と信頼を確認した。", "竹島をめぐる対立と緊張が悪化した。", "ja"),
    ],
)
def test_friendly_framing_scores_above_hostile(friendly, hostile, language):
    assert tone(friendly, language) > 0 > tone(hostile, language)


def test_neutral_report_and_negation():
    assert tone("The summit was held in Nara on Tuesday.") == 0.0
    assert tone("They did not agree to cooperate.") < tone("They agreed to cooperate.")


def test_document_tone_weights_sentences_by_length():
    sentences = pl.DataFrame(
        {"doc_id": ["a", "a"], "char_start": [0, 31], "char_end": [30, 41], "tone": [0.5, -1.0]}
    )
    assert document_tone(sentences)["tone"].to_list() == [0.125]  # (0.5 * 30 - 1.0 * 10) / 40


def test_sample_summit_report_reads_warmer_than_the_rifts_piece(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        tones = dict(con.sql("SELECT substr(source_path, 1, 3), tone FROM documents").fetchall())
        bounds = con.sql("SELECT min(tone), max(tone) FROM sentences").fetchall()[0]
    # 001 reports the leaders' warm words; 000 is headlined "enduring rifts remain".
    assert tones["001"] > tones["000"] + 0.2
    assert -1.0 <= bounds[0] < 0 < bounds[1] <= 1.0
