"""Is a decoding plausible text? Judge each non-ASCII character by the company it keeps.

A wrong encoding guess rarely fails outright: stray bytes in an English article decode "validly" as
mac-iceland or cp1252 and give ``JÅapan`` or ``Sÿeoul``. Such characters betray themselves in context:
a capital inside a word, a symbol or a quote mark glued between letters, a quote that never
closes, a sign no news text uses (``‡``, ``‰``), a letter no language of the corpus writes (``ÿ``, ``þ``),
scripts that never touch (Hangul next to Cyrillic; a lone kanji inside an English word), or a word that is
a word of this very document or of English once the character is taken out. Real accented text
(``Benítez``, ``naïve``, ``Société``) and real typography (``Korea’s``, ``Japan–Korea``, ``“quoted”``)
pass all of these.
"""

import re
import unicodedata
from dataclasses import dataclass

#: Letters no language of the corpus writes (Icelandic thorn and eth, y-diaeresis, f-hook): in a news
#: article they are single bytes of another encoding.
_RARE_LETTERS = frozenset("ÿŸþÞðÐƒ")
#: cp1252 signs news text does not use (daggers, per-mille, low and angle quotes, spacing accents).
_RARE_SIGNS = frozenset("‚„†‡ˆ‰‹›˜¤¦¨¯¸¬")
_APOSTROPHES = frozenset("’'‘")
_TYPOGRAPHY = frozenset("‘’“”‚„–—―‐‑‒…•·′″€™№")
#: Marks that legitimately join two letters: hyphens and dashes, middle dots.
_JOINERS = frozenset("‐‑‒–—―·・‧")
#: What follows an apostrophe inside an English word ("Korea’s", "don’t", "they’re", "we’ll").
_APOSTROPHE_SUFFIXES = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
#: Where a single letter precedes the apostrophe ("O’Brien", "d’Ivoire", "l’Express").
_APOSTROPHE_PREFIXES = frozenset("OoDdLl")
#: Letters that end or sit inside words, never start them (cedilla c, tilde n).
_NEVER_INITIAL = frozenset("çñ")
_NEVER_FINAL = frozenset("çñœ")
#: Accented one-letter words an English text borrows ("à la carte").
_ONE_LETTER_WORDS = frozenset("àÀ")
#: Controls that never occur in text (tab, LF, VT, FF, CR are layout).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_WORD_RE = re.compile(r"\b[A-Za-z]{3,}\b")
_CANDIDATE_RE = re.compile(r"[^\x09-\x0d\x20-\x7e]")
_LETTER_SCRIPTS = frozenset(
    {"latin", "greek", "cyrillic", "hangul", "kana", "han", "halfwidth", "other-letter"}
)
_ASIAN_SCRIPTS = frozenset({"hangul", "kana", "han", "halfwidth"})
#: Scripts that may touch inside a word: Japanese mixes kana and kanji, Korean Hangul and Hanja, and both
#: glue Latin acronyms to their own script ("LG전자", "Tシャツ").
_COMPATIBLE = {
    frozenset({"kana", "han"}),
    frozenset({"hangul", "han"}),
    frozenset({"latin", "hangul"}),
    frozenset({"latin", "kana"}),
    frozenset({"latin", "han"}),
    frozenset({"halfwidth", "kana"}),
}
#: Below this share of the letters, East Asian characters are quotations in a Latin text, never glued to
#: its words: a Latin text read in a double-byte encoding shows them as "Korea鈥檚".
_MIN_ASIAN_SHARE = 0.05
#: Texts with at most this many curly quotes must pair them.
_FEW_QUOTES = 2
#: Zipf frequency from which an English word counts as known (3 = once per million words; wordfreq's long
#: tail below that holds fragments such as "apan").
_KNOWN_ZIPF = 3.0
_VERY_COMMON_ZIPF = 5.0
_COMMON_ZIPF = 4.0
#: Loanwords without their accents are rarer than common words ("fiance", "pinata"), hence a lower bar.
_LOANWORD_ZIPF = 2.0
#: English function words; a text of which 15 % of the first words are these is English.
_ENGLISH_WORDS = frozenset(
    "the of and to in is a an are that for it with as was were on said by at from he she has have".split()
)
_TOKEN_RE = re.compile(r"[a-z]+")
_ENGLISH_SAMPLE = 20000
_MIN_TOKENS = 5


