"""detect_language: script first, English stopwords second, a seeded langdetect last."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.core.constants import LANGUAGES
from pipeline.text import language
from pipeline.text.language import METHODS, detect_language

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
        assert code in LANGUAGES and method in METHODS


# Short and ambiguous: unseeded langdetect flips between answers on texts like this.
AMBIGUOUS = "Seoul Tokyo Nara summit talks held Tuesday"


def test_langdetect_fallback_is_deterministic():
    answers = {detect_language(AMBIGUOUS) for _ in range(20)}
    assert len(answers) == 1
    assert answers.pop()[1] == "langdetect"


def test_langdetect_fallback_is_deterministic_across_threads():
    texts = [AMBIGUOUS, "Le président sud-coréen a rencontré le premier ministre japonais à Nara."] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(detect_language, texts))
    assert set(answers[0::2]) == {detect_language(AMBIGUOUS)}
    assert len(set(answers[1::2])) == 1


def _reference_script_counts(text: str) -> tuple[int, int, int, int, int]:
    """The character-by-character definition the regex counters must reproduce exactly."""
    import unicodedata

    hangul = kana = han = latin = other = 0
    for ch in text:
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            hangul += 1
        elif 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or ch in "々〆":
            han += 1
        elif ch.isalpha():
            if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
                latin += 1
            elif unicodedata.category(ch).startswith("L"):
                other += 1
    return hangul, kana, han, latin, other


def test_script_counts_agree_with_the_definition_for_every_code_point():
    from pipeline.text.language import _script_counts

    every = "".join(chr(o) for o in range(0x110000) if not 0xD800 <= o <= 0xDFFF)
    assert _script_counts(every) == _reference_script_counts(every)


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
