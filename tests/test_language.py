"""detect_language: script first, English stopwords second, a seeded langdetect last."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.core.constants import LANGUAGE_METHODS, LANGUAGES
from pipeline.text import language
from pipeline.text.language import _script_counts, detect_language

DECIDED_BY_SCRIPT_OR_STOPWORDS = [
    (
        "South Korean President Lee Jae-myung paid a two-day visit to Japan earlier this week.",
        "en",
        "stopwords",
    ),
    (
        "The leaders agreed to strengthen cooperation on economic security and supply chains.",
        "en",
        "stopwords",
    ),
    ("이재명 대통령은 13일 일본 나라현에서 다카이치 사나에 총리와 정상회담을 가졌다.", "ko", "script"),
    ("한일 관계가 개선되고 있어요. 앞으로도 셔틀 외교를 이어가기로 했습니다!", "ko", "script"),
    ("高市早苗首相は13日、奈良県で李在明大統領と首脳会談を行った。", "ja", "script"),
    ("「未来志向の関係を築きたい」と述べた。", "ja", "script"),
    ("中国外交部发言人表示，中方对日本的有关言论表示严重关切。", "zh", "script"),
    # Kanji-only headline: the iteration mark 々 is Japanese, never Chinese.
    ("日韓首脳会談、両国関係の改善を確認 人々の交流拡大へ", "ja", "script"),
    # Korean text quoting English names and Hanja stays Korean.
    ("삼성전자(Samsung Electronics)와 SK하이닉스는 日本 수출 규제에 대응했다.", "ko", "script"),
    # An English sentence quoting one Korean word stays English.
    (
        "The word 정 describes a bond of affection that the two peoples share with each other.",
        "en",
        "stopwords",
    ),
]


@pytest.mark.parametrize(("text", "code", "method"), DECIDED_BY_SCRIPT_OR_STOPWORDS)
def test_cheap_evidence_decides_without_langdetect(monkeypatch, text, code, method):
    def fail(_text):
        raise AssertionError("langdetect must not be called when script or stopwords decide")

    monkeypatch.setattr(language, "_langdetect", fail)
    assert detect_language(text) == (code, method)


@pytest.mark.parametrize("text", ["", "   \n\t", "2026 10:01", "183 / 136 - 1942", "...!?", "12.5%"])
def test_nothing_to_read_is_undetermined(text):
    assert detect_language(text) == ("und", "none")


def test_short_latin_without_stopwords_is_undetermined():
    assert detect_language("Tokyo Report") == ("und", "none")


def test_english_headline_without_enough_stopwords_falls_back_to_langdetect():
    assert detect_language("Leaders meet, but enduring rifts remain in Japan-S. Korea ties") == (
        "en",
        "langdetect",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Le président sud-coréen a rencontré le premier ministre japonais à Nara mardi dernier.",
        "Der südkoreanische Präsident traf am Dienstag den japanischen Regierungschef in Nara.",
        "El presidente surcoreano se reunió con la primera ministra japonesa en Nara el martes.",
    ],
)
def test_other_latin_languages_are_not_english(text):
    code, method = detect_language(text)
    assert (code, method) == ("und", "langdetect")


def test_other_scripts_are_undetermined_without_langdetect(monkeypatch):
    monkeypatch.setattr(language, "_langdetect", lambda _t: pytest.fail("langdetect called"))
    assert detect_language("Президент Южной Кореи посетил Японию") == ("und", "script")


def test_results_stay_in_the_vocabularies():
    for text, _, _ in DECIDED_BY_SCRIPT_OR_STOPWORDS:
        code, method = detect_language(text)
        assert code in LANGUAGES and method in LANGUAGE_METHODS


# Short and ambiguous: unseeded langdetect flips between answers on texts like this.
AMBIGUOUS = "Seoul Tokyo Nara summit talks held Tuesday"


def test_langdetect_fallback_is_deterministic():
    # A fixed answer, not just the same one twenty times: a seed that moved would show here.
    assert {detect_language(AMBIGUOUS) for _ in range(20)} == {("en", "langdetect")}


def test_langdetect_fallback_is_deterministic_across_threads():
    texts = [AMBIGUOUS, "Le président sud-coréen a rencontré le premier ministre japonais à Nara."] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(detect_language, texts))
    assert set(answers[0::2]) == {("en", "langdetect")}
    assert set(answers[1::2]) == {("und", "langdetect")}  # French: langdetect's answer, none of our languages


#: Each script range's first and last code point with its outside neighbours (hangul, kana, han), the Latin
#: letters at the edges of the Latin range with the two signs inside it, other letters, and what counts for nothing.
EDGES = (
    "\uabff\uac00\ud7a3\ud7a4\u10ff\u1100\u11ff\u1200\u312f\u3130\u318f\u3190"  # hangul: 6 of 12
    "\u303f\u3040\u30ff\u3100\u31ef\u31f0\u31ff\uff65\uff66\uff9f\uffa0"  # kana: 6 of 11
    "\u4dff\u4e00\u9fff\u33ff\u3400\u4dbf\uf8ff\uf900\ufaff\ufb00\u3005\u3006\u3007"  # han: 8 of 13
    "Az\u00aa\u00b5\u00ba\u00c0\u00d7\u00f7\u00ff\u024f\u0250\u1e00\u1eff"  # latin: 10 (not × ÷)
    "\u0391\u03c9\u0416\u05d0"  # Greek, Cyrillic, Hebrew letters: other
    "09_ .,\u0660"  # digits, punctuation, space: nothing
)


def test_script_counts_at_the_edges_of_each_range():
    # other: ჿ U+10FF, ሀ U+1200, ㄯ U+312F, the halfwidth Hangul filler U+FFA0 (outside the Hangul ranges),
    # ﬀ U+FB00, ɐ U+0250 (past Latin), Α ω Ж א; not U+3190, U+3100, U+31EF (signs or unassigned), 〇 (a number).
    assert _script_counts(EDGES) == (6, 6, 8, 10, 10)


def test_script_counts_of_every_code_point():
    # The sizes of the ranges: hangul 11,172 + 256 + 96; kana 192 + 16 + 58; han 20,992 + 6,592 + 512 + 々〆;
    # latin 52 + ª µ º + 23 + 31 + 344 + 256. Other letters are Unicode 14.0's (Python 3.11, which pyproject pins).
    every = "".join(chr(o) for o in range(0x110000) if not 0xD800 <= o <= 0xDFFF)
    assert _script_counts(every) == (11_524, 266, 28_098, 709, 91_210)


@pytest.mark.parametrize(
    "text",
    [
        "Analysts had been forecasting a 0.1% rise in month on month industrial output.",
        "Congress will spend several months debating George W Bush's proposal.",
    ],
)
def test_short_english_with_few_function_words_is_english_by_vocabulary(text):
    assert detect_language(text) == ("en", "vocabulary")


@pytest.mark.parametrize(
    "text",
    [
        "Les analystes prévoyaient une hausse de la production industrielle le mois dernier.",
        "Die Analysten hatten einen Anstieg der Industrieproduktion im Vormonat erwartet.",
        "Los analistas esperaban un aumento de la producción industrial el mes pasado.",
    ],
)
def test_vocabulary_evidence_does_not_make_other_latin_languages_english(text):
    assert detect_language(text)[0] != "en"


def test_short_unplaced_latin_paragraphs_take_their_articles_language_without_langdetect(monkeypatch):
    from pipeline.text import language
    from pipeline.text.language import paragraph_language

    def refuse(text):
        raise AssertionError(f"langdetect called on {text!r}")

    monkeypatch.setattr(language, "_langdetect", refuse)
    assert paragraph_language("Shr loss two cts vs profit 14 cts", ("en", "stopwords")) == ("en", "document")
    assert paragraph_language("J Robinson (capt); M Cueto, J Noon, O Barkley", ("en", "stopwords")) == (
        "en",
        "document",
    )
    # cheap evidence of its own still wins: a Korean paragraph in an English article stays Korean
    assert paragraph_language("정부는 양국 정상이 매년 만나기로 합의했다.", ("en", "stopwords")) == (
        "ko",
        "script",
    )


def test_long_or_orphan_latin_paragraphs_still_go_to_langdetect(monkeypatch):
    from pipeline.text import language
    from pipeline.text.language import INHERIT_MAX_WORDS, paragraph_language

    monkeypatch.setattr(language, "_langdetect", lambda text: "und")
    french = " ".join(["Les deux gouvernements ont décidé de reprendre leurs discussions"] * 4)
    assert len(french.split()) >= INHERIT_MAX_WORDS
    assert paragraph_language(french, ("en", "stopwords")) == ("und", "langdetect")
    assert paragraph_language("Shr loss two cts vs profit 14 cts", None) == ("und", "langdetect")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a kanji-only headline writing a form only Japan uses (関, 総, 県) is Japanese by its script
        ("日韓関係重視", "ja"),
        ("奈良県首脳会談", "ja"),
        # Chinese text, even with a character that looks shared, stays Chinese: 关 and 对 are Chinese-only
        ("中方对日本有关言论表示严重关切", "zh"),
        ("两国总统会谈", "zh"),
        # shared kanji alone decide nothing beyond the script: Chinese is the default
        ("高市首相", "zh"),
    ],
)
def test_kanji_only_text_is_told_apart_by_its_characters(monkeypatch, text, code):
    monkeypatch.setattr(language, "_langdetect", lambda _t: pytest.fail("langdetect called"))
    assert detect_language(text) == (code, "script")


def test_speaker_labels_are_read_in_their_articles_language(monkeypatch):
    from pipeline.text.language import paragraph_language

    monkeypatch.setattr(language, "_langdetect", lambda _t: pytest.fail("langdetect called"))
    # issue #23: "高市首相：" opening a paragraph of a Japanese article was read as Chinese
    assert paragraph_language("高市首相：", ("ja", "script")) == ("ja", "document")
    assert paragraph_language("李大統領：", ("ja", "script")) == ("ja", "document")
    # a Chinese quotation in a Japanese article keeps its own language
    assert paragraph_language("中国外交部发言人：", ("ja", "script")) == ("zh", "script")
    # nothing says the kanji are Japanese in an English article
    assert paragraph_language("高市首相：", ("en", "stopwords")) == ("zh", "script")
    # a label with kana of its own is Japanese anyway
    assert paragraph_language("高市首相：日韓は重要だ", ("en", "stopwords")) == ("ja", "script")


def test_paragraphs_frame_reads_a_japanese_speaker_label_as_japanese():
    import polars as pl

    from pipeline.segment.paragraphs import paragraphs_frame

    text = "高市首相：\n「日韓関係を未来志向で発展させたい」と述べた。"
    block = pl.Struct({"kind": pl.String, "char_start": pl.Int32, "char_end": pl.Int32})
    articles = pl.DataFrame(
        {
            "doc_id": ["ja1"],
            "text": [text],
            "blocks": [
                [
                    {"kind": "quote", "char_start": 0, "char_end": 5},
                    {"kind": "quote", "char_start": 6, "char_end": len(text)},
                ]
            ],
            "language": ["ja"],
            "language_method": ["script"],
        },
        schema_overrides={"blocks": pl.List(block)},
    )
    frame = paragraphs_frame(articles)
    assert frame.select("text", "language", "language_method").rows() == [
        ("高市首相：", "ja", "document"),
        ("「日韓関係を未来志向で発展させたい」と述べた。", "ja", "script"),
    ]