@dataclass(frozen=True)
class Suspect:
    """One character that a right decoding would not have produced, where, and why."""

    char_start: int
    char: str
    why: str

    def describe(self, text: str) -> str:
        """``'Å' in 'meet in JÅapan and' (a capital inside a word)``."""
        left = text[max(0, self.char_start - 12) : self.char_start]
        right = text[self.char_start + 1 : self.char_start + 13]
        context = f"{left}{self.char}{right}".replace("\n", " ")
        return f"{self.char!r} in {context!r} ({self.why})"


@dataclass(frozen=True)
class _Document:
    """What the rules need to know about the whole text."""

    vocabulary: frozenset[str]
    latin_text: bool  # East Asian letters are under _MIN_ASIAN_SHARE of the letters
    english: bool  # English function words abound: English word frequencies apply


def suspects(text: str, limit: int | None = None) -> list[Suspect]:
    """The characters of ``text`` no right decoding would produce, in order (at most ``limit``).

    >>> [s.char for s in suspects("Leaders meet in JÅapan and Séoul; Benítez’s café stays ÿet")]
    ['Å', 'ÿ']
    >>> suspects("South Korea’s “reset” – naïve? Société Générale.")
    []
    """
    document = _Document(ascii_vocabulary(text), is_latin_text(text), _is_english(text))
    # Real text leaves quotes unpaired all the time (quotations running over paragraphs, typos, scraper
    # cuts), so pairing only speaks when a text has hardly any curly quotes: then a lone one is a stray.
    quotes = text.count("“") + text.count("”") + text.count("‘")
    unpaired = _unpaired_quotes(text) if 0 < quotes <= _FEW_QUOTES else []
    found = [Suspect(index, text[index], why) for index, why in unpaired]
    for match in _CANDIDATE_RE.finditer(text):
        if limit is not None and len(found) >= limit:
            break
        index = match.start()
        why = _judge_char(text, index, document)
        if why is not None:
            found.append(Suspect(index, text[index], why))
    found.sort(key=lambda suspect: suspect.char_start)
    return found[:limit]


def ascii_vocabulary(text: str) -> frozenset[str]:
    """The document's own ASCII words of three letters or more, lower-cased: the yardstick for strays."""
    return frozenset(word.lower() for word in _WORD_RE.findall(text))


def gap_loss(text: str, offset: int, vocabulary: frozenset[str]) -> str | None:
    """Why the byte removed at ``offset`` of ``text`` was probably a character, not a stray; or None.

    A stray byte inserted into text leaves whole words behind when it is removed; a byte that *replaced* a
    character leaves a broken one (``apan``, ``wordnext``). A word is known when this document spells it
    elsewhere or it is common English; words in other scripts cannot be judged and pass.
    """
    start = offset
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = offset
    while end < len(text) and text[end].isalpha():
        end += 1
    word = text[start:end]
    if not word or not word.isascii() or _is_known(word.lower(), vocabulary):
        return None
    return f"removing a byte leaves {word!r} at character {offset}, a word neither this text nor English has"


def script_of(char: str) -> str:
    """The script of a letter (``latin``, ``hangul``, ``kana``, …), or ``other`` for anything else."""
    code = ord(char)
    if code < 0x80:
        return "latin" if char.isalpha() else "other"
    if not char.isalpha() or char in "ªºµ":  # ordinals and the micro sign act as symbols
        return "other"
    if code <= 0x24F or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return "kana"
    if 0xFF66 <= code <= 0xFF9F:
        return "halfwidth"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or char in "々〆":
        return "han"
    if 0x370 <= code <= 0x3FF:
        return "greek"
    if 0x400 <= code <= 0x52F:
        return "cyrillic"
    return "other-letter"


