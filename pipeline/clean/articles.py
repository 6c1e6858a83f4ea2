"""The clean stage over a batch: raw records in, articles (text + structure + metadata) and their edits out.

Order of work for one record: decode (done at ingest) -> clean (whitespace, chrome, metadata, blocks) -> de-spin
each block. De-spinning runs per block so the block structure survives a restoration that changes lengths, and
every restoration is remembered at its place in the final text, so sentences can be scored for spinning later.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import polars as pl

from pipeline.clean.recurring_lines import find_boilerplate_lines
from pipeline.clean.scrape import Block, CleanedArticle, clean_text
from pipeline.core.constants import CleanStep, QuarantineReason
from pipeline.core.edits import Edit
from pipeline.core.schemas import CleaningEdits, Quarantine, polars_schema
from pipeline.despin.restore import SpinEvidence, despin
from pipeline.despin.restore import spin_score as spin_score_of
from pipeline.ingest.records import ENVIRONMENT_ERRORS, Quarantined, RawRecord, error_detail
from pipeline.ingest.structured_dates import structured_first
from pipeline.text.dates import Publication
from pipeline.text.language import detect_language

BLOCK_DTYPE = pl.Struct({"kind": pl.String, "char_start": pl.Int32, "char_end": pl.Int32})
RESTORATION_DTYPE = pl.Struct({"char_start": pl.Int32, "char_end": pl.Int32, "before": pl.String})

ARTICLES_SCHEMA = {
    "doc_id": pl.String,
    "source_path": pl.String,
    "record": pl.Int32,
    "url": pl.String,
    "title": pl.String,
    "dek": pl.String,
    "outlet": pl.String,
    "byline": pl.String,
    "dateline": pl.String,
    "published_date": pl.Date,
    "published_at": pl.Datetime("us"),
    "published_utc_offset": pl.Int16,
    "encoding": pl.String,
    "text": pl.String,
    "language": pl.String,
    "language_method": pl.String,
    "blocks": pl.List(BLOCK_DTYPE),
    "restorations": pl.List(RESTORATION_DTYPE),
    "spin_score": pl.Float64,
    "n_edits": pl.Int32,
}

EDITS_SCHEMA = polars_schema(CleaningEdits)
QUARANTINE_SCHEMA = polars_schema(Quarantine)


@dataclass(frozen=True)
class Restoration:
    """Where a de-spun phrase sits in the final text, and what the spinner had written there."""

    char_start: int
    char_end: int
    before: str


@dataclass(frozen=True)
class Article:
    record: RawRecord
    cleaned: CleanedArticle
    text: str
    blocks: tuple[Block, ...]
    restorations: tuple[Restoration, ...]
    spin_score: float
    edits: tuple[Edit, ...]
    language: tuple[str, str]  # (language, method), decided once here for the whole article


def despin_blocks(
    cleaned: CleanedArticle,
) -> tuple[str, tuple[Block, ...], tuple[Restoration, ...], tuple[Edit, ...], float, SpinEvidence]:
    """De-spin a cleaned article in one pass and move the block offsets around the restorations.

    The whole article is one ``despin`` call: the evidence that it is spun is pooled over all of it, and
    each phrase is matched once. Blocks are joined by blank lines and no restoration crosses one (phrases
    match within a line); an edit that would is dropped rather than allowed to merge two blocks.
    """
    result = despin(cleaned.text)
    edits = sorted((e for e in result.edits if "\n" not in e.before), key=lambda e: e.char_start)
    pieces: list[str] = []
    restorations: list[Restoration] = []
    last = shift = 0
    shifts: list[tuple[int, int]] = []  # (offset in the cleaned text, shift of everything from there on)
    for edit in edits:
        pieces += [cleaned.text[last : edit.char_start], edit.after]
        start = edit.char_start + shift
        restorations.append(Restoration(start, start + len(edit.after), edit.before))
        last = edit.char_start + len(edit.before)
        shift += len(edit.after) - len(edit.before)
        shifts.append((last, shift))
    pieces.append(cleaned.text[last:])

    def moved(offset: int) -> int:
        return offset + next((s for end, s in reversed(shifts) if end <= offset), 0)

    blocks = tuple(Block(b.kind, moved(b.char_start), moved(b.char_end)) for b in cleaned.blocks)
    spin_score = spin_score_of(len(edits), cleaned.text)
    return "".join(pieces), blocks, tuple(restorations), tuple(edits), spin_score, result.document


def _published_at(cleaned: CleanedArticle) -> datetime.datetime | None:
    """The date and the time the page states, on the page's own clock (a TIMESTAMP, not TIME: DuckDB reads a
    Parquet time as TIME_NS, which date arithmetic refuses)."""
    if cleaned.published_date is None or cleaned.published_time is None:
        return None
    return datetime.datetime.combine(cleaned.published_date, cleaned.published_time)


def _despun(value: str | None, document: SpinEvidence) -> str | None:
    return None if value is None else despin(value, document=document).text


def clean_records(
    records: Sequence[RawRecord], *, boilerplate: frozenset[str] | None = None
) -> tuple[list[Article], list[Quarantined]]:
    """Clean every record; a record left with no text is quarantined rather than published empty, and one that
    makes cleaning fail is quarantined with the error (``processing_error``) instead of failing every record."""
    if boilerplate is None:
        boilerplate = find_boilerplate_lines(record.text for record in records)
    articles: list[Article] = []
    quarantined: list[Quarantined] = []
    for record in records:
        try:
            article = _clean_record(record, boilerplate)
        except ENVIRONMENT_ERRORS:
            raise
        except Exception as error:  # one record's failure is that record's quarantine row, not the run's end
            reason, detail = QuarantineReason.PROCESSING_ERROR, f"cleaning failed: {error_detail(error)}"
            quarantined.append(Quarantined(record.source_path, None, reason, detail, record.record))
            continue
        if article is None:
            quarantined.append(
                Quarantined(
                    record.source_path,
                    None,
                    QuarantineReason.NO_TEXT,
                    "nothing was left after removing site chrome",
                    record.record,
                )
            )
        else:
            articles.append(article)
    return articles, quarantined


def _clean_record(record: RawRecord, boilerplate: frozenset[str]) -> Article | None:
    """One record cleaned and de-spun; None when cleaning leaves no text."""
    cleaned = clean_text(
        record.text,
        title=record.title,
        outlet=record.outlet,
        published=record.published,
        byline=record.byline,
        boilerplate=boilerplate,
        # trafilatura already took the page away; the line model is for text scrapes (bench.html_extraction)
        line_model=not any(edit.step is CleanStep.EXTRACT for edit in record.edits),
    )
    if not cleaned.text.strip() or not cleaned.blocks:
        return None
    # A structured time (JSON `published`, page metadata) wins as its date does; the text fills in what agrees.
    stated = Publication(cleaned.published_date, cleaned.published_time, cleaned.published_utc_offset)
    when = structured_first(record.publication, stated)
    cleaned = replace(
        cleaned, published_date=when.date, published_time=when.time, published_utc_offset=when.utc_offset
    )
    text, blocks, restorations, despin_edits, spin_score, document = despin_blocks(cleaned)
    # Title and dek are also blocks, already restored (and recorded) there; keep the fields in step. The byline
    # is names alone (its block, role and all, is restored as text): a name is never a spinner's synonym.
    cleaned = replace(cleaned, **{f: _despun(getattr(cleaned, f), document) for f in ("title", "dek")})
    edits = (*record.edits, *cleaned.edits, *despin_edits)
    # Decided once here, for the whole article (inside the record's own error handling): paragraphs inherit it,
    # documents publish it.
    language = detect_language(text)
    return Article(record, cleaned, text, blocks, restorations, spin_score, edits, language)


def articles_frame(articles: Iterable[Article]) -> pl.DataFrame:
    rows = [
        {
            "doc_id": a.record.doc_id,
            "source_path": a.record.source_path,
            "record": a.record.record,
            "url": a.record.url,
            "title": a.cleaned.title,
            "dek": a.cleaned.dek,
            "outlet": a.cleaned.outlet,
            "byline": a.cleaned.byline,
            "dateline": a.cleaned.dateline,
            "published_date": a.cleaned.published_date,
            "published_at": _published_at(a.cleaned),
            "published_utc_offset": a.cleaned.published_utc_offset,
            "encoding": a.record.encoding,
            "text": a.text,
            **dict(zip(("language", "language_method"), a.language, strict=True)),
            "blocks": [
                {"kind": str(b.kind), "char_start": b.char_start, "char_end": b.char_end} for b in a.blocks
            ],
            "restorations": [
                {"char_start": r.char_start, "char_end": r.char_end, "before": r.before}
                for r in a.restorations
            ],
            "spin_score": a.spin_score,
            "n_edits": len(a.edits),
        }
        for a in articles
    ]
    return pl.DataFrame(rows, schema=ARTICLES_SCHEMA)


def edits_frame(articles: Iterable[Article]) -> pl.DataFrame:
    rows = [
        (a.record.doc_id, idx, str(e.step), e.rule, e.before, e.after, e.char_start, e.confidence, None)
        for a in articles
        for idx, e in enumerate(a.edits)
    ]
    return pl.DataFrame(rows, schema=EDITS_SCHEMA, orient="row")


def quarantine_frame(rows: Iterable[Quarantined]) -> pl.DataFrame:
    data = [(q.source_path, q.record, q.sha256, str(q.reason), q.detail) for q in rows]
    return pl.DataFrame(data, schema=QUARANTINE_SCHEMA, orient="row").sort(
        "source_path", "record", nulls_last=False
    )


#: Records cleaned between two conversions to frames: the cleaned articles of one batch are held as Python
#: objects (heavy: text, blocks, edits), everything before it as compact frames.
CLEAN_BATCH = 1000

EMPTIED_SCHEMA = {"doc_id": pl.String, **QUARANTINE_SCHEMA}


def clean_frames(
    records: Sequence[RawRecord], *, boilerplate: frozenset[str], batch: int = CLEAN_BATCH
) -> dict[str, pl.DataFrame]:
    """``articles``, ``cleaning_edits`` and ``emptied`` (the records cleaning left without text, as quarantine
    rows with their ``doc_id``) for ``records``, in their order, cleaned ``batch`` records at a time."""
    parts: dict[str, list[pl.DataFrame]] = {"articles": [], "cleaning_edits": [], "emptied": []}
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        articles, emptied = clean_records(chunk, boilerplate=boilerplate)
        doc_of = {(r.source_path, r.record): r.doc_id for r in chunk}
        parts["articles"].append(articles_frame(articles))
        parts["cleaning_edits"].append(edits_frame(articles))
        parts["emptied"].append(
            pl.DataFrame(
                [(doc_of[(q.source_path, q.record)], q.source_path, q.record, q.sha256, str(q.reason), q.detail)
                 for q in emptied],
                schema=EMPTIED_SCHEMA,
                orient="row",
            )
        )  # fmt: skip
    schemas = {"articles": ARTICLES_SCHEMA, "cleaning_edits": EDITS_SCHEMA, "emptied": EMPTIED_SCHEMA}
    return {
        # Chunks kept as they are (no rechunk): a copy of the whole output would double this step's peak.
        name: pl.concat(frames, rechunk=False) if frames else pl.DataFrame(schema=schemas[name])
        for name, frames in parts.items()
    }
