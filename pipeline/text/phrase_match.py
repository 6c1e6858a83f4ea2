"""Find many literal phrases in sentences at once, with document offsets (shared by entity and issue tagging).

One Aho-Corasick pass (``str.find_many`` / ``str.extract_many``) finds every occurrence of every phrase; the
rules that a plain automaton cannot express are applied afterwards as vectorized filters:

* **Case.** The automaton runs ASCII-case-insensitively; phrases flagged ``case_sensitive`` then keep only
  matches written exactly as the phrase (or in ALL CAPS, as headlines are), so "LDP" never matches "ldp" and
  "Lee" never matches "lee" while "lee jae-myung" still finds "Lee Jae Myung".
* **Word boundaries (Latin script only).** A phrase that starts (ends) with a Latin letter or digit must not
  be preceded (followed) by one, so "Lee" is not found in "Leeway" nor "Japan" in "Japanese". Korean and
  Japanese phrases get no boundary test by default: particles and compounds attach directly (독도는, 竹島の).
  Issue tagging asks for Korean words (``hangul_words``): no Hangul before, only a particle after; entity
  tagging adds a few prefixes and noun suffixes (주러시아, 일본정부), refuses language and people words in
  kanji (日本語, 日本人) through ``kanji_stop_tail``, a kanji alias inside a compound (東日本) through
  ``kanji_heads`` and a katakana alias inside a katakana word (タイム) through ``kana_words``.
* **Prefix phrases.** A phrase ending in ``*`` ("denucleari*") only needs its left boundary and the match is
  widened to the end of the word, so the evidence reads "denuclearization".

The search runs on a copy of the text in which typographic variants (curly apostrophes, non-breaking
hyphens and spaces, en dashes, full-width letters) are replaced one character for one character, so offsets computed on the copy
are valid in the original and surfaces are cut from the original.

**Cost.** Matches are rows of (sentence row, byte offset, text matched): the sentence is not copied into each,
and byte offsets become character offsets by counting only the characters between one match and the next. The
rules above still read each match's own sentence (a character slice counts from the sentence's start), so a
match costs at most its sentence's length, which ``pipeline.segment.sentences`` caps at 1,000 characters.
"""

import unicodedata
from collections.abc import Collection

import polars as pl

#: One-character-for-one-character replacements, so "King’s" matches "King's" and offsets stay valid.
_TYPOGRAPHIC_VARIANTS: dict[str, str] = {
    "\u2019": "'",  # right single quotation mark, the usual apostrophe in edited copy
    "\u2018": "'",
    "\u02bc": "'",
    "\u2010": "-",
    "\u2011": "-",  # non-breaking hyphen, common in romanized Korean names
    "\u2012": "-",
    "\u2013": "-",  # en dash: "1910–45", "Japan–South Korea"
    "\u00a0": " ",
    "\u202f": " ",
    "\u3000": " ",
}
# Full-width and half-width forms (U+FF01-U+FFEE) fold as NFKC folds them, kept only where NFKC gives one
# character, so "ＡＩ" matches "AI" and offsets stay valid.
_TYPOGRAPHIC_VARIANTS |= {
    c: folded
    for c in map(chr, range(0xFF01, 0xFFEF))
    if len(folded := unicodedata.normalize("NFKC", c)) == 1 and folded != c
}

_LATIN_WORD_CHAR = r"[\p{Latin}0-9]"
_HANGUL_RUN = r"^\p{Hangul}*"
_HANGUL_HEAD = r"\p{Hangul}*$"
_KANJI_OR_KANA = r"[\p{Han}\p{Hiragana}\p{Katakana}ー]"
_KANJI = r"[\p{Han}々]"
#: A katakana word's letters: the long-vowel mark belongs to the word (タイヤー), the middle dot ・ separates.
_KATAKANA = r"[\p{Katakana}ー]"
#: What may follow a Korean noun inside its word (eojeol) when ``hangul_words`` is on: case and topic
#: particles, their compounds, the copula and the light verb 하다, so 북한은 and 투자했다 match while 태평양 (평양)
#: and 통상적 (통상) do not.
KOREAN_PARTICLES: tuple[str, ...] = (
    "은", "는", "이", "가", "을", "를", "과", "와", "의", "에", "에서", "에게", "께", "로", "으로", "도", "만",
    "까지", "부터", "보다", "처럼", "마저", "조차", "이나", "나", "이랑", "랑", "과의", "와의", "에서의", "에의",
    "으로의", "로의", "에는", "에서는", "에도", "에서도", "으로는", "로는", "으로도", "로도", "과는", "와는",
    "이라", "라", "이라는", "라는", "이란", "란", "이며", "며", "이고", "고", "이다", "다", "였다", "이었다",
    "이자", "인", "만의", "들", "들은", "들이", "들을", "들의", "들과", "들도", "측", "측은", "측이", "측의",
    "하다", "하는", "한", "할", "해", "했다", "하고", "하며", "하면", "하기", "해야", "했고", "했던", "하자",
    "된", "되는", "됐다", "되고",
)  # fmt: skip
_WORD_TAIL = r"^[\p{Latin}0-9]*"
PREFIX_MARK = "*"

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "sentence_idx": pl.Int32(),
    "phrase": pl.String(),
    "surface": pl.String(),
    "local_start": pl.Int32(),
    "local_end": pl.Int32(),
    "char_start": pl.Int32(),
    "char_end": pl.Int32(),
}


