"""Entity tagging against a reviewed gazetteer (``data/gazetteer.json``) and generated places (``data/places.json``).

Matching policy, decided once here so every stage agrees:

* **Literal aliases, one automaton.** All aliases and surnames go through one Aho-Corasick pass
  (``pipeline.text.phrase_match``); overlapping hits are resolved leftmost-longest per sentence, so
  "Korea National Diplomatic Academy" is one organization, not South Korea plus an academy, and
  "Sea of Japan" is the East Sea, not Japan.
* **Case.** One-token aliases ("LDP", "Lee", "Japan", "Ube") are case-sensitive: many are common words in
  lower case (ube, diet, moon). Multi-token names ("Lee Jae Myung", "sea of japan") are case-insensitive
  because news copy varies their capitalization and they are unambiguous, unless the entity sets
  ``case_sensitive`` (generic phrases such as "presidential office", "Blue House").
* **Demonyms are not the country.** "Japanese" is not an alias of Japan and the word boundary stops
  "Japan" inside "Japanese": "Japanese analysts" describes people, and a document about Japan names it
  anyway. The same holds in Korean and Japanese, where particles and compounds attach without spaces: a
  Hangul alias is a whole word (``find_phrases(hangul_words=True)``) that may carry a particle or one of
  KOREAN_NOUN_SUFFIXES (일본은, 일본정부, 우베시, 동해상) or follow one of KOREAN_PREFIXES (주러시아), so 한국어,
  일본인 and 태평양 (평양) are not mentions; a kanji or kana alias followed by 語 or 人 is a language or a
  people (日本語, 韓国人), as the gold set's rules say, while 日本政府 and 韓国側 stay mentions of the country.
  On the left, a kanji alias after another kanji is the tail of a compound (東日本 is eastern Japan, 全日本
  a team or a company) unless that kanji is one of KANJI_HEADS (訪, 駐, 旧, a country initial, a date, an
  address unit) or ends another alias; a katakana alias is never part of a longer katakana word (タイム,
  ネクタイ are not Thailand).
* **Bare surnames.** "Lee", "Ishiba", "이시바" resolve to the nearest preceding full-name mention in the same
  document of an entity carrying that surname (so "Lee" after "Lee Jong-seok" is Lee Jong-seok). With no
  antecedent, a surname claimed by exactly one gazetteer entity ("Takaichi") is still tagged; a shared one
  ("Lee", "Kim", "Koizumi") is not.
"""

import json
from collections import Counter
from functools import cache

import polars as pl

from pipeline.core.constants import KOREAN_NAME_PATTERN, EntityType
from pipeline.core.schemas import Entities, EntityMentions, polars_schema
from pipeline.reference import DATA_DIR
from pipeline.text.phrase_match import (
    KOREAN_PARTICLES,
    find_phrases,
    keep_leftmost_longest,
    normalize_for_matching,
)

GAZETTEER_FILE = "gazetteer.json"
#: Prefectures, provinces, cities, countries, sites and government bodies written by tools/build_places.py from
#: its tables (generated, so never hand-edited); merged after the reviewed entries.
PLACES_FILE = "places.json"

ENTITY_SCHEMA = polars_schema(Entities)
#: Matching policy kept beside the published table, not in it: the warehouse contract stays small.
POLICY_SCHEMA: dict[str, pl.DataType] = {
    "entity_id": pl.String(),
    "surnames": pl.List(pl.String()),
    "case_sensitive": pl.Boolean(),
}

MENTION_SCHEMA = polars_schema(EntityMentions)

_SENTENCE_KEYS = ["doc_id", "sentence_idx"]

#: Nouns that keep a Korean alias a mention when written onto it (then a particle may follow): the government,
#: the side or authorities of a country, its products, a city or prefecture, "on" a sea (동해상으로), the head
#: or minister of a body (국가안보실장, 경찰청장, 통일부장관: the usual way Korean copy names the office), the
#: island a place is (쓰시마섬).
KOREAN_NOUN_SUFFIXES: tuple[str, ...] = (
    "정부",
    "당국",
    "측",
    "산",
    "시",
    "현",
    "상",
    "씨",
    "장",
    "장관",
    "섬",
)
#: One-syllable prefixes that keep the mention: 駐 (주러시아 대사), 對 (대중국 수출), 在 (재일), 訪, 親, 反.
KOREAN_PREFIXES: tuple[str, ...] = ("주", "대", "재", "방", "친", "반")
#: What may follow a Korean alias in its word. Not 인 (일본인: the people, a demonym) nor anything with 어
#: (한국어: the language), which KOREAN_PARTICLES or no rule would otherwise let through.
KOREAN_ENTITY_TAILS: frozenset[str] = frozenset(
    {p for p in KOREAN_PARTICLES if p != "인"}
    | {noun + p for noun in KOREAN_NOUN_SUFFIXES for p in ("", *KOREAN_PARTICLES)}
)
#: After a kanji or kana alias: 語 is the language (日本語), 人 the people (韓国人, アメリカ人), except in
#: 人権, 人事 and 人口, which attach to a country without making it a demonym; 字 a script (ローマ字, ローマ数字),
#: and ローマ教皇 / ローマ法王 the Pope, not Rome.
KANJI_STOP_TAIL = r"^(?:語|字|数字|教皇|法王|人(?:$|[^権事口]))"
#: The kanji after which a kanji alias still starts a word (any other kanji makes it the tail of a compound:
#: 東日本, 西日本, 全日本, 新日本 are not Japan). Prefixes that take a country or person: visit 訪, come 来,
#: toward 対, stationed 駐, resident 在, pro- 親, anti- 反, former 旧/元/前, late 故 (訪韓国, 駐日韓国大使館's
#: 韓国 after 日, 旧日本軍, 故安倍); country initials, so 日韓国交 still names Korea as 駐日韓国 must; the
#: date before a place (14日東京で, 昨年韓国で); the unit of an address (慶尚北道慶州市, 遼寧省大連市). An
#: alias right after another alias is kept anyway (新潟県佐渡市, 日本外務省, 韓国慶州).
KANJI_HEADS = r"[訪来対駐在親反旧元前故日韓米中朝露英仏独豪印台欧年月時週都道府県市区町村郡州省]"

