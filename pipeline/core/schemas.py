"""One Pandera model per published table: the warehouse contract, checked before anything is published.

Models validate collected frames with ``lazy=True`` so one run reports every broken rule at once. Rules that need
two tables (offsets must fall inside their document's text) live in ``pipeline.core.offsets``.
"""

import re

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from pipeline.core.column_descriptions import COLUMN_DESCRIPTIONS
from pipeline.core.constants import (
    ISSUE_IDS,
    LANGUAGE_METHODS,
    LANGUAGES,
    NUMERIC_KINDS,
    CleanStep,
    DuplicateKind,
    EntityType,
    ParagraphKind,
    QuarantineReason,
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$").pattern
_DOC_ID = re.compile(r"^[0-9a-f]{16}$").pattern


def _values(enum) -> list[str]:
    return [member.value for member in enum]


def _unique_key(*columns: str):
    """A dataframe check that the combination of ``columns`` is unique (the table's key)."""

    @pa.dataframe_check(error=f"({', '.join(columns)}) is unique")
    @classmethod
    def key_unique(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct(*columns).is_duplicated().alias("ok"))

    return key_unique


def _span_matches(column: str):
    """A dataframe check that each span's length equals the length of its ``column`` text."""

    @pa.dataframe_check(error=f"char_end - char_start == len({column})")
    @classmethod
    def span_matches(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("char_end") - pl.col("char_start") == pl.col(column).str.len_chars()).alias("ok")
        )

    return span_matches


class _Table(pa.DataFrameModel):
    """What every published table's model shares: no column beyond the model's (strict), and values cast
    to the model's dtypes before the checks run (coerce)."""

    class Config:
        strict = True
        coerce = True


def polars_schema(model: type[pa.DataFrameModel]) -> pl.Schema:
    """The Polars schema of ``model``'s table: every column in the model's order, with the model's dtype.

    Domain modules build their published frames with it: the model is the one place a table's shape is said.

    >>> polars_schema(Issues)
    Schema([('issue_id', String), ('label', String), ('description', String)])
    """
    return pl.Schema({name: column.dtype.type for name, column in model.to_schema().columns.items()})


_DOCUMENTS = COLUMN_DESCRIPTIONS["documents"]


class Documents(_Table):
    """One row per article that survived ingest; the text every offset in the warehouse points into."""

    doc_id: str = pa.Field(unique=True, str_matches=_DOC_ID, description=_DOCUMENTS["doc_id"])
    source_path: str = pa.Field(description=_DOCUMENTS["source_path"])
    record: pl.Int32 = pa.Field(nullable=True, ge=0, description=_DOCUMENTS["record"])
    url: str = pa.Field(nullable=True, description=_DOCUMENTS["url"])
    title: str = pa.Field(nullable=True, description=_DOCUMENTS["title"])
    dek: str = pa.Field(nullable=True, description=_DOCUMENTS["dek"])
    outlet: str = pa.Field(nullable=True, description=_DOCUMENTS["outlet"])
    byline: str = pa.Field(nullable=True, description=_DOCUMENTS["byline"])
    dateline: str = pa.Field(nullable=True, description=_DOCUMENTS["dateline"])
    published_date: pl.Date = pa.Field(nullable=True, description=_DOCUMENTS["published_date"])
    published_at: pl.Datetime("us") = pa.Field(nullable=True, description=_DOCUMENTS["published_at"])
    published_utc_offset: pl.Int16 = pa.Field(
        nullable=True, ge=-720, le=840, description=_DOCUMENTS["published_utc_offset"]
    )
    language: str = pa.Field(isin=list(LANGUAGES), description=_DOCUMENTS["language"])
    language_method: str = pa.Field(isin=list(LANGUAGE_METHODS), description=_DOCUMENTS["language_method"])
    encoding: str = pa.Field(nullable=True, description=_DOCUMENTS["encoding"])
    text: str = pa.Field(str_length={"min_value": 1}, description=_DOCUMENTS["text"])
    n_words: pl.Int32 = pa.Field(ge=1, description=_DOCUMENTS["n_words"])
    n_paragraphs: pl.Int32 = pa.Field(ge=1, description=_DOCUMENTS["n_paragraphs"])
    n_sentences: pl.Int32 = pa.Field(ge=1, description=_DOCUMENTS["n_sentences"])
    content_sha256: str = pa.Field(str_matches=_SHA256, description=_DOCUMENTS["content_sha256"])
    cluster_id: str = pa.Field(str_matches=_DOC_ID, description=_DOCUMENTS["cluster_id"])
    is_canonical: bool = pa.Field(description=_DOCUMENTS["is_canonical"])
    spin_score: pl.Float64 = pa.Field(ge=0.0, le=1.0, description=_DOCUMENTS["spin_score"])
    tone: pl.Float64 = pa.Field(ge=-1.0, le=1.0, description=_DOCUMENTS["tone"])
    n_edits: pl.Int32 = pa.Field(ge=0, description=_DOCUMENTS["n_edits"])

    @pa.dataframe_check(error="published_at falls on published_date, and a zone comes only with a time")
    @classmethod
    def time_with_date(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (
                (
                    pl.col("published_at").is_null()
                    | (pl.col("published_at").dt.date() == pl.col("published_date")).fill_null(False)
                )
                & (pl.col("published_utc_offset").is_null() | pl.col("published_at").is_not_null())
            ).alias("ok")
        )

    @pa.dataframe_check(error="each cluster has exactly one canonical document")
    @classmethod
    def one_canonical_per_cluster(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("is_canonical").cast(pl.Int32).sum().over("cluster_id") == 1).alias("ok")
        )

    class Config:
        name = "documents"