def _judge_char(text: str, index: int, document: _Document) -> str | None:
    """Why ``text[index]`` looks like a wrong decoding, or None when it fits its context."""
    char = text[index]
    if _CONTROL_RE.match(char):
        return "a control character"
    category = unicodedata.category(char)
    if category in ("Cn", "Co", "Cs") or char == "\ufffd":
        return "an unassigned, private or replacement character"
    if char in _RARE_SIGNS:
        return "a sign news text does not use"
    script = script_of(char)
    left = text[index - 1] if index > 0 else " "
    right = text[index + 1] if index + 1 < len(text) else " "
    left_script, right_script = script_of(left), script_of(right)
    for neighbour in (left_script, right_script):
        if script in _LETTER_SCRIPTS and neighbour in _LETTER_SCRIPTS and neighbour != script:
            if frozenset({script, neighbour}) not in _COMPATIBLE:
                return f"{script} next to {neighbour} in one word"
    if document.latin_text and _is_asian(char):
        if "latin" in (left_script, right_script):
            return "an East Asian character inside a word of a Latin text"
        if script == "halfwidth" or "\uff00" <= char <= "\uffef":
            return "a half- or full-width form in a Latin text"
    if script == "latin" and (left_script in _ASIAN_SCRIPTS or right_script in _ASIAN_SCRIPTS):
        return "an accented Latin letter touching an East Asian letter"
    if script == "latin":
        return _judge_latin_letter(text, index, document)
    if script in _LETTER_SCRIPTS or char.isspace() or category == "Nd":
        return None
    return _judge_mark(text, index, document, (left_script, right_script))


def _judge_latin_letter(text: str, index: int, document: _Document) -> str | None:
    char = text[index]
    if char.isascii():
        return None
    if char in _RARE_LETTERS:
        return "a letter no corpus language uses"
    start, end = _word_bounds(text, index)
    word = text[start:end]
    if len(word) == 1:
        return None if char in _ONE_LETTER_WORDS else "a lone accented letter"
    before, after = text[start:index], text[index + 1 : end]
    if not before and char in _NEVER_INITIAL:
        return "a letter that starts no word"
    if not after and char in _NEVER_FINAL:
        return "a letter that ends no word"
    if char.isupper() and before and (before[-1].islower() or after[:1].islower()):
        return "a capital inside a word"
    if char.isupper() and not before and len(after) >= 2 and after[0].isupper() and after[1].islower():
        return "a capital glued to a capitalised word"
    others = before + after
    if char.islower() and char != "ß" and len(others) >= 2 and others.isupper():
        return "a small letter inside a capitalised word"
    if _is_stray_in_word(word, index - start, document):
        return "a word of this text or of English once the character is removed"
    if document.english and _hides_common_word(word, index - start):
        return "a common English word once the character is removed"
    if document.english and word.islower() and not _bare_is_known(word, document.vocabulary):
        return "an accented letter in a lowercase word English does not know"
    return None


