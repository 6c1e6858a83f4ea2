"""Chrome rules line by line (what they catch and what they must leave), and the metadata readers."""

import datetime
import doctest

import pytest

import pipeline.clean.chrome
import pipeline.clean.metadata
from pipeline.clean.chrome import ChromeRule, find_chrome, line_rule, section_path
from pipeline.clean.metadata import dateline, detect_outlet, find_date, is_byline, published_date


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to main content", ChromeRule.SKIP_LINK),
        ("Go to contents", ChromeRule.SKIP_LINK),
        ("Back to top", ChromeRule.NAVIGATION),
        ("Most Read", ChromeRule.SECTION_BANNER),
        ("Related Articles", ChromeRule.SECTION_BANNER),
        ("You may also like", ChromeRule.SECTION_BANNER),
        ("Politics | Diplomacy | East Asia", ChromeRule.SECTION_PATH),
        ("News › World › Asia", ChromeRule.SECTION_PATH),
        ("Share | Tweet | Email | Print", ChromeRule.SHARE),
        ("Share on Facebook", ChromeRule.SHARE),
        ("ADVERTISEMENT", ChromeRule.ADVERTISEMENT),
        ("Story continues below advertisement", ChromeRule.ADVERTISEMENT),
        ("Subscribe now to read the full story.", ChromeRule.SUBSCRIPTION),
        ("Already a subscriber? Log in to continue reading.", ChromeRule.SUBSCRIPTION),
        ("Send your news tips and feedback to desk@example.co.kr", ChromeRule.CONTACT),
        ("[newsroom@example.com]", ChromeRule.CONTACT),
        ("© 2026 Example Media. All rights reserved.", ChromeRule.COPYRIGHT),
        ("Copyright 2025 Example News. This material may not be redistributed.", ChromeRule.COPYRIGHT),
        ("Photo credit: Yonhap", ChromeRule.PHOTO_CREDIT),
        ("Credit: Office of the President, ROK", ChromeRule.PHOTO_CREDIT),
        ("Photo by Kim Min-ji", ChromeRule.PHOTO_CREDIT),
        ("Posted January. 14, 2026 10:01,", ChromeRule.TIMESTAMP),
        ("Updated: 2025-08-23 18:05 KST", ChromeRule.TIMESTAMP),
        ("Published 14 January 2026", ChromeRule.TIMESTAMP),
        # article tools printed as bullets, Korean ones included (#21)
        ("• 트위터", ChromeRule.SHARE),
        ("• 페이스북", ChromeRule.SHARE),
        ("• 기사목록", ChromeRule.SHARE),
        ("• 프린트", ChromeRule.SHARE),
        ("• 스크랩", ChromeRule.SHARE),
        ("• 글자 크게", ChromeRule.SHARE),
        ("• 글자 작게", ChromeRule.SHARE),
        ("• Link copied", ChromeRule.SHARE),
        ("print dictionary print", ChromeRule.SHARE),
        ("ABC Brightcove Video", ChromeRule.ADVERTISEMENT),
        ("[PR]", ChromeRule.ADVERTISEMENT),
        ("배너 닫기", ChromeRule.NAVIGATION),
        ("전체메뉴 닫기", ChromeRule.NAVIGATION),
        # a Korean copyright notice behind a stray prefix
        ("img_cdn 저작권자 © 예시일보 무단전재 및 재배포 금지", ChromeRule.COPYRIGHT),
    ],
)
def test_chrome_lines(line: str, rule: ChromeRule) -> None:
    assert line_rule(line) is rule


@pytest.mark.parametrize(
    "line",
    [
        "Diverging signals",
        "Leaders meet, but enduring rifts remain in Japan-S. Korea ties",
        "Lee lands in Tokyo | Seoul reacts",  # two parts: could be a headline, not a path
        "Updated figures show exports rose 5% in December.",  # "Updated" without a date
        "Share prices in Seoul rose after the summit.",
        "By contrast, issues such as compensation remain contentious.",
        "Readers can contact the newsroom for details, the paper said.",
        "Photographs of the summit were widely shared online, officials noted.",
        "The copyright dispute between the two broadcasters is unresolved.",
        "South Korean President Lee Jae-myung (left) and Japanese Prime Minister Ishiba Shigeru attend.",
        "글자 크기를 두고 논란이 크게 일었다.",  # article-tool words inside a sentence
        "Print editions were copied and shared widely, the publisher said.",
        "회의는 닫힌 문 뒤에서 열렸다.",
    ],
)
def test_article_lines_are_not_chrome(line: str) -> None:
    assert line_rule(line) is None


