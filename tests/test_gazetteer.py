"""Entity tagging: gazetteer integrity, matching rules, surname resolution, scores on the samples."""

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from conftest import SAMPLE_GOLD, SENTENCE_SCHEMA, sentences_of

from pipeline.core.constants import EntityType
from pipeline.core.schemas import Entities, EntityMentions
from pipeline.reference.gazetteer import (
    alias_is_case_sensitive,
    gazetteer_records,
    load_entities,
    tag_entities,
)
from pipeline.text.phrase_match import normalize_phrase

REPO = Path(__file__).resolve().parents[1]
#: The tagger's columns and types, written out (the warehouse contract of entity_mentions before publishing).
MENTION_COLUMNS = {
    "doc_id": pl.String, "sentence_idx": pl.Int32, "entity_id": pl.String, "surface": pl.String,
    "char_start": pl.Int32, "char_end": pl.Int32,
}  # fmt: skip


def tag(*texts: str) -> pl.DataFrame:
    """Tag each text as its own document (doc ids d0, d1, ...)."""
    return tag_entities(sentences_of({f"d{i}": t for i, t in enumerate(texts)}), ENTITIES)


def ids(mentions: pl.DataFrame) -> list[str]:
    return mentions["entity_id"].to_list()


ENTITIES = load_entities()


@pytest.fixture(scope="module")
def sample_mentions(sample_texts) -> pl.DataFrame:
    return tag_entities(sentences_of(sample_texts), ENTITIES)


# ---------------------------------------------------------------- gazetteer integrity


def test_gazetteer_is_broad():
    assert ENTITIES.height >= 150
    counts = dict(ENTITIES.group_by("type").len().iter_rows())
    assert set(counts) == {t.value for t in EntityType}


def test_load_entities_columns():
    assert ENTITIES.columns == ["entity_id", "name", "type", "aliases", "n_aliases", "discovered"]
    assert not ENTITIES["discovered"].any()
    assert (ENTITIES["n_aliases"] == ENTITIES["aliases"].list.len()).all()
    nara = ENTITIES.filter(pl.col("entity_id") == "place:nara_prefecture").row(0, named=True)
    assert (nara["aliases"], nara["n_aliases"]) == (
        ["Nara Prefecture", "Nara", "奈良県", "奈良", "나라현"],
        5,
    )
    assert ENTITIES.filter(~pl.col("aliases").list.contains(pl.col("name"))).is_empty()


def test_entities_fit_the_warehouse_contract():
    Entities.validate(ENTITIES, lazy=True)


def test_ids_are_unique_stable_slugs_prefixed_by_type():
    records = gazetteer_records()
    entity_ids = [r["entity_id"] for r in records]
    assert len(entity_ids) == len(set(entity_ids))
    for r in records:
        assert r["type"] in {t.value for t in EntityType}
        assert re.fullmatch(rf"{r['type']}:[a-z0-9_]+", r["entity_id"]), r["entity_id"]


def test_each_alias_names_one_entity():
    """Aliases never collide across entities (bare surnames are the deliberate, resolved ambiguity)."""
    owner: dict[str, str] = {}
    clashes = []
    for r in gazetteer_records():
        for alias in r["aliases"]:
            plain = normalize_phrase(alias)
            key = plain if alias_is_case_sensitive(alias, r.get("case_sensitive", False)) else plain.lower()
            if owner.setdefault(key, r["entity_id"]) != r["entity_id"]:
                clashes.append((alias, owner[key], r["entity_id"]))
    assert clashes == []


def test_surnames_are_not_full_aliases():
    full = {normalize_phrase(a) for r in gazetteer_records() for a in r["aliases"]}
    surnames = {s for r in gazetteer_records() for s in r.get("surnames", [])}
    assert surnames & full == set()
    assert all(r["type"] == "person" for r in gazetteer_records() if r.get("surnames"))


def test_roles_have_valid_dates_and_targets():
    known = {r["entity_id"] for r in gazetteer_records()}
    for r in gazetteer_records():
        for role in r.get("roles", []):
            assert role["of"] in known
            start = date.fromisoformat(role["from"]) if len(role.get("from", "")) == 10 else None
            end = date.fromisoformat(role["until"]) if "until" in role else None
            assert not (start and end) or start <= end


def test_leadership_change_in_japan_is_recorded():
    roles = {r["entity_id"]: r.get("roles", []) for r in gazetteer_records()}
    assert roles["person:shigeru_ishiba"][0]["until"] == "2025-10-21"
    assert roles["person:sanae_takaichi"][0]["from"] == "2025-10-21"
    assert roles["person:lee_jae_myung"][0]["from"] == "2025-06-04"


