"""Damaged UTF-8: remove stray bytes, finish or drop cut characters, read lone cp1252 bytes where they fit.

A file that is UTF-8 except for a few bytes is far more likely damaged UTF-8 than a legacy encoding: the
bytes a transfer or an editor sprinkles in (0x81, 0x9D, 0xFF, ...) are not text, and a guessed single-byte
encoding would turn every one of them into a letter (``JÅapan``). Each undecodable spot is repaired by the
smallest explanation that makes the bytes around it valid UTF-8: one stray byte removed (also from inside a
multi-byte character, where it shifts the character's bytes), or a byte read as Windows-1252 when the
character fits where it stands (a curly quote pasted from a cp1252 page into a UTF-8 file). Every repair
is an edit of the decode step whose offsets index ``data.decode("utf-8", "backslashreplace")``: the raw
bytes shown as text, each byte that is not part of a UTF-8 character written ``\\xNN``.
"""

import bisect
import codecs
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pipeline.core.constants import CleanStep
from pipeline.core.edits import Edit
from pipeline.ingest.plausible import ascii_vocabulary, gap_loss, script_of

RULE_STRAY = "stray_byte"
RULE_TRUNCATED = "truncated_sequence"
RULE_CP1252 = "cp1252_byte"

#: How far around an undecodable byte a removed stray may sit (a UTF-8 character is at most 4 bytes).
_REACH = 3
#: Bytes checked after a candidate repair: it must decode cleanly this far.
_LOOKAHEAD = 12
#: Removed bytes closer together than this belong to one stretch...
_STRETCH_GAP = 8
#: ...and a stretch of this many removed bytes is a binary burst or a second encoding, not strays.
_STRETCH_BYTES = 4
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")
#: Removals inside words per broken word that a file may have and still count as inserted strays.
_LOSS_MAJORITY = 4
#: Punctuation real text is full of, unlike the rare signs a misplaced byte boundary decodes to.
_COMMON_MARKS = frozenset("’‘“”–—…·•€£¥°©®™«»¿¡§¶×、。「」『』（）・〜～！？：；，．")


@dataclass(frozen=True)
class Utf8Repair:
    """The repaired text, its decode-step edits, and the counts that say how much was guessed."""

    text: str
    edits: tuple[Edit, ...]
    removed: int
    cp1252: int
    #: Byte offset and length of the first stretch of removed bytes too dense to be strays, if any.
    stretch: tuple[int, int] | None
    #: Removals that leave no known word behind (the byte replaced a character rather than joined the text).
    losses: tuple[str, ...]
    #: Characters cut short inside the text (not at its end) and dropped: lost, each noted by an edit.
    cut: int
    #: A stray inside a character that could be removed to give different characters, if any: a guess.
    ambiguous: str | None


def invalid_utf8_bytes(data: bytes) -> int:
    """How many bytes of ``data`` are not part of a valid UTF-8 character."""
    return sum(end - start for start, end in _View(data).invalid)


