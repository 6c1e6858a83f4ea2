"""The specific terms of an article, which say which event it covers rather than which topic: the people, places
(not countries), facilities, organizations, agreements and events it names, the numbers it writes, and the
event nouns it uses (a summit, a rally, a ruling, a dive), each event noun one concept across English, Korean
and Japanese. Two articles on one topic share broad words (Japan, Korea, history, government); two on one event
also share these.

Everything here is vectorised in Polars (the texts are scanned by Rust regexes, never a Python loop a document),
so the terms cost little next to the word profiles (`pipeline.corpus.stories`).
"""

import re

import numpy as np
import polars as pl

from pipeline.reference.name_lexicon import region_names

#: Event nouns, one concept a row: English stems match at a word start, Korean and Japanese forms anywhere
#: (neither writes spaces inside a compound). General news events, not the events of any one corpus.
EVENT_NOUNS: dict[str, tuple[str, ...]] = {
    "summit": ("summit", "정상회담", "首脳会談"),
    "talks": ("talks", "meeting", "met with", "회담", "회동", "会談", "会合", "協議"),
    "visit": ("visit", "trip", "방문", "방일", "방한", "방북", "방미", "방중", "訪問", "訪日", "訪韓", "訪朝", "訪米", "訪中"),
    "rally": ("rally", "rallies", "protest", "demonstrat", "집회", "시위", "集会", "デモ", "抗議"),
    "ruling": ("ruling", "ruled", "verdict", "judgment", "판결", "선고", "判決", "賠償命令"),
    "lawsuit": ("lawsuit", "plaintiff", "소송", "원고", "訴訟", "原告"),
    "memorial": ("memorial", "commemorat", "추도", "추모", "위령", "追悼", "慰霊"),
    "ceremony": ("ceremony", "기념식", "式典"),
    "launch": ("launch", "missile", "발사", "미사일", "発射", "ミサイル"),
    "dive": ("diver", "dive", "diving", "잠수", "潜水", "ダイバー"),
    "remains": ("remains", "bones", "유골", "유해", "遺骨"),
    "exhibition": ("exhibition", "exhibit", "전시", "특별전", "展覧会", "特別展", "展示"),
    "election": ("election", "선거", "選挙"),
    "earthquake": ("earthquake", "quake", "tsunami", "지진", "쓰나미", "地震", "津波"),
    "arrest": ("arrest", "detain", "체포", "구속", "검거", "逮捕", "拘束"),
    "scam": ("scam", "fraud", "사기", "詐欺"),
    "sanctions": ("sanction", "제재", "制裁"),
    "tariff": ("tariff", "관세", "関税"),
    "export_controls": ("export control", "export curb", "수출 규제", "수출규제", "輸出規制", "輸出管理"),
    "import_ban": ("import ban", "import restriction", "수입 규제", "수입규제", "수입 금지", "輸入規制", "輸入停止", "輸入禁止"),
    "discharge": ("discharge", "방류", "放出"),
    "signing": ("signed", "signing", "서명", "체결", "署名", "締結"),
    "drill": ("drill", "military exercise", "훈련", "訓練", "演習"),
    "funeral": ("funeral", "장례", "별세", "葬儀", "死去"),
    "accident": ("collision", "crash", "accident", "사고", "충돌", "事故", "衝突"),
    "inauguration": ("inaugurat", "took office", "취임", "就任"),
    "resignation": ("resign", "사퇴", "사임", "辞任", "辞意"),
    "apology": ("apologi", "apology", "사죄", "謝罪"),
    "press_conference": ("press conference", "news conference", "기자회견", "記者会見"),
}  # fmt: skip
_CONCEPT = {form.casefold(): concept for concept, forms in EVENT_NOUNS.items() for form in forms}
# Longest forms first, so "export control" wins over a shorter form starting at the same place.
_EVENT_RE = "|".join(
    rf"\b{re.escape(form)}" if form.isascii() else re.escape(form)
    for form in sorted(_CONCEPT, key=len, reverse=True)
)
#: Whole numbers of two digits or more (a day, a count, a year); single digits are every article's.
_NUMBER_RE = r"\d[\d,]*\d"
_FULL_WIDTH_DIGITS = [chr(0xFF10 + d) for d in range(10)]
#: How much each kind of term counts in the agreement of two articles: the entities they name most.
TERM_WEIGHTS = {"entity": 1.0, "event": 0.8, "number": 0.4}
#: Documents whose texts are scanned at a time.
TEXT_BATCH = 10_000
TERM_SCHEMA = {"doc_id": pl.String, "kind": pl.String, "term": pl.String, "count": pl.UInt32}


