"""Names shared by every stage: table names, reasons, kinds and ids are constants, never free strings."""

from enum import StrEnum


class QuarantineReason(StrEnum):
    """Why a raw file (or one record inside it) did not become a document."""

    EMPTY = "empty_file"
    BINARY = "binary_content"
    UNDECODABLE = "undecodable_text"
    #: Decodable, but every decoding reads as garbage (stray bytes, mixed encodings): never published.
    IMPLAUSIBLE = "implausible_decoding"
    UNSUPPORTED_TYPE = "unsupported_file_type"
    NO_TEXT = "no_text_after_cleaning"
    UNREADABLE = "unreadable_file"
    BAD_JSON = "invalid_json"
    MISSING_TEXT = "json_record_without_text"
    DUPLICATE_ID = "duplicate_record_id"
    SYMLINK = "symlink_not_followed"
    NO_ARTICLE = "html_without_article"
    NOT_REGULAR = "not_a_regular_file"
    FILE_TOO_LARGE = "file_too_large"
    DOCUMENT_TOO_LARGE = "document_too_large"
    PROCESSING_ERROR = "processing_error"


class ParagraphKind(StrEnum):
    HEADLINE = "headline"
    DEK = "dek"
    HEADING = "heading"
    BODY = "body"
    CAPTION = "caption"
    BYLINE = "byline"
    QUOTE = "quote"


class CleanStep(StrEnum):
    """The stage of cleaning that made an edit (`cleaning_edits.step`)."""

    DECODE = "decode"
    EXTRACT = "extract"
    UNICODE = "unicode"
    WHITESPACE = "whitespace"
    CHROME = "chrome"
    METADATA = "metadata"
    DESPIN = "despin"


class DuplicateKind(StrEnum):
    EXACT = "exact"
    NEAR = "near"
    SPUN = "spun"


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    FACILITY = "facility"
    AGREEMENT = "agreement"
    EVENT = "event"


#: The fixed issue taxonomy (the warehouse contract); patterns live in data/taxonomy.json.
ISSUE_IDS: tuple[str, ...] = (
    "territorial_dispute",
    "comfort_women",
    "forced_labor",
    "chosei_coal_mine",
    "history_recognition",
    "fukushima_seafood",
    "trade_economy",
    "cptpp",
    "security_cooperation",
    "north_korea",
    "china_relations",
    "us_relations",
    "shuttle_diplomacy",
    "people_exchange",
    "technology_ai",
    "domestic_politics",
    "transnational_crime",
    "demographic_challenges",
)

#: ISO 639-1 codes a document may carry; "und" when no language could be decided.
LANGUAGES: tuple[str, ...] = ("en", "ko", "ja", "zh", "und")

#: How a language was decided; stored next to the code so odd labels can be traced.
LANGUAGE_METHODS: tuple[str, ...] = ("script", "stopwords", "vocabulary", "langdetect", "document", "none")

#: What a number mentioned in the text measures (`mentions_numeric.kind`).
NUMERIC_KINDS: tuple[str, ...] = ("date", "money", "percent", "count", "year")


#: A romanized Korean name: a short family name, then a hyphenated given name ("Min Jeong-hun", "Cho Jin-goo").
#: Name finding reads the shape as a person; tagging reads the family name from the first word.
KOREAN_NAME_PATTERN = r"[A-Z][a-z]{1,3} [A-Z][a-z]+-[a-z]+"
