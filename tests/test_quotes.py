"""Quotations and their speakers, from marks the scrapes are careless with."""

import duckdb
import pytest
from conftest import offset_mismatches

from pipeline.tag.quotes import find_quotes, people_mentions


def _quotes(text: str) -> list[tuple[str, str | None]]:
    return [(text[q.start : q.end], q.speaker) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will work together,” Ishiba said.", [("We will work together,", "Ishiba")]),
        (
            "“Talks are aimed at cooperation,” said Jo Yang-hyeon, a professor at the academy.",
            [("Talks are aimed at cooperation,", "Jo Yang-hyeon")],
        ),
        (
            "He added: “Difficult issues should be treated as such.”",
            [("Difficult issues should be treated as such.", "He")],
        ),
        (
            "They pledged “mutually beneficial common interests,” according to a joint statement — the first.",
            [("mutually beneficial common interests,", "a joint statement")],
        ),
        # A stray closing mark opens the quotation in many scrapes.
        (
            "”Peace is not to be taken for granted,” Ishiba said.",
            [("Peace is not to be taken for granted,", "Ishiba")],
        ),
        # Terms and scare quotes are not quotations.
        ("They must work “as partners” on “comfort women” issues.", []),
        ("Xi urged Seoul to “stand on the right side of history” and to choose.", []),
        ("石破首相は「協力を深めたい」と述べた。", [("協力を深めたい", None)]),
    ],
)
def test_quotations_and_speakers(text, expected):
    assert _quotes(text) == expected


def test_samples_quotes_are_attributed_to_gazetteer_people(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.sql(
            "SELECT d.source_path, q.speaker, q.speaker_entity_id, q.text FROM quotes q JOIN documents d USING (doc_id)"
        ).fetchall()

    assert offset_mismatches(sample_warehouse, "quotes", "text") == 0

    def quote(opening: str) -> tuple[str, str | None, str | None]:
        (found,) = [
            (path[:3], speaker, entity) for path, speaker, entity, text in rows if text.startswith(opening)
        ]
        return found

    assert quote("Peace and stability") == ("001", "Ishiba", "person:shigeru_ishiba")
    assert quote("Talks with Japan are aimed")[1:] == ("Jo Yang-hyeon", "person:jo_yang_hyeon")
    # The professor goes on without being named again: the quotation keeps him as speaker.
    assert quote("Meanwhile, our stock")[1:] == ("Jo Yang-hyeon", "person:jo_yang_hyeon")
    # "he said" resolves to the person named last before the quotation.
    assert quote("I don't think that historical")[1:] == ("Pacheco Pardo", "person:ramon_pacheco_pardo")
    assert sum(entity is not None for _, _, entity, _ in rows) >= 12


def test_quotation_paragraphs_are_their_own_kind(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.sql(
            "SELECT substr(d.source_path, 1, 3), p.text FROM paragraphs p JOIN documents d USING (doc_id) "
            "WHERE p.kind = 'quote'"
        ).fetchall()
    assert {doc for doc, _ in rows} == {"001", "004"}
    assert all(text[0] in '“”"' for _, text in rows)
    assert any(text.startswith("”Peace and stability") for _, text in rows)  # the stray mark opens it


def test_cjk_speaker_is_the_person_named_in_the_sentence_or_none():
    import polars as pl

    from pipeline.tag.quotes import extract_quotes

    text = "高市早苗首相は「協力を深めたい」と述べた。\n首相は「対話を続ける」と語った。"
    documents = pl.DataFrame({"doc_id": ["a" * 16], "text": [text]})
    sentences = pl.DataFrame(
        {"doc_id": ["a" * 16] * 2, "sentence_idx": [0, 1], "char_start": [0, text.index("\n") + 1]}
    )
    start = text.index("高市早苗")
    mentions = pl.DataFrame(
        {
            "doc_id": ["a" * 16],
            "char_start": [start],
            "char_end": [start + 4],
            "entity_id": ["person:sanae_takaichi"],
            "surface": ["高市早苗"],
        }
    )
    entities = pl.DataFrame({"entity_id": ["person:sanae_takaichi"], "type": ["person"]})
    quotes = extract_quotes(documents, sentences, people_mentions(mentions, entities))
    assert quotes.select("sentence_idx", "speaker", "speaker_entity_id", "text").rows() == [
        (0, "高市早苗", "person:sanae_takaichi", "協力を深めたい"),
        (1, None, None, "対話を続ける"),  # a bare title is not guessed at
    ]
