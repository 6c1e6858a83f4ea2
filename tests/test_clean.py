"""clean_text on the five real samples and on small handmade inputs: chrome out, every sentence in, blocks
typed, metadata read only where stated, edits exact, and cleaning its own output a no-op."""

import datetime
import doctest
import unicodedata
from pathlib import Path

import pytest

import pipeline.clean.scrape
from pipeline.clean.recurring_lines import find_boilerplate_lines
from pipeline.clean.scrape import (
    CleanedArticle,
    clean_text,
    normalize_unicode,
    normalize_whitespace,
)
from pipeline.core.constants import CleanStep, ParagraphKind
from pipeline.core.edits import Edit
from pipeline.ingest.decode import decode_bytes

RAW = Path(__file__).parents[1] / "raw"
HEADLINE_003 = "A New Beginning for Japan-South Korea Relations – Again"

#: Per sample: the raw lines that are chrome (each must be gone, with an edit), and what the text states.
EXPECTED = {
    "000": {
        "chrome": [],
        "title": "Leaders meet, but enduring rifts remain in Japan-S. Korea ties",
        "dek": None,
        "byline": None,
        "dateline": "TOKYO/SEOUL",
        "published_date": None,
        "outlet": None,
    },
    "001": {
        "chrome": ["With your current subscription plan you can comment on stories."],
        "title": None,
        "dek": None,
        "byline": None,
        "dateline": None,
        "published_date": None,
        "outlet": "The Japan Times",
    },
    "002": {
        "chrome": ["Go to contents", "Posted January. 14, 2026 10:01,", "Updated January. 14, 2026 10:01"],
        "title": "Lee, Takaichi must advance stalled South Korea-Japan ties",
        "dek": None,
        "byline": None,
        "dateline": None,
        "published_date": datetime.date(2026, 1, 14),
        "outlet": "The Dong-A Ilbo",
    },
    "003": {
        "chrome": [
            "Tokyo Report",
            "Recent Features",
            "Tokyo Report | Diplomacy | East Asia",
            "Credit: Office of the President, ROK",
        ],
        "title": HEADLINE_003,
        "dek": "For both President Lee and Prime Minister Ishiba, domestic politics loomed large over a "
        "significant moment in the bilateral relationship.",
        "byline": None,
        "dateline": None,
        "published_date": None,
        "outlet": "The Diplomat",
    },
    "004": {
        "chrome": ["Please direct questions or feedback to [english@hani.co.kr]"],
        "title": None,
        "dek": None,
        "byline": "Shin Hyeong-cheol; Jang Ye-ji",  # the names alone; the credit line stays in the text
        "dateline": None,
        "published_date": None,
        "outlet": "The Hankyoreh",
    },
}


def _sample(prefix: str) -> str:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return decode_bytes(path.read_bytes()).text


def _tidy(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).split())


def _raw_lines(text: str) -> list[str]:
    return [_tidy(line) for line in text.splitlines() if line.strip()]


def _block_texts(article: CleanedArticle) -> list[tuple[ParagraphKind, str]]:
    return [(block.kind, article.text[block.char_start : block.char_end]) for block in article.blocks]


def replay(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.char_start, reverse=True):
        end = edit.char_start + len(edit.before)
        assert text[edit.char_start : end] == edit.before, edit
        text = text[: edit.char_start] + edit.after + text[end:]
    return text


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def sample(request: pytest.FixtureRequest) -> tuple[str, str, CleanedArticle]:
    raw = _sample(request.param)
    return request.param, raw, clean_text(raw)


# --- the five samples ---------------------------------------------------------------------------------------


def test_chrome_is_gone_and_each_removal_is_an_edit(sample: tuple[str, str, CleanedArticle]) -> None:
    name, _, article = sample
    removed = [_tidy(edit.before) for edit in article.edits if edit.step is CleanStep.CHROME]
    kept_lines = set(article.text.split("\n\n"))
    for chrome in EXPECTED[name]["chrome"]:
        assert not any(line.startswith(chrome) for line in kept_lines), chrome
        assert any(before.startswith(chrome) for before in removed), chrome


