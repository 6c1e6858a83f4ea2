"""Properties of cleaning, segmentation and tagging on hostile text (Hypothesis).

Inputs mix real sentences (the clean samples in ``raw/`` and, where present, BBC News from ../shared/corpora)
with what scrapes really carry: C0/C1 controls, NUL, U+2028/U+2029, combining marks, right-to-left text and
marks, emoji sequences, CJK, zero-width characters, 100,000-character tokens, very long lines and runs of
blank lines.

Contract for lone surrogates (``\\ud800``): they can only come from a JSON ``\\u`` escape (bytes cannot hold
one), and ingest must replace or quarantine them, so no stage after ingest ever sees one (Polars cannot even
hold one). The stages are tested on every other code point; the ingest path is tested on the escapes.

Example counts are sized for a busy 2-core machine (the whole file in about a minute); set
``NEWSETL_PROPERTY_PROFILE=deep`` for a ten times longer hunt. Hypothesis keeps failing examples in
``.hypothesis/`` (git-ignored) and replays them first; on CI (``CI=true``) the examples are derandomized.
Every bug these properties found is pinned below as an explicit ``@example`` and a plain test.
"""

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
from conftest import CLEAN_SAMPLES, SHARED
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsetl.cli import _clean_path
from pipeline.clean.articles import Article, articles_frame, clean_records
from pipeline.clean.scrape import clean_text, normalize_unicode, normalize_whitespace
from pipeline.core.constants import CleanStep
from pipeline.despin.restore import despin
from pipeline.ingest.records import RawRecord, read_records
from pipeline.reference.gazetteer import load_entities
from pipeline.segment.sentences import MAX_SENTENCE_CHARS, split_sentences
from pipeline.stages.documents import (
    issue_rows,
    name_rows,
    numeric_rows,
    paragraph_rows,
    quote_rows,
    sentence_rows,
)
from pipeline.stages.mentions import entity_mention_rows
from pipeline.tag.entities.discover import entities_from_names
from pipeline.tag.numbers import find_numbers
from pipeline.tag.quotes import find_quotes

# --- settings --------------------------------------------------------------------------------------------

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
#: ``NEWSETL_PROPERTY_PROFILE=deep`` runs ten times the examples (a longer hunt on a developer's machine).
_SCALE = 10 if os.environ.get("NEWSETL_PROPERTY_PROFILE") == "deep" else 1


def budget(examples: int) -> settings:
    """Per-test settings: ``examples`` (ten times that when deep), no deadline (the machine is shared and
    busy), and on CI the same examples every run, so a run never fails on an input the previous one lacked."""
    return settings(
        deadline=None,
        max_examples=examples * _SCALE,
        suppress_health_check=_HEALTH,
        derandomize=os.environ.get("CI") == "true",
    )


# --- real text -------------------------------------------------------------------------------------------


def _sentences_of(text: str) -> list[str]:
    return [
        line[start:end] for line in text.splitlines() if line.strip() for start, end in split_sentences(line)
    ]


@cache
def real_sentences() -> tuple[str, ...]:
    """Sentences of the clean samples (the spun 004_ left out) and of every 10th BBC News article."""
    found = [s for path in CLEAN_SAMPLES for s in _sentences_of(path.read_text(encoding="utf-8"))]
    bbc = SHARED / "corpora" / "bbc_news_2225" / "bbc_news.jsonl"
    if bbc.is_file():
        with bbc.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number % 10 == 0:
                    article = json.loads(line)
                    found += [article["title"], *_sentences_of(article["text"])]
    return tuple(dict.fromkeys(s for s in found if s.strip()))


# --- hostile text ----------------------------------------------------------------------------------------

