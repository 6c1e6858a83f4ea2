"""Issue tagging against the fixed 18-issue taxonomy (``data/taxonomy.json``).

Issue cues are literal phrases in English, Korean and Japanese, matched by the same automaton and
boundary rules as entities (``pipeline.text.phrase_match``): ASCII case-insensitive, except all-capital
acronyms ("AI", "ALPS", "US") which match as written so "ai" or "us" in prose never count. Unlike entities,
overlap is resolved per issue, not across issues: "U.S.-China rivalry" is evidence for both
``us_relations`` and ``china_relations``. Stop phrases ("Asia-Pacific Economic Cooperation") suppress the
cues inside them. Korean cues must be whole words (a particle may follow). A topic reported as "not addressed"
is still a topic of the article, so negation is not special-cased.

Cues differ in strength: a main cue names the issue ("shuttle diplomacy", 독도); a weak cue is a broad word that
often passes by (China, the U.S., imports) and counts half; a supporting cue ("Korean Peninsula") counts half and
only where a cue of the same issue is found. An issue's ``broader`` issues take its evidence too (comfort women
are history recognition). ``tag_issues`` finds every cue; ``summarize_doc_issues`` weighs them by strength and
place and tags a document with an issue only when the evidence adds up (``MIN_SCORE``).
"""

import json
from functools import cache

import polars as pl

from pipeline.core.constants import ISSUE_IDS, ParagraphKind
from pipeline.core.schemas import DocIssues, IssueMentions, Issues, polars_schema
from pipeline.reference import DATA_DIR
from pipeline.text.phrase_match import (
    PREFIX_MARK,
    drop_covered,
    find_phrases,
    keep_leftmost_longest,
    normalize_for_matching,
    normalize_phrase,
)

TAXONOMY_FILE = "taxonomy.json"

#: Weight of one sentence mentioning an issue: headlines and deks announce what a story is about, the
#: lead states it, later sentences may only pass by.
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
#: Body sentences that count as the lead: the first three, whatever the paragraphs (a wire lede is one sentence
#: to a paragraph, a Korean lede often two or three in one; a text with no blank lines is one paragraph).
LEAD_SENTENCES = 3
#: Strength of a cue by its kind in the data file: main cues name the issue, weak and supporting ones may pass by.
CUE_STRENGTH = {"patterns": 1.0, "weak": 0.5, "supporting": 0.5}
#: A cue seen in an earlier sentence counts this share again: several distinct cues say more than one repeated.
REPEAT_FACTOR = 0.5
#: Score a document needs to be tagged with an issue: one main cue anywhere, a weak cue in the headline or lead,
#: or weak cues in several sentences. One weak late mention (0.5) is not enough. Chosen on the dev split of
#: tests/gold/coverage_eval.json.
MIN_SCORE = 1.0
#: Score at which salience reaches 1 - 1/e (~0.63): one headline mention plus a body mention.
SALIENCE_SCALE = 4.0
_HEADLINE_KINDS = (ParagraphKind.HEADLINE.value, ParagraphKind.DEK.value)
_LEAD_KINDS = (ParagraphKind.BODY.value, ParagraphKind.QUOTE.value)
#: The column of ``sentences`` giving the kind of the paragraph each sentence is in (``with_paragraph_kinds``).
PARAGRAPH_KIND = "paragraph_kind"

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
    """One row per cue: issue_id, language, phrase (match-normalized), supporting, strength, case_sensitive.

    A supporting cue (``supporting`` in the data file) counts only in a document where another cue of the
    same issue is found: "the Korean Peninsula" frames North Korea stories but alone is geography. Weak and
    supporting cues have strength 0.5 (``CUE_STRENGTH``). Every cue but the supporting ones of an issue with
    ``broader`` issues is listed again for each of them.
    """
    rows = []
    for issue in _read_taxonomy()["issues"]:
        for kind, strength in CUE_STRENGTH.items():
            supporting = kind == "supporting"
            for issue_id in [issue["issue_id"], *([] if supporting else issue.get("broader", []))]:
                rows += [
                    {
                        "issue_id": issue_id,
                        "language": lang,
                        "phrase": phrase,
                        "supporting": supporting,
                        "strength": strength,
                    }
                    for lang, phrases in issue.get(kind, {}).items()
                    for phrase in phrases
                ]
    schema = {
        "issue_id": pl.String,
        "language": pl.String,
        "phrase": pl.String,
        "supporting": pl.Boolean,
        "strength": pl.Float64,
    }
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


