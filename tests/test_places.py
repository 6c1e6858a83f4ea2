"""The places, sites and government bodies of issue #23: generated data, coverage, and how they tag real text."""

import json

import pytest
from conftest import sentences_of

from pipeline.reference import DATA_DIR
from pipeline.reference.gazetteer import PLACES_FILE, gazetteer_records, load_entities, tag_entities
from tools.build_places import render

ENTITIES = load_entities()

#: Japan's 47 prefectures as the Japanese government writes them.
PREFECTURES_JA = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 "
    "石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 "
    "岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
#: South Korea's 17 first-level divisions, as Seoul names them today.
PROVINCES_KO = (
    "서울특별시 부산광역시 대구광역시 인천광역시 광주광역시 대전광역시 울산광역시 세종특별자치시 경기도 "
    "강원특별자치도 충청북도 충청남도 전북특별자치도 전라남도 경상북도 경상남도 제주특별자치도"
).split()


def tagged(text: str) -> set[str]:
    """Entity ids tagged in one document."""
    return set(tag_entities(sentences_of({"d0": text}), ENTITIES)["entity_id"].to_list())


def surfaces(text: str) -> dict[str, str]:
    """entity_id -> surface for one document (the last mention of each)."""
    mentions = tag_entities(sentences_of({"d0": text}), ENTITIES)
    return dict(zip(mentions["entity_id"], mentions["surface"], strict=True))


# ---------------------------------------------------------------- the data


def test_places_file_is_what_the_generator_writes():
    # If this fails: .venv/bin/python -m tools.build_places (the tables in the tool are the source).
    assert (DATA_DIR / PLACES_FILE).read_text(encoding="utf-8") == render()


def test_places_are_merged_after_the_reviewed_entries():
    generated = json.loads((DATA_DIR / PLACES_FILE).read_text(encoding="utf-8"))["entities"]
    records = gazetteer_records()
    assert records[-len(generated) :] == generated
    assert ENTITIES.height == len(records)


def test_every_prefecture_is_an_alias_of_one_place():
    owner = {a: e["entity_id"] for e in gazetteer_records() if e["type"] == "place" for a in e["aliases"]}
    missing = [name for name in PREFECTURES_JA if name not in owner]
    assert missing == []
    assert len({owner[name] for name in PREFECTURES_JA}) == 47


def test_every_korean_first_level_division_is_an_alias_of_one_place():
    owner = {a: e["entity_id"] for e in gazetteer_records() if e["type"] == "place" for a in e["aliases"]}
    assert [name for name in PROVINCES_KO if name not in owner] == []
    assert len({owner[name] for name in PROVINCES_KO}) == 17


def test_generated_entries_have_english_korean_and_japanese_spellings():
    generated = json.loads((DATA_DIR / PLACES_FILE).read_text(encoding="utf-8"))["entities"]

    def scripts(entity: dict) -> set[str]:
        found = set()
        for alias in entity["aliases"]:
            found |= {"ko"} if any("\uac00" <= c <= "\ud7a3" for c in alias) else set()
            found |= (
                {"ja"}
                if any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in alias)
                else set()
            )
            found |= {"en"} if alias.isascii() else set()
        return found

    incomplete = sorted(e["entity_id"] for e in generated if scripts(e) != {"en", "ko", "ja"})
    # Each one left out a spelling that is a common word (인도 handover, 수단 means, タイ a tie as in 首位タイ,
    # カイロ the hand warmer), a surname (水原), another place (湖南 is Hunan) or one not settled in the other
    # press (戦争記念館 is any war memorial).
    assert incomplete == [
        "facility:war_memorial_of_korea", "organization:mcee_korea", "place:cairo", "place:gaya", "place:ghana",
        "place:greece", "place:honam", "place:india", "place:sudan", "place:suwon", "place:thailand",
    ]  # fmt: skip


# ---------------------------------------------------------------- tagging


def test_prefecture_and_city_in_three_languages():
    assert tagged("Officials in Niigata Prefecture said the Sado City memorial would go ahead.") == {
        "place:niigata_prefecture",
        "place:sado_city",
    }
    assert tagged("니가타현 사도시에서 추도식이 열렸다.") == {"place:niigata_prefecture", "place:sado_city"}
    assert tagged("新潟県佐渡市で追悼式が開かれた。") == {"place:niigata_prefecture", "place:sado_city"}


def test_bare_prefecture_name_is_the_prefecture_and_city_form_the_city():
    assert tagged("The festival drew visitors to Niigata.") == {"place:niigata_prefecture"}
    assert tagged("新潟市の中心部で集会が開かれた。") == {"place:niigata_city"}
    assert tagged("니가타시 관계자는 이렇게 말했다.") == {"place:niigata_city"}


def test_nara_city_temples_and_museum_in_japanese():
    assert tagged("奈良市の東大寺と奈良国立博物館を訪れ、斑鳩町の法隆寺にも足を運んだ。") == {
        "place:nara_city",
        "facility:todai_ji",
        "facility:nara_national_museum",
        "place:ikaruga",
        "facility:horyu_ji",
    }


def test_temple_spellings_in_english_and_korean():
    assert tagged("The leaders toured Horyu-ji and Todaiji, then the Nara National Museum.") == {
        "facility:horyu_ji",
        "facility:todai_ji",
        "facility:nara_national_museum",
    }
    assert tagged("두 정상은 호류지를 둘러본 뒤 국립중앙박물관 소장품 이야기를 나눴다.") == {
        "facility:horyu_ji",
        "facility:national_museum_of_korea",
    }