def normalize_for_matching(text: pl.Expr) -> pl.Expr:
    """Replace typographic variants one-for-one; the result has the same length in characters."""
    return text.str.replace_many(list(_TYPOGRAPHIC_VARIANTS), list(_TYPOGRAPHIC_VARIANTS.values()))


def normalize_phrase(phrase: str) -> str:
    """The same normalization for a pattern written in the data files."""
    for variant, plain in _TYPOGRAPHIC_VARIANTS.items():
        phrase = phrase.replace(variant, plain)
    return phrase


def _is_latin_word_char(expr: pl.Expr) -> pl.Expr:
    return _is(expr, _LATIN_WORD_CHAR)


def _is(char: pl.Expr, char_class: str) -> pl.Expr:
    """Whether a one-character string belongs to ``char_class`` (False for the empty string)."""
    return char.str.contains(f"^{char_class}$").fill_null(False)


def _drop_inside_kanji_words(hits: pl.DataFrame, before: pl.Expr, kanji_heads: str) -> pl.DataFrame:
    """Drop kanji-initial hits that continue a kanji word (東日本, 南米国) rather than start one.

    A preceding kanji is a boundary when it matches ``kanji_heads`` (prefixes such as 訪/駐/旧, country
    initials such as 日/韓, the 県/市 of an address) or when a kept hit ends right there: names written
    one after the other (新潟県佐渡市, 日本外務省, 韓国慶州) are each a name.
    """
    inside = pl.col("needle").str.contains(f"^{_KANJI}") & (pl.col("local_start") > 0) & _is(before, _KANJI)
    hits = hits.with_columns(_inside=inside & ~_is(before, kanji_heads))
    ends = (
        hits.filter(~pl.col("_inside") & pl.col("needle").str.contains(f"{_KANJI}$"))
        .select("_row", local_start="local_end")
        .unique()
        .with_columns(_after_name=pl.lit(True))
    )
    return (
        hits.join(ends, on=["_row", "local_start"], how="left")
        .filter(~pl.col("_inside") | pl.col("_after_name").fill_null(False))
        .drop("_inside", "_after_name")
    )