@pytest.mark.parametrize(
    "entity_id",
    [
        "person:lee_jae_myung",
        "person:yoon_suk_yeol",
        "person:moon_jae_in",
        "person:park_geun_hye",
        "person:kim_dae_jung",
        "person:sanae_takaichi",
        "person:shigeru_ishiba",
        "person:fumio_kishida",
        "person:shinzo_abe",
        "person:keizo_obuchi",
        "person:tomiichi_murayama",
        "person:morihiro_hosokawa",
        "person:yoshihide_suga",
        "person:xi_jinping",
        "person:donald_trump",
        "person:kim_jong_un",
        "person:wi_sung_lac",
        "person:shinjiro_koizumi",
        "person:cho_hyun",
        "person:takeshi_iwaya",
        "organization:liberal_democratic_party",
        "organization:democratic_party_of_korea",
        "organization:people_power_party",
        "organization:mofa_japan",
        "organization:mofa_korea",
        "organization:blue_house",
        "organization:office_of_the_president_korea",
        "organization:national_diet",
        "organization:national_assembly_korea",
        "organization:yonhap",
        "organization:kyodo",
        "organization:yomiuri_shimbun",
        "organization:asahi_shimbun",
        "organization:japan_times",
        "organization:hankyoreh",
        "organization:dong_a_ilbo",
        "organization:korea_national_diplomatic_academy",
        "organization:kings_college_london",
        "organization:apec",
        "place:japan",
        "place:south_korea",
        "place:north_korea",
        "place:china",
        "place:united_states",
        "place:tokyo",
        "place:seoul",
        "place:nara_prefecture",
        "place:gyeongju",
        "place:ube",
        "place:yamaguchi_prefecture",
        "place:shanghai",
        "place:beijing",
        "place:washington",
        "place:korean_peninsula",
        "place:dokdo",
        "place:east_sea",
        "facility:yasukuni_shrine",
        "facility:chosei_coal_mine",
        "facility:sado_mine",
        "facility:fukushima_daiichi",
        "agreement:treaty_on_basic_relations_1965",
        "agreement:comfort_women_agreement_2015",
        "agreement:gsomia",
        "agreement:cptpp",
        "agreement:joint_declaration_1998",
        "event:world_war_ii",
        "event:korean_war",
        "event:apec_summit",
    ],
)
def test_required_entity_is_present(entity_id):
    assert entity_id in set(ENTITIES["entity_id"])


# ---------------------------------------------------------------- matching rules


def test_word_boundaries_in_latin_script():
    assert ids(tag("The Leeway Fund and the Japanese delegation met.")) == []
    assert ids(tag("Japan's position and Japan-South Korea ties.")) == [
        "place:japan",
        "place:japan",
        "place:south_korea",
    ]


def test_acronyms_and_one_word_names_are_case_sensitive():
    assert ids(tag("The LDP lost.")) == ["organization:liberal_democratic_party"]
    assert ids(tag("the ldp lost; a moon rose over the ube fields; let us diet")) == []


def test_multi_word_names_ignore_case_and_romanization():
    found = tag("LEE JAE-MYUNG met", "Lee Jae Myung met", "Lee Jaemyung met", "lee jae-myung met")
    assert ids(found) == ["person:lee_jae_myung"] * 4


def test_both_japanese_name_orders():
    assert ids(tag("Ishiba Shigeru and Shigeru Ishiba.")) == ["person:shigeru_ishiba"] * 2


def test_korean_script_aliases_attach_particles():
    found = tag("이재명 대통령은 다카이치 사나에 총리와 독도 문제를 논의했다.")
    assert set(ids(found)) == {"person:lee_jae_myung", "person:sanae_takaichi", "place:dokdo"}


def test_japanese_script_aliases():
    found = tag("高市早苗首相は李在明大統領と竹島について協議した。日本海でも。")
    assert ids(found) == ["person:sanae_takaichi", "person:lee_jae_myung", "place:dokdo", "place:east_sea"]


def test_korean_languages_and_peoples_are_not_the_country():
    # 한국어 is the language, 일본인 a Japanese person (a demonym, unlabelled in the gold set), 한국문화원 a name.
    assert ids(tag("중국어와 한국어를 배우는 일본인 학생이 한국문화원에 몰렸다.")) == []


def test_korean_aliases_keep_particles_suffixes_and_prefixes():
    found = tag("일본정부는 북한이 동해상으로 쏜 미사일을 두고 야마구치현 우베시에서 주러시아 대사와 만났다.")
    assert list(zip(ids(found), found["surface"], strict=True)) == [
        ("place:japan", "일본"),
        ("place:north_korea", "북한"),
        ("place:east_sea", "동해"),
        ("place:yamaguchi_prefecture", "야마구치현"),
        ("place:ube", "우베"),
        ("place:russia", "러시아"),
    ]


