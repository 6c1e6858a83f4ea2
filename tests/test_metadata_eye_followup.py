"""Metadata shapes still read wrong on real stored pages after #21 part 2 (the follow-up): each test is built
from short hand-written lines in the shape that reproduced the miss (no real page copied)."""

from pipeline.clean.scrape import clean_text

_KO_ANCHOR = (
    "김민호 앵커>",
    "양국 외교장관 회담이 조금 전에 끝났는데요.",
    "외교부 연결해 현장 상황 알아보겠습니다.",
    "이수진 기자",
    "네, 그렇습니다.",
    "두 장관은 회담 결과를 차례로 발표할 예정입니다.",
)


def _clean(*lines: str):
    return clean_text("\n\n".join(lines))


def test_a_promo_banner_of_links_is_neither_lead_nor_headline() -> None:
    # The banner's run of links ends in ")" and used to read as the lead, which left the header with only the
    # banner's close button: the title was "배너 닫기", and the masthead and the date were never reached.
    article = _clean(
        "본문바로가기 메뉴바로가기",
        "배너 닫기",
        "정부 출범 1주년 성과·과제 정책이슈 바로가기 청년 일자리 정책 관련 영상보기 2024 KTV 국민영상제(제3회)",
        "본문",
        "KTV 국민방송",
        "한일 외교장관회담 종료···잠시후 공동발표",
        "특별생방송 수시방송",
        "한일 외교장관회담 종료···잠시후 공동발표",
        "등록일 : 2023.06.12",
        *_KO_ANCHOR,
    )
    assert (article.title, article.outlet, str(article.published_date)) == (
        "한일 외교장관회담 종료···잠시후 공동발표",
        "KTV",
        "2023-06-12",
    )
    assert "배너 닫기" not in article.title


def test_a_writers_line_with_an_affiliation_on_a_page_cut_mid_paragraph() -> None:
    # No paragraph of the cut page ends a sentence, so the whole page is header: the kicker over the quoted
    # headline is skipped, and the writer's affiliation (after two spaces) is no part of the name.
    article = _clean(
        "바로가기 메뉴",
        "본문 바로가기",
        "특집",
        "흔들리는 동맹 : 韓美관계",
        "“동맹 균열, 이제 시작일 뿐”",
        "글 : 다나카 히로시  일본 도시샤대학 교수",
        "  • 트위터",
        "  • 페이스북",
        "한미(韓美)관계를 최악으로 만든 계기는 작년 말 발생한 ‘방위비 협상 결렬’이었다. 당시 미국 측은 협상을",
    )
    assert (article.title, article.byline) == ("“동맹 균열, 이제 시작일 뿐”", "다나카 히로시")


def test_a_wire_bracket_opening_a_page_cut_mid_sentence() -> None:
    # The only paragraph is cut before its full stop: the bracket still makes it the lead.
    article = _clean(
        "【ソウル共同】韓国外務省は22日、島根県が同日「竹島の日」の式典を開いたことに抗議し、撤回を求める報道官声明を"
        "発表した。声明は、竹島は韓国固有の領土だと主張し、日本政府に「不当な主張を即刻中断し、謙虚な姿勢で"
    )
    assert (article.outlet, article.dateline) == ("Kyodo News", "ソウル")


def test_a_video_caption_above_the_lead_does_not_hide_its_dateline() -> None:
    article = _clean(
        "Whaling ban: The long dispute between Japan and its neighbours",
        "SPH Brightcove Video",
        "Ministers welcome Japan-Australia accord on whaling in the Southern Ocean.",
        "Activists hold a banner outside the whaling commission's meeting in Sydney. PHOTO: REUTERS",
        "CANBERRA (AFP) - Japan and Australia reached an agreement on Tuesday (Mar 4) on whaling in the "
        "Southern Ocean, ending a dispute that has strained ties for years.",
        "The deal was announced after talks between the two foreign ministers in Canberra.",
    )
    assert (article.outlet, article.dateline) == ("AFP", "CANBERRA")


def test_a_title_block_printed_below_the_body_gives_the_headline() -> None:
    # Some scrapers keep the body first and the title block after it: the headline sits right above the stamp.
    article = _clean(
        "정부가 일본 외무상의 국회 연설 내용에 대해 강하게 항의했다고 외교부가 24일 밝혔다. 외교부는 즉각 철회를 요구했다.",
        "이어 외교부 청사로 일본대사관 총괄공사를 불러 항의의 뜻을 직접 전달했습니다.",
        "'독도는 일본땅' 연설에…정부, 일본 총괄공사 초치",
        "입력 2025.02.03 21:03",
        "수정 2025.02.04 06:53",
    )
    assert (article.title, str(article.published_date)) == (
        "'독도는 일본땅' 연설에…정부, 일본 총괄공사 초치",
        "2025-02-03",
    )
    article = _clean(
        "Some of the families of wartime labor victims have received the compensation the government offered to pay.",
        "- WARTIME LABOR COMPENSATION PAID TO A FEW",
        "- 입력 2023-04-13 15:06:59",
    )
    assert article.title == "- WARTIME LABOR COMPENSATION PAID TO A FEW"


def test_a_body_paragraph_is_no_headline_below_the_body() -> None:
    # only a headline-shaped line right above a timestamp is a title block
    article = _clean(*_KO_ANCHOR[1:3], "입력 2025.02.03 21:03")
    assert article.title is None


def test_an_anchors_question_to_a_named_reporter_gives_the_byline() -> None:
    article = _clean(
        "<앵커>",
        "오늘(30일) 한일 정상회담이 열렸던 회담장 앞으로 가보겠습니다.",
        "박지훈 기자, 조금 전 정상회담 결과에 대한 브리핑이 있었다고요?",
        "<기자>",
        "네, 조금 전 대통령실이 회담 결과를 브리핑했습니다.",
    )
    assert article.byline == "박지훈"


def test_a_stamp_glued_between_title_and_body_on_one_line_dates_the_page() -> None:
    article = _clean(
        "韓国船が竹島沖で海洋調査か 外務省が抗議 2025年8月18日 10:09 外務省は18日、島根県・竹島西方の日本の領海で、"
        "韓国の海洋調査船が調査をしているのを確認したと発表した。"
    )
    assert (str(article.published_date), str(article.published_time)) == ("2025-08-18", "10:09:00")
    # a date in a sentence of the lead is no stamp
    article = _clean(
        "外務省は、2025年8月18日 10:09に韓国の海洋調査船を確認したと発表した。外務省は抗議した。"
    )
    assert article.published_date is None
    article = _clean("The leaders met on May 7, 2023 10:00 in Seoul and agreed to resume regular visits.")
    assert article.published_date is None
