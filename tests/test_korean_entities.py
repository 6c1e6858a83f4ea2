"""Korean organizations by head noun, Korean people by title, and Korean and Japanese places with particles
(issue #23): news sentences written for these tests, not taken from the labelled set."""

import datetime as dt

import polars as pl
import pytest

from pipeline.reference.gazetteer import gazetteer_records, load_entities
from pipeline.segment.sentences import split_sentences
from pipeline.tag.entities.cjk_names import cjk_names
from pipeline.tag.entities.discover import entities_from_names, found_names
from pipeline.tag.entities.roles import tag_entities_by_date


@pytest.fixture(scope="module")
def known():
    return frozenset(a for aliases in load_entities()["aliases"] for a in aliases if a and not a[0].isascii())


def cjk(text, known):
    return [(text[s.start : s.end], s.type) for s in cjk_names(text, known)]


def tagged(
    text: str, language: str = "ko", day: dt.date = dt.date(2026, 1, 13)
) -> dict[str, tuple[str, set]]:
    """entity_id -> (type, surfaces) as the pipeline tags one article: discovered names, then mentions."""
    spans = split_sentences(text, language)
    sentences = pl.DataFrame(
        {
            "doc_id": ["d"] * len(spans),
            "sentence_idx": list(range(len(spans))),
            "text": [text[a:b] for a, b in spans],
            "char_start": [a for a, _ in spans],
        },
        schema={"doc_id": pl.String, "sentence_idx": pl.Int32, "text": pl.String, "char_start": pl.Int32},
    )
    gazetteer = load_entities()
    entities = pl.concat([gazetteer, entities_from_names(found_names(sentences, gazetteer))])
    mentions = tag_entities_by_date(
        sentences, entities, pl.DataFrame({"doc_id": ["d"], "published_date": [day]})
    )
    kinds = dict(entities.select("entity_id", "type").iter_rows())
    out: dict[str, tuple[str, set]] = {}
    for entity_id, surface in mentions.select("entity_id", "surface").iter_rows():
        out.setdefault(entity_id, (kinds[entity_id], set()))[1].add(surface)
    return out


# -- organizations by head noun --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("새만금개발청은 국제공항 사업 일정을 14일 발표했다.", "새만금개발청"),
        ("한국관광공사에 따르면 지난달 방한 일본인 관광객은 30만명을 넘었다.", "한국관광공사"),
        ("대외경제정책연구원은 한일 경제협력 효과를 분석한 보고서를 냈다.", "대외경제정책연구원"),
        ("서울중앙지검은 관련 의혹에 대한 수사에 착수했다.", "서울중앙지검"),
        ("규슈대학 학생 20명이 서울을 찾았다.", "규슈대학"),
        ("삼성서울병원 의료진이 현지에 파견됐다.", "삼성서울병원"),
        ("대한상공회의소는 일본 경제단체와 회의를 열었다.", "대한상공회의소"),
        ("한일의원연맹은 도쿄에서 합동총회를 열었다.", "한일의원연맹"),
    ],
)
def test_a_korean_body_is_found_by_its_head_noun_without_its_particle(text, name, known):
    assert cjk(text, known) == [(name, "organization")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("주한 중국대사관은 별도의 입장을 내지 않았다.", "주한 중국대사관"),
        ("주오사카 총영사관은 재외국민 안전 공지를 냈다.", "주오사카 총영사관"),
        ("미국 국토안보부와 협의를 이어가기로 했다.", "미국 국토안보부"),
        ("중국 상무부는 수출 통제 조치를 발표했다.", "중국 상무부"),
    ],
)
def test_a_country_or_stationed_in_word_before_a_body_is_part_of_its_name(text, name, known):
    assert cjk(text, known) == [(name, "organization")]


def test_a_mission_head_alone_or_a_two_syllable_ministry_alone_names_no_body(known):
    assert cjk("대사관 관계자는 말을 아꼈다.", known) == []
    assert cjk("서울중앙지검 공안부는 사건을 배당했다.", known) == [("서울중앙지검", "organization")]
    assert cjk("정치부 기자들이 현장을 취재했다.", known) == []