def test_korean_alias_inside_a_longer_word_is_not_matched():
    assert ids(tag("태평양 섬나라 정상들이 평양에서 만났다.")) == ["place:pyongyang"]


def test_kanji_languages_and_peoples_are_not_the_country():
    assert ids(tag("日本語と韓国語を話す日本人や韓国人、アメリカ人が集まった。")) == []


def test_kanji_compounds_of_a_country_stay_mentions():
    found = tag("日本政府は韓国側に抗議し、日本人権団体と国連人権理事会に訴えた。")
    assert ids(found) == ["place:japan", "place:south_korea", "place:japan", "organization:united_nations"]


def test_kanji_alias_inside_a_compound_is_not_matched():
    # 東日本 (eastern Japan) and 全日本 (all-Japan, a team or a company) are words of their own.
    found = tag("東日本大震災の被災地を訪れた。西日本豪雨の被害も大きい。全日本選手権が開幕した。")
    assert ids(found) == ["event:fukushima_nuclear_disaster"]


def test_kanji_alias_after_a_prefix_or_a_date_is_matched():
    found = tag("旧日本軍の慰安婦問題で、首相は14日東京で対韓国輸出規制の撤回を語った。")
    assert list(zip(ids(found), found["surface"], strict=True)) == [
        ("place:japan", "日本"),
        ("place:tokyo", "東京"),
        ("place:south_korea", "韓国"),
    ]


def test_kanji_names_written_one_after_another_are_each_matched():
    found = tag("山口県宇部市の長生炭鉱をめぐり、日本外務省が韓国政府に説明した。")
    assert ids(found) == [
        "place:yamaguchi_prefecture",
        "place:ube",
        "facility:chosei_coal_mine",
        "place:japan",
        "organization:mofa_japan",
        "place:south_korea",
    ]


def test_north_korea_wins_over_korea_inside_it():
    assert ids(tag("北朝鮮は13日、日本海に向けて弾道ミサイルを発射した。")) == [
        "place:north_korea",
        "place:east_sea",
    ]


def test_katakana_alias_inside_a_katakana_word_is_not_matched():
    # ローマ字 is the alphabet, ローマ教皇 the Pope; シリアル and チリソース are food.
    found = tag(
        "シリアルとチリソース、ローマ字表記の看板。ローマ教皇はシリアとチリの和平を訴え、ローマに戻った。"
    )
    assert list(zip(ids(found), found["surface"], strict=True)) == [
        ("place:syria", "シリア"),
        ("place:chile", "チリ"),
        ("place:rome", "ローマ"),
    ]


def test_cjk_word_rules_leave_latin_aliases_unchanged(sample_texts):
    from pipeline.reference.gazetteer import ENTITY_WORD_RULES, alias_table
    from pipeline.text.phrase_match import find_phrases

    aliases = alias_table(ENTITIES).filter(pl.col("phrase").str.contains(r"^[\p{Latin}\p{Common}]+$"))
    phrases = aliases.select("phrase", "case_sensitive")
    sentences = sentences_of(sample_texts)
    plain = find_phrases(sentences, phrases)
    with_rules = find_phrases(sentences, phrases, **ENTITY_WORD_RULES)
    assert plain.height > 300
    # Rows sharing a span may come in either order (join order); the sets must be equal.
    assert with_rules.sort(with_rules.columns).equals(plain.sort(plain.columns))


def test_disputed_names_are_one_entity():
    found = tag("Dokdo, Takeshima, the Liancourt Rocks, 독도 and 竹島.", "The East Sea, or Sea of Japan.")
    assert ids(found) == ["place:dokdo"] * 5 + ["place:east_sea"] * 2


def test_longest_name_wins_over_names_inside_it():
    found = tag("A professor at the Korea National Diplomatic Academy said South Korean officials agreed.")
    assert ids(found) == ["organization:korea_national_diplomatic_academy"]


def test_typographic_apostrophes_and_hyphens():
    found = tag("Ramon Pacheco Pardo of King\u2019s College London met Lee Jae\u2011myung.")
    assert ids(found) == [
        "person:ramon_pacheco_pardo",
        "organization:kings_college_london",
        "person:lee_jae_myung",
    ]
    assert found["surface"].to_list()[1] == "King\u2019s College London"


# ---------------------------------------------------------------- surnames