def broad_entity_ids(entities: pl.DataFrame) -> set[str]:
    """Entities that name a country, a US state or a continent: every article of a bilateral corpus names them,
    so they tell no event from another."""
    regions = {name.casefold() for name in region_names()} | {"south korea", "north korea"}
    return {
        entity_id
        for entity_id, kind, name in entities.select("entity_id", "type", "name").iter_rows()
        if kind == "place" and name.casefold() in regions
    }


def specific_terms(documents: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """``(doc_id, kind, term, count)`` for every document of ``documents`` (``doc_id``, ``text``): the entities it
    mentions that are not ``broad_entity_ids``, its event-noun concepts and its whole numbers."""
    broad = broad_entity_ids(entities) if "type" in entities.columns else set()
    ids = documents.select("doc_id")
    named = (
        mentions.select("doc_id", pl.col("entity_id").alias("term"))
        .join(ids, on="doc_id", how="semi")
        .filter(~pl.col("term").is_in(list(broad)))
        .group_by("doc_id", "term")
        .agg(pl.len().cast(pl.UInt32).alias("count"))
        .with_columns(kind=pl.lit("entity"))
    )
    # Texts a batch at a time: a lower-cased copy of every text at once would double the corpus in memory.
    found = [
        _text_terms(documents.slice(start, TEXT_BATCH)) for start in range(0, documents.height, TEXT_BATCH)
    ]
    columns = list(TERM_SCHEMA)
    return pl.concat([frame.select(columns).cast(TERM_SCHEMA) for frame in (named, *found)]).sort(
        "doc_id", "kind", "term"
    )


def _text_terms(documents: pl.DataFrame) -> pl.DataFrame:
    """The event-noun concepts and whole numbers of a batch of documents, as ``specific_terms`` rows."""
    text = documents.select("doc_id", pl.col("text").str.to_lowercase())
    events = (
        text.select("doc_id", pl.col("text").str.extract_all(_EVENT_RE).alias("term"))
        .explode("term")
        .drop_nulls("term")
        .with_columns(pl.col("term").replace_strict(_CONCEPT, return_dtype=pl.String))
        .group_by("doc_id", "term")
        .agg(pl.len().cast(pl.UInt32).alias("count"))
        .with_columns(kind=pl.lit("event"))
    )
    numbers = (
        text.select(
            "doc_id",
            pl.col("text")
            .str.replace_many(_FULL_WIDTH_DIGITS, [str(d) for d in range(10)])
            .str.extract_all(_NUMBER_RE)
            .alias("term"),
        )
        .explode("term")
        .drop_nulls("term")
        .with_columns(pl.col("term").str.replace_all(",", "").str.strip_chars_start("0"))
        .filter(pl.col("term").str.len_chars() >= 2)
        .group_by("doc_id", "term")
        .agg(pl.len().cast(pl.UInt32).alias("count"))
        .with_columns(kind=pl.lit("number"))
    )
    columns = list(TERM_SCHEMA)
    return pl.concat([frame.select(columns).cast(TERM_SCHEMA) for frame in (events, numbers)])


def term_matrix(terms: pl.DataFrame, ids: list[str]) -> tuple:
    """The documents' specific terms as unit-length TF-IDF rows of a sparse matrix (row ``i`` is ``ids[i]``),
    each kind weighted by ``TERM_WEIGHTS``, and the matrix's columns as ``kind:term`` names. Unlike the word
    profiles, a term only one document holds stays in: it is a specific term the others do not agree on, and it
    lowers the agreement."""
    from scipy import sparse

    n = len(ids)
    if terms.is_empty():
        return sparse.csr_matrix((n, 0)), []
    row = pl.DataFrame({"doc_id": ids, "row": np.arange(n, dtype=np.int64)})
    feature = pl.concat_str("kind", pl.lit(":"), "term")
    weighted = (
        terms.join(row, on="doc_id")
        .with_columns(feature.alias("feature"))
        .with_columns(
            col=pl.col("feature").rank("dense").cast(pl.Int64) - 1,
            df=pl.len().over("feature"),
        )
        .with_columns(
            value=(1 + pl.col("count").cast(pl.Float64).log())
            * ((n + 1) / pl.col("df").cast(pl.Float64)).log()
            * pl.col("kind").replace_strict(TERM_WEIGHTS, return_dtype=pl.Float64)
        )
        .with_columns(value=pl.col("value") / (pl.col("value") ** 2).sum().over("row").sqrt())
    )
    features = weighted.select("feature", "col").unique().sort("col")["feature"].to_list()
    matrix = sparse.csr_matrix(
        (weighted["value"].to_numpy(), (weighted["row"].to_numpy(), weighted["col"].to_numpy())),
        shape=(n, len(features)),
    )
    return matrix, features