def repair_utf8(data: bytes, read_cp1252: bool = False) -> Utf8Repair:
    """Decode mostly-UTF-8 bytes, explaining every byte that had to be removed or read as cp1252.

    With ``read_cp1252``, undecodable bytes are read as cp1252 where a line may be cp1252 (see
    ``_cp1252_runs``): a whole cp1252 file, or cp1252 text pasted into a UTF-8 one. Every other undecodable
    byte is a stray or part of a cut character.

    >>> repair = repair_utf8(b"Leaders meet in J\\x81apan.\\xff")
    >>> repair.text, [(e.rule, e.before, e.after) for e in repair.edits]
    ('Leaders meet in Japan.', [('stray_byte', '\\\\x81', ''), ('stray_byte', '\\\\xff', '')])
    >>> repair_utf8("café — “quoted”\\n".encode() + "Korea’s".encode("cp1252"), read_cp1252=True).text
    'café — “quoted”\\nKorea’s'
    """
    view = _View(data)
    # A letter stands in for undecodable bytes so that "caf\\xe9" does not put "caf" in the vocabulary.
    lenient = data.decode("utf-8", "replace").replace("\ufffd", "\u01c2")
    counts = Counter(lenient)
    known_chars = frozenset(char for char, count in counts.items() if count > 1)
    by_script: Counter[str] = Counter()
    for char, count in counts.items():
        if char.isalpha():
            by_script[script_of(char)] += count
    scripts = frozenset(script for script, count in by_script.items() if count > 1)
    vocabulary = ascii_vocabulary(lenient)
    cp1252_runs = _cp1252_runs(data, view) if read_cp1252 else frozenset()
    out = _Output()
    edits: list[Edit] = []
    removed_at: list[int] = []
    gaps: list[int] = []  # where, in the text, a lone byte was removed
    cp1252 = cut = 0
    ambiguous: str | None = None
    position = 0
    for bad, bad_end in view.invalid:
        if bad_end <= position:
            continue  # consumed by the repair of an earlier spot
        bad = max(bad, position)
        out.append(data[position:bad].decode("utf-8"))
        if bad in cp1252_runs and not (bad_end == len(data) and _is_truncated_tail(data, bad)):
            legacy = data[bad:bad_end].decode("cp1252")
            cp1252 += bad_end - bad
            edits.append(view.edit(bad, bad_end, legacy, RULE_CP1252))
            out.append(legacy)
            position = bad_end
            continue
        if bad_end == len(data) and _is_truncated_tail(data, bad):
            edits.append(view.edit(bad, bad_end, "", RULE_TRUNCATED))
            removed_at.extend(range(bad, bad_end))
            position = bad_end
            break
        try:
            removal = _best_removal(data, bad, position, (known_chars, scripts), view)
        except _AmbiguousError as error:
            ambiguous = (
                ambiguous or f"bytes {bytes(error.args[0])!r} at byte {bad} read as more than one character"
            )
            removal = None
        if removal is not None:
            window_start, window_end, chars, dropped = removal
            out.trim(len(data[window_start:bad].decode("utf-8")))
            out.append(chars)
            edits.append(view.edit(window_start, window_end, chars, RULE_STRAY))
            removed_at.append(dropped)
            position = window_end
            continue
        cut_character = 0xC2 <= data[bad] <= 0xF4  # the first byte of a character whose rest is missing
        edits.append(view.edit(bad, bad_end, "", RULE_TRUNCATED if cut_character else RULE_STRAY))
        removed_at.extend(range(bad, bad_end))
        if cut_character:
            cut += 1
        else:
            gaps.append(out.length)
        position = bad_end
    out.append(data[position:].decode("utf-8"))
    text = "".join(out.pieces)
    losses = tuple(loss for gap in gaps if (loss := gap_loss(text, gap, vocabulary)) is not None)
    # One file is damaged one way: when most removals leave known words the bytes were inserted, and the
    # odd unknown word is a rare name; when many do not, the bytes replaced characters.
    in_words = sum(1 for gap in gaps if _touches_letter(text, gap))
    if len(losses) * _LOSS_MAJORITY <= in_words:
        losses = ()
    stretch = _dense_stretch(removed_at)
    return Utf8Repair(text, tuple(edits), len(removed_at), cp1252, stretch, losses, cut, ambiguous)


class _View:
    """The strict UTF-8 decoder's reading of ``data``: its undecodable runs, and the backslashreplace view."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._text: str | None = None
        self.invalid: list[tuple[int, int]] = []
        position, buffer = 0, memoryview(data)
        while position < len(data):
            try:
                codecs.utf_8_decode(buffer[position:], "strict", True)
            except UnicodeDecodeError as error:
                self.invalid.append((position + error.start, position + error.end))
                position += error.end
                continue
            break
        # View offset where each undecodable run starts: valid text before it, plus 4 characters a byte.
        self._starts = [start for start, _ in self.invalid]
        self._view_starts: list[int] = []
        view, previous_end = 0, 0
        for start, end in self.invalid:
            view += len(data[previous_end:start].decode("utf-8"))
            self._view_starts.append(view)
            view += 4 * (end - start)
            previous_end = end

    def offset(self, position: int) -> int | None:
        """Where byte ``position`` lands in the view; None inside a character."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            base, base_view = 0, 0
        else:
            start, end = self.invalid[index]
            if position < end:
                return self._view_starts[index] + 4 * (position - start)
            base, base_view = end, self._view_starts[index] + 4 * (end - start)
        try:
            return base_view + len(self.data[base:position].decode("utf-8"))
        except UnicodeDecodeError:
            return None

    def edit(self, start: int, end: int, after: str, rule: str) -> Edit:
        """Replace bytes ``start``..``end``, as they show in the view, by ``after``."""
        view_start, view_end = self.offset(start), self.offset(end)
        if view_start is None or view_end is None:
            raise ValueError(f"bytes {start}..{end} do not start and end on character boundaries")
        if self._text is None:
            self._text = self.data.decode("utf-8", "backslashreplace")
        before = self._text[view_start:view_end]
        # Narrow the edit to what changed: a repaired window may start a few characters early.
        same = len(os.path.commonprefix([before, after]))
        before, after, view_start = before[same:], after[same:], view_start + same
        return Edit(CleanStep.DECODE, rule, before, after, view_start)


def _touches_letter(text: str, offset: int) -> bool:
    return (offset > 0 and text[offset - 1].isalpha()) or (offset < len(text) and text[offset].isalpha())


class _AmbiguousError(Exception):
    """A stray inside a character that several removals turn into equally likely characters."""


