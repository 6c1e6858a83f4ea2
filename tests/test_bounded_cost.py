"""Issue #24: no stage's cost may grow with the square of its input. These tests check the rules that bound it
(the sentence cap, matching without a copy of the sentence per match, tone in pieces, offsets compared by byte
slices) and that each still gives what it gave before; the times themselves are in `bench/input_size.py`."""

import re

import numpy as np
import polars as pl
import pytest
from conftest import SAMPLE_FILES, SPUN_SAMPLE

from bench.input_size import japanese, korean, unpunctuated
from pipeline.core import offsets
from pipeline.core.offsets import byte_offsets, offset_violations
from pipeline.despin.restore import spin_score
from pipeline.despin.sentence_spin import score_sentences, spun_text
from pipeline.ingest.records import RawRecord
from pipeline.reference.gazetteer import alias_table, load_entities
from pipeline.segment.paragraphs import paragraphs_frame
from pipeline.segment.sentences import MAX_SENTENCE_CHARS, cap_length, sentences_frame, split_sentences
from pipeline.stages.clean import clean_stage
from pipeline.tag.tone import tone
from pipeline.text.phrase_match import find_phrases, match_positions

SAMPLES = [path.read_text(encoding="utf-8") for path in SAMPLE_FILES]


def _long_texts() -> dict[str, str]:
    """About 60 KB each of the inputs that once made one sentence of a whole paragraph."""
    english = " ".join(SAMPLES * 3)
    return {
        "english_without_stops": unpunctuated(english),
        "hangul_without_stops": korean(60_000, punctuated=False),
        "japanese_without_stops": japanese(60_000, punctuated=False),
    }


LONG = _long_texts()


@pytest.mark.parametrize("kind", sorted(LONG))
def test_no_sentence_passes_the_cap_and_the_pieces_are_the_paragraph(kind):
    text = LONG[kind]
    paragraphs = pl.DataFrame(
        {"doc_id": ["d"], "paragraph_idx": [0], "text": [text], "char_start": [7], "language": ["und"]}
    )
    document = "x" * 7 + text  # the paragraph starts at offset 7 of its document
    frame = sentences_frame(paragraphs)
    assert frame.height >= len(text) // MAX_SENTENCE_CHARS
    assert frame["text"].str.len_chars().max() <= MAX_SENTENCE_CHARS
    for sentence, start, end in frame.select("text", "char_start", "char_end").iter_rows():
        assert document[start:end] == sentence
        assert sentence == sentence.strip()
    # Nothing lost: in order, the sentences hold every non-space character of the paragraph.
    assert frame["char_start"].is_sorted() and (frame["char_start"][1:] >= frame["char_end"][:-1]).all()
    assert re.sub(r"\s", "", "".join(frame["text"])) == re.sub(r"\s", "", text)


def test_the_cap_cuts_after_a_clause_mark_else_at_a_space_else_at_the_cap():
    def pieces(text: str, cap: int) -> list[str]:
        return [text[s:e] for s, e in cap_length(text, 0, len(text), cap=cap)]

    # A clause mark in the second half of the cap wins over a later space.
    assert pieces("aaaa bbbb, cc dd ee", 16) == ["aaaa bbbb,", "cc dd ee"]
    # One in the first half would make a short piece: the last space is taken instead.
    assert pieces("aa, bbbbbb cccccc dddddd", 16) == ["aa, bbbbbb", "cccccc dddddd"]
    # A space right after the cap still gives a full piece.
    assert pieces("aaaaaaa bbbbbbbb", 7) == ["aaaaaaa", "bbbbbbbb"[:7], "b"]
    # Japanese: after 、 in the second half; without it (or any space) exactly at the cap.
    assert pieces("日本政府は、竹島の領有権を主張した", 10) == ["日本政府は、", "竹島の領有権を主張し", "た"]
    assert pieces("あいうえおかきくけこさしす", 5) == ["あいうえお", "かきくけこ", "さしす"]
    # A letter keeps its combining accent: the cut moves before the letter.
    assert pieces("abcde\u0301fgh", 5) == ["abcd", "e\u0301fgh"]