def test_every_article_sentence_is_kept(sample: tuple[str, str, CleanedArticle]) -> None:
    name, raw, article = sample
    kept = [_tidy(line) for line in article.text.split("\n\n")]
    for line in _raw_lines(raw):
        if any(line.startswith(chrome) for chrome in EXPECTED[name]["chrome"]):
            continue
        assert line in kept, line
    # Nothing is lost: the kept lines and the removed lines together are the input's lines.
    removed = [_tidy(edit.before) for edit in article.edits if edit.step is CleanStep.CHROME]
    assert sorted(kept + removed) == sorted(_raw_lines(raw))


def test_headline_kept_once(sample: tuple[str, str, CleanedArticle]) -> None:
    _, _, article = sample
    if article.title is not None:
        assert article.text.split("\n\n").count(article.title) == 1
        assert article.text.startswith(article.title + "\n\n")
        assert article.blocks[0].kind is ParagraphKind.HEADLINE
    assert _sample("003").count(HEADLINE_003) == 3


@pytest.mark.parametrize("field", ["title", "dek", "byline", "dateline", "published_date", "outlet"])
def test_metadata_where_stated_and_none_where_not(
    sample: tuple[str, str, CleanedArticle], field: str
) -> None:
    name, _, article = sample
    assert getattr(article, field) == EXPECTED[name][field]


def test_dateline_stays_in_the_text() -> None:
    article = clean_text(_sample("000"))
    assert article.text.split("\n\n")[1].startswith("TOKYO/SEOUL -- South Korean President")


def test_block_offsets_slice_the_text(sample: tuple[str, str, CleanedArticle]) -> None:
    _, _, article = sample
    pieces = [article.text[block.char_start : block.char_end] for block in article.blocks]
    assert "\n\n".join(pieces) == article.text
    assert all(piece and piece == piece.strip() and "\n" not in piece for piece in pieces)


def test_idempotent(sample: tuple[str, str, CleanedArticle]) -> None:
    _, _, article = sample
    again = clean_text(article.text)
    assert again.text == article.text
    assert again.edits == ()
    assert [block.kind for block in again.blocks] == [block.kind for block in article.blocks]


def test_edits_replay_step_by_step(sample: tuple[str, str, CleanedArticle]) -> None:
    _, raw, article = sample
    text = raw
    for step in (CleanStep.UNICODE, CleanStep.WHITESPACE, CleanStep.CHROME):
        text = replay(text, [edit for edit in article.edits if edit.step is step])
    assert text == article.text


def test_block_kinds_000() -> None:
    kinds = _block_texts(clean_text(_sample("000")))
    assert kinds[0][0] is ParagraphKind.HEADLINE
    headings = [text for kind, text in kinds if kind is ParagraphKind.HEADING]
    assert headings == ["Diverging signals", "Territorial dispute remains", "Historical issues unresolved"]
    assert {kind for kind, _ in kinds[1:]} == {ParagraphKind.BODY, ParagraphKind.HEADING}


def test_block_kinds_003() -> None:
    kinds = _block_texts(clean_text(_sample("003")))
    assert [kind for kind, _ in kinds[:4]] == [
        ParagraphKind.HEADLINE,
        ParagraphKind.DEK,
        ParagraphKind.CAPTION,
        ParagraphKind.BODY,
    ]
    assert kinds[2][1].startswith("South Korean President Lee Jae-myung (left) and Japanese Prime Minister")
    assert {kind for kind, _ in kinds[3:]} == {ParagraphKind.BODY}


def test_block_kinds_004() -> None:
    kinds = _block_texts(clean_text(_sample("004")))
    assert kinds[0][0] is ParagraphKind.CAPTION and kinds[0][1].endswith("(pool picture)")
    assert kinds[-1] == (
        ParagraphKind.BYLINE,
        "By Shin Hyeong-cheol, employees reporter; Jang Ye-ji, employees reporter",
    )
    inside = kinds[1:-1]
    assert {kind for kind, _ in inside} == {ParagraphKind.BODY, ParagraphKind.QUOTE}
    # Quotation paragraphs open with a quote mark ("“If you intervene …,” Lee said").
    assert all(text[0] in "“”" for kind, text in inside if kind is ParagraphKind.QUOTE)