#: The word rules entity aliases are matched with (``find_phrases(sentences, phrases, **ENTITY_WORD_RULES)``): one
#: statement, so the tagger and anything that must match as it does cannot drift apart.
ENTITY_WORD_RULES = {
    "hangul_words": True,
    "hangul_heads": KOREAN_PREFIXES,
    "hangul_tails": KOREAN_ENTITY_TAILS,
    "kanji_stop_tail": KANJI_STOP_TAIL,
    "kanji_heads": KANJI_HEADS,
    "kana_words": True,
}


@cache
def _read_gazetteer() -> tuple[dict, ...]:
    records: list[dict] = []
    for name in (GAZETTEER_FILE, PLACES_FILE):
        records += json.loads((DATA_DIR / name).read_text(encoding="utf-8"))["entities"]
    if twice := sorted(i for i, n in Counter(r["entity_id"] for r in records).items() if n > 1):
        raise ValueError(f"{GAZETTEER_FILE} and {PLACES_FILE} both define {', '.join(twice)}")
    return tuple(records)


def gazetteer_records() -> list[dict]:
    """The raw gazetteer entries (reviewed, then generated places), with the optional ``roles`` and ``note``."""
    return list(_read_gazetteer())


def load_entities() -> pl.DataFrame:
    """The gazetteer as a table: one row per entity, aliases as a list (the canonical name included).

    ``discovered`` is False for every reviewed entry; entities proposed by later stages set it True.
    """
    rows = [
        {
            "entity_id": e["entity_id"],
            "name": e["name"],
            "type": EntityType(e["type"]).value,
            "aliases": e["aliases"],
            "n_aliases": len(e["aliases"]),
            "discovered": False,
        }
        for e in gazetteer_records()
    ]
    return pl.DataFrame(rows, schema=ENTITY_SCHEMA)


def load_matching_policy() -> pl.DataFrame:
    """Per reviewed entity: the bare ``surnames`` it answers to and whether all aliases match case."""
    rows = [
        {
            "entity_id": e["entity_id"],
            "surnames": e.get("surnames", []),
            "case_sensitive": bool(e.get("case_sensitive", False)),
        }
        for e in gazetteer_records()
    ]
    return pl.DataFrame(rows, schema=POLICY_SCHEMA)


def alias_is_case_sensitive(alias: str, entity_case_sensitive: bool = False) -> bool:
    """One-token aliases match exactly; longer names case-insensitively unless the entity says otherwise.

    >>> alias_is_case_sensitive("LDP"), alias_is_case_sensitive("Lee Jae-myung")
    (True, False)
    """
    return entity_case_sensitive or len(alias.split()) == 1


def alias_table(entities: pl.DataFrame) -> pl.DataFrame:
    """One row per (entity, phrase): phrase, case_sensitive, is_surname. Phrases are match-normalized.

    ``entities`` may carry ``surnames`` and ``case_sensitive`` itself; otherwise the packaged policy applies.
    """
    entities = _with_optional_columns(entities)
    full = (
        entities.select("entity_id", "case_sensitive", phrase="aliases")
        .explode("phrase")
        .drop_nulls("phrase")
        .with_columns(phrase=normalize_for_matching(pl.col("phrase")))
        .with_columns(
            # Same rule as alias_is_case_sensitive, on the normalized phrase (no-break spaces become spaces).
            case_sensitive=pl.col("case_sensitive") | (pl.col("phrase").str.split(" ").list.len() == 1),
            is_surname=pl.lit(False),
        )
    )
    surnames = (
        entities.select("entity_id", "antecedent_only", phrase="surnames")
        .explode("phrase")
        .drop_nulls("phrase")
        .with_columns(case_sensitive=pl.lit(True), is_surname=pl.lit(True))
    )
    return (
        pl.concat(
            [
                full.with_columns(antecedent_only=pl.lit(False)),
                surnames.select(*full.columns, "antecedent_only"),
            ]
        )
        .with_columns(phrase=normalize_for_matching(pl.col("phrase")))
        .filter(pl.col("phrase").str.len_chars() > 0)
        .unique(maintain_order=True)
    )


