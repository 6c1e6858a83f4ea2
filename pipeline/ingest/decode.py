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
from ftfy.badness import is_bad
from ftfy.chardata import C1_CONTROL_RE

from pipeline.core.constants import CleanStep, QuarantineReason
from pipeline.core.edits import Edit
from pipeline.ingest.legacy_encodings import legacy_candidates, try_decode
from pipeline.ingest.plausible import is_latin_text, suspects
from pipeline.ingest.utf8_repair import RULE_TRUNCATED, Utf8Repair, invalid_utf8_bytes, repair_utf8

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
#: Damaged UTF-8 is only worth repairing while most of the file decodes: beyond this share of undecodable
#: bytes it is a legacy encoding (EUC-KR, Shift_JIS text is mostly high bytes).
_MAX_INVALID_SHARE_FOR_REPAIR = 0.3
#: A repair that removes more than this share of the bytes is not removing strays.
_MAX_REMOVED_SHARE = 0.1
#: Characters cut short mid-text (dropped, each an edit) that a file may have, or one per this many bytes.
_MAX_CUT_CHARACTERS = 3
_BYTES_PER_CUT_CHARACTER = 2000
_SINGLE_BYTE = frozenset({"cp1252", "latin-1", "iso8859-15", "mac-roman"})
_GUESSES_PER_TYPO = 20
_TYPO_MARKS = frozenset("“”‘’")
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

#: Designations that switch ISO-2022-JP or -KR into a double-byte set (JIS X 0208, JIS X 0212, KS X 1001).
_ISO_2022_ESCAPES = re.compile(rb"\x1b\$[@B]|\x1b\$\(D|\x1b\$\)C")
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

    decoded = _decode_utf(data)
    if decoded is None:
        decoded = _decode_guessed(data)
    if isinstance(decoded, DecodedText):
        return decoded
    text, encoding, edits, note = decoded
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

    detail = f"decoded as {encoding}{note}"
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


#: A guessed decoding: text, encoding label, the decode step's edits so far, and a note for the detail.
_Guess = tuple[str, str, list[Edit], str]