@pytest.mark.parametrize(
    "text",
    [
        "정부는 일본 정부의 요청에 따라 대책을 마련했다.",
        "여야 지도부는 행정부와 입법부의 역할을 논의했다.",
        "한 연구원은 책임연구원과 함께 실험 결과를 발표했다.",
        "공원 근처 식당에서 직원과 회원들이 모였다.",
        "대학병원과 종합병원에 환자가 몰렸고 국립대학도 참여했다.",
        "도로 공사와 터널공사가 이어졌고 산업공단에서 화재가 났다.",
        "경기북부와 충청남부에 많은 비가 내렸다.",
        "서울 중구 명동성당과 경로당에서 행사가 열렸다.",
        "합참 작전본부와 육군 본부가 대응에 나섰다.",
        "민단 중앙본부와 지방본부 관계자들이 참석했다.",
        "전기자동차와 수소자동차 보급이 늘었고 시중은행이 금리를 올렸다.",
        "일본 측 실행위원회와 비상대책위원회가 회의를 열었다.",
    ],
)
def test_common_nouns_that_end_like_a_body_are_no_organization(text, known):
    assert [name for name, kind in cjk(text, known) if kind == "organization"] == []


def test_no_frequent_korean_word_is_an_organization(known):
    from wordfreq import top_n_list

    words = [w for w in top_n_list("ko", 5000) if all("가" <= c <= "힣" for c in w)]
    texts = [f"이날 {w}{p} 발표했다." for w in words for p in ("는", "에서")]
    assert [t for t in texts if any(kind == "organization" for _, kind in cjk(t, known))] == []


def test_a_body_the_gazetteer_knows_keeps_its_canonical_entity():
    found = tagged("한국 외교부는 13일 입장을 냈다. 감사원은 국세청과 관세청을 감사했다.")
    assert {"organization:mofa_korea", "organization:bai_korea", "organization:nts_korea",
            "organization:kcs_korea"} <= set(found)  # fmt: skip
    assert not [e for e in found if "discovered" in e]


def test_a_universitys_short_name_before_a_professor_or_students_is_an_organization(known):
    assert cjk("남기정 부경대 교수는 말했다.", known) == [("남기정", "person"), ("부경대", "organization")]
    assert cjk("한 한국해양대 학생은 말했다.", known) == [("한국해양대", "organization")]
    assert cjk("창원대 국제학부 교수는 말했다.", known) == [("창원대", "organization")]


def test_a_frequent_university_name_is_the_gazetteers():
    found = tagged("이원덕 국민대 교수와 연세대 학생들이 참석했다.")
    assert {"organization:kookmin_university", "organization:yonsei_university"} <= set(found)
    assert [e for e in found if "discovered" in e] == ["person:discovered_이원덕"]


@pytest.mark.parametrize(
    "text", ["미래 세대 교수들이 모였다.", "청년세대 학생들이 늘었다.", "신세대 학생들은 달랐다."]
)
def test_a_generation_or_era_before_students_is_no_university(text, known):
    assert cjk(text, known) == []


def test_a_japanese_given_name_ending_in_bu_is_no_ministry(known):
    assert cjk("가토 가쓰노부 재무상은 환율 문제를 언급했다.", known) == [("가토 가쓰노부", "person")]


# -- people by title -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("이원덕 국민대 교수는 양국 관계가 안정기에 들어섰다고 평가했다.", "이원덕"),
        ("최은미 아산정책연구원 연구위원은 협력의 중요성을 강조했다.", "최은미"),
        ("진창수 세종연구소 일본연구센터장은 셔틀외교가 정착됐다고 말했다.", "진창수"),
        ("박형준 부산시장은 후쿠오카를 방문했다.", "박형준"),
        ("우에다 가즈오 일본은행 총재는 금리 인상 가능성을 시사했다.", "우에다 가즈오"),
        ("김부겸 전 국무총리는 이날 도쿄를 찾았다.", "김부겸"),
    ],
)
def test_a_name_before_an_institution_and_its_title_is_a_person(text, name, known):
    assert (name, "person") in cjk(text, known)


