"""Ad hoc queries on the warehouse that can read nothing but the warehouse and write nothing at all.

Two locks, because neither holds alone:

- ``check_query`` lets through one query and nothing else, read by DuckDB's own parser. DuckDB lets a read-only
  connection write any file it may read (``COPY … TO 'news.duckdb' (USE_TMP_FILE false)`` overwrites the open
  warehouse, and the history views need the snapshot folder readable), so only refusing every statement that is
  not a query keeps the warehouse and its history unchanged.
- ``open_for_queries`` opens the warehouse read-only with external access off, except the snapshot Parquet the
  ``history.*`` views read, no extension installed or loaded, and the configuration locked, so a query cannot
  read another file (``read_text('/etc/passwd')``), attach a database or turn any of this back on.
"""

from pathlib import Path

import duckdb

from pipeline.warehouse.store import SNAPSHOTS_DIR, warehouse_root

#: Statements that only read. DESCRIBE, SHOW, SUMMARIZE, UNPIVOT, VALUES and FROM-first queries parse as SELECT;
#: a PIVOT whose columns come from the data parses as MULTI (DuckDB's own steps for it) and is checked by keyword.
QUERY_TYPES = frozenset({"SELECT"})
WHAT_RUNS = "one query: SELECT (or WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, PIVOT, EXPLAIN of a query)"
#: Known before the database starts: any other client opening the file with these settings shares the instance.
CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class QueryRefused(ValueError):
    """The SQL is not a single read-only query; the message says what was refused and why."""


def check_query(sql: str) -> None:
    """Refuse ``sql`` unless it is exactly one read-only query (SELECT-like, or EXPLAIN [ANALYZE] of one)."""
    statements = _statements(sql)
    if not statements:
        raise QueryRefused(f"no SQL statement given; `newsetl sql` is read-only and runs {WHAT_RUNS}")
    if len(statements) > 1:
        kinds = ", ".join(kind for kind, _ in statements)
        raise QueryRefused(
            f"{len(statements)} statements given ({kinds}); `newsetl sql` is read-only and runs {WHAT_RUNS}"
        )
    kind = statements[0][0]
    if kind == "EXPLAIN":
        _check_explained(sql)
    elif not _is_query(kind, sql):
        raise QueryRefused(_not_a_query(kind))


def open_for_queries(warehouse_path: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse opened read-only, able to read its own tables and snapshot Parquet and nothing else."""
    snapshots = snapshots_dir(warehouse_path)
    con = duckdb.connect(str(warehouse_path), read_only=True, config=CONNECT_CONFIG)
    try:
        # Another sandboxed connection to this file in this process shares the (locked) instance: keep it.
        if not _setting(con, "lock_configuration"):
            # allowed_directories can be set only while external access is still on, so in this order.
            con.execute(f"SET allowed_directories = [{_sql_string(snapshots)}]")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        _check_sandboxed(con, snapshots)
    except BaseException:
        con.close()
        raise
    return con


def snapshots_dir(warehouse_path: Path) -> str:
    """The folder of snapshot Parquet the history views read, as DuckDB compares it (absolute, ending in /)."""
    return str(warehouse_root(warehouse_path) / SNAPSHOTS_DIR) + "/"


def _statements(sql: str) -> list[tuple[str, str]]:
    """(type name, text) of each statement, as DuckDB's parser splits ``sql``."""
    try:
        return [(statement.type.name, statement.query) for statement in duckdb.extract_statements(sql)]
    except ValueError as error:  # a statement type this client has no name for, e.g. UPDATE EXTENSIONS
        raise QueryRefused(
            f"a statement this DuckDB client has no name for ({error}); `newsetl sql` is read-only and runs {WHAT_RUNS}"
        ) from None


def _is_query(kind: str, sql: str) -> bool:
    return kind in QUERY_TYPES or (kind == "MULTI" and _keywords(sql)[:1] == ["pivot"])


def _check_explained(sql: str) -> None:
    """EXPLAIN ANALYZE runs what it explains (even a COPY): refuse unless that is a query."""
    words = _words(sql)
    rest = words[1:]
    if rest and rest[0][1] == "analyze":
        rest = rest[1:]
    if not rest or rest[0][1] == "(":
        raise QueryRefused(
            f"EXPLAIN options are not supported; `newsetl sql` is read-only and runs {WHAT_RUNS}"
        )
    explained = sql[rest[0][0] :]
    statements = _statements(explained)
    if len(statements) != 1 or not _is_query(statements[0][0], explained):
        kind = statements[0][0] if len(statements) == 1 else f"{len(statements)} statements"
        raise QueryRefused(f"EXPLAIN of {_not_a_query(kind)}")


def _words(sql: str) -> list[tuple[int, str]]:
    """(offset, lower-cased text) of every token but comments, as DuckDB's tokenizer splits ``sql``."""
    tokens = duckdb.tokenize(sql)
    ends = [offset for offset, _ in tokens[1:]] + [len(sql)]
    return [
        (offset, sql[offset:end].strip().lower())
        for (offset, kind), end in zip(tokens, ends, strict=True)
        if kind != duckdb.token_type.comment
    ]


def _keywords(sql: str) -> list[str]:
    return [text for _, text in _words(sql)]


def _not_a_query(kind: str) -> str:
    hint = ""
    if kind in {"CALL", "PRAGMA"}:
        hint = " (a table function reads the same as a query: SELECT * FROM pragma_table_info('documents'))"
    return f"{kind} is not a query{hint}; `newsetl sql` is read-only and runs {WHAT_RUNS}"


def _setting(con: duckdb.DuckDBPyConnection, name: str):
    return con.sql("SELECT current_setting($name)", params={"name": name}).fetchall()[0][0]


def _check_sandboxed(con: duckdb.DuckDBPyConnection, snapshots: str) -> None:
    """Fail rather than hand out a connection whose instance another client configured differently."""
    wanted = {"enable_external_access": False, "lock_configuration": True, **CONNECT_CONFIG}
    wrong = {name: value for name, value in wanted.items() if _setting(con, name) != value}
    if wrong or snapshots not in _setting(con, "allowed_directories"):
        raise RuntimeError(f"the warehouse connection is not sandboxed as expected (settings {wrong})")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
