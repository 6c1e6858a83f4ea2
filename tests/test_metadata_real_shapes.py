"""Metadata shapes found wrong on real stored pages read by eye (issue #21, part 2): each test is built from short
hand-written lines in the style of those pages (no real page copied); `bench.metadata`'s "eye" split measures them
as whole pages."""

import datetime

import pytest
from test_clean import replay

from pipeline.clean.chrome import ChromeRule
from pipeline.clean.scrape import clean_text
from pipeline.core.constants import CleanStep

_KO_BODY = (
    "정부는 관계 부처 회의를 열고 대응 방안을 논의했다고 7일 밝혔다. 회의에는 차관들이 참석했다.",
    "정부는 다음 주 추가 대책을 발표할 예정이라고 덧붙였다.",
)
_EN_BODY = (
    "Japan and South Korea agreed on Friday to resume regular visits by their leaders, officials said on Friday.",
    "The agreement follows talks between the two foreign ministers.",
)


def _clean(*lines: str):
    return clean_text("\n".join(lines))


def _removed(article) -> dict[str, str]:
    return {edit.before.strip(): edit.rule for edit in article.edits if edit.step is CleanStep.CHROME}


# --- titles -----------------------------------------------------------------------------------------------------


def test_korean_skip_links_and_photo_labels_are_never_the_headline() -> None:
    # a two-word headline is taken only where nothing else is: the skip links and the label used to come first
    article = _clean("본문바로가기 메뉴바로가기", "뉴스 사진", "예산안 표류", *_KO_BODY)
    assert article.title == "예산안 표류"
    assert _removed(article)["본문바로가기 메뉴바로가기"] is ChromeRule.SKIP_LINK


def test_a_series_kicker_above_a_quoted_headline_is_not_the_headline() -> None:
    article = _clean("흔들리는 동맹 : 한미관계", "“동맹 균열, 이제 시작일 뿐”", "김민수기자", *_KO_BODY)
    assert (article.title, article.byline) == ("“동맹 균열, 이제 시작일 뿐”", "김민수")


def test_a_related_list_is_no_headline_but_a_lone_dashed_headline_is() -> None:
    related = ["- Oregon Senate passes housing bill", "- Storm cuts power to thousands in Ohio"]
    article = _clean(*related, "Tokyo and Seoul agree to resume shuttle diplomacy", *_EN_BODY)
    assert article.title == "Tokyo and Seoul agree to resume shuttle diplomacy"
    article = _clean(
        "KBS WORLD", "- WAGE TALKS COLLAPSE AFTER A WEEK", "Written: 2023-05-07 15:12", *_EN_BODY
    )
    assert article.title == "- WAGE TALKS COLLAPSE AFTER A WEEK"


def test_a_caption_and_a_section_word_above_the_headline_are_read_past() -> None:
    article = _clean(
        "Protesters gather outside the ministry in Tokyo on Friday. Photo: AFP",
        "Japan",
        "Tokyo and Seoul agree to resume shuttle diplomacy",
        "TOKYO (AFP) - " + _EN_BODY[0],
        _EN_BODY[1],
    )
    assert (article.title, article.outlet, article.dateline) == (
        "Tokyo and Seoul agree to resume shuttle diplomacy",
        "AFP",
        "TOKYO",
    )


# --- bylines ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("[정치부 박지은 인턴기자]", "박지은"),  # a desk signing in brackets
        ("최은비기자", "최은비"),  # no space before the role
        ("글 : 다나카 히로시", "다나카 히로시"),  # "글 :" = text by, a foreign name in Hangul
    ],
)
def test_korean_credit_lines_under_the_headline(credit: str, names: str) -> None:
    assert _clean("정부, 추가 대책 마련 착수", credit, "등록일 : 2023.05.07", *_KO_BODY).byline == names


@pytest.mark.parametrize(
    "lines",
    [
        # the anchor hands over at the end of the lead
        [
            "정부, 추가 대책 마련 착수",
            "정부가 추가 대책 마련에 나섰습니다. 윤서진 기자가 전해드립니다.",
            *_KO_BODY,
        ],
        # the sign-in on a line of its own after the lead
        [
            "정부, 추가 대책 마련 착수",
            "정부가 추가 대책 마련에 나섰습니다.",
            "윤서진 기자가 보도합니다.",
            *_KO_BODY,
        ],
    ],
)
def test_a_broadcast_sign_in_gives_the_reporter(lines: list[str]) -> None:
    assert _clean(*lines).byline == "윤서진"