def _decode_utf(data: bytes) -> _Guess | DecodedText | None:
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return _decode_wide(data, encoding)
    if _ISO_2022_ESCAPES.search(data):
        # ISO-2022 is 7-bit: it is "valid UTF-8" made of escape sequences and ASCII letters.
        for codec in ("iso2022_jp", "iso2022_kr"):
            for cut in range(4):
                decoded = try_decode(data[: len(data) - cut], codec)
                if decoded is not None and not decoded[0].isascii():
                    return _read_cut_short(data, *decoded, cut)
        return _quarantine(
            QuarantineReason.UNDECODABLE, "has ISO-2022 escape sequences but is not ISO-2022 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text, "utf-8-sig" if text.startswith("\ufeff") else "utf-8", [], ""


def _read_cut_short(data: bytes, text: str, encoding: str, cut: int) -> _Guess:
    """``text``, read from all but the last ``cut`` bytes of ``data``: the dropped bytes are an explained edit."""
    if not cut:
        return text, encoding, [], ""
    tail = "".join(f"\\x{byte:02x}" for byte in data[len(data) - cut :])
    edit = Edit(CleanStep.DECODE, RULE_TRUNCATED, tail, "", len(text))
    return text, encoding, [edit], f"; dropped {cut} byte(s) cut short by the end of the file"


def _decode_wide(data: bytes, encoding: str) -> _Guess | DecodedText:
    """UTF-16/32 announced by a BOM; a file cut inside its last character loses that character, noted."""
    unit = 4 if encoding == "utf-32" else 2
    for cut in range(unit):
        try:
            text = data[: len(data) - cut].decode(encoding)
        except UnicodeDecodeError:
            continue
        return _read_cut_short(data, text, encoding, cut)
    return _quarantine(
        QuarantineReason.UNDECODABLE, f"starts with a {encoding} byte order mark but is not {encoding}"
    )


def _decode_guessed(data: bytes) -> _Guess | DecodedText:
    """Bytes that are not UTF-8: a legacy encoding, damaged UTF-8, or garbage; never a garbled guess.

    Three readings, in order, and the first with no implausible character wins: cp1252 for the lines that
    can be cp1252 (a cp1252 file, or cp1252 paragraphs pasted into a UTF-8 one); charset-normalizer's
    candidates (EUC-KR, Shift_JIS, mac-roman, ...); UTF-8 with its stray bytes removed. Legacy readings go
    first because removing bytes "works" on any text (curly quotes removed from a mac-roman file still leave
    words); it is accepted only when the removals leave known words. When nothing is plausible the file is
    quarantined with what each reading looked like.
    """
    rejected: list[str] = []
    if _is_cut_utf8(data):
        # Valid UTF-8 up to a character the end of the file cuts short: a truncated download, nothing else.
        return _accepted_repair(repair_utf8(data))
    repairable = invalid_utf8_bytes(data) <= len(data) * _MAX_INVALID_SHARE_FOR_REPAIR
    if repairable:
        mixed = repair_utf8(data, read_cp1252=True)
        if mixed.cp1252:
            problem = _repair_problem(data, mixed)
            if problem is None:
                return _accepted_repair(mixed)
            rejected.append(f"as cp1252, {problem}")
    for text, encoding in legacy_candidates(data, _repaired_text):
        guessed = sum(1 for char in text if ord(char) > 0x7F) if encoding in _SINGLE_BYTE else 0
        suspect = _first_suspect(text, guessed)
        if suspect is None and encoding not in _SINGLE_BYTE and is_latin_text(text):
            suspect = "a double-byte reading of a text with hardly any East Asian letters"
        if suspect is None:
            return text, encoding, [], ""
        if encoding != "cp1252" or not rejected:
            rejected.append(f"as {encoding}, {suspect}")
    if repairable:
        repaired = repair_utf8(data)
        problem = _repair_problem(data, repaired)
        if problem is None:
            return _accepted_repair(repaired)
        if repaired.stretch is not None and any(byte in _CONTROL_BYTES for byte in _stretch(data, repaired)):
            return _quarantine(
                QuarantineReason.BINARY,
                f"binary content: a burst of undecodable and control bytes at byte {repaired.stretch[0]}",
            )
        rejected.insert(0, f"as UTF-8 with {repaired.removed} stray byte(s) removed, {problem}")
    if not rejected:
        return _quarantine(
            QuarantineReason.UNDECODABLE, "not UTF-8, and charset detection found no convincing encoding"
        )
    return _quarantine(
        QuarantineReason.IMPLAUSIBLE, "no reading is plausible text: " + "; ".join(rejected[:3])
    )


def _repair_problem(data: bytes, repaired: Utf8Repair) -> str | None:
    """Why a repaired reading cannot be published, or None."""
    if repaired.stretch is not None:
        start, length = repaired.stretch
        return f"{length} bytes from byte {start} are neither UTF-8 nor stray bytes"
    if repaired.removed > len(data) * _MAX_REMOVED_SHARE:
        return f"{repaired.removed} of {len(data)} bytes would have to go"
    if repaired.losses:
        return repaired.losses[0]
    if repaired.ambiguous:
        return repaired.ambiguous
    if repaired.cut > max(_MAX_CUT_CHARACTERS, len(data) // _BYTES_PER_CUT_CHARACTER):
        return f"{repaired.cut} characters are cut short inside the text"
    return _first_suspect(repaired.text, repaired.cp1252)


def _stretch(data: bytes, repaired: Utf8Repair) -> bytes:
    start, length = repaired.stretch or (0, 0)
    return data[start : start + length]


def _is_cut_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return (
            error.reason == "unexpected end of data"
            and error.end == len(data)
            and error.start >= len(data) - 3
        )
    return False


def _accepted_repair(repaired: Utf8Repair) -> _Guess:
    """A plain cp1252 file (nothing removed, no UTF-8 character) is just cp1252; otherwise damaged UTF-8."""
    utf8_chars = sum(1 for char in repaired.text if ord(char) > 0x7F) - repaired.cp1252
    if not repaired.removed and not utf8_chars:
        return repaired.text, "cp1252", [], ""
    notes = []
    if repaired.removed:
        notes.append(f"removed {repaired.removed} stray or cut byte(s)")
    if repaired.cp1252:
        notes.append(f"read {repaired.cp1252} byte(s) as cp1252")
    return repaired.text, "utf-8", list(repaired.edits), "; " + ", ".join(notes)


def _first_suspect(text: str, guessed: int = 0) -> str | None:
    """The first implausible character of ``text`` (after mojibake repair) described in context, or None.

    A single-byte reading with ``guessed`` characters is allowed one suspect per _GUESSES_PER_TYPO of
    them: real cp1252 text has typos ("of”squabbling", "Qur’aan"), a wrong reading's characters are
    mostly suspect.
    """
    if not text.isascii():
        repaired = repair_mojibake(text)[0]
        if repaired != text:
            # A reading that needs mojibake repair is UTF-8 seen through a legacy codec: no typos allowed.
            text, guessed = repaired, 0
    allowed = guessed // _GUESSES_PER_TYPO
    typos = 0
    for suspect in suspects(text):
        if suspect.char in _TYPO_MARKS and typos < allowed:
            typos += 1  # a quote or apostrophe in the wrong place: a typo of the source, tolerated
            continue
        return suspect.describe(text)
    return None


def _repaired_text(text: str) -> str | None:
    """``text`` with its mojibake repaired, or None when it shows none."""
    if not _looks_garbled(text):
        return None
    repaired = repair_mojibake(text)[0]
    return repaired if repaired != text else None


def _bad_char_share(text: str) -> float | None:
    """Share of visible characters that are controls or U+FFFD; None if nothing is visible."""
    visible = len(text) - len(_INVISIBLE_RE.findall(text))
    if visible == 0:
        return None
    return len(_BAD_CHAR_RE.findall(text)) / visible


def _quarantine(reason: QuarantineReason, detail: str) -> DecodedText:
    return DecodedText(text=None, encoding=None, reason=reason, detail=detail, edits=())
