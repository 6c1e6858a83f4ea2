"""`newsetl sql` reads the warehouse and nothing else, and changes nothing (issue #24).

Every attack runs through the real CLI against a copy of the published sample warehouse; afterwards every file of
the copy, and the folder beside it an attack aims at, must be byte-identical.
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import publish_second_snapshot
from test_docs import _examples as readme_examples

from newsetl.cli import main
from newsetl.sandbox import QueryRefused, check_query, open_for_queries

REPO = Path(__file__).resolve().parents[1]
USAGE = 2


def _sql(warehouse: Path, query: str, *flags: str, capsys) -> tuple[int, str, str]:
    code = main(["sql", query, "--warehouse", str(warehouse), *flags])
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path: equal before and after means untouched."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def target(sample_warehouse: Path, tmp_path: Path) -> dict:
    """A copy of the published sample warehouse, a folder outside it with a private file, and both digests."""
    folder = tmp_path / "warehouse"
    shutil.copytree(sample_warehouse.parent, folder)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the warehouse\n", encoding="utf-8")
    return {
        "warehouse": folder / sample_warehouse.name,
        "folder": folder,
        "outside": outside,
        "parquet": next((folder / "snapshots").glob("snapshot_id=*/documents.parquet")),
        "raw_file": next(p for p in (folder / "raw_store").rglob("*") if p.is_file()),
    }


#: (id, SQL with {placeholders} from the `target` fixture, what the refusal must say)
ATTACKS = [
    ("copy_over_snapshot_parquet", "COPY (SELECT * FROM documents LIMIT 1) TO '{parquet}' (FORMAT parquet)",
     "refused: COPY is not a query"),
    ("copy_over_news_duckdb", "COPY (SELECT 1 AS a) TO '{warehouse}' (USE_TMP_FILE false)",
     "refused: COPY is not a query"),
    ("copy_to_another_folder", "COPY documents TO '{outside}/documents.csv'", "refused: COPY is not a query"),
    ("copy_from_a_file", "COPY documents FROM '{outside}/secret.txt'", "refused: COPY is not a query"),
    ("export_database", "EXPORT DATABASE '{outside}/export'", "refused: EXPORT is not a query"),
    ("select_then_copy", "SELECT 1; COPY (SELECT 1 AS a) TO '{parquet}'", "refused: 2 statements given (SELECT, COPY)"),
    ("explain_analyze_copy", "EXPLAIN ANALYZE COPY (SELECT 1 AS a) TO '{parquet}'",
     "refused: EXPLAIN of COPY is not a query"),
    ("read_text_etc_passwd", "SELECT * FROM read_text('/etc/passwd')", 'Cannot access file "/etc/passwd"'),
    ("read_csv_etc_passwd", "SELECT * FROM read_csv('/etc/passwd', sep = ':')", 'Cannot access file "/etc/passwd"'),
    ("read_json_etc_passwd", "SELECT * FROM read_json('/etc/passwd')", 'Cannot access file "/etc/passwd"'),
    ("read_parquet_etc_passwd", "SELECT * FROM read_parquet('/etc/passwd')", 'Cannot access file "/etc/passwd"'),
    ("read_blob_outside", "SELECT * FROM read_blob('{outside}/secret.txt')", "secret.txt"),
    ("read_text_raw_store", "SELECT * FROM read_text('{raw_file}')", "Cannot access file"),
    ("read_through_dot_dot", "SELECT * FROM read_text('{folder}/snapshots/../../elsewhere/secret.txt')",
     "Cannot access file"),
    ("read_over_http", "SELECT * FROM read_csv('https://example.com/data.csv')", "Cannot access file"),
    ("file_name_as_table", "SELECT * FROM '{outside}/secret.txt'", "secret.txt"),
    ("glob_etc", "SELECT * FROM glob('/etc/*')", 'Cannot access file "/etc/*"'),
    ("glob_outside", "SELECT * FROM glob('{outside}/*')", "Cannot access file"),
    ("attach_a_file", "ATTACH '{outside}/other.duckdb' AS other", "refused: ATTACH is not a query"),
    ("attach_memory", "ATTACH ':memory:' AS scratch", "refused: ATTACH is not a query"),
    ("install", "INSTALL httpfs", "refused: LOAD is not a query"),
    ("force_install", "FORCE INSTALL spatial", "refused: LOAD is not a query"),
    ("load", "LOAD httpfs", "refused: LOAD is not a query"),
    ("update_extensions", "UPDATE EXTENSIONS", "refused: a statement this DuckDB client has no name for"),
    ("set_external_access", "SET enable_external_access = true", "refused: SET is not a query"),
    ("set_allowed_directories", "SET allowed_directories = ['/']", "refused: SET is not a query"),
    ("reset_lock", "RESET lock_configuration", "refused: SET is not a query"),
    ("set_variable", "SET VARIABLE x = 1", "refused: SET is not a query"),
    ("pragma_profiling", "PRAGMA enable_profiling", "refused: PRAGMA is not a query"),
    ("pragma_output", "PRAGMA profiling_output = '{outside}/profile.txt'", "refused: SET is not a query"),
    ("call_enable_logging", "CALL enable_logging(storage = 'file', storage_path = '{outside}/logs')",
     "refused: CALL is not a query"),
    ("select_enable_logging", "SELECT * FROM enable_logging(storage = 'file', storage_path = '{outside}/logs')",
     "the configuration has been locked"),
    ("query_function_copy", "SELECT * FROM query('COPY (SELECT 1) TO ''{parquet}''')", "SELECT statement"),
    ("checkpoint", "CHECKPOINT", "refused: CALL is not a query"),
    ("delete", "DELETE FROM documents", "read-only"),
    ("drop", "DROP TABLE documents", "refused: DROP is not a query"),
    ("create_table", "CREATE TABLE t AS SELECT 1", "refused: CREATE is not a query"),
    ("create_secret", "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')", "refused: CREATE is not a query"),
    ("update", "UPDATE documents SET n_words = 0", "refused: UPDATE is not a query"),
    ("insert", "INSERT INTO documents SELECT * FROM documents", "refused: INSERT is not a query"),
    ("use_another_catalog", "USE system", "refused: SET is not a query"),
    ("empty", "  -- nothing\n", "refused: no SQL statement given"),
]  # fmt: skip


@pytest.mark.parametrize(("sql", "says"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_an_attack_is_refused_and_changes_nothing(target: dict, sql: str, says: str, capsys):
    query = sql.format(**{k: str(v) for k, v in target.items()})
    before = _files(target["folder"]), _files(target["outside"])
    code, out, err = _sql(target["warehouse"], query, capsys=capsys)
    assert code == USAGE, err
    assert out == ""  # nothing read is printed
    assert err.startswith("newsetl: ") and says in err, err
    assert (_files(target["folder"]), _files(target["outside"])) == before


def test_a_file_outside_the_warehouse_is_refused_by_name(target: dict, capsys):
    code, _, err = _sql(target["warehouse"], "SELECT * FROM read_text('/etc/passwd')", capsys=capsys)
    assert code == USAGE
    snapshots = str(target["folder"].resolve() / "snapshots") + "/"
    assert f"reads the warehouse's tables and the snapshot Parquet under {snapshots}, nothing else" in err


def test_plain_queries_still_work(sample_warehouse: Path, capsys):
    code, out, err = _sql(
        sample_warehouse, "SELECT language, count(*) AS n FROM documents GROUP BY 1", "--json", capsys=capsys
    )
    assert code == 0, err
    assert json.loads(out) == [{"language": "en", "n": 5}]
    # the current snapshot's own Parquet may be read directly too
    parquet = next(sample_warehouse.parent.glob("snapshots/snapshot_id=*/documents.parquet"))
    code, out, err = _sql(
        sample_warehouse, f"SELECT count(*) AS n FROM read_parquet('{parquet}')", "--json", capsys=capsys
    )
    assert code == 0 and json.loads(out) == [{"n": 5}], err


@pytest.mark.parametrize(
    "sql",
    [
        "DESCRIBE documents",
        "SHOW TABLES",
        "SUMMARIZE documents",
        "FROM documents SELECT doc_id",
        "WITH d AS (SELECT * FROM documents) SELECT count(*) FROM d",
        "PIVOT documents ON language USING count(*) GROUP BY outlet",
        "EXPLAIN SELECT count(*) FROM documents",
        "EXPLAIN ANALYZE SELECT count(*) FROM history.documents",
        "SELECT * FROM pragma_table_info('documents')",
        "-- a comment first\nSELECT 1 AS one;",
    ],
)
def test_read_only_statement_forms_run(sample_warehouse: Path, sql: str, capsys):
    code, out, err = _sql(sample_warehouse, sql, capsys=capsys)
    assert code == 0, err
    assert out.strip()


def test_readme_examples_print_the_same_through_the_sandbox(sample_warehouse: Path, capsys):
    examples = readme_examples("README.md")
    assert len(examples) >= 5
    for sql, shown in examples:
        code, out, err = _sql(sample_warehouse, sql, "--markdown", capsys=capsys)
        assert code == 0, err
        if shown is not None:
            assert out.strip() == shown, sql


@pytest.fixture(scope="module")
def two_snapshots(sample_warehouse: Path, tmp_path_factory) -> Path:
    """A copy of the sample warehouse with a second snapshot published into it (one document fewer)."""

    def drop_one_document(tables: dict) -> dict:
        documents = tables["documents"]
        tables["documents"] = documents.filter(documents["source_path"] != "004_ce80a095a2018a15.txt")
        return tables

    folder = tmp_path_factory.mktemp("two_snapshots") / "warehouse"
    return publish_second_snapshot(sample_warehouse, folder, drop_one_document)


def test_history_reads_every_snapshot(two_snapshots: Path, capsys):
    code, out, err = _sql(
        two_snapshots,
        "SELECT snapshot_id, count(*) AS n FROM history.documents GROUP BY 1 ORDER BY 1",
        "--json",
        capsys=capsys,
    )
    assert code == 0, err
    assert [row["n"] for row in json.loads(out)] == [5, 4]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "select 1;",
        "FROM documents",
        "VALUES (1), (2)",
        "(SELECT 1) UNION ALL (SELECT 2)",
        "UNPIVOT documents ON n_words, n_edits INTO NAME k VALUE v",
        "EXPLAIN ANALYZE SELECT 1",
        "/* why */ EXPLAIN -- how\n ANALYZE SELECT 1",
    ],
)
def test_check_query_lets_queries_through(sql: str):
    check_query(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1;; COPY (SELECT 1) TO 'x.csv'",
        "EXPLAIN (FORMAT json) SELECT 1",
        "EXPLAIN COPY (SELECT 1) TO 'x.csv'",
        "EXPLAIN ANALYZE /* c */ INSERT INTO t VALUES (1)",
        "VACUUM",
        "ANALYZE",
        "BEGIN",
        "DETACH news",
        "PREPARE p AS SELECT 1",
        "IMPORT DATABASE 'x'",
        "MERGE INTO documents USING documents d ON true WHEN MATCHED THEN DELETE",
        "COMMENT ON TABLE documents IS 'x'",
        "TRUNCATE documents",
    ],
)
def test_check_query_refuses_the_rest(sql: str):
    with pytest.raises(QueryRefused, match="read-only|not supported"):
        check_query(sql)


def test_a_syntax_error_is_reported_as_such(target: dict, capsys):
    code, out, err = _sql(target["warehouse"], "SELEC * FROM documents", capsys=capsys)
    assert code == USAGE and out == ""
    assert err.startswith("newsetl: query failed: Parser Error: syntax error"), err


def test_a_missing_warehouse_is_named(tmp_path: Path, capsys):
    code, _, err = _sql(tmp_path / "none" / "news.duckdb", "SELECT 1", capsys=capsys)
    assert code == USAGE and "no warehouse at" in err and "none" in err


def test_a_damaged_or_missing_warehouse_is_named_as_for_every_read_command(target: dict, capsys):
    path = target["warehouse"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    code, out, err = _sql(path, "SELECT count(*) FROM documents", capsys=capsys)
    assert (code, out) == (USAGE, "")
    assert f"{path} is damaged" in err and "newsetl rebuild" in err
    path.unlink()
    code, out, err = _sql(path, "SELECT count(*) FROM documents", capsys=capsys)
    assert code == USAGE and "snapshots are on disk: run `newsetl rebuild`" in err


def test_the_engine_settings_alone_do_not_protect_the_file(target: dict):
    """Why `check_query` exists: DuckDB lets the sandboxed read-only connection COPY over the open warehouse."""
    path = target["warehouse"]
    before = path.read_bytes()
    with open_for_queries(path) as con:
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"COPY (SELECT 1 AS a) TO '{target['outside']}/x.csv'").fetchall()
        con.execute(f"COPY (SELECT 1 AS a) TO '{path}' (USE_TMP_FILE false)").fetchall()
    assert path.read_bytes() != before  # if DuckDB ever refuses this, docs/warehouse.md can say so


def _doc_section() -> str:
    text = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    return re.split(r"\n#{1,3} ", text.split("\n## Opening the warehouse safely\n", 1)[1], maxsplit=1)[0]


def test_the_documented_python_snippet_opens_the_warehouse_safely(sample_warehouse: Path, monkeypatch):
    snippet = re.search(r"```python\n(.*?)```", _doc_section(), re.S)[1]
    monkeypatch.chdir(
        sample_warehouse.parent.parent
    )  # the snippet's paths are relative: warehouse/news.duckdb
    scope: dict = {}
    exec(compile(snippet, "docs/warehouse.md", "exec"), scope)
    con = scope["con"]
    try:
        assert scope["per_snapshot"]["n"].to_list() == [5]
        with pytest.raises(duckdb.PermissionException):
            con.sql("SELECT * FROM read_text('/etc/passwd')").fetchall()
        with pytest.raises(duckdb.InvalidInputException, match="locked"):
            con.execute("SET enable_external_access = true")
    finally:
        con.close()


def test_the_documented_cli_settings_apply_in_that_order(sample_warehouse: Path):
    """The SQL the documented `duckdb -cmd` lines run, run here in the same order on this DuckDB version
    (`.safe_mode` is a CLI dot command: its documented effect is switching external access off and locking)."""
    bash = re.search(r"```bash\n(.*?)```", _doc_section(), re.S)[1]
    commands = re.findall(r'-cmd "([^"]*)"', bash)
    assert commands[-1] == ".safe_mode"
    cwd = str(sample_warehouse.parent.parent)
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        for command in commands[:-1]:
            con.execute(command.replace("$PWD", cwd))
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        assert con.sql("SELECT count(*) FROM history.documents").fetchall() == [(5,)]
        with pytest.raises(duckdb.PermissionException):
            con.sql("SELECT * FROM read_text('/etc/passwd')").fetchall()
