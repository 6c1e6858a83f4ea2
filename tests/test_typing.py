"""Entity types from cues (issue #23): person, organization and place cues in English, Korean and Japanese, and
officials named by title resolved by the article's date."""

import datetime as dt

import polars as pl
import pytest

from pipeline.reference.gazetteer import load_entities
from pipeline.tag.entities.cjk_names import cjk_names
from pipeline.tag.entities.discover import entities_from_names, found_names, known_names
from pipeline.tag.entities.name_finder import NameFinder
from pipeline.tag.entities.roles import cjk_titles, resolve_titles


@pytest.fixture(scope="module")
def finder():
    return NameFinder(known_names(load_entities()))


def typed(finder, text):
    return [(text[s.start : s.end], s.type) for s in finder.find([text])[0]]


def cjk(text, known=frozenset()):
    return [(text[s.start : s.end], s.type) for s in cjk_names(text, known)]


# -- English -------------------------------------------------------------------------------------------------
def test_an_apposition_naming_an_office_makes_a_person_of_a_name_ending_in_a_town(finder):
    text = "Wi held talks with Keiichi Ichikawa, secretary general of Japan's National Security Secretariat."
    assert ("Keiichi Ichikawa", "person") in typed(finder, text)


def test_secretariat_is_an_institution_word(finder):
    text = "Wi held talks with Keiichi Ichikawa, secretary general of Japan's National Security Secretariat."
    assert ("National Security Secretariat", "organization") in typed(finder, text)


def test_a_park_after_a_place_cue_is_a_place_and_after_a_given_name_a_person(finder):
    # (a park the gazetteer does not list: the place word and the cue decide)
    assert ("Wakakusa Park", "place") in typed(finder, "Takaichi greeted Lee at a hotel near Wakakusa Park.")
    assert ("Grace Park", "person") in typed(finder, "The award went to Grace Park on Sunday.")


def test_a_place_word_loses_to_a_person_cue(finder):
    assert ("Sora Hill", "person") in typed(
        finder, "The plan was explained by Dr. Sora Hill, a professor at Keio."
    )


def test_a_hyphenated_compound_before_an_institution_word_is_one_organization(finder):
    text = "On Tuesday, Lee met members of the Japan-Korea Cooperation Committee in Nara."
    assert ("Japan-Korea Cooperation Committee", "organization") in typed(finder, text)


def test_a_name_never_runs_across_a_news_agency_credit(finder):
    text = "Fishing boats return to port on the Korean Peninsula Yonhap News Agency"
    assert all("Peninsula Yonhap" not in name for name, _ in typed(finder, text))


def test_a_capitals_dateline_that_is_a_known_place_is_a_place_not_an_acronym(finder):
    assert ("NARA", "organization") not in typed(
        finder, "NARA, Japan, Jan. 14 -- The leaders met at a temple."
    )


def test_a_known_persons_name_before_a_town_is_no_company(finder):
    assert ("Takaichi Nara", "organization") not in typed(
        finder, "The Takaichi Nara summit ended on Wednesday."
    )


def test_a_japanese_shaped_pair_after_the_is_no_person(finder):
    assert ("Chosei Tanko", "person") not in typed(
        finder, "Divers entered the Chosei Tanko in Ube on Monday."
    )


def test_a_company_that_says_something_stays_a_company(finder):
    assert ("Texaco Canada", "organization") in typed(
        finder, "Texaco Canada said it lowered the contract price."
    )


def test_a_team_before_a_sports_verb_stays_a_team(finder):
    assert ("Bayer Leverkusen", "organization") in typed(
        finder, "Bayer Leverkusen beat them 2-0 on Saturday."
    )


# -- Korean ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("박철희 주일대사와 유족 9명은 25일 사도섬에서 별도의 추도식을 열었다.", "박철희"),
        ("현장을 찾은 유족 양현 씨는 눈시울을 붉혔다.", "양현"),
        ("위성락 실장은 이치카와 게이이치 일본 국가안전보장국장과 회동했다.", "이치카와 게이이치"),
        ("일본 정부 대표로 참석한 이쿠이나 아키코 외무성 정무관은 추도사를 읽었다.", "이쿠이나 아키코"),
        ("한국어를 가르치는 기무라 유카 교사는 학생이 늘었다고 말했다.", "기무라 유카"),
    ],
)
def test_a_korean_name_before_a_title_is_a_person(text, name):
    assert (name, "person") in cjk(text)


def test_a_korean_name_after_a_role_noun_is_a_person():
    assert cjk("원고 최말순은 판결 뒤 기자회견을 열었다.") == [("최말순", "person")]


def test_a_common_word_after_a_role_noun_is_no_name():
    assert cjk("피해자 이야기는 법정에서 처음 공개됐다.") == []  # 이야기 ("story") opens with 이
    assert cjk("원고 민주주의 원칙을 내세웠다.") == []  # 민주주 and the particle 의 would look like a name


