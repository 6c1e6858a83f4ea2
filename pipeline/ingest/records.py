"""Turn raw files into records: one per article, or a quarantine row saying why not.

A `.txt` file is one article. A `.json` file holds one object (or a list of them) and a `.jsonl` file one object
per line, each with `text` (or `html`) and optional `id`, `url`, `title`, `published`, `outlet`. An `.html` file
is one page, reduced to its article by `pipeline.ingest.html_extract`. Every file and every record ends up either as a
`RawRecord` or as a `Quarantined` row: nothing is dropped without a reason, and one bad file or record (broken,
nested past the parser, holding half a UTF-16 pair, too large, or one that makes the parser itself fail) costs
its own quarantine row, never the run.
"""

import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import polars as pl

from pipeline.core.constants import QuarantineReason
from pipeline.core.edits import Edit
from pipeline.core.limits import DOCUMENT_VARIABLE, Limits, over_limit_detail
from pipeline.ingest.byline_names import plausible_byline
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.html_extract import extract_article
from pipeline.ingest.manifest import build_manifest
from pipeline.ingest.structured_dates import html_publication, structured_first, structured_publication
from pipeline.text.dates import Publication

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

_NO_ARTICLE_DETAIL = "the page has no article body (only navigation, links or too little text)"
#: A lone UTF-16 surrogate (``"\ud800"`` in JSON, half of a pair a scraper cut): not a character, and no table
#: can store it. JSON's valid pairs are joined into one character by the parser, so any surrogate left is lone.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: The string fields of a JSON record that reach a table.
_TEXT_FIELDS = ("title", "outlet", "url", "byline", "author")
_MAX_ERROR_DETAIL = 500
#: Failures of the machine, not of one input (a missing data file, a full disk, no memory): they fail the run
#: with their own message. Quarantining them would file every record under an error that is no record's fault,
#: and the per-document caches would keep those rows until the code changed.
ENVIRONMENT_ERRORS = (OSError, ImportError, MemoryError)


@dataclass(frozen=True)
class RawRecord:
    doc_id: str
    source_path: str
    record: int | None  # line number in a JSONL file, index in a JSON list, None for a whole file
    text: str
    encoding: str | None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    edits: tuple[Edit, ...] = field(default_factory=tuple)
    byline: str | None = None  # from structured input (JSON `byline`/`author`, page metadata), if plausible
    #: The clock time and zone stated with ``published`` (JSON `published`, page metadata), never converted.
    published_time: dt.time | None = None
    published_utc_offset: int | None = None

    @property
    def publication(self) -> Publication:
        return Publication(self.published, self.published_time, self.published_utc_offset)


@dataclass(frozen=True)
class Quarantined:
    source_path: str
    sha256: str | None  # None when the bytes could not be read at all
    reason: QuarantineReason
    detail: str
    record: int | None = None


def make_doc_id(source_path: str, record_key: str | None = None) -> str:
    """A document's id depends on where it came from, not on its bytes, so it survives an edited re-scrape.

    A whole file's id hashes its path; a record's hashes path, NUL, key. No path holds a NUL, so no record id
    can spell another file's path (``a.json`` record ``b.txt`` is not the file ``a.json#b.txt``), and the
    first NUL always ends the path. ``surrogatepass``: a JSON id may hold a lone surrogate; it still hashes, to
    its own id.
    """
    key = source_path if record_key is None else f"{source_path}\0{record_key}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def error_detail(error: BaseException) -> str:
    """``ValueError: …`` for a quarantine row: the exception's type and message (and its innermost cause's),
    escaped to valid UTF-8 and cut short."""
    innermost = error
    while innermost.__cause__ is not None or innermost.__context__ is not None:
        innermost = innermost.__cause__ or innermost.__context__
    detail = f"{type(error).__name__}: {error}"
    if innermost is not error:
        detail += f" (caused by {type(innermost).__name__}: {innermost})"
    detail = detail.encode("utf-8", "backslashreplace").decode("utf-8")
    return detail if len(detail) <= _MAX_ERROR_DETAIL else detail[: _MAX_ERROR_DETAIL - 1] + "…"


