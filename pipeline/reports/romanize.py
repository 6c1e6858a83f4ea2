"""Latin letters for a Korean or Japanese label, for a picture drawn where no CJK font is installed (an empty box
says nothing; ``gimura yuka`` does).

Hangul is spelled letter by letter in the Revised Romanization (no sound changes across syllables: 한국어 is
``hangukeo``, not ``hangugeo``); kana in Hepburn. Kanji and hanja have no reading without a dictionary: each becomes
``?`` (the report's tables keep every name in its own script)."""

import re

#: Hangul syllables are composed arithmetically: (initial * 21 + medial) * 28 + final, from U+AC00.
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_MEDIALS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_FINALS = ["", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()]
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3

#: Hiragana in gojūon order with their Hepburn spellings; katakana are the same letters 0x60 higher.
_KANA = dict(
    zip(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
        "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉゔ",
        """a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo
        ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po
        a i u e o vu""".split(),
        strict=True,
    )
)
_SMALL_Y = {"ゃ": "ya", "ゅ": "yu", "ょ": "yo"}
_SOKUON = "っ"
_LONG_VOWEL = "ー"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Characters a font without CJK glyphs cannot draw: Hangul (syllables and jamo), kana, CJK ideographs and marks.
_CJK = re.compile(
    r"[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]"
)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def romanize(text: str) -> str:
    """``text`` with Hangul and kana spelled in Latin letters and every other CJK character as ``?``; each word that
    was romanized starts with a capital (a name: 기무라 유카 → ``Gimura Yuka``). Latin text is kept as it is."""
    words = []
    for word in text.split(" "):
        spelled = _kana(_hangul(word))
        spelled = _CJK.sub("?", _HAN.sub("?", spelled))
        words.append(spelled[:1].upper() + spelled[1:] if spelled != word else word)
    return " ".join(words)


def _hangul(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
            out.append(char)
            continue
        initial, rest = divmod(code - _HANGUL_FIRST, 21 * 28)
        medial, final = divmod(rest, 28)
        out.append(_INITIALS[initial].strip("-") + _MEDIALS[medial] + _FINALS[final])
    return "".join(out)


def _kana(text: str) -> str:
    out: list[str] = []
    double_next = False
    for char in text:
        hira = chr(ord(char) - 0x60) if "\u30a1" <= char <= "\u30f6" else char
        if hira == _SOKUON or char == "ッ":
            double_next = True
            continue
        if hira in _SMALL_Y and out and out[-1].endswith("i"):
            stem = out.pop()[:-1]  # き + ゃ = kya; し + ゃ = sha, ち + ゃ = cha, じ + ゃ = ja
            out.append(stem + (_SMALL_Y[hira][1:] if stem.endswith(("sh", "ch", "j")) else _SMALL_Y[hira]))
            continue
        if char == _LONG_VOWEL and out and out[-1][-1:] in "aiueo":
            out.append(out[-1][-1])
            continue
        spelled = _KANA.get(hira, _SMALL_Y.get(hira, char))
        if double_next and spelled[:1].isalpha() and spelled[:1] not in "aiueon":
            spelled = ("t" if spelled.startswith("ch") else spelled[0]) + spelled
        double_next = False
        out.append(spelled)
    return "".join(out)
