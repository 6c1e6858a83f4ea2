"""Split paragraphs into sentences: a regex finds every possible end, a few rules throw out the false ones.

Every ``.``, ``!``, ``?``, ellipsis and CJK full stop is a candidate; the words on either side decide.
That keeps the common case (one regex scan) fast, and each rule names the news habit it protects:
``Feb. 3, 1942``, ``U.S. President``, ``Japan-S. Korea``, ``2.5%``, ``...,” Lee said.``. Offsets are kept
throughout, so a sentence can always be sliced back out of its document.

**Length cap.** No sentence is longer than ``MAX_SENTENCE_CHARS`` (1,000) characters. Text with no sentence
punctuation (a scrape without full stops, Korean or Japanese written without them) would otherwise be one
sentence as long as its paragraph, and every later stage that reads a sentence as a unit (tone, tagging, names)
would cost the square of it. A longer sentence is cut into pieces, each as long as it can be within the cap:
a piece ends after the last clause mark (``,`` ``;`` ``:`` ``、`` ``，`` and dashes) in the second half of
its 1,000 characters, or else at the last whitespace in them, or else, in text with no spaces (Japanese,
Chinese), right at 1,000 characters. The whitespace at a cut belongs to no piece, as between any two sentences,
so the pieces still slice back out of the text exactly and cover all its non-space characters. Real news
sentences are far shorter (the longest of BBC News's 41,721 is 1,063 characters; 27 of Reuters's 124,000 pass
1,000, mostly tables).
"""

import re
import unicodedata

import polars as pl

from pipeline.core.schemas import Sentences, polars_schema

# Titles and other words that are always followed by the thing they qualify: never a sentence end.
_PREPOSITIVE = frozenset(
    """mr mrs ms messrs mmes dr prof gov sen rep gen col lt sgt capt cpl adm maj cmdr brig rev hon pres
    supt insp atty amb sec st mt ft rt fr sr sra srta esq vs v e.g i.e cf viz approx""".split()
)
# Abbreviations that announce a number: "No. 1", "p. 55", "Fig. 3", "N°. 1026", "Rs. 3520".
_BEFORE_NUMBER = frozenset(
    """no nos n° nº p pp vol vols fig figs art ch chap sec para op tel ext ed eds rs""".split()
)
# Month abbreviations qualify a date ("Feb. 3"); full names only escape a split before a number, since
# "in late October. Lee stressed" ends a sentence but scraped "January. 14, 2026" does not.
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_MONTHS = _MONTH_ABBREVIATIONS | frozenset(
    "january february march april may june july august september october november december".split()
)
# Weekday abbreviations qualify the date they precede ("Tue. Jan. 13-14", "Wed. 14"); elsewhere "Sat." and
# "Wed." are as likely the verbs, so they stay ordinary words.
_WEEKDAY_ABBREVIATIONS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
# Abbreviations that may end a sentence ("Briggs & Co. It closed") as well as sit inside one
# ("Samsung Electronics Co. Chairman"): they end it only when a typical sentence opener follows.
_AMBIGUOUS = frozenset(
    """co corp inc ltd llc plc jr bros etc al dept univ assn ave blvd rd est min max mins hrs yrs""".split()
)
# Words that open sentences but rarely follow an abbreviation inside a name ("U.S. How" vs "U.S. Army").
_SENTENCE_OPENERS = frozenset(
    """I It It's Its He She We They You The This That These Those There Their His Her Our My A An But And
    So Yet Or If When While As At In On Of For With By From After Before Since Although Though Because
    However Meanwhile Still Then Now Here What Why How Who Where Which Did Do Does Is Are Was Were Will
    Would Can Could Should Many Some Most Both Such Not All Also Other Another Each Every No Last Next
    Under Over During Despite""".split()
)