def read_records(source_path: str, sha256: str, data: bytes) -> tuple[list[RawRecord], list[Quarantined]]:
    """Parse one raw file's bytes into records and quarantine rows."""
    suffix = PurePosixPath(source_path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text(source_path, sha256, data)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        return _read_json(source_path, sha256, data, lines=suffix in JSONL_SUFFIXES)
    if suffix in HTML_SUFFIXES:
        return _read_html(source_path, sha256, data)
    detail = f"files ending in {suffix!r} are not read (accepted: .txt, .json, .jsonl, .html)"
    return [], [Quarantined(source_path, sha256, QuarantineReason.UNSUPPORTED_TYPE, detail)]


def _read_text(source_path: str, sha256: str, data: bytes) -> tuple[list[RawRecord], list[Quarantined]]:
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [], [Quarantined(source_path, sha256, decoded.reason, decoded.detail)]
    record = RawRecord(
        doc_id=make_doc_id(source_path),
        source_path=source_path,
        record=None,
        text=decoded.text,
        encoding=decoded.encoding,
        edits=tuple(decoded.edits),
    )
    return [record], []


def _read_html(source_path: str, sha256: str, data: bytes) -> tuple[list[RawRecord], list[Quarantined]]:
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [], [Quarantined(source_path, sha256, decoded.reason, decoded.detail)]
    where = RawRecord(make_doc_id(source_path), source_path, None, "", decoded.encoding)
    record = _record_from_html(decoded.text, decoded.edits, where)
    if record is None:
        return [], [Quarantined(source_path, sha256, QuarantineReason.NO_ARTICLE, _NO_ARTICLE_DETAIL)]
    return [record], []


def _record_from_html(html: str, decode_edits: tuple[Edit, ...], known: RawRecord) -> RawRecord | None:
    """Fill ``known`` (ids, and a JSON record's fields, which win) with the page's article and metadata."""
    article = extract_article(html, url=known.url)
    if article is None:
        return None
    # The page's date metadata carries its time and zone; trafilatura's date is the date alone.
    page = structured_first(html_publication(html), Publication(article.published))
    return replace(
        known,
        text=article.document_text(),
        title=known.title or article.title,
        outlet=known.outlet or article.outlet,
        **_publication_fields(structured_first(known.publication, page)),
        url=known.url or article.url,
        byline=known.byline or plausible_byline(article.byline),
        edits=(*decode_edits, article.edit(html)),
    )


def _read_json(
    source_path: str, sha256: str, data: bytes, *, lines: bool
) -> tuple[list[RawRecord], list[Quarantined]]:
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [], [Quarantined(source_path, sha256, decoded.reason, decoded.detail)]
    objects: list[tuple[int | None, object]] = []
    quarantined: list[Quarantined] = []
    if lines:
        # A JSONL line ends at "\n" only: str.splitlines() would also split inside a record at U+2028, U+2029,
        # U+0085, \x1c-\x1e or a lone "\r" (all legal in JSON strings or whitespace) and shift every later line.
        for number, line in enumerate(decoded.text.split("\n"), start=1):
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            parsed, error = _parse_json(line, one_line=True)
            if error is None:
                objects.append((number, parsed))
            else:
                quarantined.append(
                    Quarantined(
                        source_path, sha256, QuarantineReason.BAD_JSON, f"line {number}: {error}", number
                    )
                )
    else:
        parsed, error = _parse_json(decoded.text)
        if error is not None:
            return [], [Quarantined(source_path, sha256, QuarantineReason.BAD_JSON, error)]
        if isinstance(parsed, list):
            objects = list(enumerate(parsed))
        else:
            objects = [(None, parsed)]

    records: list[RawRecord] = []
    seen_keys: set[str] = set()
    for number, obj in objects:
        try:
            record_or_reason = _record_from_object(source_path, number, obj, seen_keys)
        except ENVIRONMENT_ERRORS:
            raise
        except Exception as error:  # one record the parsers choke on costs that record, not the run
            where = "" if number is None else f"record {number}: "
            record_or_reason = QuarantineReason.PROCESSING_ERROR, where + error_detail(error)
        if isinstance(record_or_reason, RawRecord):
            records.append(record_or_reason)
        else:
            reason, detail = record_or_reason
            quarantined.append(Quarantined(source_path, sha256, reason, detail, number))
    return records, quarantined


def _parse_json(text: str, *, one_line: bool = False) -> tuple[object, str | None]:
    """The parsed value, or None and why it is not JSON. Control characters inside strings are accepted (scrapers
    write them raw); nesting deeper than Python's parser can follow is refused, not a crash."""
    try:
        return json.loads(text, strict=False), None
    except json.JSONDecodeError as error:
        where = f"column {error.colno}" if one_line else f"line {error.lineno} column {error.colno}"
        # Some of json's messages end in "at" already ("Unterminated string starting at").
        return None, f"{error.msg} {where}" if error.msg.endswith(" at") else f"{error.msg} at {where}"
    except RecursionError:
        return None, (
            f"nested deeper than the parser's limit of about {sys.getrecursionlimit():,} levels "
            f"({max_nesting(text):,} arrays or objects open at once)"
        )


def max_nesting(text: str) -> int:
    """The deepest run of opening brackets in ``text`` (strings included: a bound, for the message only)."""
    depth = deepest = 0
    for match in re.finditer(r"[\[{]+|[\]}]+", text):
        run = len(match.group())
        depth = depth + run if match.group()[0] in "[{" else max(0, depth - run)
        deepest = max(deepest, depth)
    return deepest


def _record_from_object(
    source_path: str, number: int | None, obj: object, seen_keys: set[str]
) -> RawRecord | tuple[QuarantineReason, str]:
    where = "" if number is None else f"record {number}: "
    if not isinstance(obj, dict):
        return QuarantineReason.BAD_JSON, f"{where}expected an object, got {type(obj).__name__}"
    text, html = obj.get("text"), obj.get("html")
    # A scrape with both keeps its text: someone already extracted it, and the HTML is only provenance.
    use_html = not _non_blank(text)
    if use_html and not _non_blank(html):
        return QuarantineReason.MISSING_TEXT, f"{where}no non-empty 'text' or 'html' field"
    surrogate = _lone_surrogate(obj, "html" if use_html else "text")
    if surrogate is not None:
        return QuarantineReason.UNDECODABLE, where + surrogate
    raw_id = obj.get("id")
    key = str(raw_id) if raw_id is not None else (None if number is None else f"@{number}")
    if key is not None:
        if key in seen_keys:
            return QuarantineReason.DUPLICATE_ID, f"{where}id {key!r} already used earlier in this file"
        seen_keys.add(key)
    # The text field goes through the same decoder as a file does, so mojibake inside JSON is repaired too.
    decoded = decode_bytes((html if use_html else text).encode("utf-8"))
    if decoded.text is None:
        return decoded.reason, f"{where}{decoded.detail}"
    record = RawRecord(
        doc_id=make_doc_id(source_path, key),
        source_path=source_path,
        record=number,
        text=decoded.text,
        encoding="json",
        title=_optional_str(obj.get("title")),
        outlet=_optional_str(obj.get("outlet")),
        **_publication_fields(structured_publication(obj.get("published"))),
        url=_optional_str(obj.get("url")),
        edits=tuple(decoded.edits),
        byline=plausible_byline(_optional_str(obj.get("byline")) or _optional_str(obj.get("author"))),
    )
    if use_html:
        from_page = _record_from_html(decoded.text, decoded.edits, record)
        return from_page or (QuarantineReason.NO_ARTICLE, f"{where}{_NO_ARTICLE_DETAIL}")
    return record


def _lone_surrogate(obj: dict, body: str) -> str | None:
    """Which field of a JSON record holds a lone surrogate, where, and which; None when none does."""
    for name in (body, *_TEXT_FIELDS):
        value = obj.get(name)
        found = _LONE_SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            return (
                f"'{name}' holds a lone UTF-16 surrogate \\u{ord(found.group()):04x} at character "
                f"{found.start()} (half of a character pair, not text)"
            )
    return None


def _non_blank(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _optional_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _publication_fields(when: Publication) -> dict:
    return {"published": when.date, "published_time": when.time, "published_utc_offset": when.utc_offset}


def land_files(raw_dir: Path, store_dir: Path, limits: Limits | None = None) -> pl.DataFrame:
    """Read every file under ``raw_dir`` once, keep its bytes content-addressed, and return the manifest.

    The manifest has one row per path: ``sha256`` of the bytes this pass actually stored (so a file rewritten
    during the run is described by what was processed), or a ``skip_reason`` when the path was not read (see
    ``pipeline.ingest.manifest.build_manifest``).
    """
    return build_manifest(raw_dir, store_dir, limits)


def refusal(
    record: RawRecord, first_with_id: dict[str, RawRecord], limits: Limits
) -> tuple[QuarantineReason, str] | None:
    """Why ``record`` is not cleaned although it parsed (its text is too large, or its id is taken), or None."""
    where = "" if record.record is None else f"record {record.record}: "
    # Four bytes at most a character: most texts are under the limit without being encoded to measure them.
    if len(record.text) * 4 > limits.max_document_bytes:
        size = len(record.text.encode("utf-8"))
        if size > limits.max_document_bytes:
            detail = over_limit_detail(
                "the document text", size, limits.max_document_bytes, DOCUMENT_VARIABLE
            )
            return QuarantineReason.DOCUMENT_TOO_LARGE, where + detail
    first = first_with_id.get(record.doc_id)
    if first is not None:
        other = first.source_path + ("" if first.record is None else f" record {first.record}")
        detail = (
            f"doc_id {record.doc_id} is already the id of {other}: quarantined rather than merged with it"
        )
        return QuarantineReason.DUPLICATE_ID, where + detail
    return None
