"""Bytes -> text: refuse what is not text, decode what is, and repair mojibake.

A raw scrape is only trusted as far as its bytes allow: strict UTF-8 first (the web's default, and a decode
that cannot silently succeed on other encodings), then charset-normalizer for legacy encodings such as
EUC-KR or Shift_JIS. When no decoding is convincing the file is quarantined instead of guessed at, because
a wrong guess yields plausible-looking garbage that would flow into every later stage.

Mojibake (UTF-8 read as Windows-1252 somewhere upstream: ``Koreaâ€™s``) is repaired with ftfy, but only on
lines where ftfy's own cheap detector sees mojibake markers, and with every "beautifying" fix switched off so
that curly quotes, dashes, ligatures and full-width characters stay exactly as typed.
"""

import codecs
import difflib
import re
from dataclasses import dataclass

import ftfy
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from ftfy.badness import is_bad
from ftfy.chardata import C1_CONTROL_RE

from pipeline.constants import CleanStep, QuarantineReason
from pipeline.edits import Edit

#: Rule names recorded on the edits this module makes.
RULE_BOM = "byte_order_mark"
RULE_MOJIBAKE = "mojibake"

#: Leading bytes of the binary formats a scraper most often saves by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png image"),
    (b"\xff\xd8\xff", "jpeg image"),
    (b"GIF87a", "gif image"),
    (b"GIF89a", "gif image"),
    (b"%PDF-", "pdf document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
)

#: BOMs of the UTF-16/32 encodings, checked before the NUL-byte test because their text is full of NULs.
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC do).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_SNIFF_BYTES = 65536
_MAX_CONTROL_BYTE_SHARE = 0.05
#: Decoded text where more than this share of the visible characters are controls, U+FFFD or unassigned
#: code points is noise, not an article.
_MAX_BAD_CHAR_SHARE = 0.10
#: charset-normalizer matches whose chaos is this close to the best one are treated as ties.
_CHAOS_TIE = 0.02

#: Among tied candidates, the encodings a Japan/Korea news corpus actually meets, most likely first. Short
#: byte strings decode "validly" in many East Asian codecs at once; without this order charset-normalizer
#: picks e.g. Big5 for two EUC-KR Hangul syllables.
_PREFERRED = ("cp1252", "cp949", "euc_kr", "cp932", "shift_jis", "euc_jp", "euc_jis_2004", "gb18030", "big5")

#: Report the narrower, standard name when it decodes the bytes identically (cp949 is a superset of EUC-KR,
#: cp932 of Shift_JIS), so the ``encoding`` column says what the publisher most likely declared.
_NARROWER = {
    "cp949": ("euc_kr", "euc-kr"),
    "cp932": ("shift_jis", "shift_jis"),
    "euc_jis_2004": ("euc_jp", "euc-jp"),
    "euc_jisx0213": ("euc_jp", "euc-jp"),
}

#: ftfy with only the encoding repairs on: everything that would rewrite text "as typed" is off, line
#: breaks and normalization are the cleaning stage's business.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
_INVISIBLE_RE = re.compile(r"[\s\ufeff\u200b\u2060]")
_BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")