_TERMINAL = re.compile(
    r"""(?P<punct>
        \.(?:[ \u00a0]\.){2,}        # spaced ellipsis ". . ." (maybe with a full stop: ". . . .")
      | [.…]{2,} | …                 # "...", "....", "…"
      | [!?！？‼⁇⁈⁉][!?！？.。]*       # "!", "?!", "??"
      | [。．｡][。！？!?]*            # CJK full stops
      | \.
    )
    (?P<close>[”"’'」』）)\]»›]*)       # closing quotes and brackets stay with the sentence they close
    """,
    re.VERBOSE,
)
_CJK_STOPS = frozenset("。．｡！？")
# A Japanese quotation closed by 」 and continued by the quoting particle と/って is one sentence:
# 「ありがとう。」と述べた。 So is an exclamation or question quoted without marks: なぜ？と思った。
_JA_QUOTE_PARTICLES = frozenset("とっ")
_OPENERS = "“\"‘'([「『«‹¿¡"
# Korean and Japanese text often runs on with no space after a full stop ("나선다.9일", "会談した.次は"): after a
# Hangul, kana or kanji word, ".", "!" or "?" followed directly by such a letter, a digit, a capital or an
# opening quote ends the sentence. A digit before the mark ("1.2조", "3.5%") never does, nor a lower-case letter
# after it ("네이버.com"), and a full stop needs a word of two letters before it: one syllable is a country
# in a list whose middle dots were scraped as full stops ("한.일 정상", "韓.日").
_CJK_CLASS = "\uac00-\ud7a3\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_LETTER = re.compile(f"[{_CJK_CLASS}]")
_RUN_ON_NEXT = re.compile(f"[{_CJK_CLASS}0-9A-Z{re.escape(_OPENERS)}]")
# A Korean quotation closed by ” and continued by its quoting particle is one sentence too: “좋다.”고 말했다.
_KO_QUOTE_PARTICLE = re.compile(
    r"(?:이?라(?:고|는|며|면서|니)|이?란|하(?:고|는|며|면서)|고|며|는)(?=[\s,.]|$)"
)
_NEXT_WORD = re.compile(r"[^\s.,;:!?”\"’)]*")
_WORD_TAIL = re.compile(r"[A-Za-z°º.]*$")
_NUMBER = re.compile(r"[$€£¥₩]?\d[\d,.]*%?")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
# Korean dates are written "2026. 1. 13." and carry on into the sentence ("2026. 1. 13. 열렸다").
_KOREAN_DATE = re.compile(
    r"(?<!\d)\d{4}\.[ \u00a0]?\d{1,2}\.[ \u00a0]?\d{1,2}\.(?=[ \u00a0]?[\uac00-\ud7a3(])"
)
#: The longest sentence, in characters (see the module docstring: how a longer one is cut).
MAX_SENTENCE_CHARS = 1_000
#: A cut after a clause mark is taken only in the second half of the cap, so pieces are not needlessly short.
_CLAUSE_END = re.compile(r"(?:[,;:]|\s[-–—]+)(?=\s)|[、，；：]")
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_BULLETS = "•⁃▪◦‣"
_BULLET = re.compile(rf"(?<=\s)[{_BULLETS}]")
# "1.", "1)", "1.)", "a." opening a list item; only trusted at the start or after a bullet, or when the
# paragraph holds a run of them (1, 2, 3 ...), since "He was 17. The" looks the same.
_LIST_MARKER = re.compile(rf"(?<![^\s{_BULLETS}])(?P<label>\d{{1,2}}|[a-z])(?P<sep>\.\)|\)|\.)(?=\s)")


def _list_markers(text: str) -> tuple[set[int], set[int]]:
    """Return (positions of list-marker periods that end nothing, positions to split before)."""
    found = list(_LIST_MARKER.finditer(text))
    if not found:
        return set(), set()
    in_run: set[int] = set()
    for prev, cur in zip(found, found[1:], strict=False):
        if prev.group("sep") == cur.group("sep") and _successor(prev.group("label"), cur.group("label")):
            in_run.update((prev.start(), cur.start()))
    no_split: set[int] = set()
    split_before: set[int] = set()
    for m in found:
        head = m.start()  # end of the text before the marker, spaces left out
        while head > 0 and text[head - 1].isspace():
            head -= 1
        bullet = head > 0 and text[head - 1] in _BULLETS
        if m.start() not in in_run and not ((head == 0 or bullet) and m.group("label").isdigit()):
            continue
        if "." in m.group("sep"):
            no_split.add(m.start() + len(m.group("label")))
        item = _next_word(text, m.end())
        # Inline enumerations ("cooperation: 1) enhancing ...; 2) increasing ...") are one sentence;
        # only items that read as sentences of their own ("2) The second item") are cut apart.
        if m.start() > 0 and item[:1].isupper():
            split_before.add(head - 1 if bullet else m.start())
    return no_split, split_before


def _successor(a: str, b: str) -> bool:
    if a.isdigit() and b.isdigit():
        return int(b) == int(a) + 1
    return len(a) == len(b) == 1 and a.isalpha() and ord(b) == ord(a) + 1


def _token_before(text: str, end: int) -> str:
    start = end
    # Scanning back by hand: a regex anchored at `end` would rescan the paragraph from its start.
    while start > 0 and end - start < 64 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _next_word(text: str, pos: int) -> str:
    """The word after ``pos`` with leading spaces and opening quotes/brackets removed."""
    rest = text[pos : pos + 40].lstrip().lstrip(_OPENERS)
    return _NEXT_WORD.match(rest).group(0)