def test_reuters_closing_credit_is_the_reporters_not_the_editors() -> None:
    article = _clean(
        "South Korea, Japan hold security talks",
        "SEOUL, Aug 16 (Reuters) - " + _EN_BODY[0],
        _EN_BODY[1],
        "(Reporting by Mina Cho and Daniel Park; Editing by Tom Reed)",
    )
    assert (article.byline, article.outlet, article.dateline) == ("Mina Cho; Daniel Park", "Reuters", "SEOUL")


def test_a_photo_credit_is_no_byline() -> None:
    assert _clean("정부, 추가 대책 마련 착수", "ⓒ정민호", *_KO_BODY).byline is None


# --- outlets and datelines --------------------------------------------------------------------------------------


def test_a_wire_bracket_on_its_own_line_gives_outlet_and_dateline() -> None:
    body = (
        "韓国政府は16日、日本との局長級協議を来月開くと発表した。協議はソウルで行う。",
        "外交省が明らかにした。",
    )
    article = _clean("日韓、局長級協議を来月開催", "【ソウル共同】", *body)
    assert (article.outlet, article.dateline, article.byline) == ("Kyodo News", "ソウル", None)
    article = _clean("日韓、局長級協議を来月開催", "【ソウル＝中村健】", *body)
    assert (article.outlet, article.dateline, article.byline) == (None, "ソウル", "中村健")


def test_a_government_broadcaster_masthead_and_a_support_prompt_name_the_outlet() -> None:
    assert _clean("KTV 국민방송", "정부, 추가 대책 마련 착수", *_KO_BODY).outlet == "KTV"
    prompt = "좋은 기사였다면 오마이뉴스를 후원해 주세요"
    assert _clean("정부, 추가 대책 마련 착수", *_KO_BODY, prompt).outlet == "OhmyNews"
    # in the body, a sentence naming an outlet is no evidence
    quoting = "오마이뉴스를 구독하는 독자들이 늘었다고 관계자가 말했다. 이들은 후원도 늘었다고 전했다."
    assert _clean("정부, 추가 대책 마련 착수", quoting, *_KO_BODY).outlet is None


# --- dates ------------------------------------------------------------------------------------------------------


def test_a_scrapers_date_prefix_dates_the_page_and_goes_as_an_edit() -> None:
    first = "外務省は16日、韓国との対話を続ける方針を明らかにした。外相が記者会見で述べた。"
    text = "date 2025-08-16 " + first + "\n\n外相は関係改善に意欲を示した。"
    article = clean_text(text)
    assert article.published_date == datetime.date(2025, 8, 16)
    assert article.text.split("\n\n")[0] == first
    assert _removed(article)["date 2025-08-16"] is ChromeRule.TIMESTAMP
    chrome = [edit for edit in article.edits if edit.step is CleanStep.CHROME]
    assert replay(text, chrome) == article.text  # nothing lost: the edit restores the prefix
    # "date" opening a sentence is no prefix
    assert (
        clean_text("date night ideas are back in Seoul this year, a survey found on Monday.").published_date
        is None
    )


@pytest.mark.parametrize(
    ("stamp", "date", "time"),
    [
        ("国際 韓国 2025年8月16日 10:09 ツイート シェア ブックマーク 印刷", "2025-08-16", "10:09"),
        ("등록일 : 2023.05.07", "2023-05-07", None),
        ("August 16, 2025 7:08pm", "2025-08-16", "19:08"),
    ],
)
def test_timestamp_lines_as_real_pages_print_them(stamp: str, date: str, time: str | None) -> None:
    article = _clean("Tokyo and Seoul agree to resume shuttle diplomacy", stamp, *_EN_BODY)
    assert article.published_date == datetime.date.fromisoformat(date)
    assert article.published_time == (datetime.time.fromisoformat(time) if time else None)
    assert _removed(article)[stamp] is ChromeRule.TIMESTAMP


def test_a_photos_date_is_never_the_publication_date() -> None:
    caption = "式典で手を振る参加者たち＝ソウル市内で2019年3月1日、山本一郎撮影"
    body = (
        "韓国で1日、独立運動を記念する式典が開かれ、大統領が演説した。参加者は数千人に上った。",
        "式典は1時間続いた。",
    )
    article = _clean("独立運動の記念式典　ソウルで開催", caption, *body)
    assert article.published_date is None
    # the caption ends in its photographer's credit: it goes as a caption credit (the issue: captions and credits
    # go), never as the page's timestamp
    assert caption not in article.text.split("\n\n")
    assert _removed(article)[caption] is ChromeRule.CAPTION
    # a photographer's bare dated credit goes, as a caption credit, and dates nothing
    article = _clean("정부, 추가 대책 마련 착수", "ⓒ정민호2023.03.13", *_KO_BODY)
    assert article.published_date is None
    assert _removed(article)["ⓒ정민호2023.03.13"] is ChromeRule.CAPTION