def test_sentences_of_real_articles_are_not_cut():
    for text in SAMPLES:
        for start, end in split_sentences(text):
            assert end - start <= MAX_SENTENCE_CHARS
            assert cap_length(text, start, end) == [(start, end)]


def _sample_sentences(texts: list[str] = SAMPLES) -> pl.DataFrame:
    rows = [
        {"doc_id": f"s{n}", "sentence_idx": k, "text": text[s:e], "char_start": s}
        for n, text in enumerate(texts)
        for k, (s, e) in enumerate(split_sentences(text))
    ]
    return pl.DataFrame(rows)


def test_many_matches_in_one_sentence_are_the_matches_of_its_parts():
    """The sample sentences one by one, and all of them as one long sentence of one document: the same
    entity matches at the same places. Character offsets of a match are counted from the match before it in
    its sentence, so this is where a miscount would show (Hangul and kanji: three bytes a character)."""
    phrases = alias_table(load_entities()).select("phrase", "case_sensitive").unique()
    parts = _sample_sentences([*SAMPLES, korean(4_000), japanese(4_000)])
    texts = parts["text"].to_list()
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])  # joined by one space
    joined = pl.DataFrame(
        {"doc_id": ["all"], "sentence_idx": [0], "text": [" ".join(texts)], "char_start": [0]}
    )

    each = find_phrases(parts, phrases)
    where = parts.select("doc_id", "sentence_idx", pl.Series("offset", starts))
    expected = (
        each.join(where, on=["doc_id", "sentence_idx"])
        .select("phrase", "surface", start=pl.col("offset") + pl.col("local_start"))
        .sort("start", "phrase")
    )
    together = find_phrases(joined, phrases)
    assert together.height > 600  # a sentence with very many matches
    assert (
        together.select("phrase", "surface", start=pl.col("local_start"))
        .sort("start", "phrase")
        .equals(expected.cast({"start": pl.Int32}))
    )
    text = joined["text"][0]
    assert all(
        text[s:e] == surface
        for s, e, surface in together.select("char_start", "char_end", "surface").iter_rows()
    )


def test_match_positions_do_not_repeat_the_sentence():
    sentence = " ".join(_sample_sentences()["text"])
    needles = ["japan", "korea", "lee", "the"]
    positions = match_positions(pl.Series([sentence]), needles)
    assert positions.columns == ["_row", "byte_start", "matched"]
    assert positions.height > 500
    # A few bytes a match, not the sentence's tens of thousands.
    assert positions.estimated_size() < 64 * positions.height
    assert len(sentence) > 20_000


#: VADER's compound score of the samples' first eight sentences, rounded to four places: what tone gave them
#: before the cap existed ("Leaders meet, but enduring rifts remain ..." -0.5719, ...).
FIRST_TONES = [-0.5719, 0.8555, -0.3612, 0.0, 0.34, 0.7906, -0.4588, 0.6124]


def test_tone_of_a_sentence_within_the_cap_is_vaders_as_before():
    tones = [tone(sentence) for sentence in _sample_sentences()["text"]]
    assert tones[:8] == FIRST_TONES
    # every sentence of the samples, as one fixed figure: 157 sentences, 89 warm, 39 cold, summing to 29.3957
    assert (len(tones), sum(t > 0 for t in tones), sum(t < 0 for t in tones)) == (157, 89, 39)
    assert sum(tones) == pytest.approx(29.3957, abs=1e-9)