def test_bare_surname_takes_the_nearest_antecedent():
    text = "President Lee Jae-myung named Lee Jong-seok to head the NIS. Lee said he would serve."
    found = tag(text)
    lees = found.filter(pl.col("surface") == "Lee")
    assert lees["entity_id"].to_list() == ["person:lee_jong_seok"]


def test_bare_surname_follows_the_first_lee_until_a_second_appears():
    text = "Lee Jae-myung spoke. Lee smiled. Then Lee Jong-seok spoke. Lee nodded."
    assert ids(tag(text).filter(pl.col("surface") == "Lee")) == [
        "person:lee_jae_myung",
        "person:lee_jong_seok",
    ]


def test_ambiguous_surname_without_antecedent_is_not_tagged():
    assert ids(tag("President Lee met Prime Minister Kim.")) == []


def test_unique_surname_without_antecedent_is_tagged():
    assert ids(tag("Takaichi and Ishiba met; 이시바 총리.")) == [
        "person:sanae_takaichi",
        "person:shigeru_ishiba",
        "person:shigeru_ishiba",
    ]


def test_antecedents_do_not_cross_documents():
    found = tag("Lee Jong-seok spoke.", "Lee spoke.")
    assert found.filter(pl.col("doc_id") == "d1").is_empty()


# ---------------------------------------------------------------- output contract


def test_offsets_slice_back_to_the_surface(sample_texts, sample_mentions):
    assert sample_mentions.height > 300
    for doc_id, start, end, surface in sample_mentions.select(
        "doc_id", "char_start", "char_end", "surface"
    ).iter_rows():
        assert sample_texts[doc_id][start:end] == surface


def test_offsets_are_sentence_start_plus_local_offset():
    sentences = pl.DataFrame(
        {
            "doc_id": ["x", "x"],
            "sentence_idx": [0, 1],
            "text": ["독도 ", "Ishiba Shigeru met."],
            "char_start": [0, 3],
        },
        schema=SENTENCE_SCHEMA,
    )
    found = tag_entities(sentences, ENTITIES)
    assert found.rows() == [
        ("x", 0, "place:dokdo", "독도", 0, 2),
        ("x", 1, "person:shigeru_ishiba", "Ishiba Shigeru", 3, 17),
    ]


def test_output_schema_and_contract(sample_mentions):
    assert dict(sample_mentions.schema) == MENTION_COLUMNS
    contract_ready = sample_mentions.with_columns(pl.col("doc_id").str.split("_").list.last())
    EntityMentions.validate(contract_ready, lazy=True)


def test_empty_input_gives_an_empty_typed_frame():
    empty = tag_entities(pl.DataFrame(schema=SENTENCE_SCHEMA), ENTITIES)
    assert empty.is_empty() and dict(empty.schema) == MENTION_COLUMNS


def test_discovered_entities_without_policy_columns_are_matched():
    extra = pl.DataFrame(
        {"entity_id": ["organization:new_think_tank"], "name": ["Han River Forum"], "type": ["organization"],
         "aliases": [["Han River Forum"]], "n_aliases": [1], "discovered": [True]},
        schema=ENTITIES.schema,
    )  # fmt: skip
    found = tag_entities(
        sentences_of({"d": "The Han River Forum met Takaichi."}), pl.concat([ENTITIES, extra])
    )
    assert ids(found) == ["organization:new_think_tank", "person:sanae_takaichi"]


# ---------------------------------------------------------------- doc-level scores on the samples


def doc_level_scores(
    predicted: pl.DataFrame, column: str, kind: str, with_despin: bool
) -> tuple[float, float]:
    tp = fp = fn = 0
    for doc_id, gold in SAMPLE_GOLD.items():
        expected = set(gold[kind]) | (set(gold["requires_despin"][kind]) if with_despin else set())
        found = set(predicted.filter(pl.col("doc_id") == doc_id)[column])
        tp, fp, fn = tp + len(found & expected), fp + len(found - expected), fn + len(expected - found)
    return tp / (tp + fp), tp / (tp + fn)


def test_entity_precision_and_recall_on_the_samples(sample_mentions):
    assert set(SAMPLE_GOLD) == set(sample_mentions["doc_id"])
    precision, recall = doc_level_scores(sample_mentions, "entity_id", "entities", with_despin=False)
    _, despun_r = doc_level_scores(sample_mentions, "entity_id", "entities", with_despin=True)
    print(f"entities: precision={precision:.3f} recall={recall:.3f} (with spun names: recall={despun_r:.3f})")
    assert precision >= 0.85
    assert recall >= 0.9
    # tagging runs on de-spun text, so names and wording the spinner changed must be found too
    assert despun_r >= 0.9