#: Single characters scrapes carry that break naive text code.
HOSTILE_CHARS = [
    *"\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1c\x1d\x1e\x1f\x7f",  # C0 controls, NUL, DEL
    *"\x80\x85\x8d\x9b\x9f",  # C1 controls (U+0085 is NEL, a line break to str.splitlines)
    *"\u2028\u2029\r\t\v\f",  # line and paragraph separators, CR alone
    *"\u00a0\u2000\u2001\u2007\u202f\u3000",  # odd spaces (NFC rewrites U+2000 and U+2001)
    *"\u200b\u200c\u200d\u2060\ufeff\u00ad",  # zero-width characters and the soft hyphen
    *"\u0301\u0308\u0327\u0338\u20dd\u3099",  # combining marks
    *"\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\u061c",  # bidi controls
    *"\ufffd\ufffe\uffff\U0010ffff\U000e0001\ue000",  # replacement, non-characters, private use, tags
    *"ﬁİıßǅẞ\u0130\u1e9e",  # ligatures and letters whose case mapping changes length
    *"٣١٢۴５\u0bef",  # digits of other scripts
    *"“”‘’«»「」『』\"'.…!?。．！？",  # quote marks and sentence ends
]
#: Short runs of real writing in scripts and forms the pipeline must keep intact.
HOSTILE_SNIPPETS = [
    "مرحبا بالعالم، قال لي.",  # Arabic, right to left
    "שלום עולם.",  # Hebrew
    "‏Seoul‏ ‮drawkcab‬",  # RTL marks around Latin words
    "👍🏽 👨‍👩‍👧‍👦 🇯🇵🇰🇷 ❤️",  # emoji: skin tone, ZWJ family, flags, variation selector
    "e\u0301 a\u0308 \u1100\u1161\u11a8 ka\u3099",  # decomposed accents, jamo, kana with a voicing mark
    "한국과 일본은 2026. 1. 13. 독도 문제를 논의했다.",
    "高市首相は「協力を深める。」と述べた。",
    "“We will work together on this,” Lee said.",
    "”Peace is not given,” Ishiba said. “Act now.”",
    "Lee Jae-myung met Takaichi Sanae in Nara on Feb. 3, 1942.",
    "The U.S. paid $1.13bn (£600m), up 15% from 2025.",
    ". . . . ...,” he said.",
    "1. First\n2. Second\n3. Third",
    "© 2026 Yonhap. All rights reserved.",
    "Go to contents",
    "Share this article",
    "Posted : 2026-01-13 10:01",
]
#: Lines a scraper picks up around an article (``pipeline.clean.chrome``), some only removed at the page's edges.
CHROME_LINES = [
    "Go to contents",
    "Share this article",
    "Advertisement",
    "Related articles",
    "News | Diplomacy | East Asia",
    "Diplomacy",
    "Photo: Yonhap",
    "Credit: Office of the President, ROK",
    "(Yonhap pool photo)",
    "Posted : 2026-01-13 10:01",
    "Subscribe now to read the full story",
    "Already a subscriber? Log in to continue reading.",
    "Send your comments to news@example.com",
    "© 2026 Yonhap. All rights reserved.",
    "By Kim Eun-jung",
]
SEPARATORS = [
    " ",
    "  ",
    "",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u2028",
    "\u2029",
    "\x85",
    " \n \n",
]


def _repeat(unit: str, times: int) -> str:
    return unit * times


#: What a huge input repeats: word characters without a space, marks, emoji, dots, zero-width characters.
_HUGE_UNITS = ["a", "國", "\u0301", "e\u0301", "😀", ".", "a.", "-", "\u200b", "Lee", "\n", "\n\n "]


def huge(max_size: int, units: list[str] = _HUGE_UNITS) -> st.SearchStrategy[str]:
    """A huge input built by repetition (Hypothesis would not draw 100,000 characters in one piece)."""
    return st.builds(_repeat, st.sampled_from(units), st.integers(min_value=1_000, max_value=max_size))


#: Through the whole chain, huge tokens stay at 5,000 characters and leave emoji out: two costs still grow
#: with the square of a token (``pipeline/reference/outlets.py``'s e-mail and URL regexes on unspaced words or dots:
#: 100,000 × "a" 38 CPU s, 100,000 × "." 34 s; VADER on a 1,000-character sentence of emoji: 9 s). The
#: 100,000-character tokens go through the functions that take them linearly (``test_text_functions_...``).
CHAIN_HUGE = huge(5_000, [unit for unit in _HUGE_UNITS if unit != "😀"])
#: One very long line of real sentences (a scrape that lost its line breaks).
long_line = st.builds(
    lambda sentences, times: " ".join(sentences) * times,
    st.lists(st.sampled_from(real_sentences()), min_size=1, max_size=4),
    st.integers(min_value=10, max_value=200),
)
#: Any code point a decoded text can hold: everything but the surrogates (see the module docstring).
any_char = st.characters(exclude_categories=["Cs"])