def test_tone_of_longer_text_is_the_length_weighted_tone_of_its_pieces():
    text = LONG["english_without_stops"][:5_000]
    pieces = cap_length(text, 0, len(text))
    assert pieces == [(0, 988), (989, 1762), (1763, 2582), (2583, 3492), (3493, 4460), (4461, 5000)]
    assert [tone(text[s:e]) for s, e in pieces] == [0.9612, 0.9442, -0.885, -0.7269, -0.5984, 0.2263]
    # (0.9612 * 988 + 0.9442 * 773 - 0.885 * 819 - 0.7269 * 909 - 0.5984 * 967 + 0.2263 * 539) / 4995
    assert tone(text) == -0.0326
    assert tone("   " * 1_000) == 0.0


def _spans_of(document: str, doc_id: str) -> pl.DataFrame:
    """Every sentence of ``document`` and every word of each, as span rows."""
    rows = []
    for start, end in split_sentences(document):
        rows.append((doc_id, start, end, document[start:end]))
        rows += [
            (doc_id, start + m.start(), start + m.end(), m.group())
            for m in re.finditer(r"\S+", document[start:end])
        ]
    return pl.DataFrame(rows, schema=["doc_id", "char_start", "char_end", "text"], orient="row")


@pytest.mark.parametrize("batch_chars", [8_000_000, 5_000])
def test_the_offset_check_passes_true_spans_and_catches_every_wrong_one(monkeypatch, batch_chars):
    monkeypatch.setattr(offsets, "_BATCH_CHARS", batch_chars)  # small: the texts are read in several batches
    documents = {
        "ascii": "Plain ASCII text. Nothing wide here.",
        "hangul": korean(20_000),
        "mixed": SAMPLES[1] + " 😀 emoji and 日本語 and é " + japanese(5_000),
        "latin": SAMPLES[0],
    }
    docs = pl.DataFrame({"doc_id": list(documents), "text": list(documents.values())})
    spans = pl.concat([_spans_of(text, doc_id) for doc_id, text in documents.items()])
    assert offset_violations(spans, docs).height == 0
    assert offset_violations(spans.lazy(), docs.lazy()).height == 0

    wrong = spans.with_row_index("row").with_columns(
        char_start=pl.when(pl.col("row") == 3000)
        .then(pl.col("char_start") + 1)
        .otherwise(pl.col("char_start")),
        char_end=pl.when(pl.col("row") == 3000).then(pl.col("char_end") + 1).otherwise(pl.col("char_end")),
    )
    bad = offset_violations(wrong, docs)
    assert bad["row"].to_list() == [3000]

    broken = pl.DataFrame(
        [
            ("hangul", 5, 4, ""),  # reversed
            ("hangul", 0, len(documents["hangul"]) + 1, documents["hangul"]),  # past the end
            ("mixed", -1, 2, "xx"),  # before the start
            ("missing", 0, 1, "P"),  # no such document
            ("mixed", 0, 3, None),  # no text to compare
        ],
        schema=["doc_id", "char_start", "char_end", "text"],
        orient="row",
    )
    assert offset_violations(broken, docs).height == broken.height


def test_byte_offsets_of_characters_of_every_width():
    text = "aé日😀b"  # 1, 2, 3, 4 and 1 bytes
    chars = np.arange(len(text) + 2)
    got = byte_offsets(pl.Series([text]), np.zeros(len(chars), dtype=np.int64), chars)
    assert got.tolist() == [0, 1, 3, 6, 10, 11, -1]  # past the end: -1


def test_each_sentence_is_spin_scored_on_the_restorations_inside_it():
    """Restorations meet their sentence by offset (not every sentence of a document every restoration of it):
    the scores are still those of the restorations each sentence holds."""
    spun = SPUN_SAMPLE.read_text(encoding="utf-8")
    body = spun.split("\n", 3)[-1]
    text = spun + "".join(f"\n\nPart {k}\n\n{body}" for k in range(3))
    articles = clean_stage([RawRecord("spun", "spun.txt", None, text, "utf-8")], None, workers=1)[0][
        "articles"
    ]
    scored = score_sentences(sentences_frame(paragraphs_frame(articles)), articles)
    restorations = articles["restorations"][0].to_list()
    assert (len(restorations), scored.height) == (369, 80)
    for sentence, start, end, score in scored.select(
        "text", "char_start", "char_end", "spin_score"
    ).iter_rows():
        inside = [r for r in restorations if start <= r["char_start"] and r["char_end"] <= end]
        assert score == spin_score(len(inside), spun_text(sentence, start, inside))
    assert (scored["spin_score"] > 0).sum() == 77
    assert scored["spin_score"].sum() == pytest.approx(76.7637, abs=1e-4)


