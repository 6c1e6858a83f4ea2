"""The dataset fingerprint is defined by the data: fixed values that no Polars or DuckDB release may move."""

import datetime as dt
import json
import platform
import unicodedata

import duckdb
import polars as pl
import pytest

from pipeline.core.library_versions import DATA_SHAPING_LIBRARIES, library_versions, library_versions_json
from pipeline.warehouse.dataset_hash import (
    UnhashableColumn,
    canonical_sql,
    canonical_type,
    dataset_sha256,
    table_digest,
)
from pipeline.warehouse.publish import publish
from pipeline.warehouse.store import read_snapshots

ROWS = pl.DataFrame(
    {
        "doc_id": ["a|b", None, "é"],
        "n": [1, None, -3],
        "score": [0.1, None, -0.0],
        "aliases": [["Seoul", "서울"], None, []],
        "day": [dt.date(2026, 1, 14), None, dt.date(1969, 12, 31)],
        "at": [dt.datetime(2026, 1, 14, 10, 5), None, None],
        "flag": [True, None, False],
    },
    schema_overrides={"n": pl.Int32},
)


#: The canonical text of ROWS, written out by hand from the rules in pipeline/warehouse/dataset_hash.py's docstring.
CANONICAL_ROWS = [
    "3:a|b|1|0.10000000000000001|2[5:Seoul,6:서울]|20467|1768385100000000|1",
    "~|~|~|~|~|~|~",
    "2:é|-3|-0|0[]|-1|~|0",
]


def test_each_rows_canonical_text_is_the_one_written_out():
    expressions = ", ".join(canonical_sql(f'"{name}"', dtype) for name, dtype in ROWS.schema.items())
    with duckdb.connect() as con:
        con.register("t", ROWS)
        cells = con.execute(f"SELECT {expressions} FROM t").fetchall()
    assert ["|".join(row) for row in cells] == CANONICAL_ROWS


def test_a_tables_digest_is_its_canonical_rows_hashed_by_rfc_1321():
    # The rows' MD5s (`printf '%s' ROW | md5sum`) are 364caf0d7e8761ae bb4f00ea31a65044, 94709d660cf15eca
    # 30170f93cdf943c3 and eb206a6ba00b3475 62bac6a53a245adf; the digest sums their first and their last 8 bytes
    # as numbers (`bc`): a multiset hash, so row order is not data and a repeated row is.
    columns = (
        "doc_id:string,n:int32,score:float64,aliases:list<string>,day:date,at:timestamp[naive],flag:bool"
    )
    assert table_digest("t", ROWS) == f"t\t{columns}\t3\t31551575634051593453\t24076480154215640806\n"


def test_the_dataset_fingerprint_is_a_fixed_value():
    # If this moves, an upgrade of Polars or DuckDB would publish a duplicate snapshot of identical data. It is
    # the SHA-256 of the one table's digest line above (`printf 't\tdoc_id:string,...\n' | sha256sum`).
    assert dataset_sha256({"t": ROWS}) == "7ab3088880e63148d476e1ecda4a55f52665b1b2a98564aca72c626561054ada"


def test_row_order_batches_and_laziness_are_not_data():
    reference = table_digest("t", ROWS)
    assert table_digest("t", ROWS.reverse()) == reference
    assert table_digest("t", ROWS.lazy()) == reference
    assert table_digest("t", ROWS.cast({"at": pl.Datetime("ms")})) == reference  # the unit is not data


@pytest.mark.parametrize(
    "changed",
    [
        pl.concat([ROWS, ROWS.head(1)]),  # a repeated row is a change (a sum, not an xor, of row hashes)
        ROWS.with_columns(doc_id=pl.Series(["a", "b|", "é"])),  # a separator moved inside a string
        ROWS.with_columns(score=pl.Series([0.1, None, 0.0])),  # -0.0 and 0.0 are different floats
        ROWS.with_columns(aliases=pl.Series([["Seoul", "서울"], [], []])),  # an empty list is not a null
        ROWS.with_columns(doc_id=pl.Series(["a|b", "~", "é"])),  # the null marker as a string is not a null
        ROWS.rename({"flag": "flagged"}),
        ROWS.cast({"n": pl.Int64}),
    ],
)
def test_any_change_of_value_name_or_type_changes_the_digest(changed):
    assert table_digest("t", changed) != table_digest("t", ROWS)


def test_table_names_are_part_of_the_dataset():
    assert dataset_sha256({"a": ROWS}) != dataset_sha256({"b": ROWS})
    assert dataset_sha256({"a": ROWS, "b": ROWS.head(0)}) != dataset_sha256({"a": ROWS})


def test_a_column_with_no_canonical_text_is_an_error_not_a_weaker_fingerprint():
    with pytest.raises(UnhashableColumn, match="Object"):
        canonical_type(pl.Object())
    with pytest.raises(UnhashableColumn):
        table_digest("t", pl.DataFrame({"x": [b"\x00"]}))


def test_each_snapshot_records_the_libraries_that_shaped_it(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    manifest = pl.DataFrame({"source_path": ["a.txt"], "sha256": ["f" * 64], "size_bytes": [10]})
    publish({"documents": ROWS}, warehouse, manifest=manifest, manifest_sha256="m", code_version="c")
    recorded = json.loads(read_snapshots(warehouse)["library_versions"][0])
    assert recorded == library_versions()
    # ...and those are the versions the libraries report of themselves, found without library_versions
    import ftfy
    import trafilatura

    assert {
        name: recorded[name] for name in ("python", "unicode", "polars", "duckdb", "ftfy", "trafilatura")
    } == {
        "python": platform.python_version(),
        "unicode": unicodedata.unidata_version,
        "polars": pl.__version__,
        "duckdb": duckdb.__version__,
        "ftfy": ftfy.__version__,
        "trafilatura": trafilatura.__version__,
    }
    assert set(DATA_SHAPING_LIBRARIES.values()) <= set(recorded)
    assert json.loads(library_versions_json()) == recorded