def test_surname_prefectures_need_their_prefecture_word():
    assert tagged("Chief Secretary Ishikawa said the talks in Chiba were useful.") == set()
    assert tagged("The typhoon hit Ishikawa Prefecture and Chiba Prefecture.") == {
        "place:ishikawa_prefecture",
        "place:chiba_prefecture",
    }
    assert tagged("石川氏は記者団に語った。") == set()


def test_countries_and_capitals_in_three_languages():
    assert tagged("Scam compounds in Cambodia and Myanmar held workers near Phnom Penh.") == {
        "place:cambodia",
        "place:myanmar",
        "place:phnom_penh",
    }
    assert tagged("캄보디아 프놈펜에서 한국인 피해자가 구출됐다.") == {"place:cambodia", "place:phnom_penh"}
    assert tagged("カンボジアの首都プノンペンで日本人が保護された。") == {
        "place:cambodia",
        "place:phnom_penh",
    }


def test_korean_common_words_are_not_places():
    text = (
        "2차 대전 당시 경기 침체와 기후 변화를 고려해 피의자를 인도했다. 나하고 수단과 방법을 가리지 않았다."
    )
    assert tagged(text) == set()


def test_company_and_army_names_are_not_regions():
    assert tagged("関西電力と関東軍の記録") == set()
    assert tagged("関西地方と関東地方で") == {"place:kansai", "place:kanto"}


def test_chugoku_region_is_not_china():
    assert tagged("中国地方の大雨で新幹線が止まった。") == {"place:chugoku"}
    assert tagged("中国と東北アジアの安全保障") == {"place:china", "place:northeast_asia"}


def test_disputed_islands_under_each_name():
    assert tagged("Chinese ships entered waters off the Senkaku Islands, which China calls Diaoyu.") == {
        "place:senkaku_islands",
        "place:china",
    }
    assert tagged("센카쿠 열도와 북방영토 문제") == {"place:senkaku_islands", "place:northern_territories"}


def test_north_korean_sites():
    assert tagged("북한 영변 핵시설과 풍계리 핵실험장에서 움직임이 포착됐다.") == {
        "place:north_korea",
        "facility:yongbyon",
        "facility:punggye_ri",
    }


def test_katakana_words_are_not_places():
    assert tagged("ローマ字で書くタイミングとカイロを使った。") == set()


def test_historical_states():
    assert tagged("Artisans from Baekje and Silla worked for the Yamato court.") == {
        "place:baekje",
        "place:silla",
        "place:yamato",
    }
    assert tagged("百済から渡来した工人") == {"place:baekje"}
    assert tagged("백제와 고구려의 유물") == {"place:baekje", "place:goguryeo"}


def test_japanese_ministries_by_full_and_short_name():
    assert tagged("厚生労働省と文科省、外務省が協議した。") == {
        "organization:mhlw",
        "organization:mext",
        "organization:mofa_japan",
    }
    assert tagged("일본 후생노동성과 문부과학성, 외무성 관계자가 참석했다.") == {
        "organization:mhlw",
        "organization:mext",
        "organization:mofa_japan",
    }


def test_north_korean_foreign_ministry_is_not_japans():
    assert tagged("북한 외무성 대변인은 담화를 냈다.") == {"organization:mofa_north_korea"}
    assert tagged("北朝鮮外務省は談話を発表した。") == {"organization:mofa_north_korea"}


def test_korean_bodies_and_their_heads():
    assert tagged("교육부와 해양수산부, 합동참모본부가 회의를 열었다.") == {
        "organization:moe_korea",
        "organization:mof_korea",
        "organization:jcs_korea",
    }
    assert (
        surfaces("위성락 국가안보실장은 브리핑에서 말했다.").get(
            "organization:national_security_office_korea"
        )
        == "국가안보실"
    )


def test_security_staff_of_both_governments():
    text = "The National Security Office met Japan's National Security Secretariat in Tokyo."
    assert tagged(text) == {
        "organization:national_security_office_korea",
        "organization:national_security_secretariat_japan",
        "place:tokyo",
    }
    assert tagged("국가안보실과 일본 국가안전보장국이 협의했다.") == {
        "organization:national_security_office_korea",
        "organization:national_security_secretariat_japan",
    }


def test_joint_chiefs_of_staff_of_seoul_and_washington():
    assert tagged("South Korea's Joint Chiefs of Staff said the missile flew 800 km.") == {
        "organization:jcs_korea"
    }
    assert tagged("The U.S. Joint Chiefs of Staff chairman visited.") == {"organization:jcs_us"}


def test_korean_supreme_court_in_japanese_is_not_japans():
    assert tagged("韓国最高裁は元徴用工への賠償を命じた。") == {"organization:supreme_court_korea"}
    assert tagged("最高裁判所は上告を棄却した。") == {"organization:supreme_court_japan"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("関西空港に到着した。", {"facility:kansai_airport"}),
        ("He flew in from Incheon International Airport.", {"facility:incheon_airport"}),
        ("The New York Times reported the talks.", {"organization:new_york_times"}),
    ],
)
def test_longer_names_win_over_the_place_inside(text, expected):
    assert tagged(text) == expected


def test_katakana_countries_are_whole_katakana_words():
    # Thailand (タイ) stays out: 首位タイ and タイ記録 are ties, which no word boundary tells apart.
    assert tagged("シリア内戦が続く中、チリとローマで会合が開かれた。") == {
        "place:syria",
        "place:chile",
        "place:rome",
    }
    assert tagged("首位タイに並び、シリアルを食べてからタイムを計った。") == set()
