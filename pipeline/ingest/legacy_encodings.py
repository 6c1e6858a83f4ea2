"""Legacy encodings: which ones charset-normalizer's guesses may be, and in what order to believe them.

Only the encodings a news corpus in English, Korean, Japanese (and the odd Chinese quotation) is published
in are candidates; each candidate is still judged by ``pipeline.ingest.decode`` before it is believed.
"""

from collections.abc import Callable, Iterator

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

#: charset-normalizer matches whose chaos is this close to the best one are treated as ties.
_CHAOS_TIE = 0.02

#: Among tied candidates, the encodings a Japan/Korea news corpus actually meets, most likely first. Short
#: byte strings decode "validly" in many East Asian codecs at once; without this order charset-normalizer
#: picks e.g. Big5 for two EUC-KR Hangul syllables.
_PREFERRED = ("cp1252", "cp949", "euc_kr", "cp932", "shift_jis", "euc_jp", "euc_jis_2004", "gb18030", "big5")

#: The encodings an English, Korean, Japanese (and Chinese) news corpus is published in. A mostly-ASCII file
#: with stray bytes decodes "validly" in every DOS and ISO code page (cp1125, cp775, mac-iceland, ...); a
#: guess outside this list is a stray-byte artefact, never the publisher's encoding.
_CORPUS_ENCODINGS = frozenset(
    {*_PREFERRED, "latin_1", "iso8859_15", "mac_roman", "iso2022_jp", "iso2022_kr", "johab", "shift_jis_2004",
     "shift_jisx0213", "euc_jisx0213", "gbk", "gb2312", "hz", "big5hkscs", "utf_16", "utf_32", "utf_8"}
)  # fmt: skip

#: Report the narrower, standard name when it decodes the bytes identically (cp949 is a superset of EUC-KR,
#: cp932 of Shift_JIS), so the ``encoding`` column says what the publisher most likely declared.
_NARROWER = {
    "cp949": ("euc_kr", "euc-kr"),
    "cp932": ("shift_jis", "shift_jis"),
    "euc_jis_2004": ("euc_jp", "euc-jp"),
    "euc_jisx0213": ("euc_jp", "euc-jp"),
}

#: Legacy decodings tried before giving up, and the single-byte encodings tried whatever the detector says.
_MAX_CANDIDATES = 8
_SINGLE_BYTE_FALLBACKS = ("cp1252", "mac_roman")


def legacy_candidates(data: bytes, repaired_text: Callable[[str], str | None]) -> Iterator[tuple[str, str]]:
    """charset-normalizer's decodings, best first (re-scored, near-ties broken by corpus likelihood), then
    the single-byte encodings a charset detector confuses (mac-roman for cp1252). ``repaired_text`` gives
    a candidate's text with its mojibake repaired (or None), for the re-scoring."""
    matches = list(from_bytes(data))
    seen: set[str] = set()
    ordered: list[str] = []
    if matches:
        scored = sorted(
            (
                (_rescore(match.chaos, match.encoding, str(match), repaired_text), index, match)
                for index, match in enumerate(matches)
            ),
            key=lambda item: item[:2],
        )
        best_chaos = scored[0][0]
        tied = [match for chaos, _, match in scored if chaos <= best_chaos + _CHAOS_TIE]
        candidates = {name for match in tied for name in match.could_be_from_charset}
        ordered.extend(name for name in _PREFERRED if name in candidates)
        ordered.extend(match.encoding for _, _, match in scored)
        # Only when the detector found some single-byte reading: random bytes stay "undecodable".
        ordered.extend(_SINGLE_BYTE_FALLBACKS)
    names = [name for name in dict.fromkeys(ordered) if name in _CORPUS_ENCODINGS]
    for name in names[:_MAX_CANDIDATES]:
        decoded = try_decode(data, name)
        if decoded is not None and decoded[0] not in seen:
            seen.add(decoded[0])
            yield decoded


def _rescore(chaos: float, encoding: str, text: str, repaired_text: Callable[[str], str | None]) -> float:
    """charset-normalizer's chaos, corrected for two things it cannot know.

    A legacy file can hold mojibake of its own (UTF-8 saved through a cp1252 editor): the right decoding then
    looks chaotic until ftfy repairs it, so a candidate is judged by its repaired text. And cp949 decodes
    almost any double-byte data into *some* Hangul; real Korean stays within EUC-KR's 2,350 common
    syllables, so syllables outside it count as chaos.
    """
    repaired = repaired_text(text)
    if repaired is not None:
        chaos = min(chaos, mess_ratio(repaired))
    if encoding == "cp949":
        hangul = [char for char in text if "\uac00" <= char <= "\ud7a3"]
        rare = sum(1 for char in hangul if not _in_ks_x_1001(char))
        chaos += rare / len(hangul) if hangul else 0.0
    return chaos


def _in_ks_x_1001(syllable: str) -> bool:
    # Python's euc_kr codec spells the other 8,822 syllables as 8-byte jamo "make-up" sequences.
    return len(syllable.encode("euc_kr")) == 2


def try_decode(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    narrower = _NARROWER.get(encoding)
    if narrower is not None:
        codec, label = narrower
        try:
            if data.decode(codec) == text:
                return text, label
        except UnicodeDecodeError:
            pass
    return text, encoding.replace("_", "-")