@dataclass(frozen=True)
class DecodedText:
    """The outcome of decoding one raw file: text, or a quarantine reason with its explanation."""

    text: str | None
    encoding: str | None
    reason: QuarantineReason | None
    detail: str
    edits: tuple[Edit, ...]


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a raw file, or say why it cannot be text.

    >>> decode_bytes("Korea’s".encode("cp1252")).text
    'Korea’s'
    >>> decode_bytes(b"%PDF-1.7 ...").reason
    <QuarantineReason.BINARY: 'binary_content'>
    """
    if not data.strip():
        return _quarantine(QuarantineReason.EMPTY, "the file is empty or only whitespace")
    binary_kind = sniff_binary(data)
    if binary_kind is not None:
        return _quarantine(QuarantineReason.BINARY, f"binary content: {binary_kind}")

    edits: list[Edit] = []
    decoded = _decode_utf(data)
    if decoded is None:
        decoded = _decode_legacy(data)
        if decoded is None:
            return _quarantine(
                QuarantineReason.UNDECODABLE, "not UTF-8, and charset detection found no convincing encoding"
            )
    text, encoding = decoded
    if text.startswith("\ufeff"):
        # The BOM only announces the encoding; left in, it glues itself to the first word of the headline.
        edits.append(Edit(CleanStep.DECODE, RULE_BOM, "\ufeff", "", 0))
        text = text[1:]

    text, mojibake_edits, plans = repair_mojibake(text)
    edits.extend(mojibake_edits)
    bad_share = _bad_char_share(text)
    if bad_share is None:
        return _quarantine(QuarantineReason.EMPTY, f"decoded as {encoding} but contains no visible text")
    if bad_share > _MAX_BAD_CHAR_SHARE:
        return _quarantine(
            QuarantineReason.UNDECODABLE,
            f"decoded as {encoding} but {bad_share:.0%} of the characters are controls or replacement marks",
        )

    detail = f"decoded as {encoding}"
    if mojibake_edits:
        detail += f"; repaired mojibake in {len(mojibake_edits)} span(s) ({'; '.join(sorted(plans))})"
    return DecodedText(text=text, encoding=encoding, reason=None, detail=detail, edits=tuple(edits))


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary content in ``data``, or None when it may be text.

    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n....")
    'png image'
    >>> sniff_binary("plain text".encode()) is None
    True
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in _WIDE_BOMS):
        return None
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "NUL bytes (not a text file)"
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if controls / len(head) > _MAX_CONTROL_BYTE_SHARE:
        return f"{controls / len(head):.0%} control bytes"
    return None


def repair_mojibake(text: str) -> tuple[str, tuple[Edit, ...], frozenset[str]]:
    """Fix mojibake line by line with ftfy; return the text, one edit per repaired span, and ftfy's plans.

    Lines without ftfy's mojibake markers are never handed to ftfy: the marker regex is cheap, a full fix is
    not, and the vast majority of lines are clean.

    >>> repair_mojibake("South Koreaâ€™s president")[0]
    'South Korea’s president'
    >>> repair_mojibake("“Curly” quotes — kept")[0]
    '“Curly” quotes — kept'
    """
    if text.isascii() or not _looks_garbled(text):
        return text, (), frozenset()
    pieces: list[str] = []
    edits: list[Edit] = []
    plans: set[str] = set()
    for match in _LINE_RE.finditer(text):
        line = match.group()
        if not line.isascii() and _looks_garbled(line):
            fixed, plan = ftfy.fix_and_explain(line, _FTFY_CONFIG)
            if fixed != line:
                edits.extend(_span_edits(line, fixed, match.start()))
                plans.add(", ".join(f"{action} {arg}" for action, arg in plan or ()))
                line = fixed
        pieces.append(line)
    return "".join(pieces), tuple(edits), frozenset(plans)


def _looks_garbled(text: str) -> bool:
    return is_bad(text) or C1_CONTROL_RE.search(text) is not None


def _span_edits(before: str, after: str, offset: int) -> list[Edit]:
    """Narrow a line-level repair to the spans that changed, so each edit shows e.g. ``â€™`` -> ``’``."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Edit(CleanStep.UNICODE, RULE_MOJIBAKE, before[i1:i2], after[j1:j2], offset + i1)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _decode_utf(data: bytes) -> tuple[str, str] | None:
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text, "utf-8-sig" if text.startswith("\ufeff") else "utf-8"


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer, re-score its candidates, and break near-ties by corpus likelihood."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    scored = [(_rescore(match.chaos, match.encoding, str(match)), match) for match in matches]
    best_chaos = min(chaos for chaos, _ in scored)
    tied = [match for chaos, match in scored if chaos <= best_chaos + _CHAOS_TIE]
    candidates = {name for match in tied for name in match.could_be_from_charset}
    for name in _PREFERRED:
        if name in candidates:
            decoded = _try_decode(data, name)
            if decoded is not None:
                return decoded
    return _try_decode(data, tied[0].encoding)


def _rescore(chaos: float, encoding: str, text: str) -> float:
    """charset-normalizer's chaos, corrected for two things it cannot know.

    A legacy file can hold mojibake of its own (UTF-8 saved through a cp1252 editor): the right decoding then
    looks chaotic until ftfy repairs it, so a candidate is judged by its repaired text. And cp949 decodes
    almost any double-byte data into *some* Hangul; real Korean stays within EUC-KR's 2,350 common
    syllables, so syllables outside it count as chaos.
    """
    if _looks_garbled(text):
        repaired = repair_mojibake(text)[0]
        if repaired != text:
            chaos = min(chaos, mess_ratio(repaired))
    if encoding == "cp949":
        hangul = [char for char in text if "\uac00" <= char <= "\ud7a3"]
        rare = sum(1 for char in hangul if not _in_ks_x_1001(char))
        chaos += rare / len(hangul) if hangul else 0.0
    return chaos


def _in_ks_x_1001(syllable: str) -> bool:
    # Python's euc_kr codec spells the other 8,822 syllables as 8-byte jamo "make-up" sequences.
    return len(syllable.encode("euc_kr")) == 2


def _try_decode(data: bytes, encoding: str) -> tuple[str, str] | None:
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


def _bad_char_share(text: str) -> float | None:
    """Share of visible characters that are controls or U+FFFD; None if nothing is visible."""
    visible = len(text) - len(_INVISIBLE_RE.findall(text))
    if visible == 0:
        return None
    return len(_BAD_CHAR_RE.findall(text)) / visible


def _quarantine(reason: QuarantineReason, detail: str) -> DecodedText:
    return DecodedText(text=None, encoding=None, reason=reason, detail=detail, edits=())