def test_section_path_parts() -> None:
    assert section_path("Tokyo Report\u00a0|\u00a0 Diplomacy\u00a0|\u00a0 East Asia") == (
        "Tokyo Report",
        "Diplomacy",
        "East Asia",
    )
    assert section_path("Japan | Korea | trade talks stall.") == ()


def test_section_label_needs_the_path_as_evidence() -> None:
    lines = [
        "Tokyo Report",
        "Headline here",
        "Tokyo Report | Diplomacy | East Asia",
        "Body text goes on and on.",
    ]
    assert find_chrome(lines) == {0: ChromeRule.SECTION_LABEL, 2: ChromeRule.SECTION_PATH}
    assert find_chrome(["Tokyo Report", "Headline here", "Body text goes on and on."]) == {}


def test_edge_only_rules_fire_at_the_edges_only() -> None:
    notice = "Subscribe now to read the full story."
    body = "Lee and Takaichi agreed to strengthen cooperation on supply chains and security."
    assert find_chrome([body, notice]) == {1: ChromeRule.SUBSCRIPTION}
    assert find_chrome([notice, body]) == {0: ChromeRule.SUBSCRIPTION}
    assert find_chrome([body, notice, body]) == {}


def test_boilerplate_matches_by_key() -> None:
    lines = ["Headline", "FOLLOW  the bureau", "Body text that goes on for a while here."]
    assert find_chrome(lines, boilerplate=frozenset({"Follow the bureau"})) == {1: ChromeRule.BOILERPLATE}
    assert find_chrome(lines, boilerplate=None) == {}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Posted January. 14, 2026 10:01,", datetime.date(2026, 1, 14)),
        ("Aug. 23, 2025", datetime.date(2025, 8, 23)),
        ("Sept 3rd 2025", datetime.date(2025, 9, 3)),
        ("23 August 2025", datetime.date(2025, 8, 23)),
        ("2026.01.14 09:00", datetime.date(2026, 1, 14)),
        ("February 30, 2026", None),
        ("in 1965 and 1998", None),
    ],
)
def test_find_date(text: str, date: datetime.date | None) -> None:
    assert find_date(text) == date


def test_published_prefers_posted_over_updated() -> None:
    lines = ["Updated January. 15, 2026 08:00", "Posted January. 14, 2026 10:01,"]
    assert published_date(lines) == datetime.date(2026, 1, 14)
    assert published_date(["Updated January. 15, 2026 08:00"]) == datetime.date(2026, 1, 15)
    assert published_date([]) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Shin Hyeong-cheol, staff reporter; Jang Ye-ji, staff reporter", True),
        ("By JULIAN RYALL", True),
        ("Written by Kim Min-ji", True),
        ("By contrast, issues such as compensation remain contentious.", False),
        ("By Monday, both governments had agreed to resume talks.", False),
        ("By comparison, Takaichi Sanae makes regular visits to Yasukuni Shrine.", False),
        ("Bystanders watched the motorcade", False),
    ],
)
def test_is_byline(line: str, expected: bool) -> None:
    assert is_byline(line) is expected


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("TOKYO/SEOUL -- South Korean President Lee Jae-myung paid a visit", "TOKYO/SEOUL"),
        ("SEOUL, Jan. 13 (Yonhap) -- President Lee said", "SEOUL"),
        ("NEW YORK — The dollar rose", "NEW YORK"),
        ("South Korean President Lee Jae-myung paid a visit", None),
        ("US -- short acronyms are not places", None),
    ],
)
def test_dateline(paragraph: str, place: str | None) -> None:
    assert dateline(paragraph) == place


def test_detect_outlet() -> None:
    assert detect_outlet(["Please direct questions or feedback to [english@hani.co.kr]"]) == "The Hankyoreh"
    assert detect_outlet(["Recent Features"]) == "The Diplomat"
    assert detect_outlet(["https://www.koreaherald.com/view.php?ud=1"]) == "The Korea Herald"
    assert detect_outlet(["Go to contents", "Advertisement"]) is None
    # Conflicting evidence is not resolved by guessing.
    assert detect_outlet(["desk@hani.co.kr", "help@donga.com"]) is None


@pytest.mark.parametrize("module", [pipeline.clean.chrome, pipeline.clean.metadata])
def test_doctests(module) -> None:
    assert doctest.testmod(module).failed == 0
