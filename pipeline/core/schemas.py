"""One Pandera model per published table: the warehouse contract, checked before anything is published.

Models validate collected frames with ``lazy=True`` so one run reports every broken rule at once. Rules that need
two tables (offsets must fall inside their document's text) live in ``pipeline.core.offsets``.
"""

import re

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

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


class Documents(_Table):
    """One row per article that survived ingest; the text every offset in the warehouse points into."""

    doc_id: str = pa.Field(unique=True, str_matches=_DOC_ID)
    source_path: str
    record: pl.Int32 = pa.Field(nullable=True, ge=0)
    url: str = pa.Field(nullable=True)
    title: str = pa.Field(nullable=True)
    dek: str = pa.Field(nullable=True)
    outlet: str = pa.Field(nullable=True)
    byline: str = pa.Field(nullable=True)
    dateline: str = pa.Field(nullable=True)
    published_date: pl.Date = pa.Field(nullable=True)
    #: The date and time on the page's own clock, never converted; the zone only where the page states one
    #: (minutes east of UTC).
    published_at: pl.Datetime("us") = pa.Field(nullable=True)
    published_utc_offset: pl.Int16 = pa.Field(nullable=True, ge=-720, le=840)
    language: str = pa.Field(isin=list(LANGUAGES))
    language_method: str = pa.Field(isin=list(LANGUAGE_METHODS))
    encoding: str = pa.Field(nullable=True)
    text: str = pa.Field(str_length={"min_value": 1})
    n_words: pl.Int32 = pa.Field(ge=1)
    n_paragraphs: pl.Int32 = pa.Field(ge=1)
    n_sentences: pl.Int32 = pa.Field(ge=1)
    content_sha256: str = pa.Field(str_matches=_SHA256)
    cluster_id: str = pa.Field(str_matches=_DOC_ID)
    is_canonical: bool
    spin_score: pl.Float64 = pa.Field(ge=0.0, le=1.0)
    tone: pl.Float64 = pa.Field(ge=-1.0, le=1.0)
    n_edits: pl.Int32 = pa.Field(ge=0)

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


class Quarantine(_Table):
    """Every raw file or record that did not become a document, with the reason."""

    source_path: str
    record: pl.Int32 = pa.Field(nullable=True, ge=0)
    sha256: str = pa.Field(nullable=True, str_matches=_SHA256)
    reason: str = pa.Field(isin=_values(QuarantineReason))
    detail: str

    class Config:
        name = "quarantine"


class Paragraphs(_Table):
    """A stretch of a document's text (a block the cleaner found): its own text and where it sits in
    ``documents.text``."""

    doc_id: str = pa.Field(str_matches=_DOC_ID)
    paragraph_idx: pl.Int32 = pa.Field(ge=0)
    kind: str = pa.Field(isin=_values(ParagraphKind))
    language: str = pa.Field(isin=list(LANGUAGES))
    language_method: str = pa.Field(isin=list(LANGUAGE_METHODS))
    text: str = pa.Field(str_length={"min_value": 1})
    char_start: pl.Int32 = pa.Field(ge=0)
    char_end: pl.Int32 = pa.Field(ge=1)

    span_matches_text = _span_matches("text")
    key_unique = _unique_key("doc_id", "paragraph_idx")

    class Config:
        name = "paragraphs"