#: A real sentence shaped as a headline: its final stop dropped or turned into an ellipsis.
headline = st.builds(
    lambda s, end: s.rstrip(".") + end, st.sampled_from(real_sentences()), st.sampled_from(["", "...", "…"])
)


@st.composite
def real_with_hostile(draw, max_pieces: int = 12) -> str:
    """Real sentences and hostile characters, snippets or random text, joined by varied line breaks."""
    piece = st.one_of(
        st.sampled_from(real_sentences()),
        st.sampled_from(HOSTILE_CHARS),
        st.sampled_from(HOSTILE_SNIPPETS),
        st.sampled_from(CHROME_LINES),
        headline,
        st.text(any_char, max_size=12),
        # A real sentence with hostile characters put inside it.
        st.builds(
            lambda s, c, at: s[: at % (len(s) + 1)] + c + s[at % (len(s) + 1) :],
            st.sampled_from(real_sentences()),
            st.sampled_from(HOSTILE_CHARS),
            st.integers(min_value=0, max_value=400),
        ),
    )
    pieces = draw(st.lists(piece, min_size=1, max_size=max_pieces))
    # Pages repeat their headline (share cards, image alt text) and carry chrome between paragraphs.
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        extra = draw(st.one_of(st.sampled_from(pieces), st.sampled_from(CHROME_LINES), headline))
        pieces.insert(draw(st.integers(min_value=0, max_value=len(pieces))), extra)
    text = pieces[0]
    for part in pieces[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return text


@st.composite
def scraped_page(draw) -> str:
    """A page as a scraper saves it: chrome, a headline, paragraphs with chrome and hostile text between
    them, copies of the headline, a footer."""
    title = draw(headline)
    body = draw(st.lists(st.one_of(st.sampled_from(real_sentences()), real_with_hostile(3)), max_size=8))
    chrome = st.lists(st.sampled_from(CHROME_LINES), max_size=3)
    lines = [*draw(chrome), title, *body, *draw(chrome)]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        extra = draw(st.one_of(st.just(title), st.sampled_from(CHROME_LINES)))
        lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), extra)
    text = lines[0]
    for line in lines[1:]:
        text += draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\n\n"])) + line
    return text


#: Mostly realistic hostile text, sometimes with a huge token or a very long line in it.
hostile_text = st.one_of(
    real_with_hostile(),
    scraped_page(),
    real_with_hostile(),
    scraped_page(),
    st.builds(
        lambda a, b, c: a + b + c,
        real_with_hostile(4),
        st.one_of(CHAIN_HUGE, long_line),
        real_with_hostile(4),
    ),
)


# --- the clean path and the per-document stages -----------------------------------------------------------


def clean_one(text: str, title: str | None = None) -> Article | None:
    """The clean stage on one record (``newsetl clean`` minus decoding); None when it was quarantined.
    ``title`` is a structured title (a JSON record's, a page's <title>)."""
    articles, emptied = clean_records([RawRecord("doc", "doc.jsonl", 1, text, "json", title=title)])
    assert len(articles) + len(emptied) == 1  # nothing lost
    return articles[0] if articles else None


@dataclass
class Tables:
    text: str
    paragraphs: pl.DataFrame
    sentences: pl.DataFrame
    entity_mentions: pl.DataFrame
    issue_mentions: pl.DataFrame
    numbers: pl.DataFrame
    quotes: pl.DataFrame


def run_stages(article: Article) -> Tables:
    """Every per-document stage on one cleaned article, through the same ``pipeline.stages`` functions the assets
    call (no cache)."""
    articles = articles_frame([article])
    paragraphs, _ = paragraph_rows(articles, None)
    sentences, _ = sentence_rows(paragraphs, articles, None)
    gazetteer = load_entities()
    entities = pl.concat([gazetteer, entities_from_names(name_rows(sentences, None, gazetteer)[0])])
    mentions, _ = entity_mention_rows(sentences, entities, articles, None)
    documents = articles.select("doc_id", "text")
    quotes, _ = quote_rows(documents, sentences, mentions, entities, None)
    return Tables(
        article.text,
        paragraphs,
        sentences,
        mentions,
        issue_rows(sentences, None)[0],
        numeric_rows(sentences, None)[0],
        quotes,
    )


