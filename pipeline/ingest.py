"""Turn raw files into records: one per article, or a quarantine row saying why not.

A `.txt` file is one article. A `.json` file holds one object (or a list of them) and a `.jsonl` file one object
per line, each with `text` (or `html`) and optional `id`, `url`, `title`, `published`, `outlet`. An `.html` file
is one page, reduced to its article by `pipeline.html_extract`. Every file and every record ends up either as a
`RawRecord` or as a `Quarantined` row: nothing is dropped without a reason.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import polars as pl

from pipeline.constants import QuarantineReason
from pipeline.decode import decode_bytes
from pipeline.doc_cache import FileCache
from pipeline.edits import Edit
from pipeline.html_extract import extract_article
from pipeline.manifest import MANIFEST_SCHEMA, scan_raw, store_bytes, store_path
from pipeline.metadata import plausible_byline

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

_NO_ARTICLE_DETAIL = "the page has no article body (only navigation, links or too little text)"


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


@dataclass(frozen=True)
class Quarantined:
    source_path: str
    sha256: str | None  # None when the bytes could not be read at all
    reason: QuarantineReason
    detail: str
    record: int | None = None


def make_doc_id(source_path: str, record_key: str | None = None) -> str:
    """A document's id depends on where it came from, not on its bytes, so it survives an edited re-scrape."""
    key = source_path if record_key is None else f"{source_path}#{record_key}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


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
    return replace(
        known,
        text=article.document_text(),
        title=known.title or article.title,
        outlet=known.outlet or article.outlet,
        published=known.published or article.published,
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
        for number, line in enumerate(decoded.text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                objects.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                detail = f"line {number}: {error.msg} at column {error.colno}"
                quarantined.append(
                    Quarantined(source_path, sha256, QuarantineReason.BAD_JSON, detail, number)
                )
    else:
        try:
            parsed = json.loads(decoded.text)
        except json.JSONDecodeError as error:
            detail = f"{error.msg} at line {error.lineno} column {error.colno}"
            return [], [Quarantined(source_path, sha256, QuarantineReason.BAD_JSON, detail)]
        if isinstance(parsed, list):
            objects = list(enumerate(parsed))
        else:
            objects = [(None, parsed)]

    records: list[RawRecord] = []
    seen_keys: set[str] = set()
    for number, obj in objects:
        record_or_reason = _record_from_object(source_path, number, obj, seen_keys)
        if isinstance(record_or_reason, RawRecord):
            records.append(record_or_reason)
        else:
            reason, detail = record_or_reason
            quarantined.append(Quarantined(source_path, sha256, reason, detail, number))
    return records, quarantined


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
        published=_parse_date(obj.get("published")),
        url=_optional_str(obj.get("url")),
        edits=tuple(decoded.edits),
        byline=plausible_byline(_optional_str(obj.get("byline")) or _optional_str(obj.get("author"))),
    )
    if use_html:
        from_page = _record_from_html(decoded.text, decoded.edits, record)
        return from_page or (QuarantineReason.NO_ARTICLE, f"{where}{_NO_ARTICLE_DETAIL}")
    return record


def _non_blank(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _optional_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def land_files(raw_dir: Path, store_dir: Path) -> pl.DataFrame:
    """Read every file under ``raw_dir`` once, keep its bytes content-addressed, and return the manifest.

    The manifest has one row per path: ``sha256`` of the bytes this pass actually stored (so a file rewritten
    during the run is described by what was processed), or a ``skip_reason`` when the path was not read.
    """
    listing, skipped = scan_raw(raw_dir)
    rows: list[tuple] = [(s.source_path, None, None, str(s.reason), s.detail) for s in skipped]
    for source_path in listing["source_path"]:
        try:
            data = (Path(raw_dir) / source_path).read_bytes()
        except OSError as error:
            rows.append(
                (source_path, None, None, str(QuarantineReason.UNREADABLE), str(error.strerror or error))
            )
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        store_bytes(store_dir, sha256, data)
        rows.append((source_path, sha256, len(data), None, None))
    return pl.DataFrame(rows, schema=MANIFEST_SCHEMA, orient="row").sort("source_path")


def read_landed(
    manifest: pl.DataFrame, store_dir: Path, cache: FileCache | None = None
) -> tuple[list[RawRecord], list[Quarantined]]:
    """Parse the stored bytes of every manifest row; skipped rows become quarantine rows.

    With a ``cache``, a file parsed by an earlier run (same path, same bytes, same code) is read back instead of
    decoded again.
    """
    records: list[RawRecord] = []
    quarantined: list[Quarantined] = []
    keys = []
    for row in manifest.iter_rows(named=True):
        if row["sha256"] is None:
            reason = QuarantineReason(row["skip_reason"])
            quarantined.append(Quarantined(row["source_path"], None, reason, row["skip_detail"] or ""))
            continue
        key = hashlib.sha256(f"{row['source_path']}\0{row['sha256']}".encode()).hexdigest()
        keys.append(key)
        parsed = cache.get(key) if cache else None
        if parsed is None:
            data = store_path(store_dir, row["sha256"]).read_bytes()
            parsed = read_records(row["source_path"], row["sha256"], data)
            if cache:
                cache.put(key, parsed)
        found, rejected = parsed
        records.extend(found)
        quarantined.extend(rejected)
    if cache:
        cache.keep_only(keys)
    return records, quarantined
