"""Metadata shapes still read wrong on real stored pages after #21 part 2 (the follow-up): each test is built
from short hand-written lines in the shape that reproduced the miss (no real page copied)."""

from pipeline.clean import clean_text

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