def find_phrases(
    sentences: pl.DataFrame,
    phrases: pl.DataFrame,
    *,
    hangul_words: bool = False,
    hangul_heads: Collection[str] = (),
    hangul_tails: Collection[str] = KOREAN_PARTICLES,
    kanji_stop_tail: str | None = None,
    kanji_heads: str | None = None,
    kana_words: bool = False,
) -> pl.DataFrame:
    """Every occurrence of every phrase that passes the case and boundary rules (overlaps kept).

    With ``hangul_words`` a phrase starting (ending) in Hangul must start a word, or follow only one of
    ``hangul_heads`` (end it, or be followed only by one of ``hangul_tails``): 평양 is not found in 태평양 nor
    통상 in 통상적. ``kanji_stop_tail`` (a regex) drops a phrase ending in kanji or kana when the text right
    after it matches, so an entity matcher can refuse 日本 in 日本語 while keeping 日本政府. ``kanji_heads`` (a
    regex for one character) gives a phrase starting in kanji a left boundary: after another kanji it matches
    only if that kanji matches ``kanji_heads`` or ends another phrase's match (山口県宇部市, 日本外務省), so
    日本 is not found in 東日本. ``kana_words`` keeps a katakana phrase from starting or ending inside a katakana
    word: タイ is not found in タイム nor ネクタイ.

    ``sentences``: doc_id, sentence_idx, text, char_start. ``phrases``: phrase (str, a trailing ``*`` marks a
    prefix), case_sensitive (bool). Returns MATCH_SCHEMA columns: ``phrase`` as given (join key back to the
    caller's table), ``surface`` as written in the sentence, local and document offsets in characters.
    """
    if phrases.is_empty() or sentences.is_empty():
        return pl.DataFrame(schema=MATCH_SCHEMA)
    patterns = (
        phrases.select("phrase", "case_sensitive")
        .unique()
        .with_columns(
            is_prefix=pl.col("phrase").str.ends_with(PREFIX_MARK),
            needle=pl.col("phrase").str.strip_suffix(PREFIX_MARK),
        )
        .with_columns(key=pl.col("needle").str.to_lowercase())
    )
    # The automaton is case-insensitive, so one needle per lower-cased key is enough.
    needles = patterns.unique("key", keep="first", maintain_order=True)["needle"].to_list()

    base = sentences.select(
        "doc_id",
        pl.col("sentence_idx").cast(pl.Int32),
        "text",
        pl.col("char_start").cast(pl.Int32).alias("sentence_start"),
    ).with_columns(searched=normalize_for_matching(pl.col("text")))
    positions = match_positions(base["searched"], needles)
    hits = (
        positions.with_columns(key=pl.col("matched").str.to_lowercase())
        .join(patterns, on="key", how="inner")
        .join(char_offsets(positions, base["searched"]), on=["_row", "byte_start"])
        # The sentence columns arrive as references to the sentence's text, not copies of it.
        .join(base.with_row_index("_row"), on="_row")
        .with_columns(local_end=(pl.col("local_start") + pl.col("needle").str.len_chars()).cast(pl.Int32))
    )

    # Compared on the folded copy, so "ＡＩ" counts as written "AI".
    written = pl.col("searched").str.slice(pl.col("local_start"), pl.col("local_end") - pl.col("local_start"))
    hits = hits.with_columns(written=written).filter(
        ~pl.col("case_sensitive")
        | (pl.col("written") == pl.col("needle"))
        | (
            (pl.col("written") == pl.col("needle").str.to_uppercase())
            & (pl.col("needle").str.len_chars() >= 4)
        )
    )

    # A prefix phrase is widened to the end of its word before the right-boundary test.
    tail = pl.col("searched").str.slice(pl.col("local_end")).str.extract(f"({_WORD_TAIL})", 1).str.len_chars()
    hits = hits.with_columns(
        local_end=pl.when(pl.col("is_prefix"))
        .then(pl.col("local_end") + tail.fill_null(0).cast(pl.Int32))
        .otherwise(pl.col("local_end"))
    )

    before = pl.col("searched").str.slice((pl.col("local_start") - 1).clip(lower_bound=0), 1)
    after = pl.col("searched").str.slice(pl.col("local_end"), 1)
    starts_latin = _is_latin_word_char(pl.col("needle").str.slice(0, 1))
    ends_latin = _is_latin_word_char(pl.col("needle").str.slice(-1, 1))
    left_ok = ~starts_latin | (pl.col("local_start") == 0) | ~_is_latin_word_char(before)
    right_ok = pl.col("is_prefix") | ~ends_latin | ~_is_latin_word_char(after)
    if hangul_words:
        starts_hangul = pl.col("needle").str.contains(r"^\p{Hangul}")
        ends_hangul = pl.col("needle").str.contains(r"\p{Hangul}$")
        rest = (
            pl.col("searched").str.slice(pl.col("local_end")).str.extract(f"({_HANGUL_RUN})", 1).fill_null("")
        )
        head = (
            pl.col("searched")
            .str.slice(0, pl.col("local_start"))
            .str.extract(f"({_HANGUL_HEAD})", 1)
            .fill_null("")
        )
        left_ok = left_ok & (~starts_hangul | (head == "") | head.is_in(list(hangul_heads)))
        right_ok = right_ok & (
            pl.col("is_prefix") | ~ends_hangul | (rest == "") | rest.is_in(list(hangul_tails))
        )
    if kanji_stop_tail is not None:
        ends_kanji = pl.col("needle").str.contains(f"{_KANJI_OR_KANA}$")
        stopped = (
            pl.col("searched")
            .str.slice(pl.col("local_end"), 2)
            .str.contains(kanji_stop_tail)
            .fill_null(False)
        )
        right_ok = right_ok & ~(ends_kanji & stopped)
    if kana_words:
        left_ok = left_ok & ~(
            pl.col("needle").str.contains(f"^{_KATAKANA}")
            & (pl.col("local_start") > 0)
            & _is(before, _KATAKANA)
        )
        right_ok = right_ok & ~(pl.col("needle").str.contains(f"{_KATAKANA}$") & _is(after, _KATAKANA))

    kept = hits.filter(left_ok & right_ok)
    if kanji_heads is not None:
        kept = _drop_inside_kanji_words(kept, before, kanji_heads)
    return (
        kept.with_columns(
            surface=pl.col("text").str.slice(
                pl.col("local_start"), pl.col("local_end") - pl.col("local_start")
            ),
            char_start=(pl.col("sentence_start") + pl.col("local_start")).cast(pl.Int32),
            char_end=(pl.col("sentence_start") + pl.col("local_end")).cast(pl.Int32),
        )
        .select(list(MATCH_SCHEMA))
        .unique(maintain_order=True)
        .sort("doc_id", "sentence_idx", "local_start", "local_end")
    )


