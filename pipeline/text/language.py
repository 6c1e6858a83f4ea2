"""Decide the language of a text: cheap script and stopword evidence first, langdetect only as a fallback.

The corpus is English, Korean and Japanese (plus the odd Chinese quotation). Scripts settle almost every
CJK text for free; English prose is settled by its function words. langdetect (~3 ms a call, and random
unless seeded) is kept for the Latin-script texts the stopword test cannot vouch for.
"""

import re
import threading
import unicodedata

from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException

# A Hangul syllable or a kanji carries roughly what two or three Latin letters do, so CJK characters are
# weighted when the scripts compete: a Korean sentence quoting "Samsung Electronics" is still Korean.
_CJK_WEIGHT = 2.0
# Japanese prose is 30-60 % kana; a Chinese text has none. A few kana among many Han (a quoted Japanese
# name in Chinese text) should not flip it, hence a share rather than "any kana".
_KANA_SHARE_FOR_JA = 0.05
# Korean text may carry Hanja (漢字) in parentheses; Hangul still dominates it.
_HANGUL_SHARE_FOR_KO = 0.2
# Marks Chinese never uses but kanji-only Japanese headlines do (the iteration mark 々, and 〆).
_JAPANESE_ONLY_HAN_MARKS = frozenset("々〆")
# Kanji Japan simplified its own way (関 for 關/关, 県 for 縣/县): a kanji-only text writing one is Japanese.
_SHINJITAI = re.compile("[関対総応経実発両歳県駅図広伝転売読続戦気変権労営覚挙鉄検険験団拡済脳証銭囲価]")
# Common Chinese characters (simplified, and traditional forms Japan replaced) that Japanese never writes:
# 这们说发对关时进经现实东门问间动见长应该让认议论记设话语请谈访总统领导两军务员报华习 / 們說發對關 (kyūjitai such as
# 國 and 會 are left out: Japanese names still write them, 靖國).
_CHINESE_ONLY_HAN = re.compile(
    "[这们说发对关时进经现实东门问间动见长应该让认议论记设话语请谈访总统领导两军务员报华习們說發對關]"
)

# Words that are English and (nearly) nothing else. Shared short words ("a", "in", "on", "die", "per")
# are left out so French, German or Spanish text cannot pass as English on them.
_ENGLISH_STOPWORDS = frozenset(
    """the of and to is that for it with as was were be been being by at this these those are from or an
    which who whom whose have has had not but they their them its his her he she we you your our us will
    would should could can may might must shall said says about after before than then there here when
    where while what why how into over under also more most such other only just very been because
    during against between through some any each both all no yet so if did does do done out up again
    one two three first last next new own same many much now well even still my me him off down until
    within without upon among amid across toward towards whether although though since unless onto""".split()
)
_STOPWORD_MIN_TOKENS = 4
_STOPWORD_MIN_SHARE = 0.2
# Below this many letters langdetect is a coin toss (it labels "Bonjour je suis" Croatian).
_MIN_LETTERS_FOR_LANGDETECT = 20

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")

# langdetect keeps one module-level factory: its lazy profile load and the `seed` it copies into each
# detector are shared state, so concurrent callers (Dagster runs assets in threads) take this lock.
_LANGDETECT_LOCK = threading.Lock()
_LANGDETECT_TO_OURS = {"en": "en", "ko": "ko", "ja": "ja", "zh-cn": "zh", "zh-tw": "zh"}


_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
# The prolonged-sound mark ー and the middle dot ・ sit in the kana block too; both are Japanese.
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HAN = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3005\u3006"
# Latin letters: ASCII, Latin-1 letters (not × or ÷, nor the feminine/masculine ordinals' neighbours), Latin
# Extended-A/B, and Latin Extended Additional (Vietnamese).
_LATIN = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_COUNTERS = (
    re.compile(f"[{_HANGUL}]"),
    re.compile(f"[{_KANA}]"),
    re.compile(f"[{_HAN}]"),
    re.compile(f"[{_LATIN}]"),
)
# Candidates for "other letter": word characters outside the scripts above. Python's regex cannot tell a
# letter from a numeric sign such as ½, so the (rare) candidates are checked one by one.
_OTHER_CANDIDATE = re.compile(f"[^\\W\\d_{_HANGUL}{_KANA}{_HAN}{_LATIN}]")


def _script_counts(text: str) -> tuple[int, int, int, int, int]:
    """Count (hangul, kana, han, latin, other letters); digits, punctuation and spaces count for nothing.

    One regex per script runs in C; a Python loop over characters was two thirds of detection time.
    """
    hangul, kana, han, latin = (len(pattern.findall(text)) for pattern in _COUNTERS)
    other = sum(1 for ch in _OTHER_CANDIDATE.findall(text) if unicodedata.category(ch).startswith("L"))
    return hangul, kana, han, latin, other