def test_address_and_domain_patterns_start_at_tokens_and_find_what_they_found_before():
    """The e-mail/URL patterns of chrome and outlet reading start only where a token starts (tried inside a long
    run of letters or dotted letters they rescanned the rest of it from every position: quadratic); on real lines
    they find exactly what the unanchored patterns found."""
    from pipeline.clean import chrome
    from pipeline.reference import outlets

    extra = {
        "Contact: editor@koreaherald.com or +82 2 727 0114; newsroom@asahi.com": (
            ["koreaherald.com", "asahi.com"],
            ["editor@koreaherald.com", "+82 2 727 0114", "newsroom@asahi.com"],
        ),
        "ⓒ koreajoongangdaily.joins.com | https://www.japantimes.co.jp/news/ | www.yna.co.kr": (
            ["koreajoongangdaily.joins.com", "japantimes.co.jp", "yna.co.kr"],
            ["https://", "www.", "www."],
        ),
        "Reporting by Hyonhee Shin; Editing by Ed Davies (hyonhee.shin@thomsonreuters.com)": (
            ["thomsonreuters.com"],
            ["hyonhee.shin@thomsonreuters.com"],
        ),
    }
    # What the unanchored patterns found, written out: of the samples' lines only the Hankyoreh's contact line.
    expected = {
        "Please direct questions or feedback to [english@hani.co.kr]": (
            ["hani.co.kr"],
            ["english@hani.co.kr"],
        ),
        **extra,
    }
    lines = [line for path in SAMPLE_FILES for line in path.read_text(encoding="utf-8").splitlines()]
    found = {
        line: (outlets._URL_DOMAIN_RE.findall(line), chrome._ADDRESS_RE.findall(line))
        for line in [*lines, *extra]
        if outlets._URL_DOMAIN_RE.search(line) or chrome._ADDRESS_RE.search(line)
    }
    assert found == expected
    for run in ("a" * 5000, "a." * 2500, "日本" * 2500, "a-" * 2500):  # no match, found once per run
        assert outlets._URL_DOMAIN_RE.findall(run) == [] and chrome._ADDRESS_RE.findall(run) == []


def test_emoji_that_vader_spells_out_are_scored_in_short_windows_and_news_sentences_are_not():
    """VADER reads every emoji as words: a sentence of emoji within the character cap is scored in windows (each
    well under VADER's word bound), averaged by length; every sentence of the samples stays one call."""
    from conftest import SAMPLE_FILES, sentences_of

    from pipeline.tag import tone as tone_module

    vader = tone_module._analyzer()
    text = "😀" * 500 + " 😡" * 200
    windows = tone_module._word_windows(text)
    assert all(tone_module._vader_words(text[a:b]) <= tone_module.MAX_VADER_WORDS for a, b in windows)
    assert "".join(text[a:b] for a, b in windows).replace(" ", "") == text.replace(" ", "")
    assert len(windows) == 15 and windows[8:10] == [(480, 540), (541, 600)]
    assert [round(vader.polarity_scores(text[a:b])["compound"], 4) for a, b in windows] == (
        [0.9991] * 8 + [0.9918] + [0.0] * 6
    )
    # eight windows of 60 😀 and one of 20 😀 and 20 😡, over 894 characters: 539.076 / 894
    assert tone_module.tone(text) == 0.603
    samples = sentences_of({p.stem: p.read_text(encoding="utf-8") for p in SAMPLE_FILES})["text"].to_list()
    assert max(tone_module._vader_words(s) for s in samples) <= tone_module.MAX_VADER_WORDS
