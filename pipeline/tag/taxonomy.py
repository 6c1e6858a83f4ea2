"""Issue tagging against the fixed 18-issue taxonomy (``data/taxonomy.json``).

Issue cues are literal phrases in English, Korean and Japanese, matched by the same automaton and
boundary rules as entities (``pipeline.text.phrase_match``): ASCII case-insensitive, except all-capital
acronyms ("AI", "ALPS", "US") which match as written so "ai" or "us" in prose never count. Unlike entities,
overlap is resolved per issue, not across issues: "U.S.-China rivalry" is evidence for both
``us_relations`` and ``china_relations``. Stop phrases ("Asia-Pacific Economic Cooperation") suppress the
cues inside them. Korean cues must be whole words (a particle may follow), and supporting cues ("Korean
Peninsula") count only where a main cue of the same issue is found. A topic reported as "not addressed" is still a topic of the article, so negation is not
special-cased.
"""

import json
from functools import cache

import polars as pl

from pipeline.core.constants import ISSUE_IDS, ParagraphKind
from pipeline.core.schemas import DocIssues, IssueMentions, Issues, polars_schema
from pipeline.reference import DATA_DIR
from pipeline.text.phrase_match import (
    drop_covered,
    find_phrases,
    keep_leftmost_longest,
    normalize_for_matching,
)

TAXONOMY_FILE = "taxonomy.json"

#: Weight of one sentence mentioning an issue: headlines and deks announce what a story is about, the
#: lead states it, later sentences may only pass by.
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
#: Sentences after the headline that still count as the lead.
LEAD_SENTENCES = 3
#: Weighted sentences at which salience reaches 1 - 1/e (~0.63): one headline mention plus a body mention.
SALIENCE_SCALE = 4.0
_HEADLINE_KINDS = (ParagraphKind.HEADLINE.value, ParagraphKind.DEK.value)
_LEAD_KINDS = (ParagraphKind.BODY.value, ParagraphKind.QUOTE.value)

ISSUE_SCHEMA = polars_schema(Issues)
MENTION_SCHEMA = polars_schema(IssueMentions)
DOC_ISSUE_SCHEMA = polars_schema(DocIssues)
_SENTENCE_KEYS = ["doc_id", "sentence_idx"]


@cache
def _read_taxonomy() -> dict:
    return json.loads((DATA_DIR / TAXONOMY_FILE).read_text(encoding="utf-8"))


def load_issues() -> pl.DataFrame:
    """The taxonomy as a table (issue_id, label, description), in ISSUE_IDS order."""
    by_id = {i["issue_id"]: i for i in _read_taxonomy()["issues"]}
    rows = [{k: by_id[iid][k] for k in ISSUE_SCHEMA} for iid in ISSUE_IDS]
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA)