def _english_by_stopwords(text: str) -> bool:
    # Capitalised words are mostly names ("South Korean President Lee Jae-myung"), evidence of no
    # language, so the share is taken over the rest; a sentence-initial "The" is still counted as a hit.
    tokens = _LATIN_WORD.findall(text)
    words = [w.lower() for w in tokens if w[0].islower() or w.lower() in _ENGLISH_STOPWORDS]
    if len(tokens) < _STOPWORD_MIN_TOKENS or not words:
        return False
    hits = [w for w in words if w in _ENGLISH_STOPWORDS]
    # Two different function words, so a title like "The The" or a list of names cannot pass.
    return len(hits) / len(words) >= _STOPWORD_MIN_SHARE and len(set(hits)) >= 2


# Short English sentences can carry too few English-only function words ("Analysts had been forecasting a
# rise in month on month output"), and langdetect then often answers a language we do not keep. Nearly every
# lower-case word being common English (wordfreq) settles them; French, German or Spanish text shares only its
# short words with English and falls well below this share.
_VOCABULARY_MIN_TOKENS = 4
_VOCABULARY_MIN_SHARE = 0.9
_COMMON_ENGLISH_ZIPF = 3.0


def _english_by_vocabulary(text: str) -> bool:
    from wordfreq import zipf_frequency

    words = [w.lower() for w in _LATIN_WORD.findall(text) if w[0].islower()]
    if len(words) < _VOCABULARY_MIN_TOKENS or not any(w in _ENGLISH_STOPWORDS for w in words):
        return False
    common = sum(zipf_frequency(w, "en") >= _COMMON_ENGLISH_ZIPF for w in words)
    return common >= _VOCABULARY_MIN_SHARE * len(words)


def _langdetect(text: str) -> str:
    with _LANGDETECT_LOCK:
        DetectorFactory.seed = 0
        detector_factory.init_factory()
        detector = detector_factory._factory.create()
        detector.append(text)
        try:
            code = detector.detect()
        except LangDetectException:
            return "und"
    return _LANGDETECT_TO_OURS.get(code, "und")


def detect_language(text: str) -> tuple[str, str]:
    """Return ``(code, method)``: code in ``LANGUAGES``, method in ``LANGUAGE_METHODS``.

    >>> detect_language("The two leaders agreed to meet again in Seoul next year.")
    ('en', 'stopwords')
    >>> detect_language("이재명 대통령은 일본을 방문했다.")
    ('ko', 'script')
    >>> detect_language("2026 10:01")
    ('und', 'none')
    """
    return cheap_language(text) or (_langdetect(text), "langdetect")


def cheap_language(text: str) -> tuple[str, str] | None:
    """``detect_language`` without langdetect: None where only langdetect could decide (Latin text that is
    neither English by its function words nor by its vocabulary)."""
    hangul, kana, han, latin, other = _script_counts(text)
    cjk = hangul + kana + han
    if cjk + latin + other == 0:
        return "und", "none"
    weighted_cjk = _CJK_WEIGHT * cjk
    if weighted_cjk >= latin and weighted_cjk >= other:
        if hangul >= _HANGUL_SHARE_FOR_KO * cjk and hangul >= kana:
            return "ko", "script"
        if kana >= _KANA_SHARE_FOR_JA * cjk:
            return "ja", "script"
        if hangul:
            return "ko", "script"
        if any(ch in _JAPANESE_ONLY_HAN_MARKS for ch in text) or (
            _SHINJITAI.search(text) and not _CHINESE_ONLY_HAN.search(text)
        ):
            return "ja", "script"
        return "zh", "script"
    if other > latin:
        # Cyrillic, Arabic, Thai...: none of our languages, and no need to ask langdetect to agree.
        return "und", "script"
    if _english_by_stopwords(text):
        return "en", "stopwords"
    if _english_by_vocabulary(text):
        return "en", "vocabulary"
    if latin < _MIN_LETTERS_FOR_LANGDETECT:
        return "und", "none"
    return None


#: A Latin paragraph shorter than this that cheap evidence cannot place takes its article's language.
INHERIT_MAX_WORDS = 30


def paragraph_language(text: str, document: tuple[str, str] | None) -> tuple[str, str]:
    """A paragraph's ``(code, method)``, knowing its article's cheap verdict ``document``.

    A short Latin paragraph that no cheap rule places ("Shr loss two cts vs profit 14 cts", a team list) is in
    its article's language when the article's own evidence is decisive (method ``document``): langdetect is
    unreliable on a few words and costs milliseconds a call, most of the paragraphs stage on wire copy.
    A long one, or one in an article nothing decides, still goes to langdetect, so a foreign quotation shows.

    >>> paragraph_language("Shr loss two cts vs profit 14 cts", ("en", "stopwords"))
    ('en', 'document')
    >>> paragraph_language("이재명 대통령은 일본을 방문했다.", ("en", "stopwords"))
    ('ko', 'script')
    """
    found = cheap_language(text)
    if found == ("zh", "script") and document and document[0] == "ja" and not _CHINESE_ONLY_HAN.search(text):
        # Kanji alone cannot tell Japanese from Chinese: a speaker label or a kanji headline in a Japanese
        # article ("高市首相：") is Japanese unless it writes a character only Chinese uses.
        return "ja", "document"
    if found:
        return found
    if document and document[0] != "und" and len(_LATIN_WORD.findall(text)) < INHERIT_MAX_WORDS:
        return document[0], "document"
    return _langdetect(text), "langdetect"