def test_an_age_between_a_name_and_its_title_keeps_the_person(known):
    assert cjk("홍석현(45) 씨는 일본 여행객이 늘었다고 말했다.", known) == [("홍석현", "person")]
    assert cjk("피해자 김모(52)씨는 경찰 조사에서 혐의를 부인했다.", known) == []  # anonymized


@pytest.mark.parametrize(
    "text",
    [
        "국내 시장과 중국 시장이 흔들렸다.",
        "정치권 의장 선출이 지연됐다.",
        "담당 연구원과 인사 부장이 만났다.",
    ],
)
def test_a_title_that_is_a_common_word_alone_needs_its_office(text, known):
    assert [n for n, kind in cjk(text, known) if kind == "person"] == []


def test_country_initials_before_a_title_are_no_name(known):
    assert cjk("한일 외교장관은 뉴욕에서 회담했다.", known) == []


def test_a_known_persons_family_name_with_a_former_title_is_that_person():
    found = tagged("기시다 전 총리는 이날 서울을 찾았다.")
    assert "person:fumio_kishida" in found and not [e for e in found if "discovered" in e]


# -- places with particles -------------------------------------------------------------------------------------
def test_every_prefecture_has_a_hangul_name_that_takes_a_particle():
    prefectures = [
        e for e in gazetteer_records() if e["entity_id"].endswith("_prefecture") and e["type"] == "place"
    ]
    hangul = {e["entity_id"]: next(a for a in e["aliases"] if "가" <= a[0] <= "힣") for e in prefectures}
    text = " ".join(f"{name}에서" for name in hangul.values()) + " 행사가 열렸다."
    assert len(hangul) >= 43 and set(hangul) <= set(
        tagged(text)
    )  # 43 prefectures, Hokkaido, Tokyo, Osaka, Kyoto


def test_korean_and_japanese_places_with_particles_are_places():
    found = tagged(
        "시마네현은 다케시마의 날 행사를 열었다. 부산시는 경북 경주에서 열린 회의에 참석했고 니가타현과 오사카에서도 행사가 있었다."
    )
    assert {
        "place:shimane_prefecture", "place:busan", "place:north_gyeongsang", "place:gyeongju",
        "place:niigata_prefecture", "place:osaka",
    } <= {e for e, (kind, _) in found.items() if kind == "place"}  # fmt: skip


def test_an_island_written_onto_a_place_is_still_the_place():
    assert "place:tsushima" in tagged("쓰시마섬에서 한일 교류 행사가 열렸다.")


# -- Japanese --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("駐大阪韓国総領事館は在留韓国人に注意を呼びかけた。", "駐大阪韓国総領事館"),
        ("九州大学の学生20人がソウルを訪れた。", "九州大学"),
        ("ソウル大学病院の医師団が来日した。", "ソウル大学病院"),
    ],
)
def test_a_japanese_run_ending_in_a_mission_university_or_hospital_is_an_organization(text, name, known):
    assert cjk(text, known) == [(name, "organization")]


@pytest.mark.parametrize(
    "text", ["国立大学と大学病院の協力が進む。", "韓国人大学生が来日した。", "各大使館に通知が届いた。"]
)
def test_a_kind_of_university_hospital_or_a_student_is_no_organization(text, known):
    assert cjk(text, known) == []


def test_a_japanese_name_with_its_affiliation_after_a_middle_dot_is_a_person(known):
    assert ("鈴木一郎", "person") in cjk("鈴木一郎・東京大学名誉教授は「改善した」と話した。", known)
    assert cjk("安全保障・外交委員長が述べた。", known) == []  # two fields, no body


def test_japanese_spellings_of_korean_bodies_link_to_the_gazetteer():
    found = tagged("在韓日本大使館と国家情報院が声明を出した。与党「共に民主党」も協議した。", "ja")
    assert {
        "organization:embassy_of_japan_in_seoul", "organization:nis", "organization:democratic_party_of_korea",
    } <= set(found)  # fmt: skip