def _judge_mark(text: str, index: int, document: _Document, scripts: tuple[str, str]) -> str | None:
    """Punctuation and symbols: judged by the letters they touch."""
    char = text[index]
    left, right = text[index - 1] if index else " ", text[index + 1] if index + 1 < len(text) else " "
    left_latin, right_latin = scripts[0] == "latin", scripts[1] == "latin"
    if left_latin and right_latin:
        return _judge_mark_between_letters(text, index, document)
    if char == "’" and right_latin and left.isspace():
        return "an apostrophe opening a word"
    if char == "’" and left_latin and left not in "sSzZn" and "‘" not in text[max(0, index - 200) : index]:
        return "an apostrophe after a word that is no plural (nor a dropped g)"
    if char == "…" and right_latin and (left.isspace() or not index):
        return "an ellipsis glued to the start of a word"
    if char in _JOINERS and (left_latin or right_latin) and (left.isspace() or right.isspace()):
        return "a dash glued to one word only"
    if char in "–—" and left.isalnum() != right.isalnum():
        other = right if left.isalnum() else left
        if not other.isspace() and other not in '“”‘’"':
            return "a dash between a word and a sign"
    category = unicodedata.category(char)
    if (char == "•" or category == "Sc") and (left_latin or right_latin):
        return "a bullet or currency sign glued to a word"
    if char in "™®" and (right_latin or not left.isalnum() or _word_before(text, index).islower()):
        return "a trade mark sign after no name"
    if document.latin_text and (left_latin or right_latin) and not _is_typography(char):
        return "an unusual sign touching a word"
    if "\u2500" <= char <= "\u259f" and (scripts[0] in _LETTER_SCRIPTS or scripts[1] in _LETTER_SCRIPTS):
        return "a box-drawing character touching a letter"
    if _is_latin1_sign(char) and (scripts[0] in _ASIAN_SCRIPTS or scripts[1] in _ASIAN_SCRIPTS):
        return "a Latin-1 sign touching an East Asian letter"
    return None


def _judge_mark_between_letters(text: str, index: int, document: _Document) -> str | None:
    char = text[index]
    start, end = _word_bounds(text, index)
    if char in _APOSTROPHES:
        suffix = text[index + 1 : end]
        prefix = text[start:index]
        if len(prefix) == 1 and prefix in _APOSTROPHE_PREFIXES:
            return None
        if suffix.lower() in _APOSTROPHE_SUFFIXES:
            # "government’s" and "Korea’s" are possessives; "discus’s" is "discuss" with a stray.
            whole = (prefix + suffix).lower()
            if not (document.english and whole.isascii() and _is_known(whole, document.vocabulary)):
                return None
            if prefix[:1].isupper() or _is_known(prefix.lower(), document.vocabulary, short_ok=True):
                return None
    if _is_stray_in_word(text[start:end], index - start, document):
        return "a word of this text or of English once the character is removed"
    if char in _JOINERS:
        return None
    if char in _APOSTROPHES and _is_apostrophe_name(text[start:index], text[index + 1 : end]):
        return None
    if char in _APOSTROPHES:
        return "an apostrophe that starts no English ending"
    return "a symbol between two letters"


def _is_apostrophe_name(prefix: str, suffix: str) -> bool:
    """A capitalised name with an apostrophe inside ("N’Zogbia", "Mo’unga", "Ba’ath"): letters on both sides
    and a capital first. Asked only once the apostrophe is no stray inside a known word ("Ja’pan")."""
    return prefix[:1].isupper() and prefix.isalpha() and suffix.isalpha() and len(prefix + suffix) >= 4


def _unpaired_quotes(text: str) -> list[tuple[int, str]]:
    """The curly quotes of a text that has only a few and does not pair them: an opening double quote
    followed by a closing one, an opening single quote followed by a closing one (or an apostrophe)."""
    found: list[tuple[int, str]] = []
    opened: int | None = None
    for match in re.finditer("[“”‘]", text):
        index, mark = match.start(), match.group()
        if mark == "‘":
            if "’" not in text[index + 1 :]:
                found.append((index, "a single quote that never closes"))
        elif mark == "“":
            if opened is not None:
                found.append((opened, "a quote opened twice"))
            opened = index
        elif opened is None:
            found.append((index, "a closing quote that closes nothing"))
        else:
            opened = None
    if opened is not None:
        found.append((opened, "a quote that never closes"))
    return found