# --- never crash -------------------------------------------------------------------------------------------


@budget(100)
@given(st.one_of(hostile_text, st.text(any_char), huge(100_000)))
@example("a" * 100_000)
@example("\u0301" * 100_000)
def test_text_functions_take_any_text(text):
    """Normalization, sentence splitting, numbers and quotations on their own, 100,000-character tokens
    included: spans inside the text, sentences within the length cap."""
    normalized, _ = normalize_whitespace(normalize_unicode(text)[0])
    # Paragraphs end up separated by exactly one blank line, with nothing around them or the text.
    assert normalized == normalized.strip() and "\r" not in normalized
    assert all(len(run) == 2 for run in re.findall("\n+", normalized))
    spans = split_sentences(text)
    assert all(0 <= a < b <= len(text) and b - a <= MAX_SENTENCE_CHARS for a, b in spans)
    for kind, start, end, *_ in find_numbers(text):
        assert 0 <= start < end <= len(text), kind
    for quote in find_quotes(text):
        assert 0 <= quote.start <= quote.end <= len(text)


def test_a_run_of_combining_marks_is_cut_at_the_cap():
    """Found with 100,000 combining marks: the hard cut moved back over marks to keep them with their letter,
    found none, and cut one mark a piece (99,000 one-character sentences, 16 s)."""
    assert split_sentences("\u0301" * 5_000) == [(n, n + 1_000) for n in range(0, 5_000, 1_000)]
    text = "e\u0301" * 600  # a letter and its accent are never cut apart
    assert [b for _, b in split_sentences(text)] == [1_000, 1_200]


# --- idempotence -------------------------------------------------------------------------------------------


@budget(100)
@given(st.one_of(hostile_text, st.text(any_char)))
def test_unicode_and_whitespace_normalization_are_idempotent(text):
    once, _ = normalize_unicode(text)
    assert normalize_unicode(once) == (once, [])
    spaced, _ = normalize_whitespace(once)
    assert normalize_whitespace(spaced) == (spaced, [])


@st.composite
def page_and_title(draw) -> tuple[str, str | None]:
    """Hostile text and the structured title a record may carry: none, one of its lines, or another."""
    text = draw(hostile_text)
    lines = [line for line in text.split("\n") if line.strip()]
    title = draw(st.one_of(st.none(), st.sampled_from(lines) if lines else st.none(), headline))
    return text, title


#: Found by ``test_clean_text_is_idempotent``: a headline that reads like a sentence (a structured title
#: says which line it is) was taken for body where the notice is judged, so the notice was kept, then the
#: headline's copy was removed; cleaning the result found the notice at the page's edge and removed it.
_HEADLINE = "Leaders meet in Nara to talk about trade and history again."
HEADLINE_COPY_AROUND_NOTICE = (
    f"{_HEADLINE}\n\nSubscribe now to read the full story\n\n{_HEADLINE}",
    _HEADLINE,
)


def test_a_notice_above_a_copy_of_the_headline_is_judged_once():
    text, title = HEADLINE_COPY_AROUND_NOTICE
    once = clean_text(text, title=title)
    assert once.text == _HEADLINE
    assert clean_text(once.text, title=title).edits == ()


def _spans(blocks) -> list[tuple[int, int]]:
    return [(block.char_start, block.char_end) for block in blocks]


@budget(60)
@given(page_and_title())
@example(HEADLINE_COPY_AROUND_NOTICE)
def test_clean_text_is_idempotent(page):
    """Cleaning its own output changes nothing (``clean_text``'s docstring promises it): the same text, no
    edit, the same blocks. A block's kind may read removed lines (a caption above a photo credit, a dek set
    apart by chrome), so kinds are compared where the first pass removed nothing."""
    text, title = page
    once = clean_text(text, title=title)
    again = clean_text(once.text, title=title)
    assert again.text == once.text
    assert again.edits == ()
    assert _spans(again.blocks) == _spans(once.blocks)
    if not any(edit.step == CleanStep.CHROME for edit in once.edits):
        assert again.blocks == once.blocks