class Sentences(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    sentence_idx: pl.Int32 = pa.Field(ge=0)
    paragraph_idx: pl.Int32 = pa.Field(ge=0)
    text: str = pa.Field(str_length={"min_value": 1})
    char_start: pl.Int32 = pa.Field(ge=0)
    char_end: pl.Int32 = pa.Field(ge=1)
    spin_score: pl.Float64 = pa.Field(ge=0.0, le=1.0)
    tone: pl.Float64 = pa.Field(ge=-1.0, le=1.0)

    span_matches_text = _span_matches("text")
    key_unique = _unique_key("doc_id", "sentence_idx")

    class Config:
        name = "sentences"


class Entities(_Table):
    entity_id: str = pa.Field(unique=True)
    name: str = pa.Field(str_length={"min_value": 1})
    type: str = pa.Field(isin=_values(EntityType))
    aliases: pl.List(pl.String)
    n_aliases: pl.Int32 = pa.Field(ge=1)
    discovered: bool

    class Config:
        name = "entities"


class EntityMentions(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    sentence_idx: pl.Int32 = pa.Field(ge=0)
    entity_id: str
    surface: str = pa.Field(str_length={"min_value": 1})
    char_start: pl.Int32 = pa.Field(ge=0)
    char_end: pl.Int32 = pa.Field(ge=1)

    span_matches_surface = _span_matches("surface")

    class Config:
        name = "entity_mentions"


class Issues(_Table):
    issue_id: str = pa.Field(unique=True, isin=list(ISSUE_IDS))
    label: str = pa.Field(str_length={"min_value": 1})
    description: str = pa.Field(str_length={"min_value": 1})

    class Config:
        name = "issues"


class IssueMentions(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    sentence_idx: pl.Int32 = pa.Field(ge=0)
    issue_id: str = pa.Field(isin=list(ISSUE_IDS))
    evidence: str = pa.Field(str_length={"min_value": 1})
    char_start: pl.Int32 = pa.Field(ge=0)
    char_end: pl.Int32 = pa.Field(ge=1)

    class Config:
        name = "issue_mentions"


class DocIssues(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    issue_id: str = pa.Field(isin=list(ISSUE_IDS))
    n_mentions: pl.Int32 = pa.Field(ge=1)
    salience: pl.Float64 = pa.Field(ge=0.0, le=1.0)

    key_unique = _unique_key("doc_id", "issue_id")

    class Config:
        name = "doc_issues"


class CleaningEdits(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    edit_idx: pl.Int32 = pa.Field(ge=0)
    step: str = pa.Field(isin=_values(CleanStep))
    rule: str = pa.Field(str_length={"min_value": 1})
    before: str
    after: str
    char_start: pl.Int32 = pa.Field(ge=0)
    confidence: pl.Float64 = pa.Field(gt=0.0, le=1.0)
    #: The document an aligned restoration copied its words from (``pipeline.clean.aligned_restore``).
    source_doc_id: str = pa.Field(nullable=True, str_matches=_DOC_ID)

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


class Duplicates(_Table):
    doc_id: str = pa.Field(unique=True, str_matches=_DOC_ID)
    duplicate_of: str = pa.Field(str_matches=_DOC_ID)
    kind: str = pa.Field(isin=_values(DuplicateKind))
    similarity: pl.Float64 = pa.Field(ge=0.0, le=1.0)
    #: The original this document is a spun copy of (its swaps were restored from it), else null.
    spun_copy_of: str = pa.Field(nullable=True, str_matches=_DOC_ID)

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


class MentionsNumeric(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    sentence_idx: pl.Int32 = pa.Field(ge=0)
    kind: str = pa.Field(isin=list(NUMERIC_KINDS))
    surface: str = pa.Field(str_length={"min_value": 1})
    value: pl.Float64 = pa.Field(nullable=True)
    unit: str = pa.Field(nullable=True)
    date: pl.Date = pa.Field(nullable=True)
    char_start: pl.Int32 = pa.Field(ge=0)
    char_end: pl.Int32 = pa.Field(ge=1)

    span_matches_surface = _span_matches("surface")

    @pa.dataframe_check(error="an amount has a value, a date mention has a date or none")
    @classmethod
    def reading_fits_kind(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(((pl.col("kind") == "date") | pl.col("value").is_not_null()).alias("ok"))

    class Config:
        name = "mentions_numeric"


class Stories(_Table):
    story_id: str = pa.Field(unique=True, str_matches=_DOC_ID)
    label: str = pa.Field(str_length={"min_value": 1})
    first_published: pl.Date = pa.Field(nullable=True)
    last_published: pl.Date = pa.Field(nullable=True)
    n_documents: pl.Int32 = pa.Field(ge=1)
    #: The specific terms (people, places, event nouns, numbers) at least half its articles share.
    key_terms: pl.List(pl.String)

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


class StoryArticles(_Table):
    doc_id: str = pa.Field(unique=True, str_matches=_DOC_ID)
    story_id: str = pa.Field(str_matches=_DOC_ID)

    class Config:
        name = "story_articles"


class Quotes(_Table):
    doc_id: str = pa.Field(str_matches=_DOC_ID)
    quote_idx: pl.Int32 = pa.Field(ge=0)
    sentence_idx: pl.Int32 = pa.Field(ge=0)
    speaker: str = pa.Field(nullable=True, str_length={"min_value": 1})
    speaker_entity_id: str = pa.Field(nullable=True)
    text: str = pa.Field(str_length={"min_value": 1})
    char_start: pl.Int32 = pa.Field(ge=0)
    char_end: pl.Int32 = pa.Field(ge=1)

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
