"""The dataset's fingerprint: a SHA-256 defined by the data alone, never by a library's internal hash.

Each row is written out in one canonical text, defined here for every column type (a string by its length in
bytes and its bytes, an integer in decimal, a float in 17 significant digits, a date in ISO form, a timestamp in
microseconds since the epoch, a list by its length and its elements, a null by ``~``), and hashed with MD5, whose
output is fixed by RFC 1321. The row hashes are added up (a multiset hash), so row order is not a data change but a
repeated row is. A table's digest is its name, its columns' canonical types, its row count and those sums; the
dataset's is the SHA-256 of its tables' digests in name order.

Polars' ``hash`` and DuckDB's ``hash`` may change with a release (Polars says so): a fingerprint built on them
would publish a duplicate snapshot of identical data after an upgrade. DuckDB only evaluates the canonical text and
the MD5 here, both defined independently of its version; tables stream through it a batch at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping

import duckdb
import polars as pl

#: Rows per batch handed to DuckDB: bounded memory on any table, few round trips on small ones.
BATCH_ROWS = 200_000

#: A row hash's two 64-bit halves (the first and last 8 bytes of the MD5 digest, read big-endian from its hex
#: text, which RFC 1321 fixes; DuckDB's ``md5_number`` is faster but its byte order and type are its own), summed
#: apart: a sum of 64-bit halves never overflows DuckDB's 128-bit sum.
_HIGH = "CAST('0x' || left(h, 16) AS UBIGINT)"
_LOW = "CAST('0x' || right(h, 16) AS UBIGINT)"

_INTEGERS = {
    pl.Int8: "int8",
    pl.Int16: "int16",
    pl.Int32: "int32",
    pl.Int64: "int64",
    pl.UInt8: "uint8",
    pl.UInt16: "uint16",
    pl.UInt32: "uint32",
    pl.UInt64: "uint64",
}


class UnhashableColumn(TypeError):
    """A column of a type that has no canonical text (yet): an error, never a silently weaker fingerprint."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def canonical_type(dtype: pl.DataType) -> str:
    """The type's name in the fingerprint: ours, so a library renaming its types changes nothing."""
    base = dtype.base_type()
    if base in _INTEGERS:
        return _INTEGERS[base]
    if base in (pl.String, pl.Categorical, pl.Enum):
        return "string"
    if base in (pl.Float32, pl.Float64):
        return "float64"
    if base is pl.Boolean:
        return "bool"
    if base is pl.Null:
        return "null"
    if base is pl.Date:
        return "date"
    if base is pl.Datetime:
        return f"timestamp[{dtype.time_zone or 'naive'}]"  # the unit is not data: values are compared in us
    if base is pl.List:
        return f"list<{canonical_type(dtype.inner)}>"
    raise UnhashableColumn(f"no canonical text for a {dtype} column")


def canonical_sql(expression: str, dtype: pl.DataType) -> str:
    """SQL giving the canonical text of ``expression`` (of ``dtype``); ``~`` for a null."""
    base = dtype.base_type()
    if base in (pl.String, pl.Categorical, pl.Enum):
        text = f"CAST({expression} AS VARCHAR)"
        value = f"(strlen({text})::VARCHAR || ':' || {text})"
    elif base in _INTEGERS:
        value = f"CAST({expression} AS VARCHAR)"
    elif base in (pl.Float32, pl.Float64):
        # Correctly rounded to 17 significant digits: a float64 round-trips, and the text is fixed by the value.
        value = f"printf('%.17g', CAST({expression} AS DOUBLE))"
    elif base is pl.Boolean:
        value = f"CASE WHEN {expression} THEN '1' WHEN NOT {expression} THEN '0' END"  # a null stays null
    elif base is pl.Date:
        value = f"CAST(date_diff('day', DATE '1970-01-01', {expression}) AS VARCHAR)"
    elif base is pl.Datetime:
        value = f"CAST(epoch_us({expression}) AS VARCHAR)"
    elif base is pl.Null:
        value = "NULL"
    elif base is pl.List:
        element = canonical_sql("element", dtype.inner)
        value = (
            f"(len({expression})::VARCHAR || '[' || "
            f"array_to_string(list_transform({expression}, lambda element: {element}), ',') || ']')"
        )
    else:
        raise UnhashableColumn(f"no canonical text for a {dtype} column")
    return f"coalesce({value}, '~')"


def _row_sql(schema: pl.Schema) -> str:
    if not schema:
        return "''"
    return " || '|' || ".join(canonical_sql(_quoted(name), dtype) for name, dtype in schema.items())


def _batches(frame: pl.DataFrame | pl.LazyFrame) -> Iterator[pl.DataFrame]:
    if isinstance(frame, pl.DataFrame):
        for start in range(0, frame.height, BATCH_ROWS):
            yield frame.slice(start, BATCH_ROWS)
    else:
        yield from frame.collect_batches(chunk_size=BATCH_ROWS, maintain_order=False)


def table_digest(name: str, frame: pl.DataFrame | pl.LazyFrame) -> str:
    """One table's line in the fingerprint: name, canonical columns, rows, and the sums of its row hashes."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    columns = ",".join(f"{column}:{canonical_type(dtype)}" for column, dtype in schema.items())
    query = (
        f"SELECT count(*), sum({_HIGH}), sum({_LOW}) FROM (SELECT md5({_row_sql(schema)}) AS h FROM batch)"
    )
    rows = high = low = 0
    with duckdb.connect() as con:
        for batch in _batches(frame):
            if batch.height == 0:
                continue
            con.register("batch", batch)
            ((n, batch_high, batch_low),) = con.execute(query).fetchall()
            con.unregister("batch")
            rows, high, low = rows + n, high + int(batch_high), low + int(batch_low)
    return f"{name}\t{columns}\t{rows}\t{high}\t{low}\n"


def dataset_sha256(tables: Mapping[str, pl.DataFrame | pl.LazyFrame]) -> str:
    """A fingerprint of the data itself: independent of row order and of the versions of Polars and DuckDB."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(table_digest(name, tables[name]).encode())
    return digest.hexdigest()
