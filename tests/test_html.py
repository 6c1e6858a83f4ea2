"""HTML input: the article body and its metadata out of a page, on handmade pages and on the Zyte benchmark."""

import codecs
import datetime as dt
import doctest
import json
from pathlib import Path

import pytest

import pipeline.ingest.html_extract
from pipeline.clean.articles import clean_records, edits_frame
from pipeline.core.constants import CleanStep, ParagraphKind, QuarantineReason
from pipeline.core.schemas import CleaningEdits
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.html_extract import RULE_EXTRACT_PRECISION, extract_article
from pipeline.ingest.records import read_records

SHA = "0" * 64
SHARED = Path(__file__).resolve().parents[2] / "shared"

PARAGRAPHS = (
    "Foreign ministers of South Korea and Japan met in Tokyo on Tuesday to prepare a summit planned for "
    "the spring, officials in both capitals said.",
    "The two sides discussed compensation for wartime forced labor, export controls on semiconductor "
    "materials and the release of treated water from the Fukushima plant.",
    "Seoul's foreign minister said after the talks that both governments wanted to keep shuttle diplomacy "
    "going regardless of domestic political pressure.",
    "Japanese officials said a date for the leaders' meeting would be announced once the agenda is agreed.",
)
CHROME = ("Home", "Politics", "Subscribe now", "Share on Facebook", "Tweet", "All rights reserved")

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Korea and Japan prepare spring summit | Harbor Daily</title>
<meta property="og:title" content="Korea and Japan prepare spring summit">
<meta property="og:site_name" content="Harbor Daily">
<meta name="author" content="Kim Min-ji">
<link rel="canonical" href="https://harbordaily.example/world/korea-japan-summit">
</head><body>
<header><a href="/">Harbor Daily</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/subscribe">Subscribe now</a></li></ul></nav></header>
<main><article>
<h1>Korea and Japan prepare spring summit</h1>
<p class="byline">By Kim Min-ji</p>
<time datetime="2026-01-14T09:30:00+09:00">January 14, 2026</time>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Stocks fall on rate fears</a></li>
<li><a href="/b">Weather: snow expected</a></li></ul></aside>
<footer><p>Harbor Daily. All rights reserved</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""