def _ends_sentence(text: str, m: re.Match[str]) -> int | None:
    """Where the sentence ends if the candidate ``m`` is a real boundary, else None."""
    punct, end = m.group("punct"), m.end()
    if punct[0] in _CJK_STOPS:
        quoted = m.group("close") or punct[0] in "！？"
        if quoted and end < len(text) and text[end] in _JA_QUOTE_PARTICLES:
            return None
        return end
    if end == len(text):
        return end
    if not text[end].isspace():
        if (punct == "." or punct[0] in "!?") and _after_cjk_word(text, m):
            return _run_on_end(text, m)
        # "2.5%", "U.S.-China", "Jr.'s", "example.com", "...see": punctuation inside a token.
        return None
    nxt = _next_word(text, end)
    if not nxt:
        return end
    first = nxt[0]
    if first.islower() or not first.isalnum() and first not in "$€£¥₩":
        # "voila! -- you have", "Fig. ??": a sentence opens with a word, a number or an amount.
        return None
    before = _token_before(text, m.start()).lstrip(_OPENERS)
    if "." in punct[1:] or "…" in punct:
        return _ellipsis_end(text, m, before, nxt)
    # After a closing quote the quotation has ended; a closing bracket still needs the word before it read,
    # or "미국(U.S.) 정부는" would end at the initialism.
    if punct != "." or m.group("close")[-1:] not in ("", ")", "]", "）"):
        return end
    return end if _period_ends(before, nxt) else None


def _after_cjk_word(text: str, m: re.Match[str]) -> bool:
    """Whether the mark ``m`` follows a Hangul, kana or kanji word (two letters of one before a full stop)."""
    letters = 2 if m.group("punct") == "." else 1
    start = m.start()
    return start >= letters and all(_CJK_LETTER.match(text, i) for i in range(start - letters, start))


def _run_on_end(text: str, m: re.Match[str]) -> int | None:
    """Decide a full stop, ``!`` or ``?`` after a CJK word with no space after it ("나선다.9일")."""
    end = m.end()
    if not _RUN_ON_NEXT.match(text, end):
        return None
    # A quoting particle continues a quotation or an exclamation: “좋다.”고, 왜?라는, まさか!と.
    if (m.group("close") or m.group("punct")[0] in "!?") and (
        text[end] in _JA_QUOTE_PARTICLES or _KO_QUOTE_PARTICLE.match(text, end)
    ):
        return None
    return end


def _ellipsis_end(text: str, m: re.Match[str], before: str, nxt: str) -> int | None:
    punct = m.group("punct")
    dots = punct.count(".") + 3 * punct.count("…")
    spaced = " " in punct or "\u00a0" in punct
    if text[max(m.start() - 1, 0)] == "[" and m.group("close").startswith("]"):
        return None  # "[...]" marks words left out of a quotation
    if dots >= 4 and spaced and before:
        # "compounds. . . . The": the first dot ends the sentence, the ellipsis opens the next one.
        return m.start() + 1
    if dots >= 4:
        return m.end()
    # A three-dot ellipsis before a capital ends the sentence, except before "I" ("is . . . I didn't").
    return None if nxt == "I" or nxt.startswith("I’") or nxt.startswith("I'") else m.end()