def _with_optional_columns(entities: pl.DataFrame) -> pl.DataFrame:
    """Attach the packaged matching policy; discovered or hand-built entities get the defaults.

    A discovered person answers to a bare family name too ("Jang" after "Jang Ye-ji"), but only after a
    full mention in the same document (``antecedent_only``): nobody reviewed that the name is unambiguous.
    """
    missing = [c for c in ("surnames", "case_sensitive") if c not in entities.columns]
    if missing:
        policy = load_matching_policy().select("entity_id", *missing)
        entities = entities.join(policy, on="entity_id", how="left")
    discovered_person = (
        pl.col("discovered").fill_null(False) if "discovered" in entities.columns else pl.lit(False)
    )
    discovered_person = discovered_person & (pl.col("type") == EntityType.PERSON.value)
    family_name = (
        pl.when(pl.col("name").str.contains(f"^{KOREAN_NAME_PATTERN}$"))
        .then(pl.col("name").str.extract(r"^(\S+)"))  # Korean order: the family name comes first
        .otherwise(pl.col("name").str.extract(r"(\S+)$"))
    )
    return entities.with_columns(
        surnames=pl.when(discovered_person & pl.col("surnames").is_null())
        .then(pl.concat_list(family_name))
        .otherwise(pl.col("surnames").fill_null(pl.lit([], dtype=pl.List(pl.String())))),
        case_sensitive=pl.col("case_sensitive").fill_null(False),
        antecedent_only=discovered_person,
    )


def tag_entities(sentences: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Entity mentions in ``sentences`` (doc_id, sentence_idx, text, char_start) with document offsets.

    Returns doc_id, sentence_idx, entity_id, surface (as written), char_start, char_end (int32, offsets in
    the document text; ``text[char_start - sentence_start : char_end - sentence_start] == surface``).
    """
    aliases = alias_table(entities)
    matches = find_phrases(sentences, aliases.select("phrase", "case_sensitive"), **ENTITY_WORD_RULES)
    if matches.is_empty():
        return pl.DataFrame(schema=MENTION_SCHEMA)
    matches = keep_leftmost_longest(matches, by=_SENTENCE_KEYS)

    full = matches.join(aliases.filter(~pl.col("is_surname")), on="phrase").select(
        *_SENTENCE_KEYS, "entity_id", "surface", "char_start", "char_end"
    )
    surname_claims = aliases.filter(pl.col("is_surname")).select("entity_id", "phrase", "antecedent_only")
    bare = matches.join(surname_claims.select("phrase").unique(), on="phrase", how="semi")
    resolved = resolve_surnames(bare, full, surname_claims)

    return (
        pl.concat([full, resolved])
        .unique()
        .cast(MENTION_SCHEMA)
        .select(list(MENTION_SCHEMA))
        .sort("doc_id", "char_start", "entity_id")
    )


def resolve_surnames(bare: pl.DataFrame, full: pl.DataFrame, surname_claims: pl.DataFrame) -> pl.DataFrame:
    """Give each bare-surname match the entity of the nearest preceding full mention sharing that surname.

    ``bare``: surname matches (phrase = the surname). ``full``: full-name mentions with entity_id.
    ``surname_claims``: (entity_id, phrase[, antecedent_only]) for every surname an entity carries. Matches
    with no antecedent keep only surnames that exactly one entity claims and that may stand alone; the rest
    are dropped as ambiguous.
    """
    if bare.is_empty():
        return pl.DataFrame(schema=MENTION_SCHEMA)
    if "antecedent_only" not in surname_claims.columns:
        surname_claims = surname_claims.with_columns(antecedent_only=pl.lit(False))
    antecedents = (
        full.select("doc_id", "entity_id", "char_start")
        .join(surname_claims.select("entity_id", "phrase"), on="entity_id")
        .rename({"entity_id": "antecedent_id", "char_start": "antecedent_start"})
        .sort("antecedent_start")
    )
    unique_claims = (
        surname_claims.group_by("phrase")
        .agg(
            pl.col("entity_id").first().alias("sole_id"),
            pl.len().alias("n_claims"),
            pl.col("antecedent_only").any().alias("antecedent_only"),
        )
        .filter((pl.col("n_claims") == 1) & ~pl.col("antecedent_only"))
        .select("phrase", "sole_id")
    )
    return (
        bare.sort("char_start")
        .join_asof(
            antecedents,
            left_on="char_start",
            right_on="antecedent_start",
            by=["doc_id", "phrase"],
            strategy="backward",
            allow_exact_matches=False,
            # Both sides are sorted by offset above; within-group order follows from the global sort.
            check_sortedness=False,
        )
        .join(unique_claims, on="phrase", how="left")
        .with_columns(entity_id=pl.coalesce("antecedent_id", "sole_id"))
        .drop_nulls("entity_id")
        .select(*_SENTENCE_KEYS, "entity_id", "surface", "char_start", "char_end")
    )