def pattern_is_case_sensitive(pattern: str) -> bool:
    """All-capital acronyms match as written; everything else ignores ASCII case.

    >>> [pattern_is_case_sensitive(p) for p in ("AI", "U.S.", "comfort wom*")]
    [True, True, False]
    """
    letters = [c for c in pattern if c.isascii() and c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def load_issue_patterns() -> pl.DataFrame:
    """One row per cue: issue_id, language, phrase (match-normalized), case_sensitive, supporting.

    A supporting cue (``supporting`` in the data file) counts only in a document where a main cue of the
    same issue is found: "the Korean Peninsula" frames North Korea stories but alone is geography.
    """
    rows = [
        {
            "issue_id": issue["issue_id"],
            "language": lang,
            "phrase": phrase,
            "supporting": kind == "supporting",
        }
        for issue in _read_taxonomy()["issues"]
        for kind in ("patterns", "supporting")
        for lang, phrases in issue.get(kind, {}).items()
        for phrase in phrases
    ]
    schema = {"issue_id": pl.String, "language": pl.String, "phrase": pl.String, "supporting": pl.Boolean}
    return _with_case(pl.DataFrame(rows, schema=schema))


def load_stop_phrases() -> pl.DataFrame:
    """Phrases whose inner cues do not count (phrase, case_sensitive)."""
    phrases = _read_taxonomy()["stop_phrases"]["phrases"]
    return _with_case(pl.DataFrame({"phrase": phrases}, schema={"phrase": pl.String}))


def _with_case(table: pl.DataFrame) -> pl.DataFrame:
    return table.with_columns(
        case_sensitive=pl.col("phrase").map_elements(pattern_is_case_sensitive, return_dtype=pl.Boolean),
        phrase=normalize_for_matching(pl.col("phrase")),
    ).unique(maintain_order=True)


#: Paragraphs whose sentences are no evidence of an issue: a photo caption or a byline says what is pictured or who
#: wrote, not what the article discusses (a scrape's captions carry other stories' topics).
NOT_EVIDENCE_KINDS = (ParagraphKind.CAPTION.value, ParagraphKind.BYLINE.value)


def tag_issues(sentences: pl.DataFrame, patterns: pl.DataFrame | None = None) -> pl.DataFrame:
    """Issue mentions in ``sentences`` (doc_id, sentence_idx, text, char_start), with document offsets.

    Returns doc_id, sentence_idx, issue_id, evidence (the cue as written), char_start, char_end.
    ``patterns`` defaults to the packaged taxonomy (see ``load_issue_patterns``).
    """
    patterns = load_issue_patterns() if patterns is None else patterns
    stops = load_stop_phrases()
    cues = pl.concat([patterns.select("phrase", "case_sensitive"), stops.select("phrase", "case_sensitive")])
    matches = find_phrases(sentences, cues.unique(), hangul_words=True)
    if matches.is_empty():
        return pl.DataFrame(schema=MENTION_SCHEMA)

    if "supporting" not in patterns.columns:
        patterns = patterns.with_columns(supporting=pl.lit(False))
    stop_spans = matches.join(stops.select("phrase"), on="phrase", how="semi")
    issue_matches = matches.join(patterns.select("phrase", "issue_id", "supporting").unique(), on="phrase")
    issue_matches = drop_covered(issue_matches, stop_spans)
    issue_matches = keep_leftmost_longest(issue_matches, by=[*_SENTENCE_KEYS, "issue_id"])
    # Supporting cues count only next to a main cue of the same issue in the same document.
    backed = issue_matches.filter(~pl.col("supporting")).select("doc_id", "issue_id").unique()
    issue_matches = issue_matches.filter(~pl.col("supporting")).vstack(
        issue_matches.filter(pl.col("supporting")).join(backed, on=["doc_id", "issue_id"], how="semi")
    )
    return (
        issue_matches.select(
            *_SENTENCE_KEYS, "issue_id", pl.col("surface").alias("evidence"), "char_start", "char_end"
        )
        .unique()
        .cast(MENTION_SCHEMA)
        .sort("doc_id", "char_start", "issue_id")
    )


def sentence_weights(sentences: pl.DataFrame) -> pl.DataFrame:
    """Weight of each sentence as evidence of what its document is about (doc_id, sentence_idx, weight).

    With ``paragraph_kind``, headlines and deks weigh HEADLINE_WEIGHT and the first LEAD_SENTENCES body
    sentences LEAD_WEIGHT. Without it, the first sentence is taken as the headline and the next
    LEAD_SENTENCES as the lead, since scraped articles open with their title.
    """
    ordered = sentences.select(
        "doc_id",
        pl.col("sentence_idx").cast(pl.Int32),
        *(["paragraph_kind"] if "paragraph_kind" in sentences.columns else []),
    ).sort("doc_id", "sentence_idx")
    if "paragraph_kind" in ordered.columns:
        kind = pl.col("paragraph_kind").cast(pl.String)
        is_lead_kind = kind.is_in(_LEAD_KINDS)
        lead_rank = is_lead_kind.cast(pl.Int32).cum_sum().over("doc_id")
        weight = (
            pl.when(kind.is_in(_HEADLINE_KINDS))
            .then(HEADLINE_WEIGHT)
            .when(is_lead_kind & (lead_rank <= LEAD_SENTENCES))
            .then(LEAD_WEIGHT)
            .otherwise(BODY_WEIGHT)
        )
    else:
        rank = pl.int_range(pl.len()).over("doc_id")
        weight = (
            pl.when(rank == 0)
            .then(HEADLINE_WEIGHT)
            .when(rank <= LEAD_SENTENCES)
            .then(LEAD_WEIGHT)
            .otherwise(BODY_WEIGHT)
        )
    return ordered.with_columns(weight=weight).select("doc_id", "sentence_idx", "weight")


def summarize_doc_issues(issue_mentions: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Per document and issue: n_mentions and salience in [0, 1).

    Salience is ``1 - exp(-score / SALIENCE_SCALE)`` where score sums the weights of the distinct sentences
    that mention the issue: repeating a cue within one sentence adds nothing, a headline mention counts
    three times a passing one, and more sentences push salience towards 1 without reaching it.
    """
    if issue_mentions.is_empty():
        return pl.DataFrame(schema=DOC_ISSUE_SCHEMA)
    weights = sentence_weights(sentences)
    mentions = issue_mentions.with_columns(pl.col("sentence_idx").cast(pl.Int32))
    counts = mentions.group_by("doc_id", "issue_id").agg(n_mentions=pl.len().cast(pl.Int32))
    scores = (
        mentions.select("doc_id", "issue_id", "sentence_idx")
        .unique()
        .join(weights, on=_SENTENCE_KEYS, how="left")
        .group_by("doc_id", "issue_id")
        .agg(score=pl.col("weight").fill_null(BODY_WEIGHT).sum())
    )
    return (
        counts.join(scores, on=["doc_id", "issue_id"])
        .with_columns(salience=(1.0 - (-pl.col("score") / SALIENCE_SCALE).exp()).cast(pl.Float64))
        .select(list(DOC_ISSUE_SCHEMA))
        .sort("doc_id", "salience", "issue_id", descending=[False, True, False])
    )