NO_ARTICLE_PAGE = """<html><head><title>Harbor Daily - Sections</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sports">Sports</a></li></ul></nav>
<footer><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""

KOREAN_PARAGRAPHS = (
    "한국과 일본 외교장관이 화요일 도쿄에서 만나 봄에 열릴 정상회담을 준비했다고 양국 관계자들이 밝혔다.",
    "양측은 강제징용 배상 문제와 반도체 소재 수출 규제, 후쿠시마 오염수 방류 문제를 논의했다.",
    "외교부 장관은 회담 뒤 국내 정치적 압력과 관계없이 셔틀 외교를 이어가겠다고 말했다.",
)
JAPANESE_PARAGRAPHS = (
    "日韓両国の外相は火曜日に東京で会談し、春に予定される首脳会談の準備を進めたと両国の関係者が明らかにした。",
    "双方は戦時中の徴用工への賠償問題や半導体材料の輸出管理、福島の処理水放出について協議した。",
    "韓国の外相は会談後、国内の政治的な圧力にかかわらずシャトル外交を続けたいと述べた。",
)


def _page(charset: str, title: str, paragraphs: tuple[str, ...]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{title}</h1>{body}</article>'
        "</body></html>"
    )


def test_news_page_keeps_every_paragraph_and_drops_the_chrome():
    article = extract_article(NEWS_PAGE)
    assert article is not None
    lines = article.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    for chrome in (*CHROME, "Most read", "Stocks fall on rate fears", "Privacy policy"):
        assert chrome not in article.text
    assert article.rule == RULE_EXTRACT_PRECISION


def test_news_page_metadata_lands_in_the_right_fields():
    article = extract_article(NEWS_PAGE)
    assert article.title == "Korea and Japan prepare spring summit"
    assert article.outlet == "Harbor Daily"
    assert article.byline == "Kim Min-ji"
    assert article.published == dt.date(2026, 1, 14)
    assert article.url == "https://harbordaily.example/world/korea-japan-summit"


def test_html_file_becomes_one_record_with_page_metadata_and_an_extract_edit():
    records, quarantined = read_records("world/summit.html", SHA, NEWS_PAGE.encode("utf-8"))
    assert not quarantined
    (record,) = records
    assert record.record is None and record.encoding == "utf-8"
    assert (record.title, record.outlet, record.published) == (
        "Korea and Japan prepare spring summit",
        "Harbor Daily",
        dt.date(2026, 1, 14),
    )
    assert record.url == "https://harbordaily.example/world/korea-japan-summit"
    assert record.text.split("\n")[0] == record.title
    (edit,) = [e for e in record.edits if e.step is CleanStep.EXTRACT]
    assert edit.char_start == 0 and f"{len(NEWS_PAGE):,} characters" in edit.before


def test_htm_suffix_is_read_too():
    records, quarantined = read_records("a.HTM", SHA, NEWS_PAGE.encode("utf-8"))
    assert len(records) == 1 and not quarantined


def test_page_without_an_article_is_quarantined_with_its_own_reason():
    assert extract_article(NO_ARTICLE_PAGE) is None
    records, quarantined = read_records("sections.html", SHA, NO_ARTICLE_PAGE.encode("utf-8"))
    assert not records
    assert quarantined[0].reason == QuarantineReason.NO_ARTICLE == "html_without_article"


@pytest.mark.parametrize(
    ("charset", "paragraphs"), [("EUC-KR", KOREAN_PARAGRAPHS), ("Shift_JIS", JAPANESE_PARAGRAPHS)]
)
def test_legacy_encoded_page_is_decoded_and_extracted(charset, paragraphs):
    data = _page(charset, paragraphs[0][:12], paragraphs).encode(charset)
    records, quarantined = read_records("page.html", SHA, data)
    assert not quarantined
    # decode.py spells Shift_JIS "shift_jis" or "shift-jis" depending on the path that found it.
    assert codecs.lookup(records[0].encoding).name == codecs.lookup(charset).name
    for paragraph in paragraphs:
        assert paragraph in records[0].text.split("\n")


def test_utf8_bytes_win_over_a_stale_charset_declaration():
    data = _page("windows-1252", "Summit", PARAGRAPHS).encode("utf-8").replace(b"Seoul's", "Seoul’s".encode())
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and "Seoul’s" in decoded.text


def test_jsonl_record_with_html_uses_the_page_and_json_fields_win():
    lines = [
        json.dumps(
            {"id": "p1", "html": NEWS_PAGE, "title": "Summit prepared", "url": "https://feed.example/1"}
        ),
        json.dumps({"id": "p2", "html": NO_ARTICLE_PAGE}),
        json.dumps({"id": "p3", "text": "Already extracted text wins over html.", "html": NEWS_PAGE}),
    ]
    records, quarantined = read_records("feed.jsonl", SHA, "\n".join(lines).encode())
    assert [(q.record, q.reason) for q in quarantined] == [(2, QuarantineReason.NO_ARTICLE)]
    first, third = records
    assert first.title == "Summit prepared" and first.url == "https://feed.example/1"
    assert first.outlet == "Harbor Daily" and first.published == dt.date(2026, 1, 14)
    assert first.encoding == "json" and PARAGRAPHS[1] in first.text
    assert third.text == "Already extracted text wins over html." and third.outlet is None


def test_end_to_end_read_and_clean():
    records, _ = read_records("world/summit.html", SHA, NEWS_PAGE.encode("utf-8"))
    articles, quarantined = clean_records(records)
    assert not quarantined
    (article,) = articles
    blocks = [(b.kind, article.text[b.char_start : b.char_end]) for b in article.blocks]
    assert blocks[0] == (ParagraphKind.HEADLINE, "Korea and Japan prepare spring summit")
    assert [text for kind, text in blocks if kind is ParagraphKind.BODY] == list(PARAGRAPHS)
    assert article.cleaned.outlet == "Harbor Daily"
    assert article.cleaned.published_date == dt.date(2026, 1, 14)
    edits = edits_frame(articles)
    CleaningEdits.validate(edits, lazy=True)
    assert edits["step"][0] == CleanStep.EXTRACT


def test_doctests():
    assert doctest.testmod(pipeline.ingest.html_extract).failed == 0


def test_our_extraction_beats_plain_trafilatura_on_the_benchmark():
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine (research-only corpora, not committed)")
    from bench.html_extraction import CORPUS, OURS, PLAIN, run

    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is not present on this machine")
    from bench.html_extraction import load_pages

    summary = run(load_pages())["summary"]
    assert summary[OURS]["f1"] >= summary[PLAIN]["f1"], summary