@pytest.mark.parametrize(
    "text",
    [
        "정부 대변인은 브리핑에서 입장을 밝혔다.",
        "이번 대통령의 방일은 셔틀외교의 복원이다.",
        "셔틀외교를 이어간다는 것이 대통령의 뜻이라고 말했다.",
        "회담 뒤 일본 외무성 정무관이 기자들에게 설명했다.",
    ],
)
def test_common_korean_words_before_a_title_are_no_name(text):
    assert [kind for _, kind in cjk(text) if kind == "person"] == []


def test_no_common_korean_word_before_a_title_or_after_a_role_noun_is_a_name():
    from wordfreq import top_n_list

    words = [w for w in top_n_list("ko", 5000) if all("가" <= c <= "힣" for c in w)]
    texts = [f"이날 {w} {t} 말했다." for w in words for t in ("대표는", "장관은", "씨는", "교수는")]
    texts += [f"원고 {w} 말했다." for w in words]
    assert [t for t in texts if cjk(t)] == []


def test_a_quoted_korean_name_ending_in_a_head_noun_is_an_organization():
    text = "일본 시민단체 '조세이 탄광 물비상을 역사에 새기는 모임'은 29일 조사를 벌였다."
    assert cjk(text) == [("조세이 탄광 물비상을 역사에 새기는 모임", "organization")]


def test_a_generic_committee_is_no_organization():
    assert cjk("일본 측 실행위원회가 주최한 이날 추도식에는 100여 명이 참석했다.") == []


# -- Japanese --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("刻む会の井上洋子共同代表は「ようやくここまで来た」と話した。", "井上洋子"),
        ("担当学芸員の清水明子さんは「古代の奈良は国際都市だった」と語った。", "清水明子"),
        ("原告の一人、李容洙さんは判決後に会見した。", "李容洙"),
        ("会談にはユン・ソンニョル氏も同席した。", "ユン・ソンニョル"),
    ],
)
def test_a_japanese_name_before_an_honorific_or_title_is_a_person(text, name):
    assert (name, "person") in cjk(text)


@pytest.mark.parametrize(
    "text",
    [
        "高市総理大臣は記者団に対し見解を述べた。",
        "木原官房長官は「警戒監視に万全を期す」と述べた。",
        "岸田元首相も式典に出席した。",
        "大阪府知事は会見で歓迎した。",
        "同社社長は取材に応じなかった。",
        "会談には北朝鮮代表も出席した。",
    ],
)
def test_a_family_name_with_a_title_or_a_body_before_a_title_is_no_new_person(text):
    assert [kind for _, kind in cjk(text) if kind == "person"] == []


def test_no_common_kanji_word_before_an_honorific_or_title_is_a_person():
    from wordfreq import top_n_list

    words = [w for w in top_n_list("ja", 100000) if 3 <= len(w) <= 4 and all("一" <= c <= "鿿" for c in w)]
    texts = [f"、{w}{t}は述べた。" for w in words for t in ("さん", "氏", "代表", "会長")]
    assert [t for t in texts if ("person" in {kind for _, kind in cjk(t)})] == []


def test_a_japanese_run_ending_in_a_court_or_ministry_is_an_organization():
    assert cjk("控訴審で、ソウル高裁は24日、一審判決を取り消した。") == [("ソウル高裁", "organization")]


def test_a_known_place_before_a_known_body_is_no_new_organization():
    assert cjk("中国外務省が反発した。", known=frozenset({"中国", "外務省"})) == []


# -- discovery ---------------------------------------------------------------------------------------------------
def test_korean_and_japanese_names_become_discovered_entities_with_their_own_ids():
    sentences = pl.DataFrame(
        {
            "doc_id": ["k", "j"],
            "sentence_idx": [0, 0],
            "text": ["기무라 유카 교사는 웃었다.", "担当学芸員の清水明子さんは語った。"],
        }
    )
    found = found_names(sentences, load_entities())
    assert sorted(found.rows()) == [("j", "清水明子", "person"), ("k", "기무라 유카", "person")]
    ids = set(entities_from_names(found)["entity_id"].to_list())
    assert ids == {"person:discovered_기무라_유카", "person:discovered_清水明子"}


# -- officials by title ------------------------------------------------------------------------------------------
def test_a_japanese_family_name_with_a_title_is_the_holder_on_the_date():
    assert cjk_titles("木原官房長官は会見で述べた。", dt.date(2026, 1, 5)) == [("person:minoru_kihara", 0, 2)]


def test_a_korean_surname_with_a_title_is_the_president_of_the_year():
    text = "이 대통령은 다카이치 총리와 회담했다."
    assert ("person:lee_jae_myung", 0, 1) in cjk_titles(text, dt.date(2026, 1, 14))
    assert ("person:lee_myung_bak", 0, 1) in cjk_titles(text, dt.date(2010, 5, 1))


def test_a_title_no_holder_fits_resolves_to_nobody():
    sentences = pl.DataFrame(
        {"doc_id": ["d"], "sentence_idx": [0], "text": ["Ambassador Lee met reporters."], "char_start": [0]}
    )
    mentions = pl.DataFrame(schema={"doc_id": pl.String, "char_start": pl.Int64, "char_end": pl.Int64})
    assert resolve_titles(sentences, mentions, {"d": dt.date(2026, 1, 14)}).is_empty()