def match_positions(searched: pl.Series, needles: list[str]) -> pl.DataFrame:
    """One row per occurrence of a needle: ``_row`` (the sentence's row in ``searched``), ``byte_start`` (its
    offset in bytes) and ``matched`` (the text it matched). The sentence is not repeated per occurrence: a long
    sentence full of names would otherwise be copied once per name."""
    return (
        searched.to_frame("searched")
        .select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
            byte_start=pl.col("searched").str.find_many(
                needles, ascii_case_insensitive=True, overlapping=True
            ),
            matched=pl.col("searched").str.extract_many(
                needles, ascii_case_insensitive=True, overlapping=True
            ),
        )
        .explode("byte_start", "matched")
        .drop_nulls("byte_start")
        .with_columns(pl.col("byte_start").cast(pl.Int64))
    )


def char_offsets(positions: pl.DataFrame, searched: pl.Series) -> pl.DataFrame:
    """(_row, byte_start, local_start): each distinct match start as a character offset in its sentence.

    The characters between one start and the next are counted and summed, so every byte of a sentence is read
    once however many matches it holds (counting each start from the sentence's beginning read it once per
    match)."""
    starts = positions.select("_row", "byte_start").unique().sort("_row", "byte_start")
    previous = pl.col("byte_start").shift(1, fill_value=0).over("_row")
    between = (
        searched.gather(starts["_row"])
        .cast(pl.Binary)
        .to_frame("searched")
        .with_columns(starts)
        .select(
            "_row",
            "byte_start",
            gap=pl.col("searched").bin.slice(previous, pl.col("byte_start") - previous).cast(pl.String),
        )
    )
    return between.select(
        "_row", "byte_start", local_start=pl.col("gap").str.len_chars().cum_sum().over("_row").cast(pl.Int32)
    )


def keep_leftmost_longest(matches: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Resolve overlapping spans within each ``by`` group: the leftmost span wins, then the longest.

    Rows that share the winning span are all kept (one span may name several candidates). A span is kept
    when it starts at or after the furthest end among earlier spans of its group; this equals greedy
    leftmost-longest except in chains of three partial overlaps, which literal phrase lists hardly produce.
    """
    if matches.is_empty():
        return matches
    spans = (
        matches.select(*by, "local_start", "local_end")
        .unique()
        .sort(*by, "local_start", pl.col("local_end"), descending=[False] * len(by) + [False, True])
        .with_columns(reach=pl.col("local_end").cum_max().shift(1).over(by))
        .filter(pl.col("reach").is_null() | (pl.col("local_start") >= pl.col("reach")))
        .drop("reach")
    )
    return matches.join(spans, on=[*by, "local_start", "local_end"], how="semi", nulls_equal=True)


def drop_covered(matches: pl.DataFrame, covers: pl.DataFrame) -> pl.DataFrame:
    """Drop matches lying inside a span of ``covers`` in the same sentence (stop phrases, longer names)."""
    if matches.is_empty() or covers.is_empty():
        return matches
    keys = ["doc_id", "sentence_idx"]
    covered = (
        matches.select(*keys, "local_start", "local_end")
        .unique()
        .join(covers.select(*keys, cover_start="local_start", cover_end="local_end"), on=keys)
        .filter(
            (pl.col("cover_start") <= pl.col("local_start"))
            & (pl.col("local_end") <= pl.col("cover_end"))
            & ((pl.col("local_end") - pl.col("local_start")) < (pl.col("cover_end") - pl.col("cover_start")))
        )
        .select(*keys, "local_start", "local_end")
        .unique()
    )
    return matches.join(covered, on=[*keys, "local_start", "local_end"], how="anti")
