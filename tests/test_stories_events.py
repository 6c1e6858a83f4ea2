"""One story per event: articles on one topic but different events stay apart (issue #23's real failures), one
event reported in three languages stays one story, and a story is labelled from its articles' text."""

import datetime as dt
import hashlib

import polars as pl
import pytest

from pipeline.corpus.stories import assign_stories
from pipeline.reference.gazetteer import load_entities, tag_entities
from pipeline.segment.sentences import sentences_frame
from pipeline.tag.taxonomy import summarize_doc_issues, tag_issues

TAKESHIMA_RALLY = (
    "Shimane holds Takeshima Day ceremony as Seoul protests",
    "en",
    dt.date(2026, 2, 22),
    "MATSUE, Shimane Prefecture - About 500 people gathered in Matsue on Sunday for the annual Takeshima Day "
    "ceremony hosted by the Shimane prefectural government, as a Cabinet Office parliamentary vice minister "
    "attended for the 14th straight year.\n"
    "Shimane Governor Tatsuya Maruyama told the rally that Takeshima, the islets South Korea controls and calls "
    "Dokdo, is an inherent part of Japanese territory.\n"
    "In Seoul, the foreign ministry summoned a Japanese diplomat to protest and called on Tokyo to abolish the "
    "event. Civic groups held a protest outside the Japanese Embassy in Seoul.",
)
COMFORT_RULING = (
    "South Korean court orders Japan to pay former comfort women",
    "en",
    dt.date(2026, 2, 24),
    "SEOUL (Reuters) - The Seoul High Court on Tuesday ordered the Japanese government to pay 200 million won "
    "each to 16 women forced to work in Japanese military brothels during World War Two, overturning a lower "
    "court ruling.\n"
    "The court said state immunity could not shield Japan from the lawsuit over crimes against humanity. Lee "
    "Yong-soo, 97, one of the plaintiffs, wept as the verdict was read.\n"
    "Japan's Chief Cabinet Secretary said Tokyo could never accept the ruling and had lodged a protest, saying "
    "the issue was settled under the 1965 treaty and the 2015 comfort women agreement.",
)
WI_OCTOBER = (
    "South Korean security adviser Wi visits Tokyo ahead of APEC",
    "en",
    dt.date(2025, 10, 16),
    "TOKYO - South Korea's national security adviser Wi Sung-lac met his Japanese counterpart Keiichi Ichikawa "
    "in Tokyo on Thursday to prepare a meeting between President Lee Jae-myung and Prime Minister Sanae "
    "Takaichi at the APEC summit in Gyeongju later this month.\n"
    "Wi told reporters after the talks that both sides agreed to keep shuttle diplomacy going under the new "
    "Japanese government and to work together on North Korea.",
)
WI_DECEMBER = (
    "Wi Sung-lac in Tokyo again as Seoul seeks date for Lee visit",
    "en",
    dt.date(2025, 12, 9),
    "TOKYO - National security adviser Wi Sung-lac held talks with Keiichi Ichikawa, head of Japan's National "
    "Security Secretariat, in Tokyo on Tuesday, his second trip to Japan in two months.\n"
    "The two discussed a visit by President Lee Jae-myung to Japan early next year and China's pressure on "
    "Tokyo over Prime Minister Sanae Takaichi's remarks on Taiwan, officials said.",
)
GYEONGJU_SUMMIT = (
    "Takaichi, Lee hold first summit in Gyeongju, pledge future-oriented ties",
    "en",
    dt.date(2025, 10, 30),
    "GYEONGJU - Prime Minister Sanae Takaichi and President Lee Jae-myung held their first summit on Thursday "
    "on the sidelines of the APEC summit in Gyeongju and agreed to develop future-oriented relations.\n"
    "Takaichi, who took office last week, said she wanted to keep up shuttle diplomacy, and Lee invited her to "
    "visit again. The talks lasted about 40 minutes, officials said.",
)
CHOSEI_ENTRANCE = (
    '82년 만에 조세이 탄광 갱도 들어간 잠수사…"유골 수습 첫걸음"',
    "ko",
    dt.date(2024, 10, 30),
    "일본 야마구치현 우베시 조세이 탄광에서 29일 한국인 잠수사가 82년 만에 처음으로 갱도 안으로 들어갔다.\n"
    "조세이 탄광은 1942년 2월 해저 갱도가 무너지면서 조선인 136명을 포함해 183명이 숨진 곳이다.\n"
    "시민단체 '장생탄광 수몰사고를 역사에 새기는 모임'은 지난 9월 갱구를 찾아낸 뒤 잠수 조사를 준비해 왔다.",
)
CHOSEI_JANUARY = (
    "조세이 탄광 수몰사고 희생자 유골 수습 위한 잠수 조사 재개",
    "ko",
    dt.date(2025, 1, 31),
    "일본 야마구치현 우베시 조세이 탄광에서 31일 한일 잠수사들이 희생자 유골을 찾기 위한 잠수 조사를 "
    "다시 시작했다.\n"
    "잠수사들은 사흘 동안 갱구에서 약 200m 떨어진 지점까지 들어가 갱도 안 상황을 살필 계획이다.\n"
    "1942년 수몰사고로 183명이 숨진 조세이 탄광에는 아직 유해가 남아 있는 것으로 알려졌다.",
)
CHOSEI_AUGUST = (
    "조세이 탄광서 유골 추정 뼈 발견…수몰사고 83년 만",
    "ko",
    dt.date(2025, 8, 26),
    "일본 야마구치현 우베시 조세이 탄광에서 25일 잠수 조사 중 사람의 것으로 보이는 뼈가 발견됐다.\n"
    "시민단체는 수몰사고 83년 만에 처음으로 유골로 추정되는 뼈가 나왔다며 일본 정부에 DNA 감정을 요청했다.\n"
    "1942년 사고로 조선인 136명을 포함해 183명이 숨졌다.",
)
NARA_EN = (
    "Lee, Takaichi agree to keep up shuttle diplomacy at Nara summit",
    "en",
    dt.date(2026, 1, 13),
    "NARA - President Lee Jae-myung and Prime Minister Sanae Takaichi agreed on Tuesday to keep up shuttle "
    "diplomacy at a summit in Nara, the prime minister's home prefecture.\n"
    "The two leaders also agreed to cooperate on the search for the remains of Korean workers at the Chosei "
    "coal mine in Ube, Takaichi told a joint press conference.",
)
NARA_KO = (
    '이 대통령·다카이치 총리, 나라서 정상회담…"셔틀외교 정례화"',
    "ko",
    dt.date(2026, 1, 13),
    "이재명 대통령과 다카이치 사나에 일본 총리는 13일 일본 나라현에서 정상회담을 열고 셔틀외교를 이어가기로 "
    "했다.\n"
    "두 정상은 공동 기자회견에서 조세이 탄광 희생자 유골 수습에 협력하기로 했다고 밝혔다.",
)
NARA_JA = (
    "日韓首脳、奈良で会談　シャトル外交継続で一致",
    "ja",
    dt.date(2026, 1, 13),
    "高市首相は１３日、奈良県で李在明大統領と首脳会談を行い、シャトル外交を続けることで一致した。\n"
    "両首脳は共同記者会見で、山口県宇部市の長生炭鉱の遺骨収集に協力する考えを示した。",
)