def _is_stray_in_word(word: str, offset: int, document: _Document) -> bool:
    """Whether removing ``word[offset]`` leaves a word of this document (or of English).

    Not when the word without its accents is a known word: then the accent is real (Séoul is Seoul, not
    Soul; naïve is naive, not nave). A text that spells "Seoul" and then "Sèeoul" holds a stray.
    """
    rest = (word[:offset] + word[offset + 1 :]).lower()
    if len(rest) < 2 or not rest.isascii() or not rest.isalpha():
        return False
    vocabulary = document.vocabulary
    if not word[offset].isalpha():  # a mark between letters: removing it rejoins a word ("tackli–ng")
        return rest in vocabulary or _is_known(rest, vocabulary)
    if not document.english:  # English frequencies say nothing about French "visité" ("visit")
        return len(rest) >= 4 and rest in vocabulary
    if not _is_known(rest, vocabulary, short_ok=True):
        return False
    return not _bare_is_known(word, vocabulary)


def _hides_common_word(word: str, offset: int) -> bool:
    """Whether ``word`` is a common English word plus one character, and no English word itself
    ("êso", "táo", "humanå"; but not "Jesús", which English text spells too, nor "Séoul", which is
    Seoul with an accent rather than Soul with a stray)."""
    rest = (word[:offset] + word[offset + 1 :]).lower()
    if not rest.isascii() or not rest.isalpha():
        return False
    from wordfreq import zipf_frequency

    needed = _COMMON_ZIPF if len(rest) >= 4 else _VERY_COMMON_ZIPF
    if zipf_frequency(rest, "en") < needed or zipf_frequency(word.lower(), "en") >= 1.0:
        return False
    # Séoul without its accent is Seoul: an accent, not a stray. Short words have too many neighbours
    # ("Äit" is "ait" bare) for that exemption.
    return len(rest) < 4 or not word[offset].isalpha() or not _bare_is_known(word, frozenset())


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:index]


def _bare_is_known(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``word`` without its accents is a word (café, naïve, résumé, Séoul): loanwords and names
    keep their accents in English text, strays make unknown words ("viùw", "posèsible")."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    if not bare.isascii():
        return False  # œ, æ, ø, ß have no bare form
    if bare in vocabulary:
        return True
    from wordfreq import zipf_frequency

    return zipf_frequency(bare, "en") >= _LOANWORD_ZIPF


def _is_known(word: str, vocabulary: frozenset[str], short_ok: bool = False) -> bool:
    """In this document, or common English (short words only when very common: wordfreq's short entries
    include fragments such as "jos" and "caf")."""
    if word in vocabulary:
        return True
    from wordfreq import zipf_frequency  # loads its English list (~1 s) only for non-UTF-8 files

    if len(word) >= 4:
        return zipf_frequency(word, "en") >= _KNOWN_ZIPF
    return short_ok and zipf_frequency(word, "en") >= _VERY_COMMON_ZIPF


def _is_typography(char: str) -> bool:
    """Signs a Latin text of any encoding uses: Latin-1's, and the quotes, dashes and marks of cp1252."""
    return "\u00a0" <= char <= "\u00ff" or char in _TYPOGRAPHY


def is_latin_text(text: str) -> bool:
    """Whether East Asian letters are too few in ``text`` to make it an East Asian text."""
    return _asian_share(text) < _MIN_ASIAN_SHARE


def _is_english(text: str) -> bool:
    words = _TOKEN_RE.findall(text[:_ENGLISH_SAMPLE].lower())
    return len(words) >= _MIN_TOKENS and sum(word in _ENGLISH_WORDS for word in words) >= len(words) * 0.15


def _is_latin1_sign(char: str) -> bool:
    return "\u00a1" <= char <= "\u00bf" or char in "×÷"


def _is_asian(char: str) -> bool:
    return script_of(char) in _ASIAN_SCRIPTS or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"


def _asian_share(text: str) -> float:
    letters = asian = 0
    for char in text:
        if char.isalpha():
            letters += 1
            asian += script_of(char) in _ASIAN_SCRIPTS
    return asian / letters if letters else 0.0


def _word_bounds(text: str, index: int) -> tuple[int, int]:
    """The run of letters around ``text[index]`` (which may itself be a mark between two letters)."""
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = index + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return start, end