def with_paragraph_kinds(sentences: pl.DataFrame, paragraphs: pl.DataFrame) -> pl.DataFrame:
    """``sentences`` (with paragraph_idx) with ``paragraph_kind``: the kind of the paragraph each is in
    (``paragraphs``: doc_id, paragraph_idx, kind)."""
    kinds = paragraphs.select("doc_id", "paragraph_idx", pl.col("kind").cast(pl.String).alias(PARAGRAPH_KIND))
    return sentences.drop(PARAGRAPH_KIND, strict=False).join(
        kinds, on=["doc_id", "paragraph_idx"], how="left", maintain_order="left"
    )


def evidence_sentences(sentences: pl.DataFrame) -> pl.DataFrame:
    """``sentences`` but those of captions and bylines (``NOT_EVIDENCE_KINDS``), when ``paragraph_kind`` says."""
    if PARAGRAPH_KIND not in sentences.columns:
        return sentences
    return sentences.filter(~pl.col(PARAGRAPH_KIND).is_in(NOT_EVIDENCE_KINDS).fill_null(False))


def tag_issues(sentences: pl.DataFrame, patterns: pl.DataFrame | None = None) -> pl.DataFrame:
    """Issue mentions in ``sentences`` (doc_id, sentence_idx, text, char_start), with document offsets.

    With ``paragraph_kind``, sentences of captions and bylines are no evidence (``evidence_sentences``).
    Returns doc_id, sentence_idx, issue_id, evidence (the cue as written), char_start, char_end.
    ``patterns`` defaults to the packaged taxonomy (see ``load_issue_patterns``).
    """
    sentences = evidence_sentences(sentences)
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
    # Supporting cues count only next to another cue of the same issue in the same document.
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

    By ``paragraph_kind``: headlines and deks weigh HEADLINE_WEIGHT, the first LEAD_SENTENCES body or quote
    sentences LEAD_WEIGHT, captions and bylines nothing (``NOT_EVIDENCE_KINDS``), the rest (headings, later
    body) BODY_WEIGHT. A document with no kinds (no such column, or all null) falls back to sentence order:
    the first sentence is taken as the headline and the next LEAD_SENTENCES as the lead, since a scraped
    article opens with its title.
    """
    given = pl.col(PARAGRAPH_KIND) if PARAGRAPH_KIND in sentences.columns else pl.lit(None)
    ordered = sentences.select(
        "doc_id", pl.col("sentence_idx").cast(pl.Int32), given.cast(pl.String).alias(PARAGRAPH_KIND)
    ).sort("doc_id", "sentence_idx")
    kind = pl.col(PARAGRAPH_KIND)
    is_lead_kind = kind.is_in(_LEAD_KINDS).fill_null(False)
    lead_rank = is_lead_kind.cast(pl.Int32).cum_sum().over("doc_id")
    by_kind = (
        pl.when(kind.is_in(_HEADLINE_KINDS))
        .then(HEADLINE_WEIGHT)
        .when(kind.is_in(NOT_EVIDENCE_KINDS))
        .then(0.0)
        .when(is_lead_kind & (lead_rank <= LEAD_SENTENCES))
        .then(LEAD_WEIGHT)
        .otherwise(BODY_WEIGHT)
    )
    rank = pl.int_range(pl.len()).over("doc_id")
    by_order = (
        pl.when(rank == 0)
        .then(HEADLINE_WEIGHT)
        .when(rank <= LEAD_SENTENCES)
        .then(LEAD_WEIGHT)
        .otherwise(BODY_WEIGHT)
    )
    weight = pl.when(kind.is_null().all().over("doc_id")).then(by_order).otherwise(by_kind)
    return ordered.with_columns(weight=weight.cast(pl.Float64)).select("doc_id", "sentence_idx", "weight")


def cue_strengths(issue_mentions: pl.DataFrame, patterns: pl.DataFrame | None = None) -> pl.DataFrame:
    """``issue_mentions`` with ``cue`` (the evidence folded: typographic variants, case) and its ``strength``.

    A mention's strength is that of the strongest cue of its issue that reads as the whole evidence (a prefix cue
    reads as any word it starts); evidence no cue of ``patterns`` explains counts as a main cue.
    """
    patterns = load_issue_patterns() if patterns is None else patterns
    if "strength" not in patterns.columns:
        patterns = patterns.with_columns(strength=pl.lit(1.0))
    exact: dict[tuple[str, str], float] = {}
    prefixes: dict[str, list[tuple[str, float]]] = {}
    for issue_id, phrase, strength in patterns.select("issue_id", "phrase", "strength").iter_rows():
        key = phrase.lower()
        if key.endswith(PREFIX_MARK):
            prefixes.setdefault(issue_id, []).append((key.rstrip(PREFIX_MARK), strength))
        else:
            exact[issue_id, key] = max(strength, exact.get((issue_id, key), 0.0))

    def strength_of(issue_id: str, cue: str) -> float:
        found = [s for stem, s in prefixes.get(issue_id, []) if cue.startswith(stem)]
        if (issue_id, cue) in exact:
            found.append(exact[issue_id, cue])
        return max(found, default=1.0)

    pairs = issue_mentions.select("issue_id", "evidence").unique()
    cues = [normalize_phrase(evidence).lower() for evidence in pairs["evidence"]]
    table = pairs.with_columns(
        cue=pl.Series(cues, dtype=pl.String),
        strength=pl.Series(
            [strength_of(i, c) for i, c in zip(pairs["issue_id"], cues, strict=True)], dtype=pl.Float64
        ),
    )
    return issue_mentions.join(table, on=["issue_id", "evidence"], how="left")


def score_doc_issues(
    issue_mentions: pl.DataFrame, sentences: pl.DataFrame, patterns: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Per document and issue: n_mentions and score (see ``summarize_doc_issues``), every pair found."""
    mentions = cue_strengths(issue_mentions, patterns).with_columns(pl.col("sentence_idx").cast(pl.Int32))
    counts = mentions.group_by("doc_id", "issue_id").agg(n_mentions=pl.len().cast(pl.Int32))
    pair = ["doc_id", "issue_id"]
    evidence = (
        mentions.select(*pair, "sentence_idx", "cue", "strength")
        .unique()
        .with_columns(first=pl.col("sentence_idx").min().over(*pair, "cue"))
        .with_columns(
            value=pl.col("strength")
            * pl.when(pl.col("sentence_idx") == pl.col("first")).then(1.0).otherwise(REPEAT_FACTOR)
        )
        .group_by(*pair, "sentence_idx")
        .agg(evidence=pl.col("value").sum().clip(upper_bound=1.0))
    )
    scores = (
        evidence.join(sentence_weights(sentences), on=_SENTENCE_KEYS, how="left")
        .group_by(*pair)
        .agg(score=(pl.col("weight").fill_null(BODY_WEIGHT) * pl.col("evidence")).sum())
    )
    return counts.join(scores, on=pair)