def _doc_id(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()[:16]


def _stories(articles, *, titled: bool = True, prefix: str = ""):
    """``assign_stories`` on ``articles`` with real entity and issue tagging: (story of each article in order,
    stories table). A text scrape's headline is its first line; ``titled`` also gives it as `title`."""
    ids = [_doc_id(n) for n in range(len(articles))]
    texts = [f"{prefix}{title}\n\n{body}" for title, _, _, body in articles]
    documents = pl.DataFrame(
        {
            "doc_id": ids,
            "cluster_id": ids,
            "is_canonical": [True] * len(ids),
            "published_date": [day for _, _, day, _ in articles],
            "text": texts,
            "title": [title if titled else None for title, _, _, _ in articles],
            "outlet": [None] * len(ids),
            "byline": [None] * len(ids),
        },
        schema_overrides={"published_date": pl.Date},
    )
    rows = []
    for doc_id, text, (_, language, _, _) in zip(ids, texts, articles, strict=True):
        offset = 0
        for idx, line in enumerate(text.split("\n")):
            if line.strip():
                rows.append((doc_id, idx, line, offset, language))
            offset += len(line) + 1
    schema = {"doc_id": pl.String, "paragraph_idx": pl.Int32, "text": pl.String, "char_start": pl.Int32}
    sentences = sentences_frame(pl.DataFrame(rows, schema={**schema, "language": pl.String}, orient="row"))
    entities = load_entities()
    mentions = tag_entities(sentences, entities)
    doc_issues = summarize_doc_issues(tag_issues(sentences), sentences)
    story_articles, stories = assign_stories(documents, mentions, doc_issues, entities)
    return story_articles["story_id"].to_list(), stories


def test_takeshima_day_rally_and_comfort_women_ruling_two_days_apart_are_two_stories():
    story, _ = _stories([TAKESHIMA_RALLY, COMFORT_RULING])
    assert story[0] != story[1]


def test_wi_sung_lac_october_and_december_tokyo_trips_are_two_stories():
    story, _ = _stories([WI_OCTOBER, WI_DECEMBER])
    assert story[0] != story[1]


def test_an_envoys_trip_two_weeks_before_the_summit_it_prepared_is_another_story():
    """The trip names the summit's leaders and city; two weeks apart, that is not enough agreement."""
    story, _ = _stories([WI_OCTOBER, GYEONGJU_SUMMIT])
    assert story[0] != story[1]


def test_chosei_mine_dives_of_october_january_and_august_are_three_stories():
    story, stories = _stories([CHOSEI_ENTRANCE, CHOSEI_JANUARY, CHOSEI_AUGUST])
    assert len(set(story)) == 3
    assert stories["n_documents"].to_list() == [1, 1, 1]


def test_one_summit_in_english_korean_and_japanese_is_one_story():
    story, stories = _stories([NARA_EN, NARA_KO, NARA_JA])
    assert len(set(story)) == 1
    row = stories.row(0, named=True)
    assert row["n_documents"] == 3
    assert row["first_published"] == row["last_published"] == dt.date(2026, 1, 13)
    assert {"Lee Jae-myung", "Sanae Takaichi", "Nara Prefecture", "summit"} <= set(row["key_terms"])
    assert row["label"] in {NARA_EN[0], NARA_KO[0], NARA_JA[0]}


def test_the_summit_stays_apart_from_a_same_week_chosei_dive_that_shares_its_places():
    later_dive = (CHOSEI_AUGUST[0], "ko", dt.date(2026, 1, 14), CHOSEI_AUGUST[3].replace("25일", "13일"))
    story, _ = _stories([NARA_EN, NARA_KO, NARA_JA, later_dive])
    assert len(set(story[:3])) == 1
    assert story[3] != story[0]


def test_a_story_spans_its_first_and_last_publication_dates():
    next_day = (NARA_JA[0], "ja", dt.date(2026, 1, 14), NARA_JA[3])
    _, stories = _stories([NARA_EN, NARA_KO, next_day])
    assert stories.select("n_documents", "first_published", "last_published").rows() == [
        (3, dt.date(2026, 1, 13), dt.date(2026, 1, 14))
    ]


@pytest.mark.parametrize(
    "prefix",
    [
        "Japan Today\nRelated\nPolitics\n",
        "KBS 뉴스\n관련 기사\n",
        "The Asahi Shimbun\n関連記事\n",
    ],
)
def test_a_label_is_the_headline_read_past_site_names_and_section_labels(prefix):
    _, stories = _stories([WI_OCTOBER], titled=False, prefix=prefix)
    assert stories["label"].to_list() == [WI_OCTOBER[0]]


@pytest.mark.parametrize("title", ["Politics", "Japan Today", "Related"])
def test_a_title_that_is_a_section_label_or_a_site_name_gives_way_to_the_headline(title):
    documents_title = (title, *WI_OCTOBER[1:])
    _, stories = _stories([documents_title], titled=True, prefix=WI_OCTOBER[0] + "\n")
    assert stories["label"].to_list() == [WI_OCTOBER[0]]


def test_an_untitled_article_is_labelled_by_its_lead_not_its_photo_caption():
    caption = "Wi Sung-lac, right, shakes hands with Keiichi Ichikawa in Tokyo on Thursday. (Yonhap photo)\n"
    _, stories = _stories([(caption + WI_OCTOBER[3], "en", WI_OCTOBER[2], "")], titled=False)
    assert stories["label"][0].startswith("TOKYO - South Korea's national security adviser Wi Sung-lac met")
    assert stories["label"][0].endswith("…") and len(stories["label"][0]) <= 120


def test_a_lone_article_lists_its_own_specific_terms_and_no_country():
    _, stories = _stories([TAKESHIMA_RALLY])
    terms = stories["key_terms"][0].to_list()
    assert "Shimane Prefecture" in terms and "Takeshima Day" in terms
    assert not {"Japan", "South Korea"} & set(terms)


@pytest.mark.parametrize("terms", [["Nara Prefecture", "Nara Prefecture"], ["Nara Prefecture", ""]])
def test_the_stories_model_rejects_a_key_term_listed_twice_or_empty(terms):
    import pandera.errors

    from pipeline.core.schemas import Stories, polars_schema

    row = {
        "story_id": "0123456789abcdef",
        "label": "Lee, Takaichi agree to keep up shuttle diplomacy at Nara summit",
        "first_published": dt.date(2026, 1, 13),
        "last_published": dt.date(2026, 1, 14),
        "n_documents": 3,
    }
    good = pl.DataFrame([{**row, "key_terms": ["Nara Prefecture", "summit"]}], schema=polars_schema(Stories))
    Stories.validate(good)
    bad = pl.DataFrame([{**row, "key_terms": terms}], schema=polars_schema(Stories))
    with pytest.raises(pandera.errors.SchemaError, match="key_terms"):
        Stories.validate(bad)


def test_specific_terms_are_one_concept_across_languages_with_full_width_numbers_and_no_country():
    from pipeline.corpus.story_terms import specific_terms

    texts = {
        _doc_id(
            0
        ): "Divers entered the Chosei mine on Oct. 29, 82 years after the 1942 flood, ahead of a summit in Japan.",
        _doc_id(1): "조세이 탄광 갱도에 82년 만에 잠수사가 들어갔다. 일본에서 정상회담을 앞두고 있다.",
        _doc_id(2): "長生炭鉱で８２年ぶりに潜水調査。日本で首脳会談を控える。",
    }
    documents = pl.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    entities = load_entities()
    sentences = sentences_frame(
        pl.DataFrame(
            [(d, 0, t, 0, lang) for (d, t), lang in zip(texts.items(), ("en", "ko", "ja"), strict=True)],
            schema=["doc_id", "paragraph_idx", "text", "char_start", "language"],
            orient="row",
        ).cast({"paragraph_idx": pl.Int32, "char_start": pl.Int32})
    )
    terms = specific_terms(documents, tag_entities(sentences, entities), entities)
    per_doc = {
        d: set(group.select(pl.concat_str("kind", pl.lit(":"), "term"))["kind"])
        for (d,), group in terms.group_by("doc_id")
    }
    shared = set.intersection(*per_doc.values())
    assert {"event:summit", "event:dive", "number:82", "entity:facility:chosei_coal_mine"} <= shared
    assert not any(term == "entity:place:japan" for terms_ in per_doc.values() for term in terms_)
    assert "number:1942" in per_doc[_doc_id(0)] and "number:29" in per_doc[_doc_id(0)]