@pytest.mark.parametrize(("name", "quotations"), [("001", 7), ("002", 0)])
def test_block_kinds_plain(name: str, quotations: int) -> None:
    kinds = [kind for kind, _ in _block_texts(clean_text(_sample(name)))]
    expected_first = ParagraphKind.HEADLINE if EXPECTED[name]["title"] else ParagraphKind.BODY
    assert kinds[0] is expected_first
    assert set(kinds[1:]) <= {ParagraphKind.BODY, ParagraphKind.QUOTE}
    assert kinds[1:].count(ParagraphKind.QUOTE) == quotations


def test_arguments_fill_and_override_metadata() -> None:
    article = clean_text(
        _sample("001"), title="Lee and Ishiba meet", outlet="Wire", published=datetime.date(2025, 8, 24)
    )
    assert (article.title, article.outlet, article.published_date) == (
        "Lee and Ishiba meet",
        "Wire",
        datetime.date(2025, 8, 24),
    )
    assert article.blocks[0].kind is ParagraphKind.BODY  # the title is not in the text: nothing is invented


# --- handmade inputs ----------------------------------------------------------------------------------------


def test_crlf_and_cr_line_endings() -> None:
    article = clean_text("Leaders meet\r\n\r\nThey talked.\rThey agreed.\r\n")
    assert article.text == "Leaders meet\n\nThey talked.\n\nThey agreed."
    rules = {edit.rule for edit in article.edits}
    assert {"line_ending", "paragraph_break", "trailing_whitespace"} <= rules


def test_no_break_and_zero_width_characters() -> None:
    text, edits = normalize_unicode("Posted 10:01,\u00a0\u00a0\u00a0\nSeo\u200bul and To\ufeffkyo\u2060.")
    assert text == "Posted 10:01,   \nSeoul and Tokyo."
    assert [(edit.rule, edit.before, edit.after, edit.char_start) for edit in edits] == [
        ("no_break_space", "\u00a0\u00a0\u00a0", "   ", 13),
        ("zero_width", "\u200b", "", 20),
        ("zero_width", "\ufeff", "", 30),
        ("zero_width", "\u2060", "", 34),
    ]


def test_nfc_is_an_edit() -> None:
    decomposed = "Cafe\u0301 in Seoul; 한국".replace("한국", unicodedata.normalize("NFD", "한국"))
    article = clean_text(decomposed)
    assert article.text == "Café in Seoul; 한국"
    assert {edit.rule for edit in article.edits} == {"nfc"}
    assert replay(decomposed, list(article.edits)) == article.text


def test_blank_line_runs_and_edges() -> None:
    text, edits = normalize_whitespace("\n\n  Title  \n\n\n\n\nBody one.   \n \n\t\nBody two.\n\n\n")
    assert text == "Title\n\nBody one.\n\nBody two."
    assert [edit.rule for edit in edits] == [
        "leading_whitespace",
        "blank_lines",
        "blank_lines",
        "trailing_whitespace",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Leaders meet in Nara\n\n“We agreed,” Lee said — and Takaichi smiled.",
        "Café owners in Séoul welcomed the “reset” – and the ½-price fares.",
        "日本と韓国の首脳は奈良県で会談した。\n\n한국과 일본의 정상은 회담을 열었다.",
        "By contrast, issues such as compensation remain contentious between the two sides.",
        "The company said subscriptions rose. Readers can contact the newsroom for details, it added.\n\n"
        "Analysts expect more growth next year as the market matures.",
    ],
)
def test_clean_text_is_left_alone(text: str) -> None:
    article = clean_text(text)
    assert article.text == text
    assert article.edits == ()


def test_notice_words_inside_the_body_are_kept() -> None:
    text = (
        "Netflix raised prices.\n\nWith the new subscription plan you can comment on stories, the firm said, "
        "and viewers reacted angrily.\n\nAnalysts said the increase would slow subscriber growth this year."
    )
    assert clean_text(text).text == text