@budget(30)
@given(page_and_title())
@example(HEADLINE_COPY_AROUND_NOTICE)
def test_clean_stage_is_idempotent(page):
    """The article cleaner (clean, then de-spin) run on its own output makes no edit: the text, blocks and
    restorations it gives are final."""
    text, title = page
    once = clean_one(text, title)
    if once is None:
        return
    again = clean_one(once.text, title)
    assert again is not None
    assert again.text == once.text
    assert again.edits == ()
    assert _spans(again.blocks) == _spans(once.blocks)


def newsetl_clean(data: bytes) -> list[str]:
    """What ``newsetl clean FILE`` prints for a ``.txt`` file holding ``data`` (its own code path)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(data)
        articles, _ = _clean_path(str(path))
    return [article.text for article in articles]


@budget(25)
@given(hostile_text)
def test_newsetl_clean_prints_text_that_cleans_to_itself(text):
    """``newsetl clean`` (decode, clean, de-spin) on a file holding what it printed prints the same text."""
    printed = newsetl_clean(text.encode("utf-8"))
    if printed:
        assert newsetl_clean(printed[0].encode("utf-8")) == printed


# --- the whole chain: offsets --------------------------------------------------------------------------------


def _check_segments(tables: Tables) -> dict[int, tuple[int, int]]:
    """Paragraphs and sentences slice back out of the text, in order, each sentence inside its paragraph, and
    nothing but whitespace is left out; returns each sentence's span."""
    text = tables.text
    paragraph_span = {}
    for idx, para_text, start, end in tables.paragraphs.select(
        "paragraph_idx", "text", "char_start", "char_end"
    ).iter_rows():
        assert text[start:end] == para_text
        paragraph_span[idx] = (start, end)
    spans = {}
    previous_end = 0
    for idx, para, sentence, start, end in tables.sentences.select(
        "sentence_idx", "paragraph_idx", "text", "char_start", "char_end"
    ).iter_rows():
        assert text[start:end] == sentence
        assert sentence and sentence == sentence.strip()
        para_start, para_end = paragraph_span[para]
        assert para_start <= start < end <= para_end
        assert start >= previous_end
        previous_end = end
        spans[idx] = (start, end)
    assert "".join("".join(tables.sentences["text"]).split()) == "".join(text.split())
    return spans


def _check_inside(frame: pl.DataFrame, spans: dict, text: str, surface: str) -> None:
    """Every mention lies inside its sentence and its offsets slice its surface out of the document."""
    for idx, start, end, written in frame.select(
        "sentence_idx", "char_start", "char_end", surface
    ).iter_rows():
        sentence_start, sentence_end = spans[idx]
        assert sentence_start <= start < end <= sentence_end, (idx, written)
        assert text[start:end] == written


@budget(30)
@given(hostile_text)
@example("\x00")
@example("\u2028\u2029\x85" * 3 + "Lee said.\n" + "\n" * 5000)
@example("—" * 100_000 + "\n\nLee Jae-myung met Takaichi in Nara.")
@example("Lee Jae-myung met Takaichi. " * 4000)
def test_stages_take_hostile_text_and_keep_offsets(text):
    """Clean, paragraphs, sentences (spin, tone), names, entity and issue mentions, numbers and quotes never
    crash, and every span they give slices back to its text inside its sentence."""
    article = clean_one(text)
    if article is None:
        return
    tables = run_stages(article)
    spans = _check_segments(tables)
    assert tables.sentences["tone"].is_between(-1, 1).all()
    assert tables.sentences["spin_score"].is_between(0, 1).all()
    _check_inside(tables.entity_mentions, spans, tables.text, "surface")
    _check_inside(tables.issue_mentions, spans, tables.text, "evidence")
    _check_inside(tables.numbers, spans, tables.text, "surface")
    for idx, start, end, quoted in tables.quotes.select(
        "sentence_idx", "char_start", "char_end", "text"
    ).iter_rows():
        assert tables.text[start:end] == quoted
        assert spans[idx][0] <= start < spans[idx][1] or start == end


# --- de-spinning -------------------------------------------------------------------------------------------


def _perturb_case(sentence: str, how: str) -> str:
    return {
        "as is": sentence,
        "lower": sentence.lower(),
        "upper": sentence.upper(),
        "title": sentence.title(),
        "first lower": sentence[:1].lower() + sentence[1:],
    }[how]