_QUARANTINE = COLUMN_DESCRIPTIONS["quarantine"]


class Quarantine(_Table):
    """Every raw file or record that did not become a document, with the reason."""

    source_path: str = pa.Field(description=_QUARANTINE["source_path"])
    record: pl.Int32 = pa.Field(nullable=True, ge=0, description=_QUARANTINE["record"])
    sha256: str = pa.Field(nullable=True, str_matches=_SHA256, description=_QUARANTINE["sha256"])
    reason: str = pa.Field(isin=_values(QuarantineReason), description=_QUARANTINE["reason"])
    detail: str = pa.Field(description=_QUARANTINE["detail"])

    class Config:
        name = "quarantine"


_PARAGRAPHS = COLUMN_DESCRIPTIONS["paragraphs"]


class Paragraphs(_Table):
    """A stretch of a document's text (a block the cleaner found): its own text and where it sits in
    ``documents.text``."""

    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_PARAGRAPHS["doc_id"])
    paragraph_idx: pl.Int32 = pa.Field(ge=0, description=_PARAGRAPHS["paragraph_idx"])
    kind: str = pa.Field(isin=_values(ParagraphKind), description=_PARAGRAPHS["kind"])
    language: str = pa.Field(isin=list(LANGUAGES), description=_PARAGRAPHS["language"])
    language_method: str = pa.Field(isin=list(LANGUAGE_METHODS), description=_PARAGRAPHS["language_method"])
    text: str = pa.Field(str_length={"min_value": 1}, description=_PARAGRAPHS["text"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_PARAGRAPHS["char_start"])
    char_end: pl.Int32 = pa.Field(ge=1, description=_PARAGRAPHS["char_end"])

    span_matches_text = _span_matches("text")
    key_unique = _unique_key("doc_id", "paragraph_idx")

    class Config:
        name = "paragraphs"


_SENTENCES = COLUMN_DESCRIPTIONS["sentences"]


class Sentences(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_SENTENCES["doc_id"])
    sentence_idx: pl.Int32 = pa.Field(ge=0, description=_SENTENCES["sentence_idx"])
    paragraph_idx: pl.Int32 = pa.Field(ge=0, description=_SENTENCES["paragraph_idx"])
    text: str = pa.Field(str_length={"min_value": 1}, description=_SENTENCES["text"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_SENTENCES["char_start"])
    char_end: pl.Int32 = pa.Field(ge=1, description=_SENTENCES["char_end"])
    spin_score: pl.Float64 = pa.Field(ge=0.0, le=1.0, description=_SENTENCES["spin_score"])
    tone: pl.Float64 = pa.Field(ge=-1.0, le=1.0, description=_SENTENCES["tone"])

    span_matches_text = _span_matches("text")
    key_unique = _unique_key("doc_id", "sentence_idx")

    class Config:
        name = "sentences"


_ENTITIES = COLUMN_DESCRIPTIONS["entities"]


class Entities(_Table):
    entity_id: str = pa.Field(unique=True, description=_ENTITIES["entity_id"])
    name: str = pa.Field(str_length={"min_value": 1}, description=_ENTITIES["name"])
    type: str = pa.Field(isin=_values(EntityType), description=_ENTITIES["type"])
    aliases: pl.List(pl.String) = pa.Field(description=_ENTITIES["aliases"])
    n_aliases: pl.Int32 = pa.Field(ge=1, description=_ENTITIES["n_aliases"])
    discovered: bool = pa.Field(description=_ENTITIES["discovered"])

    class Config:
        name = "entities"


_ENTITY_MENTIONS = COLUMN_DESCRIPTIONS["entity_mentions"]


class EntityMentions(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_ENTITY_MENTIONS["doc_id"])
    sentence_idx: pl.Int32 = pa.Field(ge=0, description=_ENTITY_MENTIONS["sentence_idx"])
    entity_id: str = pa.Field(description=_ENTITY_MENTIONS["entity_id"])
    surface: str = pa.Field(str_length={"min_value": 1}, description=_ENTITY_MENTIONS["surface"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_ENTITY_MENTIONS["char_start"])
    char_end: pl.Int32 = pa.Field(ge=1, description=_ENTITY_MENTIONS["char_end"])

    span_matches_surface = _span_matches("surface")

    class Config:
        name = "entity_mentions"


_ISSUES = COLUMN_DESCRIPTIONS["issues"]


class Issues(_Table):
    issue_id: str = pa.Field(unique=True, isin=list(ISSUE_IDS), description=_ISSUES["issue_id"])
    label: str = pa.Field(str_length={"min_value": 1}, description=_ISSUES["label"])
    description: str = pa.Field(str_length={"min_value": 1}, description=_ISSUES["description"])

    class Config:
        name = "issues"


_ISSUE_MENTIONS = COLUMN_DESCRIPTIONS["issue_mentions"]


class IssueMentions(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_ISSUE_MENTIONS["doc_id"])
    sentence_idx: pl.Int32 = pa.Field(ge=0, description=_ISSUE_MENTIONS["sentence_idx"])
    issue_id: str = pa.Field(isin=list(ISSUE_IDS), description=_ISSUE_MENTIONS["issue_id"])
    evidence: str = pa.Field(str_length={"min_value": 1}, description=_ISSUE_MENTIONS["evidence"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_ISSUE_MENTIONS["char_start"])
    char_end: pl.Int32 = pa.Field(ge=1, description=_ISSUE_MENTIONS["char_end"])

    class Config:
        name = "issue_mentions"


_DOC_ISSUES = COLUMN_DESCRIPTIONS["doc_issues"]


class DocIssues(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_DOC_ISSUES["doc_id"])
    issue_id: str = pa.Field(isin=list(ISSUE_IDS), description=_DOC_ISSUES["issue_id"])
    n_mentions: pl.Int32 = pa.Field(ge=1, description=_DOC_ISSUES["n_mentions"])
    salience: pl.Float64 = pa.Field(ge=0.0, le=1.0, description=_DOC_ISSUES["salience"])

    key_unique = _unique_key("doc_id", "issue_id")

    class Config:
        name = "doc_issues"


_CLEANING_EDITS = COLUMN_DESCRIPTIONS["cleaning_edits"]


class CleaningEdits(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_CLEANING_EDITS["doc_id"])
    edit_idx: pl.Int32 = pa.Field(ge=0, description=_CLEANING_EDITS["edit_idx"])
    step: str = pa.Field(isin=_values(CleanStep), description=_CLEANING_EDITS["step"])
    rule: str = pa.Field(str_length={"min_value": 1}, description=_CLEANING_EDITS["rule"])
    before: str = pa.Field(description=_CLEANING_EDITS["before"])
    after: str = pa.Field(description=_CLEANING_EDITS["after"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_CLEANING_EDITS["char_start"])
    confidence: pl.Float64 = pa.Field(gt=0.0, le=1.0, description=_CLEANING_EDITS["confidence"])
    source_doc_id: str = pa.Field(
        nullable=True, str_matches=_DOC_ID, description=_CLEANING_EDITS["source_doc_id"]
    )

    @pa.dataframe_check(error="a source document exactly on aligned_copy edits")
    @classmethod
    def source_on_aligned_copies(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            ((pl.col("rule") == "aligned_copy") == pl.col("source_doc_id").is_not_null()).alias("ok")
        )

    @pa.dataframe_check(error="an edit changes something")
    @classmethod
    def changes_something(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("before") != pl.col("after")).alias("ok"))

    class Config:
        name = "cleaning_edits"


_DUPLICATES = COLUMN_DESCRIPTIONS["duplicates"]


class Duplicates(_Table):
    doc_id: str = pa.Field(unique=True, str_matches=_DOC_ID, description=_DUPLICATES["doc_id"])
    duplicate_of: str = pa.Field(str_matches=_DOC_ID, description=_DUPLICATES["duplicate_of"])
    kind: str = pa.Field(isin=_values(DuplicateKind), description=_DUPLICATES["kind"])
    similarity: pl.Float64 = pa.Field(ge=0.0, le=1.0, description=_DUPLICATES["similarity"])
    spun_copy_of: str = pa.Field(nullable=True, str_matches=_DOC_ID, description=_DUPLICATES["spun_copy_of"])

    @pa.dataframe_check(error="a spun copy is of kind spun and not a copy of itself")
    @classmethod
    def spun_copy_is_spun(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (
                pl.col("spun_copy_of").is_null()
                | ((pl.col("kind") == "spun") & (pl.col("spun_copy_of") != pl.col("doc_id")))
            ).alias("ok")
        )

    class Config:
        name = "duplicates"


_MENTIONS_NUMERIC = COLUMN_DESCRIPTIONS["mentions_numeric"]


class MentionsNumeric(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_MENTIONS_NUMERIC["doc_id"])
    sentence_idx: pl.Int32 = pa.Field(ge=0, description=_MENTIONS_NUMERIC["sentence_idx"])
    kind: str = pa.Field(isin=list(NUMERIC_KINDS), description=_MENTIONS_NUMERIC["kind"])
    surface: str = pa.Field(str_length={"min_value": 1}, description=_MENTIONS_NUMERIC["surface"])
    value: pl.Float64 = pa.Field(nullable=True, description=_MENTIONS_NUMERIC["value"])
    unit: str = pa.Field(nullable=True, description=_MENTIONS_NUMERIC["unit"])
    date: pl.Date = pa.Field(nullable=True, description=_MENTIONS_NUMERIC["date"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_MENTIONS_NUMERIC["char_start"])
    char_end: pl.Int32 = pa.Field(ge=1, description=_MENTIONS_NUMERIC["char_end"])

    span_matches_surface = _span_matches("surface")

    @pa.dataframe_check(error="an amount has a value, a date mention has a date or none")
    @classmethod
    def reading_fits_kind(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(((pl.col("kind") == "date") | pl.col("value").is_not_null()).alias("ok"))

    class Config:
        name = "mentions_numeric"


_STORIES = COLUMN_DESCRIPTIONS["stories"]


class Stories(_Table):
    story_id: str = pa.Field(unique=True, str_matches=_DOC_ID, description=_STORIES["story_id"])
    label: str = pa.Field(str_length={"min_value": 1}, description=_STORIES["label"])
    first_published: pl.Date = pa.Field(nullable=True, description=_STORIES["first_published"])
    last_published: pl.Date = pa.Field(nullable=True, description=_STORIES["last_published"])
    n_documents: pl.Int32 = pa.Field(ge=1, description=_STORIES["n_documents"])
    key_terms: pl.List(pl.String) = pa.Field(description=_STORIES["key_terms"])

    @pa.dataframe_check(error="first_published <= last_published")
    @classmethod
    def dates_in_order(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("first_published") <= pl.col("last_published")).fill_null(True).alias("ok")
        )

    @pa.dataframe_check(error="key_terms are non-empty and each listed once")
    @classmethod
    def key_terms_distinct(cls, data: PolarsData) -> pl.LazyFrame:
        terms = pl.col("key_terms")
        return data.lazyframe.select(
            (
                terms.is_not_null()
                & (terms.list.len() == terms.list.n_unique())
                & (terms.list.eval(pl.element().str.len_chars() > 0).list.all())
            ).alias("ok")
        )

    class Config:
        name = "stories"


_STORY_ARTICLES = COLUMN_DESCRIPTIONS["story_articles"]


class StoryArticles(_Table):
    doc_id: str = pa.Field(unique=True, str_matches=_DOC_ID, description=_STORY_ARTICLES["doc_id"])
    story_id: str = pa.Field(str_matches=_DOC_ID, description=_STORY_ARTICLES["story_id"])

    class Config:
        name = "story_articles"


_QUOTES = COLUMN_DESCRIPTIONS["quotes"]


class Quotes(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID, description=_QUOTES["doc_id"])
    quote_idx: pl.Int32 = pa.Field(ge=0, description=_QUOTES["quote_idx"])
    sentence_idx: pl.Int32 = pa.Field(ge=0, description=_QUOTES["sentence_idx"])
    speaker: str = pa.Field(nullable=True, str_length={"min_value": 1}, description=_QUOTES["speaker"])
    speaker_entity_id: str = pa.Field(nullable=True, description=_QUOTES["speaker_entity_id"])
    text: str = pa.Field(str_length={"min_value": 1}, description=_QUOTES["text"])
    char_start: pl.Int32 = pa.Field(ge=0, description=_QUOTES["char_start"])
    char_end: pl.Int32 = pa.Field(ge=1, description=_QUOTES["char_end"])

    key_unique = _unique_key("doc_id", "quote_idx")

    span_matches_text = _span_matches("text")

    class Config:
        name = "quotes"


#: The published tables and their models, in publish order.
TABLE_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "quarantine": Quarantine,
    "paragraphs": Paragraphs,
    "sentences": Sentences,
    "entities": Entities,
    "entity_mentions": EntityMentions,
    "issues": Issues,
    "issue_mentions": IssueMentions,
    "doc_issues": DocIssues,
    "cleaning_edits": CleaningEdits,
    "duplicates": Duplicates,
    "stories": Stories,
    "story_articles": StoryArticles,
    "quotes": Quotes,
    "mentions_numeric": MentionsNumeric,
}

#: The published tables' names, in publish order: the publish asset's inputs and the warehouse's tables.
PUBLISHED_TABLES: tuple[str, ...] = tuple(TABLE_MODELS)
