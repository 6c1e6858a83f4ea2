"""Fonts for the pictures: DejaVu Sans for Latin text, an installed CJK font as the fallback for Korean and Japanese
labels (DejaVu has neither: matplotlib would draw empty boxes). matplotlib (>= 3.6) falls back glyph by glyph
through a list of families, so Latin text is drawn exactly as before. With no CJK font installed, the labels are
romanized instead (``label``)."""

import logging
import re
from functools import cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from pipeline.reports.romanize import has_cjk, romanize

BASE_FAMILY = "DejaVu Sans"
#: CJK families tried in this order: Debian's fonts-wqy-zenhei (what .ci/run installs: one 16 MB file with every
#: Hangul syllable, the kana and the CJK ideographs) first, then Noto CJK, then fonts a machine may have instead.
#: Debian's Droid Sans Fallback (DroidSansFallbackFull.ttf) has 3 Hangul syllables: the coverage check drops it.
CJK_FAMILIES = (
    "WenQuanYi Zen Hei",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Droid Sans Fallback",
    "Source Han Sans",
)
#: File names of those fonts, registered by path when matplotlib's font cache is older than their install.
_CJK_FILE = re.compile(r"(?i)wqy|notosanscjk|droidsansfallback|sourcehansans")
#: A fallback family counts only if it has every Hangul syllable and kana, and this many CJK ideographs.
_HANGUL = range(0xAC00, 0xD7A4)
_KANA = [*range(0x3041, 0x3097), *range(0x30A1, 0x30FB)]
_IDEOGRAPHS = range(0x4E00, 0xA000)
MIN_IDEOGRAPHS = 20_000


def _quiet_about_weights(record: logging.LogRecord) -> bool:
    # WenQuanYi Zen Hei comes in one weight (500): matplotlib's note that "normal" (400) is drawn with 500 is
    # expected, not news to print in every run's log.
    message = record.getMessage()
    return not (
        message.startswith("findfont: Failed to find font weight") and any(f in message for f in CJK_FAMILIES)
    )


logging.getLogger("matplotlib.font_manager").addFilter(_quiet_about_weights)


def _font_file(family: str) -> FT2Font | None:
    """The file matplotlib draws ``family`` with, never a default font substituted for it."""
    try:
        return FT2Font(
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        )
    except ValueError:
        return None


def has_glyphs(family: str, text: str) -> bool:
    """Whether ``family``'s own font file has a glyph for every character of ``text``."""
    font = _font_file(family)
    return font is not None and all(font.get_char_index(ord(char)) for char in text)


def covers_cjk(family: str) -> bool:
    """Whether ``family`` draws every Hangul syllable and kana and nearly all CJK ideographs."""
    font = _font_file(family)
    if font is None:
        return False
    chars = font.get_charmap()
    return (
        all(code in chars for code in (*_HANGUL, *_KANA))
        and sum(code in chars for code in _IDEOGRAPHS) >= MIN_IDEOGRAPHS
    )


@cache
def cjk_families() -> tuple[str, ...]:
    """The installed families of ``CJK_FAMILIES`` that draw Hangul, kana and kanji, best first; empty when none
    is."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_FAMILIES):
        # matplotlib caches the system's font list once; a font installed since is only found by its file.
        for path in font_manager.findSystemFonts():
            if _CJK_FILE.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a damaged font file is skipped, not fatal
                    continue
        known = {entry.name for entry in font_manager.fontManager.ttflist}
    return tuple(family for family in CJK_FAMILIES if family in known and covers_cjk(family))


def font_families() -> list[str]:
    """The ``font.family`` list the pictures are drawn with."""
    return [BASE_FAMILY, *cjk_families()]


def label(text: str) -> str:
    """``text`` as a picture can draw it: unchanged when a CJK font is installed or it has no CJK characters,
    romanized otherwise."""
    return text if cjk_families() or not has_cjk(text) else romanize(text)


def romanized_labels() -> bool:
    """Whether Korean and Japanese labels are romanized (no CJK font installed)."""
    return not cjk_families()