class _Output:
    """The repaired text as it grows, with its length and its last characters at hand."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0

    def append(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)

    def trim(self, size: int) -> None:
        """Take back the last ``size`` characters (all within the last piece)."""
        if size:
            self.pieces[-1] = self.pieces[-1][:-size]
            self.length -= size


def _is_truncated_tail(data: bytes, start: int) -> bool:
    """Whether the bytes from ``start`` are the beginning of a character the file was cut inside."""
    try:
        data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data"
    return False


def _best_removal(
    data: bytes, bad: int, floor: int, known: tuple[frozenset[str], frozenset[str]], view: "_View"
) -> tuple[int, int, str, int] | None:
    """The one byte near ``bad`` whose removal makes the bytes around it valid UTF-8, or None.

    Returns the repaired window (its start and end offsets and its text) and the removed byte's offset.
    Among removals that all decode, the one whose characters fit the document wins (no rare signs, no
    letters of a script the document does not use, characters it uses elsewhere): a stray inside ``’``
    (E2 [81] 80 99) also "decodes" as U+2040 or U+2059 when a different byte is dropped.
    """
    known_chars, scripts = known
    window_start = max(floor, bad - _REACH)
    while window_start > floor and 0x80 <= data[window_start] <= 0xBF:
        window_start -= 1  # back to the first byte of a character
    limit = min(len(data), bad + _LOOKAHEAD)
    best: tuple[tuple[int, int, int, int], int, int, str] | None = None
    readings: dict[tuple[int, int, int], set[str]] = {}
    for drop in range(window_start, min(len(data), bad + _REACH + 1)):
        candidate = data[window_start:drop] + data[drop + 1 : limit]
        if not _decodes(candidate, at_end=limit == len(data)):
            continue
        # The window ends at the first character boundary past both the removed byte and ``bad``.
        for window_end in range(max(drop, bad) + 1, min(limit, max(drop, bad) + 5)):
            try:
                chars = (data[window_start:drop] + data[drop + 1 : window_end]).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if view.offset(window_end) is not None:
                break
        else:
            continue
        odd = sum(1 for char in chars if _is_odd(char))
        foreign = sum(1 for char in chars if char.isalpha() and script_of(char) not in scripts)
        unknown = sum(1 for char in chars if ord(char) > 0x7F and char not in known_chars)
        rank = (odd, foreign, unknown, abs(drop - bad))
        readings.setdefault(rank[:3], set()).add(chars.strip(_ASCII_LETTERS))
        if best is None or rank < best[0]:
            best = (rank, drop, window_end, chars)
    if best is None:
        return None
    _, drop, window_end, chars = best
    if len(readings[best[0][:3]]) > 1:
        raise _AmbiguousError(data[window_start:window_end])
    if drop == bad and window_end == bad + 1:
        return None  # a lone undecodable byte: the caller weighs cp1252 against removal
    return window_start, window_end, chars, drop


def _is_odd(char: str) -> bool:
    """Characters a repair should not produce when another choice decodes too: controls, rare signs, and
    Hangul or kanji outside the national standards' common sets (KS X 1001, JIS X 0208, GB 2312)."""
    if char.isascii() or char in _COMMON_MARKS:
        return False
    category = unicodedata.category(char)
    if category[0] not in "LNZ" or category == "Lm":
        return True
    if script_of(char) in ("hangul", "han"):
        return not any(_encodes_in_two_bytes(char, codec) for codec in ("euc_kr", "euc_jp", "gb2312"))
    return False


def _encodes_in_two_bytes(char: str, codec: str) -> bool:
    try:
        return len(char.encode(codec)) == 2
    except UnicodeEncodeError:
        return False


def _decodes(candidate: bytes, at_end: bool) -> bool:
    """Whether ``candidate`` is valid UTF-8 (a character cut by the window's end is fine mid-file)."""
    try:
        candidate.decode("utf-8")
    except UnicodeDecodeError as error:
        return not at_end and error.reason == "unexpected end of data" and error.end == len(candidate)
    return True


def _cp1252_runs(data: bytes, view: "_View") -> frozenset[int]:
    """Start offsets of the undecodable runs that may be cp1252 text.

    A run may be cp1252 when it is defined in cp1252 and not wedged between UTF-8 characters of its line:
    a line is written in one encoding, or switches once (UTF-8 text with a cp1252 paragraph pasted after
    it). Undecodable bytes inside UTF-8 text, and the five bytes cp1252 leaves undefined, are damage.
    """
    invalid_set = {offset for bad, bad_end in view.invalid for offset in range(bad, bad_end)}
    valid_high = [m.start() for m in _HIGH_BYTES.finditer(data) if m.start() not in invalid_set]
    runs = set()
    for bad, bad_end in view.invalid:
        try:
            data[bad:bad_end].decode("cp1252")
        except UnicodeDecodeError:
            continue
        line_start = data.rfind(b"\n", 0, bad) + 1
        line_end = data.find(b"\n", bad_end)
        line_end = len(data) if line_end < 0 else line_end
        before = bisect.bisect_left(valid_high, bad) > bisect.bisect_left(valid_high, line_start)
        after = bisect.bisect_left(valid_high, line_end) > bisect.bisect_left(valid_high, bad_end)
        if not (before and after):
            runs.add(bad)
    return frozenset(runs)


def _dense_stretch(removed_at: list[int]) -> tuple[int, int] | None:
    run_start, count = 0, 0
    for index, offset in enumerate(removed_at):
        if index and offset - removed_at[index - 1] <= _STRETCH_GAP:
            count += 1
        else:
            run_start, count = offset, 1
        if count >= _STRETCH_BYTES:
            return run_start, offset + 1 - run_start
    return None