@st.composite
def clean_article(draw) -> str:
    """Real clean sentences, shuffled together, with case and whitespace perturbed: no spinner touched them."""
    sentences = draw(st.lists(st.sampled_from(real_sentences()), min_size=1, max_size=40))
    pieces = [
        _perturb_case(s, draw(st.sampled_from(["as is"] * 6 + ["lower", "upper", "title", "first lower"])))
        for s in sentences
    ]
    text = pieces[0]
    for piece in pieces[1:]:
        text += draw(st.sampled_from([" ", " ", "\n\n", "\n", "  ", "\t", "\u00a0", " \n "])) + piece
    return text


@budget(60)
@given(clean_article())
def test_despin_leaves_clean_text_alone(text):
    result = despin(text)
    assert result.edits == ()
    assert result.text == text


# --- ingest: lone surrogates from JSON escapes and HTML character references ---------------------------------

_SURROGATE_ESCAPES = ["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d"]
_FIELDS = ["text", "html", "title", "byline", "author", "outlet", "url", "id", "published"]


def _page(sentences: list[str]) -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<html><head><title>{sentences[0]}</title></head><body><article>{paragraphs}</article></body></html>"
    )


@st.composite
def scrape_object(draw) -> str:
    """One JSON object of a scrape, encoded, with lone-surrogate escapes put inside its string values."""
    fields = {}
    for name in draw(st.lists(st.sampled_from(_FIELDS), min_size=1, max_size=5, unique=True)):
        sentences = draw(st.lists(st.sampled_from(real_sentences()), min_size=1, max_size=4))
        fields[name] = _page(sentences) if name == "html" else " ".join(sentences)
    encoded = json.dumps(fields)
    for escape in draw(st.lists(st.sampled_from(_SURROGATE_ESCAPES), max_size=4)):
        # Right after the opening quote of a value: never inside an escape json.dumps wrote.
        value = encoded.find('": "', draw(st.integers(min_value=0, max_value=len(encoded))))
        value = value if value != -1 else encoded.find('": "')
        encoded = encoded[: value + 4] + escape + encoded[value + 4 :]
    return encoded


@st.composite
def scrape_file(draw) -> tuple[str, bytes, int]:
    """(file name, bytes, records it holds): a JSONL or JSON scrape with lone-surrogate escapes, or an HTML
    page with surrogate character references (``&#xd800;``)."""
    kind = draw(st.sampled_from(["jsonl", "json", "html"]))
    if kind == "html":
        sentences = draw(st.lists(st.sampled_from(real_sentences()), min_size=3, max_size=12))
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            at = draw(st.integers(min_value=0, max_value=len(sentences) - 1))
            sentences[at] += draw(st.sampled_from([" &#xd800; ", "&#55296;", "&#xDFFF;"]))
        return "page.html", _page(sentences).encode("utf-8"), 1
    objects = draw(st.lists(scrape_object(), min_size=1, max_size=3))
    if kind == "jsonl":
        return "scrape.jsonl", "\n".join(objects).encode("ascii") + b"\n", len(objects)
    return "scrape.json", f"[{', '.join(objects)}]".encode("ascii"), len(objects)


def _has_surrogate(value: object) -> bool:
    return isinstance(value, str) and any("\ud800" <= char <= "\udfff" for char in value)


@budget(30)
@given(scrape_file())
@example(("scrape.jsonl", b'{"text": "a\\ud800b Seoul."}\n', 1))
@example(("scrape.jsonl", b'{"text": "Lee met Ishiba.", "author": "Kim \\udc00"}\n', 1))
def test_lone_surrogates_stop_at_ingest(scrape):
    """Ingest never crashes on lone surrogates; each record is a record without one or a quarantine row with a
    reason, and the records it gives go through the clean stage and into a table."""
    name, data, expected = scrape
    records, quarantined = read_records(name, hashlib.sha256(data).hexdigest(), data)
    assert len(records) + len(quarantined) == expected  # nothing lost
    for row in quarantined:
        assert row.reason and row.detail
    for record in records:
        fields = (record.text, record.title, record.byline, record.outlet, record.url, record.doc_id)
        assert not any(map(_has_surrogate, fields)), record
    articles, _ = clean_records(records)
    assert articles_frame(articles).height == len(articles)