def _period_ends(before: str, nxt: str) -> bool:
    """Decide a single full stop followed by a space and a word that is not lower-case."""
    tail = _WORD_TAIL.search(before).group(0).strip(".")
    key = tail.lower()
    next_is_number = nxt[0].isdigit() or nxt[0] in "$€£¥₩"
    if key in _PREPOSITIVE:
        return False
    if next_is_number and (key in _BEFORE_NUMBER or key in _MONTHS or len(tail) == 1):
        return False  # "No. 1", "Feb. 3, 1942", "p. 55"
    if key in _WEEKDAY_ABBREVIATIONS and (next_is_number or nxt.lower() in _MONTHS):
        return False  # "Tue. Jan. 13-14", "Wed. 14"
    if next_is_number and _NUMBER.fullmatch(before):
        return False  # Korean-style dates "2026. 1. 14." and version-like runs
    if len(tail) == 1 and tail.isalpha() and tail == before.split("-")[-1].rstrip("."):
        # Initials ("J. R. R. Tolkien", "Japan-S. Korea") unless a sentence plainly starts ("you and I. Did").
        return nxt in _SENTENCE_OPENERS
    if _INITIALISM.fullmatch(tail) or key in _AMBIGUOUS or key in _MONTH_ABBREVIATIONS:
        return nxt in _SENTENCE_OPENERS  # "U.S. How" ends, "U.S. Government" and "a.m. Mr." do not
    if key in _BEFORE_NUMBER and len(tail) > 1:
        return nxt in _SENTENCE_OPENERS
    return True


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Return ``[start, end)`` offsets of the sentences in ``text``, without surrounding whitespace.

    ``language`` is accepted for the rules that will differ by language; the current rules already read
    the script (Korean ``다.``, Japanese ``。``) from the text itself.

    >>> t = "Lee arrived on Feb. 3, 1942. He met Takaichi."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Lee arrived on Feb. 3, 1942.', 'He met Takaichi.']
    """
    del language  # reserved: see docstring
    cuts: set[int] = set()
    no_split, split_before = _list_markers(text)
    for date in _KOREAN_DATE.finditer(text):
        no_split.update(i for i in range(date.start(), date.end()) if text[i] == ".")
    cuts.update(split_before)
    cuts.update(m.start() for m in _BULLET.finditer(text))
    for m in _TERMINAL.finditer(text):
        if m.start() in no_split:
            continue
        end = _ends_sentence(text, m)
        if end is not None:
            cuts.add(end)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        if cut <= start:
            continue
        piece = text[start:cut]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.extend(cap_length(text, start + left, start + right))
        start = cut
    return spans


def cap_length(text: str, start: int, end: int, cap: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Cut the span ``[start, end)`` of ``text`` (no surrounding whitespace) into spans of at most ``cap``
    characters, by the rule of the module docstring; a span within the cap comes back as it is.

    >>> t = "one, two three"
    >>> [t[s:e] for s, e in cap_length(t, 0, len(t), cap=9)]
    ['one, two', 'three']
    """
    spans: list[tuple[int, int]] = []
    while end - start > cap:
        # One character more than the cap: a space right after it is a clean cut too.
        window = text[start : start + cap + 1]
        cut = _clause_cut(window, cap) or _space_cut(window) or _hard_cut(window, cap)
        piece_end = start + cut
        while text[piece_end - 1].isspace():
            piece_end -= 1
        spans.append((start, piece_end))
        start += cut
        while text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
    return spans


def _clause_cut(window: str, cap: int) -> int | None:
    """The end of the last clause mark in the second half of the cap, if there is one."""
    last = None
    for last in _CLAUSE_END.finditer(window, cap // 2, cap):  # noqa: B007 - the last match is the one wanted
        pass
    return None if last is None else last.end()


def _space_cut(window: str) -> int | None:
    """The position of the last whitespace after the window's first character, if there is one."""
    m = _UP_TO_LAST_SPACE.match(window, 1)
    return None if m is None else m.end() - 1


def _hard_cut(window: str, cap: int) -> int:
    """``cap``, moved back before any combining marks so a letter keeps its accents."""
    cut = cap
    while cut > 1 and unicodedata.combining(window[cut]):
        cut -= 1
    # A window of nothing but marks has no letter to keep them with: moving back would cut one mark a piece.
    return cap if unicodedata.combining(window[cut]) else cut


#: The published `sentences` but for the scores later stages add (``despin.sentence_spin``, ``tag.tone``).
_SENTENCE_SCHEMA = pl.Schema(
    {name: dtype for name, dtype in polars_schema(Sentences).items() if name not in ("spin_score", "tone")}
)


def sentences_frame(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence; offsets index the document text, and no sentence crosses a paragraph.

    ``paragraphs`` needs doc_id, paragraph_idx, text, char_start (the paragraph's offset in the document)
    and language. ``sentence_idx`` counts from 0 within each document, in reading order.
    """
    ordered = paragraphs.select("doc_id", "paragraph_idx", "text", "char_start", "language").sort(
        "doc_id", "paragraph_idx"
    )
    columns: dict[str, list] = {name: [] for name in _SENTENCE_SCHEMA}
    current_doc, idx = None, 0
    for doc_id, paragraph_idx, text, para_start, language in ordered.iter_rows():
        if doc_id != current_doc:
            current_doc, idx = doc_id, 0
        for start, end in split_sentences(text or "", language or "und"):
            columns["doc_id"].append(doc_id)
            columns["sentence_idx"].append(idx)
            columns["paragraph_idx"].append(paragraph_idx)
            columns["text"].append(text[start:end])
            columns["char_start"].append(para_start + start)
            columns["char_end"].append(para_start + end)
            idx += 1
    return pl.DataFrame(columns, schema=_SENTENCE_SCHEMA)