def test_everything_chrome_leaves_no_text_but_keeps_edits() -> None:
    article = clean_text("Go to contents\n\nAdvertisement\n\nShare | Tweet | Email")
    assert article.text == "" and article.blocks == ()
    assert replay("Go to contents\n\nAdvertisement\n\nShare | Tweet | Email", list(article.edits)) == ""


def test_boilerplate_lines_from_the_corpus_are_chrome() -> None:
    footer = "Follow the Seoul bureau for daily updates from the peninsula"
    documents = [
        f"Story {topic} headline\n\nReporters covered the {topic} in detail today.\n\n{footer}"
        for topic in ("summit", "election", "budget", "typhoon")
    ]
    boilerplate = find_boilerplate_lines(documents)
    assert boilerplate == frozenset({footer})
    article = clean_text(documents[0], boilerplate=boilerplate)
    assert footer not in article.text
    assert [edit.rule for edit in article.edits if edit.step is CleanStep.CHROME] == ["corpus_boilerplate"]


def test_duplicate_articles_do_not_make_boilerplate() -> None:
    story = "Leaders meet\n\nLee and Takaichi met in Nara on Tuesday.\n\nThey agreed to cooperate."
    copies = [story, story + "\n\nShare", story.replace("Tuesday", "Tue."), "Another story\n\nIt rained."]
    assert find_boilerplate_lines(copies, min_documents=3, min_share=0.5) == frozenset()


def test_find_boilerplate_on_samples_finds_nothing() -> None:
    texts = [_sample(name) for name in sorted(EXPECTED)]
    assert find_boilerplate_lines(texts) == frozenset()


def test_doctests() -> None:
    assert doctest.testmod(pipeline.clean.scrape).failed == 0


WIRE = (
    "Showers continued throughout the week in\n"
    "the Bahia cocoa zone, alleviating the drought since early\n"
    "January and improving prospects for the coming temporao,\n"
    "although normal humidity levels have not been restored,\n"
    "Comissaria Smith said in its weekly review.\n"
    "    The dry period means the temporao will be late this year.\n"
    "    Arrivals for the week ended February 22 were 155,221 bags\n"
    "of 60 kilos making a cumulative total for the season of 5.93\n"
    "mln against 5.81 at the same stage last year.\n"
    " Reuter\n"
)


def test_hard_wrapped_wire_copy_is_unwrapped_into_its_paragraphs():
    from pipeline.clean.scrape import RULE_UNWRAP

    article = clean_text(WIRE)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Showers continued throughout the week in the Bahia cocoa zone,")
    assert paragraphs[0].endswith("Comissaria Smith said in its weekly review.")
    assert paragraphs[1] == "The dry period means the temporao will be late this year."
    assert paragraphs[2].endswith(
        "of 60 kilos making a cumulative total for the season of 5.93 mln against 5.81 at the same stage last year."
    )
    assert paragraphs[-1] == "Reuter"  # the sign-off stays its own line, never glued to the story
    unwraps = [e for e in article.edits if e.rule == RULE_UNWRAP]
    assert len(unwraps) == 6 and all(e.after == " " for e in unwraps)
    assert clean_text(article.text).edits == ()


def test_one_paragraph_per_line_and_tables_are_not_unwrapped():
    from pipeline.clean.scrape import is_hard_wrapped

    table = "Shr 16 cts vs 14 cts\n    Net 954,000 vs 777,000\n    Revs 24.7 mln vs 21.5 mln\n" * 3
    assert not is_hard_wrapped(table)
    from conftest import SAMPLE_FILES

    for path in SAMPLE_FILES:
        assert not is_hard_wrapped(path.read_text(encoding="utf-8")), path.name


def test_reuters_wire_copy_keeps_every_word_when_unwrapped():
    import json
    import re

    from conftest import shared_corpus

    corpus = shared_corpus("reuters21578") / "reuters21578.jsonl"
    checked = 0
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line).get("body")
            if not body:
                continue
            article = clean_text(body)
            removed = " ".join(e.before for e in article.edits if e.step == "chrome")
            words = re.findall(r"\S+", body)
            assert sorted(re.findall(r"\S+", article.text + " " + removed)) == sorted(words)
            checked += 1
            if checked == 500:
                break