def summarize_doc_issues(
    issue_mentions: pl.DataFrame, sentences: pl.DataFrame, patterns: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The issues each document is tagged with: n_mentions and salience in [0, 1).

    Each sentence mentioning the issue scores ``weight x evidence``. The weight is its place, read from
    ``sentences``' ``paragraph_kind`` when given (``sentence_weights``: headline or dek 3, the first three body
    sentences 2, later ones 1; by sentence order without kinds). The evidence sums the strengths of
    its distinct cues (1 main, 0.5 weak or supporting), a cue already seen in an earlier sentence counting
    REPEAT_FACTOR (0.5) of that, capped at 1 per sentence. A document is tagged with the issue when the summed
    score reaches MIN_SCORE (1): a main cue anywhere, a weak cue in the headline or lead, or weak cues in
    several sentences, never one weak late mention. Salience is ``1 - exp(-score / SALIENCE_SCALE)``: a
    headline mention counts three times a late one, a new cue twice a repeated one, and more evidence
    pushes salience towards 1 without reaching it. ``n_mentions`` counts every mention of the issue.
    """
    if issue_mentions.is_empty():
        return pl.DataFrame(schema=DOC_ISSUE_SCHEMA)
    return (
        score_doc_issues(issue_mentions, sentences, patterns)
        .filter(pl.col("score") >= MIN_SCORE)
        .with_columns(salience=(1.0 - (-pl.col("score") / SALIENCE_SCALE).exp()).cast(pl.Float64))
        .select(list(DOC_ISSUE_SCHEMA))
        .sort("doc_id", "salience", "issue_id", descending=[False, True, False])
    )
